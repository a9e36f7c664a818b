// Sign-in, throttling, sessions and their sockets, API tokens, disabling and password changes.
// Every login costs an argon2id verification (19 MiB): the cases keep their logins few.
#include "integration/site.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;

TEST_CASE("auth.login: a wrong password, an unknown e-mail and a disabled account look the same") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per", false);

  http_response wrong, unknown;
  CHECK(site.login("per@example.no", "not the password!", &wrong) == nullptr);
  CHECK(site.login("nobody@example.no", default_password, &unknown) == nullptr);
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.error_code() == "unauthorized");
  CHECK(unknown.error_code() == "unauthorized");
  CHECK(wrong.body_json["error"]["message"] == unknown.body_json["error"]["message"]);
  CHECK(wrong.all("set-cookie").empty());
  CHECK(unknown.all("set-cookie").empty());

  http_response good;
  auto c = site.login("per@example.no", default_password, &good);
  REQUIRE(c != nullptr);
  CHECK(good.status == 200);
  CHECK(good.body_json["user"]["id"] == per.id);
  auto cookie = parse_set_cookie(good.header("set-cookie"));
  CHECK(cookie.name == "arena_session");
  CHECK(cookie.has_attribute("HttpOnly"));
  CHECK(cookie.attribute("SameSite") == "Strict");
  CHECK(cookie.attribute("Path") == "/");
  CHECK(c->post("auth.me").body_json["user"]["email"] == "per@example.no");

  REQUIRE(site.admin.post("user.update", {{"id", per.id}, {"disabled", true}}).status == 200);
  http_response disabled;
  CHECK(site.login("per@example.no", default_password, &disabled) == nullptr);
  CHECK(disabled.status == 401);
  CHECK(disabled.body_json["error"] == wrong.body_json["error"]);

  // Missing or mistyped fields are bad requests, not failed logins.
  http_client anon(site.srv);
  CHECK(anon.post("auth.login", {{"email", "per@example.no"}}).error_code() == "bad_request");
  CHECK(anon.post("auth.login", {{"email", 1}, {"password", "x"}}).error_code() == "bad_request");
}

TEST_CASE("repeated failed logins are throttled with 429 and Retry-After") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  site.add_person("per@example.no", "Per", false);
  http_client c(site.srv);
  std::optional<http_response> limited;
  int failures = 0;
  for (int attempt = 1; attempt <= 12 && !limited; ++attempt) {
    auto r = c.post("auth.login", {{"email", "per@example.no"}, {"password", "guess number " + std::to_string(attempt)}});
    if (r.status == 429) limited = r;
    else {
      CHECK(r.status == 401);
      ++failures;
    }
  }
  REQUIRE(limited);
  CHECK(failures >= 5);  // the first four failures are free, the fifth locks for a second
  CHECK(limited->error_code() == "rate_limited");
  auto retry = limited->header("retry-after");
  REQUIRE_FALSE(retry.empty());
  CHECK(std::stoi(retry) >= 1);
  CHECK(limited->body_json["error"]["retry_after"] == std::stoi(retry));
  CHECK(limited->all("set-cookie").empty());
  CHECK(c.cookies().empty());
}

TEST_CASE("auth.logout ends the session, clears the cookie and closes that session's sockets with 1008") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto second = site.login(admin_email, admin_password);  // the same person, another session
  auto ws1 = site.socket_for(site.admin);
  auto ws2 = site.socket_for(*second);
  auto const old_cookie = site.admin.cookie_header();

  auto out = site.admin.post("auth.logout");
  REQUIRE(out.status == 200);
  CHECK(out.body_json["ok"] == true);
  auto cleared = parse_set_cookie(out.header("set-cookie"));
  CHECK(cleared.name == "arena_session");
  CHECK(cleared.value.empty());
  CHECK(cleared.attribute("Max-Age") == "0");
  CHECK(site.admin.cookies().empty());

  CHECK(ws1->wait_close() == 1008);

  // The other session and its socket are untouched.
  CHECK(ws2->request("auth.me")["ok"] == true);
  CHECK(second->post("auth.me").status == 200);

  // The old cookie is dead, for HTTP and for upgrades; the server asks the browser to drop it.
  http_client replay(site.srv);
  auto r = replay.request("POST", "/api/auth.me", "{}", {{"Cookie", old_cookie}, {"Content-Type", "application/json"}});
  CHECK(r.status == 401);
  CHECK(parse_set_cookie(r.header("set-cookie")).attribute("Max-Age") == "0");
  ws_client::options o;
  o.cookie = old_cookie;
  o.origin = site.srv.origin();
  CHECK(ws_client::try_connect(site.srv.port(), false, o).status == 401);

  // auth.logout over the WebSocket ends that session too and closes the socket with 1008.
  json rid = ws2->next_rid();
  REQUIRE(ws2->send_text(json{{"op", "auth.logout"}, {"rid", rid}}.dump()));
  // (The {} answer does not arrive first: the close overtakes it. Reported; not asserted.)
  CHECK(ws2->wait_close() == 1008);
  CHECK(second->post("auth.me").status == 401);
}

