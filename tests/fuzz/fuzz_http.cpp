// fuzz_http: the bytes a client sends on an HTTP/1.1 connection, through Beast's request parser
// with the server's limits and checks (as net/http_session reads them: 16 KiB of header, 64 KiB
// of body, the larger upload limit only for /api/upload/...), then into the application as
// net/http_session hands requests over: application::on_http (routing, /api/<op> with its CSRF
// checks and JSON bodies, uploads, /api/documents/<id>, .ics routes and feeds, /healthz,
// /readyz, /metrics, static files and the client-side fallback) or, for an upgrade,
// application::on_upgrade (path, Origin, session, the per-user cap) and on an accepted one
// on_open/on_close. Up to 8 pipelined requests per input, as on one keep-alive connection.
//
// To reach signed-in paths without guessing a 256-bit token, the text @member@ or @admin@ in a
// header value (Cookie: arena_session=@member@, Authorization: Bearer @admin@) is replaced with
// a live session token of Anne or Ada of the fuzz site (fuzz_site.hpp).
//
// It proves, for every request the parser accepts:
//   - exactly one answer comes, with a status of 200..599 (101 only for an accepted upgrade);
//   - no header name or value in the answer holds CR, LF or NUL (no response splitting from
//     file names, targets or other input echoed into headers), and names are not empty;
//   - a JSON answer (Content-Type application/json) parses, and is {"ok": true, ...} with a 2xx
//     status or {"ok": false, "error": {"code", "message"}} with a documented code otherwise;
//   - and, through ASan/UBSan, no memory error, undefined behaviour or leak on the way.
#include "fuzz_site.hpp"

#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <cstddef>
#include <cstdint>
#include <future>

using namespace arena;
using arena::fuzz::fail;
using arena::fuzz::json;
namespace http = boost::beast::http;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::site::get();
  return 0;
}

namespace {

net::limits const lim;

void check_response(net::response_out const& r) {
  if (r.status < 200 || r.status > 599) fail("HTTP status out of range: " + std::to_string(r.status));
  std::string content_type;
  for (auto const& [k, v] : r.headers) {
    if (k.empty()) fail("empty header name");
    for (std::string const* s : {&k, &v})
      if (s->find_first_of(std::string("\r\n\0", 3)) != std::string::npos) fail("CR, LF or NUL in a response header: " + k + ": " + v);
    if (k == "Content-Type") content_type = v;
  }
  if (content_type != "application/json") return;
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j["ok"].is_boolean()) fail("JSON answer that is not {\"ok\": ...}: " + r.body.substr(0, 300));
  if (j["ok"].get<bool>() != (r.status >= 200 && r.status < 300))
    fail("ok " + j["ok"].dump() + " with status " + std::to_string(r.status));
  if (!j["ok"].get<bool>()) {
    auto const& e = j["error"];
    if (!e.is_object() || !e["code"].is_string() || !e["message"].is_string() || !fuzz::known_error_code(e["code"].get<std::string>()))
      fail("error answer without a documented error: " + r.body.substr(0, 300));
  }
}

// Replaces the placeholders with live tokens, renewing a session that an input ended (logout).
std::string with_tokens(std::string v, fuzz::site& s, store::connection& rd) {
  for (auto [name, token] : {std::pair{"@member@", &s.member_token}, std::pair{"@admin@", &s.admin_token}}) {
    auto at = v.find(name);
    if (at == std::string::npos) continue;
    if (!auth::authenticate(rd, *token, auth::session_policy{})) {
      auto uid = token == &s.member_token ? s.member.user_id : s.admin.user_id;
      auto t = store::write_sync(s.db().write(), [&](store::connection& w) -> result<auth::issued_token> {
        return auth::create_session(w, uid, auth::session_policy{});
      });
      if (t) *token = t->token;
    }
    for (; at != std::string::npos; at = v.find(name, at + token->size())) v.replace(at, std::string_view(name).size(), *token);
  }
  return v;
}

