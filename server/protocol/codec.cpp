#include "protocol/codec.hpp"

namespace arena::protocol {

namespace {

// A DOM-building SAX handler that refuses to go deeper than max_depth.
class bounded_sax : public nlohmann::detail::json_sax_dom_parser<json> {
  using base = nlohmann::detail::json_sax_dom_parser<json>;

 public:
  explicit bounded_sax(json& root) : base(root, false) {}
  bool too_deep = false;
  bool start_object(std::size_t n) {
    if (++depth_ > max_depth) return (too_deep = true, false);
    return base::start_object(n);
  }
  bool start_array(std::size_t n) {
    if (++depth_ > max_depth) return (too_deep = true, false);
    return base::start_array(n);
  }
  bool end_object() { --depth_; return base::end_object(); }
  bool end_array() { --depth_; return base::end_array(); }
  bool parse_error(std::size_t, std::string const&, nlohmann::detail::exception const&) { return false; }

 private:
  int depth_ = 0;
};

}  // namespace

result<json> parse_object(std::string_view text) {
  json root;
  bounded_sax sax(root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true, false);
  } catch (std::exception const&) {
    ok = false;
  }
  if (sax.too_deep) return make_error(errc::too_deep, "JSON nested deeper than 64 levels");
  if (!ok || sax.is_errored()) return make_error(errc::invalid_json, "not valid JSON");
  if (!root.is_object()) return make_error(errc::invalid_json, "expected a JSON object");
  return result<json>(boost::system::in_place_value, std::move(root));
}

std::string encode(json const& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::shared_ptr<const std::string> encode_shared(json const& j) { return std::make_shared<const std::string>(encode(j)); }

json error_object(error const& e) {
  json err = {{"code", std::string(to_string(e.code))}, {"message", e.message}};
  if (e.code == errc::rate_limited) err["retry_after"] = e.retry_after_s;
  if (!e.reason.empty()) err["reason"] = e.reason;
  return err;
}

json make_answer(json const& rid, json fields) {
  json out = fields.is_object() ? std::move(fields) : json::object();
  out["re"] = rid;
  out["ok"] = true;
  return out;
}

json make_error_answer(json const& rid, error const& e) {
  return json{{"re", rid}, {"ok", false}, {"error", error_object(e)}};
}

json error_body(error const& e) { return json{{"ok", false}, {"error", error_object(e)}}; }

unsigned http_status(errc c) {
  switch (c) {
    case errc::bad_request:
    case errc::invalid_json:
    case errc::too_deep: return 400;
    case errc::unknown_op: return 404;
    case errc::unauthorized: return 401;
    case errc::forbidden: return 403;
    case errc::not_found: return 404;
    case errc::conflict: return 409;
    case errc::gone: return 410;
    case errc::rate_limited: return 429;
    case errc::too_large: return 413;
    case errc::unavailable: return 503;
    case errc::internal: return 500;
  }
  return 500;
}

}  // namespace arena::protocol