TEST_CASE("API tokens: Bearer works on HTTP and WebSocket until revoked") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto made = site.admin.post("token.create", {{"name", "export script"}});
  REQUIRE(made.status == 200);
  auto const token = made.body_json["token"].get<std::string>();
  CHECK(token.rfind("arena_", 0) == 0);
  auto const& info = made.body_json["info"];
  CHECK(info["name"] == "export script");
  auto const id = info["id"].get<std::int64_t>();
  CHECK(info["created_at"].is_string());

  http_client bearer(site.srv);
  bearer.set_bearer(token);
  auto me = bearer.post("auth.me");
  REQUIRE(me.status == 200);
  CHECK(me.body_json["user"]["id"] == site.admin_user["id"]);
  CHECK(bearer.cookies().empty());

  auto list = site.admin.post("token.list");
  REQUIRE(list.status == 200);
  REQUIRE(list.body_json["tokens"].size() == 1);
  CHECK(list.body_json["tokens"][0]["id"] == id);
  CHECK(list.body_json["tokens"][0]["name"] == "export script");
  CHECK_FALSE(list.body_json["tokens"][0].contains("token"));
  CHECK(list.body.find(token) == std::string::npos);

  ws_client::options o;
  o.bearer = token;
  o.origin = site.srv.origin();
  auto ws = ws_client::connect(site.srv.port(), false, o);
  CHECK(ws->hello_frame()["user"]["id"] == site.admin_user["id"]);

  http_client forged(site.srv);
  forged.set_bearer(token + "x");
  CHECK(forged.post("auth.me").status == 401);
  CHECK(site.admin.post("token.create", {{"name", ""}}).error_code() == "bad_request");

  // Someone else cannot revoke it.
  auto per = site.add_person("per@example.no", "Per");
  CHECK(per.http->post("token.revoke", {{"id", id}}).error_code() == "not_found");
  CHECK(bearer.post("auth.me").status == 200);

  auto revoked = site.admin.post("token.revoke", {{"id", id}});
  CHECK(revoked.status == 200);
  CHECK(bearer.post("auth.me").status == 401);
  CHECK(ws->wait_close() == 1008);
  CHECK(site.admin.post("token.list").body_json["tokens"].empty());
  CHECK(site.admin.post("token.revoke", {{"id", id}}).error_code() == "not_found");
  CHECK(site.admin.post("auth.me").status == 200);  // the cookie session is a different thing
}

TEST_CASE("disabling a user ends their sessions, closes their sockets and refuses their logins") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per");
  auto ws = site.socket_for(*per.http);
  auto admin_ws = site.socket_for(site.admin);

  auto r = site.admin.post("user.update", {{"id", per.id}, {"disabled", true}});
  REQUIRE(r.status == 200);
  CHECK(r.body_json["user"]["disabled"] == true);

  CHECK(ws->wait_close() == 1008);
  CHECK(per.http->post("auth.me").status == 401);
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*per.http)).status == 401);
  http_response refused;
  CHECK(site.login(per.email, per.password, &refused) == nullptr);
  CHECK(refused.status == 401);
  CHECK(admin_ws->request("server.info")["ok"] == true);  // nobody else was touched

  bool listed = false;
  auto const users = site.admin.post("user.list").body_json["users"];
  for (auto const& u : users)
    if (u["id"] == per.id) listed = u["disabled"] == true;
  CHECK(listed);

  // Enabling again allows new logins; the old sessions stay ended.
  REQUIRE(site.admin.post("user.update", {{"id", per.id}, {"disabled", false}}).status == 200);
  CHECK(per.http->post("auth.me").status == 401);
  auto back = site.login(per.email, per.password);
  CHECK(back->post("auth.me").status == 200);
}

TEST_CASE("profile.password checks the current password and ends the user's other sessions") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per");
  auto other = site.login(per.email, per.password);
  auto ws_this = site.socket_for(*per.http);
  auto ws_other = site.socket_for(*other);
  std::string const next = "et nytt og langt passord";

  auto wrong = per.http->post("profile.password", {{"current_password", "wrong wrong wrong"}, {"new_password", next}});
  CHECK(wrong.status == 401);
  CHECK(wrong.error_code() == "unauthorized");
  auto weak = per.http->post("profile.password", {{"current_password", per.password}, {"new_password", "short"}});
  CHECK(weak.status == 400);
  CHECK(weak.error_code() == "bad_request");
  CHECK(ws_other->request("auth.me")["ok"] == true);  // failures ended nothing

  auto ok = per.http->post("profile.password", {{"current_password", per.password}, {"new_password", next}});
  REQUIRE(ok.status == 200);
  CHECK(ws_other->wait_close() == 1008);
  CHECK(other->post("auth.me").status == 401);
  CHECK(per.http->post("auth.me").status == 200);
  CHECK(ws_this->request("auth.me")["ok"] == true);

  http_response old_pw;
  CHECK(site.login(per.email, per.password, &old_pw) == nullptr);
  CHECK(old_pw.status == 401);
  CHECK(site.login(per.email, next) != nullptr);

  auto upd = per.http->post("profile.update", {{"display_name", "Per Persen"}, {"language", "en"}});
  REQUIRE(upd.status == 200);
  CHECK(upd.body_json["user"]["display_name"] == "Per Persen");
  CHECK(upd.body_json["user"]["language"] == "en");
  CHECK(per.http->post("profile.update", {{"language", "de"}}).error_code() == "bad_request");
  CHECK(per.http->post("profile.update", {{"display_name", "   "}}).error_code() == "bad_request");
  CHECK(per.http->post("auth.me").body_json["user"]["display_name"] == "Per Persen");
}
