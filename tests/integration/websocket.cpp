// GET /ws: who may upgrade (session and Origin), the hello frame, and requests with request ids.
#include "integration/site.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;

TEST_CASE("the WebSocket upgrade needs a session and the server's own Origin") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const port = site.srv.port();
  auto const own = site.srv.origin();
  auto const cookie = site.admin.cookie_header();
  REQUIRE_FALSE(cookie.empty());

  auto status = [&](std::string const& c, std::optional<std::string> origin, std::string const& target = "/ws") {
    ws_client::options o;
    o.cookie = c;
    o.origin = std::move(origin);
    o.target = target;
    return ws_client::try_connect(port, false, o).status;
  };

  SUBCASE("without a valid session: 401") {
    CHECK(status("", own) == 401);
    CHECK(status("arena_session=forged-token-value", own) == 401);
    CHECK(status("other_cookie=" + site.admin.cookie("arena_session"), own) == 401);
    CHECK(status("__Host-arena_session=" + site.admin.cookie("arena_session"), own) == 401);  // TLS name on plain HTTP
  }

  SUBCASE("with a foreign, null, look-alike or missing Origin: 403") {
    CHECK(status(cookie, std::string("http://evil.example")) == 403);
    CHECK(status(cookie, std::string("null")) == 403);
    CHECK(status(cookie, std::nullopt) == 403);
    CHECK(status(cookie, std::string("")) == 403);
    CHECK(status(cookie, own + ".evil.example") == 403);
    CHECK(status(cookie, own + "0") == 403);
    CHECK(status(cookie, own + "/") == 403);
    CHECK(status(cookie, "https://" + site.srv.host()) == 403);
    CHECK(status(cookie, "http://localhost:" + std::to_string(port)) == 403);
    CHECK(status(cookie, "HTTP://127.0.0.1:" + std::to_string(port)) == 403);
    CHECK(status(cookie, "http://127.0.0.1") == 403);
    // The Origin is checked before the session: no cookie and a foreign Origin is 403 too.
    CHECK(status("", std::string("http://evil.example")) == 403);
  }

  SUBCASE("only /ws upgrades") { CHECK(status(cookie, own, "/wsx") == 404); }

  SUBCASE("a session and the own Origin: 101 and a hello") {
    auto ws = site.socket_for(site.admin);
    auto const& hello = ws->hello_frame();
    CHECK(hello["ev"] == "hello");
    CHECK(hello["server_version"] == ARENA_VERSION);
    CHECK(hello["user"]["id"] == site.admin_user["id"]);
    CHECK(hello["user"]["email"] == admin_email);
    CHECK_FALSE(hello.contains("re"));
  }
}

TEST_CASE("--allowed-origins admits an extra origin, exactly") {
  arena_site site(server_options{.extra_args = {"--allowed-origins", "https://arena.example, http://localhost:5173"}});
  ARENA_LOG_ON_FAILURE(site);
  auto try_origin = [&](std::string const& origin) {
    auto o = site.ws_options(site.admin);
    o.origin = origin;
    return ws_client::try_connect(site.srv.port(), false, o).status;
  };
  CHECK(try_origin("https://arena.example") == 101);
  CHECK(try_origin("http://localhost:5173") == 101);
  CHECK(try_origin(site.srv.origin()) == 101);
  CHECK(try_origin("https://arena.example.evil") == 403);
  CHECK(try_origin("http://localhost:5174") == 403);
  // The same list governs the API's cross-site check.
  CHECK(site.admin.post("auth.me", json::object(), {{"Origin", "https://arena.example"}}).status == 200);
  CHECK(site.admin.post("auth.me", json::object(), {{"Origin", "https://evil.example"}}).status == 403);
}

TEST_CASE("WebSocket requests: answers echo the rid and carry the same fields as HTTP") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto ws = site.socket_for(site.admin);

  auto info = ws->request("server.info");
  CHECK(info["ok"] == true);
  CHECK(info["needs_setup"] == false);
  CHECK(info["version"] == ARENA_VERSION);

  // rid may be a string or a number and comes back unchanged.
  REQUIRE(ws->send_text(R"({"op":"auth.me","rid":"abc-7"})"));
  auto me = ws->wait_answer("abc-7");
  CHECK(me["ok"] == true);
  CHECK(me["user"]["id"] == site.admin_user["id"]);
  CHECK(me["user"] == site.admin.post("auth.me").body_json["user"]);

  REQUIRE(ws->send_text(R"({"op":"server.info","rid":-3.5})"));
  CHECK(ws->wait_answer(-3.5)["ok"] == true);

  // Without a rid the answer has "re": null.
  REQUIRE(ws->send_text(R"({"op":"server.info"})"));
  auto no_rid = ws->wait_answer(nullptr);
  CHECK(no_rid["ok"] == true);

  // Several requests in flight: each answer matches its rid.
  std::vector<json> rids;
  for (int i = 0; i < 10; ++i) {
    json rid = ws->next_rid();
    rids.push_back(rid);
    REQUIRE(ws->send_text(json{{"op", "team.list"}, {"rid", rid}}.dump()));
  }
  for (auto const& rid : rids) {
    auto a = ws->wait_answer(rid);
    CHECK(a["ok"] == true);
    CHECK(a["teams"].size() == 4);
  }

  // A typed error answer leaves the socket usable.
  auto err = ws->request("team.get", {{"team_id", 12345}});
  CHECK(err["ok"] == false);
  CHECK(err["error"]["code"] == "not_found");
  CHECK(err["error"]["message"].is_string());
  CHECK(ws->request("server.info")["ok"] == true);
  CHECK_FALSE(ws->closed());
}

TEST_CASE("a user's access over WebSocket matches HTTP") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per");
  auto ws = site.socket_for(*per.http);
  CHECK(ws->hello_frame()["user"]["id"] == per.id);
  auto r = ws->request("user.list");
  CHECK(r["ok"] == false);
  CHECK(r["error"]["code"] == "forbidden");
  CHECK(ws->request("org.create", {{"name", "X"}, {"orgnr", "974760673"}})["error"]["code"] == "forbidden");
  CHECK(ws->request("team.list")["teams"].size() == 4);
  CHECK(ws->request("auth.me")["user"]["email"] == "per@example.no");
}

TEST_CASE("--max-sockets-per-user refuses one socket too many with 429, and frees the slot on close") {
  arena_site site(server_options{.extra_args = {"--max-sockets-per-user", "2"}});
  ARENA_LOG_ON_FAILURE(site);
  auto a = site.socket_for(site.admin);
  auto b = site.socket_for(site.admin);
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(site.admin)).status == 429);
  a->close();
  // The slot frees when the server has processed the close: wait for that condition.
  unsigned status = 0;
  auto const deadline = std::chrono::steady_clock::now() + io_timeout;
  std::unique_ptr<ws_client> c;
  while (status != 101 && std::chrono::steady_clock::now() < deadline) {
    auto attempt = ws_client::try_connect(site.srv.port(), false, site.ws_options(site.admin));
    status = attempt.status;
    c = std::move(attempt.client);
  }
  CHECK(status == 101);
  CHECK(b->request("server.info")["ok"] == true);
}
