// Every kind of bad input from docs/PROTOCOL.md, over WebSocket and HTTP: each gets its typed
// error (or its close code), nothing is written, and the connection (or server) stays usable.
#include "integration/site.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;

namespace {

std::string nested_arrays(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

// {"op":"server.info","rid":1,"x":<arrays>}: the object is level 1, so `arrays` deep is 1 + arrays.
std::string request_with_depth(int total_depth, int rid) {
  return R"({"op":"server.info","rid":)" + std::to_string(rid) + R"(,"x":)" + nested_arrays(total_depth - 1) + "}";
}

// A request padded with spaces to exactly `bytes` bytes.
std::string padded_request(std::size_t bytes, int rid) {
  std::string head = R"({"op":"server.info","rid":)" + std::to_string(rid) + R"(,"pad":")";
  std::string tail = "\"}";
  REQUIRE(bytes > head.size() + tail.size());
  return head + std::string(bytes - head.size() - tail.size(), 'p') + tail;
}

void check_error(json const& answer, std::string const& code, json const& rid = nullptr) {
  INFO("answer: ", answer.dump());
  CHECK(answer["ok"] == false);
  CHECK(answer["error"]["code"] == code);
  CHECK(answer["error"]["message"].is_string());
  CHECK(answer["re"] == rid);
}

// The next frame must be an error answer with re == null (the frame could not be read).
void check_unreadable(ws_client& ws, std::string const& frame, std::string const& code) {
  INFO("frame: ", frame.substr(0, 80));
  REQUIRE(ws.send_text(frame));
  check_error(ws.wait_answer(nullptr), code);
}

}  // namespace

TEST_CASE("bad WebSocket frames get typed errors and the connection stays usable") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const users_before = site.admin.post("user.list").body_json["users"];
  auto ws = site.socket_for(site.admin);

  SUBCASE("malformed JSON") {
    check_unreadable(*ws, R"({"op": "server.info", )", "invalid_json");
    check_unreadable(*ws, R"({"op": 'server.info'})", "invalid_json");
    check_unreadable(*ws, "", "invalid_json");
    check_unreadable(*ws, R"({"op":"server.info"} trailing)", "invalid_json");
  }
  SUBCASE("JSON that is not an object") {
    check_unreadable(*ws, "[1,2,3]", "invalid_json");
    check_unreadable(*ws, R"("server.info")", "invalid_json");
    check_unreadable(*ws, "42", "invalid_json");
    check_unreadable(*ws, "null", "invalid_json");
  }
  SUBCASE("nesting: 64 levels pass, 65 and 10000 are too_deep") {
    REQUIRE(ws->send_text(request_with_depth(64, 64)));
    CHECK(ws->wait_answer(64)["ok"] == true);
    check_unreadable(*ws, request_with_depth(65, 65), "too_deep");
    check_unreadable(*ws, request_with_depth(10000, 10000), "too_deep");
    check_unreadable(*ws, std::string(10000, '['), "too_deep");  // never closed
    check_unreadable(*ws, std::string(20000, '{'), "invalid_json");  // '{' needs a key: fails at level 2
    std::string objects;
    for (int i = 0; i < 10000; ++i) objects += R"({"a":)";
    check_unreadable(*ws, objects, "too_deep");
  }
  SUBCASE("a bad op or rid") {
    REQUIRE(ws->send_text(R"({"op":"no.such_op","rid":5})"));
    check_error(ws->wait_answer(5), "unknown_op", 5);
    REQUIRE(ws->send_text(R"({"rid":6})"));
    check_error(ws->wait_answer(6), "bad_request", 6);
    REQUIRE(ws->send_text(R"({"op":42,"rid":7})"));
    check_error(ws->wait_answer(7), "bad_request", 7);
    REQUIRE(ws->send_text(R"({"op":"server.info","rid":{"a":1}})"));
    check_error(ws->wait_answer(nullptr), "bad_request");
    REQUIRE(ws->send_text(R"({"op":"server.info","rid":[1]})"));
    check_error(ws->wait_answer(nullptr), "bad_request");
  }
  SUBCASE("wrong types and missing fields name the field") {
    auto field_error = [&](std::string const& op, json const& fields, std::string const& field) {
      auto a = ws->request(op, fields);
      INFO(op, " ", fields.dump(), " -> ", a.dump());
      CHECK(a["ok"] == false);
      CHECK(a["error"]["code"] == "bad_request");
      CHECK(a["error"]["message"].get<std::string>().find(field) != std::string::npos);
    };
    field_error("team.get", {{"team_id", "1"}}, "team_id");
    field_error("team.get", json::object(), "team_id");
    field_error("team.get", {{"team_id", 1.5}}, "team_id");
    field_error("team.get", {{"team_id", -1}}, "team_id");
    field_error("team.get", {{"team_id", 0}}, "team_id");
    field_error("team.get", {{"team_id", 18446744073709551615ull}}, "team_id");
    field_error("team.get", {{"team_id", true}}, "team_id");
    field_error("team.members", {{"team_id", "x"}}, "team_id");
    field_error("team.members", json::object(), "team_id");
    field_error("team.members", {{"team_id", -1}}, "team_id");
    field_error("team.members", {{"team_id", 18446744073709551615ull}}, "team_id");
    field_error("user.create", {{"email", 5}, {"display_name", "X"}, {"password", default_password}}, "email");
    field_error("user.create", {{"display_name", "X"}, {"password", default_password}}, "email");
    field_error("user.create", {{"email", "a@b.no"}, {"display_name", "X"}, {"password", default_password}, {"is_admin", "yes"}},
                "is_admin");
    field_error("org.create", json::object(), "name");
    field_error("org.create", {{"name", std::string(401, 'x')}, {"orgnr", "974760673"}}, "name");
    field_error("team.create", {{"name", "N"}, {"slug", 3}}, "slug");
    field_error("invite.create", {{"team_id", 1}, {"role", "king"}}, "role");
    field_error("invite.create", {{"team_id", 1}, {"role", "member"}, {"valid_hours", 0}}, "valid_hours");
    field_error("invite.create", {{"team_id", 1}, {"role", "member"}, {"valid_hours", 721}}, "valid_hours");
    field_error("token.revoke", {{"id", "4"}}, "id");
    field_error("profile.update", {{"display_name", 7}}, "display_name");
  }
  SUBCASE("HTTP-only operations are refused over WebSocket") {
    auto login = ws->request("auth.login", {{"email", admin_email}, {"password", admin_password}});
    CHECK(login["ok"] == false);
    CHECK(login["error"]["code"] == "bad_request");
    CHECK(ws->request("setup.complete", setup_body("x"))["error"]["code"] == "bad_request");
    CHECK(ws->request("invite.accept", {{"token", "x"}})["error"]["code"] == "bad_request");
  }
  SUBCASE("a message of exactly 64 KiB is accepted") {
    REQUIRE(ws->send_text(padded_request(64 * 1024, 99)));
    CHECK(ws->wait_answer(99)["ok"] == true);
  }

  // Whatever came before, the socket still answers, and nothing was written.
  auto after = ws->request("server.info");
  CHECK(after["ok"] == true);
  CHECK_FALSE(ws->closed());
  CHECK(site.admin.post("user.list").body_json["users"] == users_before);
  CHECK(site.admin.post("team.list").body_json["teams"].size() == 4);
}

