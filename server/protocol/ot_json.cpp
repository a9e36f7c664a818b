#include "protocol/ot_json.hpp"

namespace arena::protocol {

namespace {

using drafts::ot::component;

result<std::uint64_t> count_from_json(nlohmann::json const& j, char const* what) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) return make_error(errc::bad_request, std::string("op: ") + what + " must not be negative");
  return make_error(errc::bad_request, std::string("op: ") + what + " must be a whole number");
}

}  // namespace

result<drafts::ot::op> op_from_json(nlohmann::json const& j) {
  if (!j.is_array()) return make_error(errc::bad_request, "op: an array of components");
  drafts::ot::op o;
  o.reserve(j.size());
  for (auto const& c : j) {
    if (c.is_string()) {
      o.push_back(component::insert(c.get<std::string>()));
    } else if (c.is_number()) {
      auto n = count_from_json(c, "a skip");
      if (!n) return n.error();
      o.push_back(component::skip(*n));
    } else if (c.is_object() && c.size() == 1 && c.contains("d")) {
      auto const& d = c["d"];
      if (d.is_string()) {
        o.push_back(component::del_text(d.get<std::string>()));
      } else {
        auto n = count_from_json(d, "a delete count");
        if (!n) return n.error();
        o.push_back(component::del(*n));
      }
    } else {
      return make_error(errc::bad_request, "op: a component is a number, a string or {\"d\": number or string}");
    }
  }
  return o;
}

nlohmann::json op_to_json(drafts::ot::op const& o) {
  auto out = nlohmann::json::array();
  for (auto const& c : o) {
    switch (c.kind) {
      case drafts::ot::component_kind::skip: out.push_back(c.length); break;
      case drafts::ot::component_kind::insert: out.push_back(c.text); break;
      case drafts::ot::component_kind::del:
        if (c.has_deleted_text()) out.push_back(nlohmann::json{{"d", c.text}});
        else out.push_back(nlohmann::json{{"d", c.length}});
        break;
    }
  }
  return out;
}

result<drafts::ot::side> side_from_json(nlohmann::json const& j) {
  if (j == "left") return drafts::ot::side::left;
  if (j == "right") return drafts::ot::side::right;
  return make_error(errc::bad_request, "side must be \"left\" or \"right\"");
}

}  // namespace arena::protocol