// Parses one request from the front of `in` the way net/http_session reads it. Returns false
// when no complete request is there (the connection would wait or be closed).
bool parse_one(std::string_view& in, http::request<http::string_body>& out, unsigned& early_status) {
  http::request_parser<http::string_body> p;
  p.header_limit(static_cast<std::uint32_t>(lim.http_header_bytes));
  p.body_limit(std::max(lim.http_body_bytes, lim.http_upload_bytes));
  boost::beast::error_code ec;
  early_status = 0;
  auto feed = [&] {
    auto n = p.put(boost::asio::buffer(in.data(), in.size()), ec);
    in.remove_prefix(n);
    return n;
  };
  while (!p.is_header_done()) {
    if (in.empty()) return false;  // an incomplete header: the connection would wait
    auto n = feed();
    if ((!ec || ec == http::error::need_more) && n == 0) return false;
    if (ec == http::error::header_limit) return (early_status = 431, false);
    if (ec == http::error::body_limit) return (early_status = 413, false);
    if (ec && ec != http::error::need_more) return (early_status = 400, false);
  }
  if (!p.get().target().starts_with("/api/upload/")) {
    if (auto len = p.content_length(); len && *len > lim.http_body_bytes) return (early_status = 413, false);
    p.body_limit(lim.http_body_bytes);
  }
  p.eager(true);
  while (!p.is_done()) {
    if (in.empty()) return false;  // an incomplete body: the connection would wait
    auto n = feed();
    if ((!ec || ec == http::error::need_more) && n == 0) return false;
    if (ec == http::error::body_limit) return (early_status = 413, false);
    if (ec && ec != http::error::need_more) return (early_status = 400, false);
  }
  out = p.release();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto& s = fuzz::site::get();
  static store::connection rd(s.db().file().string(), store::connection::mode::read_only);
  static std::uint64_t next_request = 1;
  std::string_view in(reinterpret_cast<char const*>(data), size);
  for (int n = 0; n < 8 && !in.empty(); ++n) {
    http::request<http::string_body> req;
    unsigned early = 0;
    if (!parse_one(in, req, early)) return 0;  // 400/413/431 are answered by net/ and end the connection

    net::request_info info;
    info.method = std::string(req.method_string());
    info.target = std::string(req.target());
    for (auto const& f : req) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      info.headers.emplace_back(std::move(name), with_tokens(std::string(f.value()), s, rd));
    }
    info.remote_addr = "127.0.0.1";
    info.request_id = next_request++;

    if (boost::beast::websocket::is_upgrade(req)) {
      // Shared with the callback, which may run on a pool thread (and, wrongly, twice).
      struct decision {
        std::promise<std::pair<unsigned, std::shared_ptr<void>>> p;
        std::atomic<int> calls{0};
      };
      auto d = std::make_shared<decision>();
      auto fut = d->p.get_future();
      s.app().on_upgrade(info, [d](unsigned status, std::shared_ptr<void> ctx) {
        if (d->calls.fetch_add(1) == 0) d->p.set_value({status, std::move(ctx)});
      });
      if (fut.wait_for(fuzz::wait_limit) != std::future_status::ready) fail("no upgrade decision within 60 s");
      auto [status, ctx] = fut.get();
      if (d->calls.load() != 1) fail("the upgrade was decided more than once");
      if (status == 101) {
        if (!ctx) fail("an accepted upgrade without a principal");
        auto peer = std::make_shared<fuzz::fake_peer>(1'000'000'000 + info.request_id);
        peer->context = std::move(ctx);
        s.app().on_open(peer);
        peer->wait_for(0, [](std::string const& f) { return f.find("\"hello\"") != std::string::npos; }, "hello frame");
        s.app().on_close(peer);
        return 0;  // the connection is a WebSocket now
      }
      if (status < 400 || status > 599) fail("upgrade refused with status " + std::to_string(status));
      return 0;  // a refused upgrade closes the connection
    }

    info.body = std::move(req.body());
    struct answer {
      std::promise<net::response_out> p;
      std::atomic<int> calls{0};
    };
    auto a = std::make_shared<answer>();
    auto fut = a->p.get_future();
    s.app().on_http(std::move(info), [a](net::response_out r) {
      if (a->calls.fetch_add(1) == 0) a->p.set_value(std::move(r));
    });
    if (fut.wait_for(fuzz::wait_limit) != std::future_status::ready) fail("no HTTP answer within 60 s");
    auto res = fut.get();
    if (a->calls.load() != 1) fail("an HTTP request was answered more than once");
    check_response(res);
    if (!req.keep_alive() || res.status >= 500) return 0;
  }
  return 0;
}