TEST_CASE("fatal WebSocket input closes with the documented code; the server carries on") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);

  SUBCASE("a text frame that is not UTF-8: 1007") {
    auto ws = site.socket_for(site.admin);
    ws->send_text("\xC3\x28");  // a two-byte lead followed by a non-continuation byte
    CHECK(ws->wait_close() == 1007);
  }
  SUBCASE("UTF-8 broken inside a JSON string: 1007") {
    auto ws = site.socket_for(site.admin);
    ws->send_text(std::string(R"({"op":"server.info","rid":1,"x":")") + "\xED\xA0\x80" + "\"}");  // a UTF-16 surrogate
    CHECK(ws->wait_close() == 1007);
  }
  SUBCASE("a message over 64 KiB: 1009") {
    auto ws = site.socket_for(site.admin);
    ws->send_text(padded_request(64 * 1024 + 1, 1));
    CHECK(ws->wait_close() == 1009);
  }
  SUBCASE("a binary frame closes the connection (text frames only)") {
    auto ws = site.socket_for(site.admin);
    ws->send_binary(R"({"op":"server.info","rid":1})");
    // Not in the protocol's close-code table; the server uses 1003 (unsupported data).
    CHECK(ws->wait_close() == 1003);
  }

  // The server is alive and a new socket works.
  auto again = site.socket_for(site.admin);
  CHECK(again->request("server.info")["ok"] == true);
  CHECK(site.srv.running());
}

TEST_CASE("bad HTTP API requests get typed errors") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto& a = site.admin;
  auto const users_before = a.post("user.list").body_json["users"];
  auto raw_post = [&](std::string const& op, std::string const& body) {
    return a.request("POST", "/api/" + op, body, {{"Content-Type", "application/json"}});
  };

  auto r = raw_post("server.info", R"({"a": )");
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_json");
  CHECK(r.body_json["ok"] == false);
  CHECK(raw_post("server.info", "[1]").error_code() == "invalid_json");
  CHECK(raw_post("server.info", "\"x\"").error_code() == "invalid_json");
  CHECK(raw_post("server.info", "nul").error_code() == "invalid_json");

  auto deep = raw_post("server.info", "{\"x\":" + nested_arrays(64) + "}");
  CHECK(deep.status == 400);
  CHECK(deep.error_code() == "too_deep");
  CHECK(raw_post("server.info", "{\"x\":" + nested_arrays(63) + "}").status == 200);
  auto very_deep = raw_post("server.info", nested_arrays(10000));
  CHECK(very_deep.status == 400);
  CHECK(very_deep.error_code() == "too_deep");

  auto unknown = a.post("nope");
  CHECK(unknown.status == 404);
  CHECK(unknown.error_code() == "unknown_op");

  auto wrong_type = a.post("team.get", {{"team_id", "1"}});
  CHECK(wrong_type.status == 400);
  CHECK(wrong_type.error_code() == "bad_request");
  auto missing = a.post("user.create", {{"email", "x@example.no"}});
  CHECK(missing.status == 400);
  CHECK(missing.error_code() == "bad_request");

  // Invalid UTF-8 in a JSON body is invalid JSON (RFC 8259 requires UTF-8).
  auto bad_utf8 = raw_post("user.create", std::string(R"({"email":"u@example.no","display_name":")") + "\xC3\x28" +
                                              R"(","password":"et langt passord 123"})");
  CHECK(bad_utf8.status == 400);
  CHECK(bad_utf8.error_code() == "invalid_json");

  // A body of exactly 64 KiB passes; one byte more is 413.
  std::string pad = R"({"pad":")";
  std::string exact = pad + std::string(64 * 1024 - pad.size() - 2, 'p') + "\"}";
  REQUIRE(exact.size() == 64 * 1024);
  CHECK(raw_post("server.info", exact).status == 200);
  std::string over = exact;
  over.insert(pad.size(), "p");
  auto too_big = raw_post("server.info", over);
  CHECK(too_big.status == 413);

  CHECK(a.post("user.list").body_json["users"] == users_before);
}

TEST_CASE("HTTP limits: headers over 16 KiB get 431, bodies over 64 KiB get 413, garbage gets 400") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const host = site.srv.host();

  std::string big_header = "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nX-Filler: " + std::string(17 * 1024, 'h') + "\r\n\r\n";
  auto r431 = site.admin.raw(big_header);
  CHECK(r431.status == 431);

  std::string many_headers = "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n";
  for (int i = 0; i < 200; ++i) many_headers += "X-H" + std::to_string(i) + ": " + std::string(100, 'v') + "\r\n";
  many_headers += "\r\n";
  CHECK(site.admin.raw(many_headers).status == 431);

  std::string small_header = "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nX-Filler: " + std::string(8 * 1024, 'h') + "\r\n\r\n";
  CHECK(site.admin.raw(small_header).status == 200);

  std::string body(64 * 1024 + 1, ' ');
  std::string big_body = "POST /api/server.info HTTP/1.1\r\nHost: " + host +
                         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  CHECK(site.admin.raw(big_body).status == 413);

  std::string chunked = "POST /api/server.info HTTP/1.1\r\nHost: " + host +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 17; ++i) chunked += "1000\r\n" + std::string(4096, ' ') + "\r\n";
  chunked += "0\r\n\r\n";
  CHECK(site.admin.raw(chunked).status == 413);

  CHECK(site.admin.raw("THIS IS NOT HTTP\r\n\r\n").status == 400);

  // The server carries on.
  CHECK(site.admin.get("/healthz").status == 200);
  CHECK(site.admin.post("auth.me").status == 200);
}

TEST_CASE("cross-site API requests are refused before the operation runs (CSRF)") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto& a = site.admin;
  auto const users_before = a.post("user.list").body_json["users"];
  json const new_user = {{"email", "csrf@example.no"}, {"display_name", "CSRF"}, {"password", default_password}};

  auto evil = a.post("user.create", new_user, {{"Origin", "http://evil.example"}});
  CHECK(evil.status == 403);
  CHECK(evil.error_code() == "forbidden");
  auto cross = a.post("user.create", new_user, {{"Sec-Fetch-Site", "cross-site"}});
  CHECK(cross.status == 403);
  CHECK(cross.error_code() == "forbidden");
  auto cross_own_origin = a.post("user.create", new_user, {{"Sec-Fetch-Site", "cross-site"}, {"Origin", site.srv.origin()}});
  CHECK(cross_own_origin.status == 403);
  CHECK(a.post("user.create", new_user, {{"Origin", "null"}}).status == 403);
  CHECK(a.post("user.create", new_user, {{"Origin", site.srv.origin() + ".evil.example"}}).status == 403);
  CHECK(a.post("auth.logout", json::object(), {{"Origin", "http://evil.example"}}).status == 403);
  CHECK(a.post("auth.me").status == 200);  // the refused logout ended nothing
  CHECK(a.post("user.list").body_json["users"] == users_before);

  // Same-origin and same-site requests, and requests without Origin (scripts), pass.
  CHECK(a.post("auth.me", json::object(), {{"Origin", site.srv.origin()}, {"Sec-Fetch-Site", "same-origin"}}).status == 200);
  CHECK(a.post("auth.me", json::object(), {{"Sec-Fetch-Site", "none"}}).status == 200);
  auto ok = a.post("user.create", new_user, {{"Origin", site.srv.origin()}});
  CHECK(ok.status == 200);
  CHECK(a.post("user.list").body_json["users"].size() == users_before.size() + 1);
}
