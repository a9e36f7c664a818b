// The abuse list of issue 7 at the edges of the server, against the real binary on loopback:
// Origin checks on the upgrade (foreign, null, look-alike, missing: no 101), forged, expired and
// revoked sessions (401 on HTTP, no upgrade), logout closing every socket of that session and
// none of the user's other session, CSRF on HTTP operations (cross-site: 403, nothing written),
// login throttling per address, the per-user connection cap, and the chat rate limit with its
// abuse rule. Each case also runs the allowed variant, so a server that refused everything
// would fail it too. docs/RELIABILITY.md ("Isolation" and "Limits") names these cases.
#include "auth/tokens.hpp"
#include "integration/chat_support.hpp"
#include "integration/site.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <thread>

using namespace arena::itest;

namespace {

// The upgrade's status for these credentials and this Origin (nullopt: no Origin header).
unsigned upgrade_status(arena_site& site, std::string const& cookie, std::optional<std::string> origin, std::string const& bearer = {}) {
  ws_client::options o;
  o.cookie = cookie;
  o.origin = std::move(origin);
  o.bearer = bearer;
  return ws_client::try_connect(site.srv.port(), site.srv.tls(), o).status;
}

// auth.me with exactly this Cookie (or Bearer) on a fresh client: 200 or 401.
http_response me_with(arena_site& site, std::string const& cookie, std::string const& bearer = {}) {
  http_client c(site.srv);
  header_list h = {{"Content-Type", "application/json"}};
  if (!cookie.empty()) h.emplace_back("Cookie", cookie);
  if (!bearer.empty()) h.emplace_back("Authorization", "Bearer " + bearer);
  return c.request("POST", "/api/auth.me", "{}", h);
}

// Waits (polling, with a deadline) until `pred` holds; false when it never did.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = io_timeout) {
  auto const deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

}  // namespace

TEST_CASE("abuse: the upgrade admits only the server's own Origin, whatever the session") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const port = std::to_string(site.srv.port());
  auto const other_port = std::to_string(site.srv.port() == 65535 ? 1 : site.srv.port() + 1);
  auto const own = site.srv.origin();  // http://127.0.0.1:PORT
  auto const cookie = site.admin.cookie_header();
  auto const token = site.admin.post("token.create", {{"name", "origin probe"}}).body_json["token"].get<std::string>();

  // The allowed variant first: the same credentials do upgrade with the own Origin.
  REQUIRE(upgrade_status(site, cookie, own) == 101);
  REQUIRE(upgrade_status(site, "", own, token) == 101);

  struct origin_case {
    char const* what;
    std::optional<std::string> origin;
  };
  std::vector<origin_case> const refused = {
      {"foreign", std::string("https://evil.example")},
      {"foreign on the same port", "http://evil.example:" + port},
      {"null (sandboxed frame, file:)", std::string("null")},
      {"empty", std::string("")},
      {"missing", std::nullopt},
      {"look-alike: own origin as a subdomain prefix", own + ".evil.example"},
      {"look-alike: address as a subdomain", "http://127.0.0.1.evil.example:" + port},
      {"look-alike: user info", "http://127.0.0.1:" + port + "@evil.example"},
      {"look-alike: longer port", own + "1"},
      {"look-alike: leading zero in the port", "http://127.0.0.1:0" + port},
      {"other port", "http://127.0.0.1:" + other_port},
      {"no port", std::string("http://127.0.0.1")},
      {"https instead of http", "https://127.0.0.1:" + port},
      {"ws scheme", "ws://127.0.0.1:" + port},
      {"trailing slash", own + "/"},
      {"with a path", own + "/ws"},
      {"upper-case scheme", "HTTP://127.0.0.1:" + port},
      {"localhost instead of the address", "http://localhost:" + port},
      {"IPv6 loopback", "http://[::1]:" + port},
      {"a list of two origins", own + " http://evil.example"},
      {"a comma list", own + ",http://evil.example"},
  };
  int checked = 0;
  for (auto const& c : refused) {
    INFO("origin case: ", c.what, " (", c.origin.value_or("<none>"), ")");
    // With a valid cookie, a valid Bearer token, and no credentials at all: never 101.
    CHECK(upgrade_status(site, cookie, c.origin) == 403);
    CHECK(upgrade_status(site, "", c.origin, token) == 403);
    auto anon = upgrade_status(site, "", c.origin);
    CHECK(anon != 101);
    CHECK((anon == 403 || anon == 401));
    ++checked;
  }
  MESSAGE("origin variants refused: ", checked, " (x3 credentials)");
  // The server is still fine for the right Origin after all the refusals.
  CHECK(upgrade_status(site, cookie, own) == 101);
}

TEST_CASE("abuse: forged session cookies and tokens give 401 on HTTP and no upgrade") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per Persen");
  auto const name = site.cookie_name();
  auto const real = site.admin.cookie(name);
  auto const pers = per.http->cookie(name);
  REQUIRE(real.size() >= 20);
  auto const token = site.admin.post("token.create", {{"name", "forge probe"}}).body_json["token"].get<std::string>();
  auto const own = site.srv.origin();

  // Controls: the real ones work.
  REQUIRE(me_with(site, name + "=" + real).status == 200);
  REQUIRE(me_with(site, "", token).status == 200);
  REQUIRE(upgrade_status(site, name + "=" + real, own) == 101);

  std::mt19937_64 rng(20261126);
  auto random_token = [&](std::size_t n) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % 64];
    return s;
  };
  auto changed_at = [](std::string s, std::size_t i) {
    s[i] = s[i] == 'A' ? 'B' : 'A';
    return s;
  };
  std::vector<std::pair<std::string, std::string>> forged_cookies = {
      {"random of the same length", random_token(real.size())},
      {"random, short", random_token(8)},
      {"truncated by one", real.substr(0, real.size() - 1)},
      {"truncated to half", real.substr(0, real.size() / 2)},
      {"one more character", real + "A"},
      {"first character changed", changed_at(real, 0)},
      {"middle character changed", changed_at(real, real.size() / 2)},
      {"last character changed", changed_at(real, real.size() - 1)},
      {"another user's with a changed character", changed_at(pers, pers.size() / 3)},
      {"upper-cased", [&] {
         std::string s = real;
         for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
         return s == real ? s + "X" : s;
       }()},
      {"empty", ""},
      {"the API token as a cookie, changed", changed_at(token, token.size() - 2)},
  };
  for (auto const& [what, value] : forged_cookies) {
    INFO("forged cookie: ", what);
    auto r = me_with(site, name + "=" + value);
    CHECK(r.status == 401);
    CHECK(r.error_code() == "unauthorized");
    CHECK(r.body.find("kari@") == std::string::npos);
    CHECK(upgrade_status(site, name + "=" + value, own) == 401);
  }
  // The right token under other cookie names is not a session either.
  for (auto const& other : {std::string("session"), std::string("Arena_Session"), std::string("__Host-arena_session"), name + "x"}) {
    INFO("cookie name: ", other);
    CHECK(me_with(site, other + "=" + real).status == 401);
    CHECK(upgrade_status(site, other + "=" + real, own) == 401);
  }
  std::vector<std::pair<std::string, std::string>> forged_tokens = {
      {"random", "arena_" + random_token(43)},
      {"last character changed", changed_at(token, token.size() - 1)},
      {"truncated", token.substr(0, token.size() - 3)},
      {"prefix only", "arena_"},
  };
  for (auto const& [what, value] : forged_tokens) {
    INFO("forged bearer: ", what);
    CHECK(me_with(site, "", value).status == 401);
    CHECK(upgrade_status(site, "", own, value) == 401);
  }
  // Nothing above harmed the real sessions.
  CHECK(me_with(site, name + "=" + real).status == 200);
  CHECK(per.http->post("auth.me").status == 200);
}

TEST_CASE("abuse: expired sessions (idle and absolute) give 401 on HTTP and no upgrade; a fresh one still works") {
  temp_dir data("arena-abuse-expiry");
  std::string idle_cookie, absolute_cookie, fresh_cookie, almost_idle_cookie;
  std::string cookie_name;
  {
    arena_site site(server_options{.data_dir = data.path()});
    ARENA_LOG_ON_FAILURE(site);
    cookie_name = site.cookie_name();
    auto per = site.add_person("per@example.no", "Per Persen");
    auto idle = site.login(per.email, per.password);
    auto absolute = site.login(per.email, per.password);
    auto almost = site.login(per.email, per.password);
    idle_cookie = idle->cookie(cookie_name);
    absolute_cookie = absolute->cookie(cookie_name);
    almost_idle_cookie = almost->cookie(cookie_name);
    fresh_cookie = per.http->cookie(cookie_name);
    for (auto* c : {idle.get(), absolute.get(), almost.get(), per.http.get()}) REQUIRE(c->post("auth.me").status == 200);
    REQUIRE(site.srv.stop() == 0);
  }
  // Age the rows while the server is down: 14 days without use is the idle limit, 90 days
  // after login the absolute one (PROTOCOL "Authentication and sessions").
  auto const now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::int64_t const day = 24LL * 3600 * 1000;
  auto hash = [](std::string const& t) { return arena::auth::sha256_hex(t); };
  std::string sql = "UPDATE sessions SET last_seen_at = " + std::to_string(now_ms - 14 * day - 3600 * 1000) + " WHERE token_hash = '" +
                    hash(idle_cookie) + "';" + "UPDATE sessions SET created_at = " + std::to_string(now_ms - 91 * day) +
                    ", expires_at = " + std::to_string(now_ms - 60 * 1000) + " WHERE token_hash = '" + hash(absolute_cookie) + "';" +
                    "UPDATE sessions SET last_seen_at = " + std::to_string(now_ms - 13 * day) + " WHERE token_hash = '" +
                    hash(almost_idle_cookie) + "';" + "SELECT changes();";
  auto db = (data.path() / "arena.db").string();
  auto upd = run_program({"sqlite3", db, sql});
  INFO("sqlite3: ", upd.out, upd.err);
  REQUIRE(upd.exit_code == 0);
  auto rows = run_program({"sqlite3", db, "SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND (last_seen_at < " +
                                              std::to_string(now_ms - 14 * day) + " OR expires_at < " + std::to_string(now_ms) + ");"});
  REQUIRE(rows.exit_code == 0);
  REQUIRE(rows.out.substr(0, 1) == "2");  // exactly the two rows meant to be expired

  server_process srv(server_options{.data_dir = data.path()});
  INFO("server log (tail):\n", srv.log_tail());
  REQUIRE(srv.setup_token().empty());
  auto status_of = [&](std::string const& value) {
    http_client c(srv);
    return c.request("POST", "/api/auth.me", "{}", {{"Content-Type", "application/json"}, {"Cookie", cookie_name + "=" + value}});
  };
  auto upgrade = [&](std::string const& value) {
    ws_client::options o;
    o.cookie = cookie_name + "=" + value;
    o.origin = srv.origin();
    return ws_client::try_connect(srv.port(), false, o).status;
  };
  for (auto const& [what, value] : {std::pair{"idle for 14 days", idle_cookie}, std::pair{"past the absolute limit", absolute_cookie}}) {
    INFO("expired: ", what);
    auto r = status_of(value);
    CHECK(r.status == 401);
    CHECK(r.error_code() == "unauthorized");
    CHECK(parse_set_cookie(r.header("set-cookie")).attribute("Max-Age") == "0");  // the browser is told to drop it
    CHECK(upgrade(value) == 401);
  }
  // Unused for 13 days is still inside the idle limit; a fresh session is untouched.
  CHECK(status_of(almost_idle_cookie).status == 200);
  CHECK(upgrade(almost_idle_cookie) == 101);
  CHECK(status_of(fresh_cookie).status == 200);
  CHECK(upgrade(fresh_cookie) == 101);
}

TEST_CASE("abuse: revoked sessions (logout, password change, disabled user, revoked token) give 401 and no upgrade") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const name = site.cookie_name();
  auto const own = site.srv.origin();
  auto logout_p = site.add_person("logout@example.no", "Liv Logout");
  auto passwd_p = site.add_person("passwd@example.no", "Pål Passord");
  auto disabled_p = site.add_person("disabled@example.no", "Dina Deaktivert");
  auto passwd_other = site.login(passwd_p.email, passwd_p.password);  // revoked by the password change
  // (A password change ends the user's API tokens too, so the token case is the administrator's.)
  auto const tok = site.admin.post("token.create", {{"name", "script"}}).body_json["token"].get<std::string>();

  struct revoked {
    std::string what, cookie, bearer;
    std::unique_ptr<ws_client> ws;
  };
  std::vector<revoked> cases;
  auto add = [&](std::string what, std::string cookie, std::string bearer) {
    ws_client::options o;
    o.cookie = cookie.empty() ? std::string() : name + "=" + cookie;
    o.bearer = bearer;
    o.origin = own;
    // Alive before: HTTP 200 and an open socket.
    REQUIRE(me_with(site, o.cookie, bearer).status == 200);
    cases.push_back({std::move(what), o.cookie, bearer, ws_client::connect(site.srv.port(), false, o)});
  };
  add("logout", logout_p.http->cookie(name), "");
  add("password change (the other session)", passwd_other->cookie(name), "");
  add("user disabled", disabled_p.http->cookie(name), "");
  add("API token revoked", "", tok);

  REQUIRE(logout_p.http->post("auth.logout").status == 200);
  REQUIRE(passwd_p.http->post("profile.password", {{"current_password", passwd_p.password}, {"new_password", "et helt nytt passord"}}).status ==
          200);
  REQUIRE(site.admin.post("user.update", {{"id", disabled_p.id}, {"disabled", true}}).status == 200);
  auto tokens = site.admin.post("token.list").body_json["tokens"];
  REQUIRE(tokens.size() == 1);
  REQUIRE(site.admin.post("token.revoke", {{"id", tokens[0]["id"]}}).status == 200);

  for (auto& c : cases) {
    INFO("revoked by: ", c.what);
    CHECK(c.ws->wait_close() == 1008);
    auto r = me_with(site, c.cookie, c.bearer);
    CHECK(r.status == 401);
    CHECK(r.error_code() == "unauthorized");
    CHECK(upgrade_status(site, c.cookie, own, c.bearer) == 401);
    // A write with the dead credentials is refused too, and writes nothing.
    http_client w(site.srv);
    header_list h = {{"Content-Type", "application/json"}};
    if (!c.cookie.empty()) h.emplace_back("Cookie", c.cookie);
    if (!c.bearer.empty()) h.emplace_back("Authorization", "Bearer " + c.bearer);
    CHECK(w.request("POST", "/api/profile.update", json{{"display_name", "Skrevet etter slutt"}}.dump(), h).status == 401);
  }
  auto const users = site.admin.post("user.list");
  REQUIRE(users.status == 200);
  for (auto const& u : users.body_json["users"]) CHECK(u["display_name"] != "Skrevet etter slutt");
  // The sessions that were not revoked still work: the password changer's own, the admin's.
  CHECK(passwd_p.http->post("auth.me").status == 200);
  CHECK(site.admin.post("auth.me").status == 200);
}

TEST_CASE("abuse: logout closes every socket of that session and none of the user's other session") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per Persen");
  auto other_session = site.login(per.email, per.password);
  auto bystander = site.add_person("bystander@example.no", "Bjørg Bystander");
  auto const team = site.team_id("IKT");
  site.add_member(team, per.id, "member");
  site.add_member(team, bystander.id, "member");
  auto const ch = channel_id(*per.http, team, "Generelt");

  std::vector<std::unique_ptr<ws_client>> ended, kept;
  for (int i = 0; i < 4; ++i) ended.push_back(site.socket_for(*per.http));
  for (int i = 0; i < 2; ++i) kept.push_back(site.socket_for(*other_session));
  auto by_ws = site.socket_for(*bystander.http);
  for (auto& w : ended) REQUIRE(chat_subscribe(*w, team, ch)["ok"] == true);
  for (auto& w : kept) REQUIRE(chat_subscribe(*w, team, ch)["ok"] == true);

  REQUIRE(per.http->post("auth.logout").status == 200);
  for (auto& w : ended) CHECK(w->wait_close() == 1008);
  // The other session's sockets stay open, usable and subscribed: a message reaches them.
  REQUIRE(chat_send(*by_ws, team, ch, "etter utlogging", "logout-00001")["ok"] == true);
  for (auto& w : kept) {
    CHECK(w->wait_event("message.new")["message"]["body"] == "etter utlogging");
    CHECK(w->request("auth.me")["user"]["id"] == per.id);
  }
  CHECK(other_session->post("auth.me").status == 200);
  CHECK(by_ws->request("auth.me")["ok"] == true);
  // A new socket with the ended session is refused; with the other one it opens.
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*per.http)).status == 401);
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*other_session)).status == 101);
}

TEST_CASE("abuse: CSRF: cross-site HTTP operations get 403 and write nothing; same-origin ones work") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const own = site.srv.origin();
  auto const port = std::to_string(site.srv.port());
  auto per = site.add_person("per@example.no", "Per Persen");

  // The state that the refused writes would change.
  auto snapshot = [&] {
    json s;
    s["teams"] = site.admin.post("team.list").body_json["teams"].size();
    s["users"] = site.admin.post("user.list").body_json["users"].size();
    s["orgs"] = site.admin.post("org.list").body_json["organisations"].size();
    s["tokens"] = site.admin.post("token.list").body_json["tokens"].size();
    s["name"] = site.admin.post("auth.me").body_json["user"]["display_name"];
    s["per"] = per.http->post("auth.me").status;
    return s;
  };
  auto const before = snapshot();

  std::vector<std::pair<std::string, header_list>> cross = {
      {"Sec-Fetch-Site: cross-site", {{"Sec-Fetch-Site", "cross-site"}}},
      {"Sec-Fetch-Site: cross-site with the own Origin", {{"Sec-Fetch-Site", "cross-site"}, {"Origin", own}}},
      {"foreign Origin", {{"Origin", "https://evil.example"}}},
      {"foreign Origin, same-origin claimed", {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "same-origin"}}},
      {"Origin null", {{"Origin", "null"}}},
      {"look-alike Origin", {{"Origin", own + ".evil.example"}}},
      {"look-alike Origin (subdomain)", {{"Origin", "http://127.0.0.1.evil.example:" + port}}},
      {"https instead of http", {{"Origin", "https://127.0.0.1:" + port}}},
      {"trailing slash", {{"Origin", own + "/"}}},
  };
  // Writes of every kind, each with a visible effect if it ran.
  std::vector<std::pair<std::string, json>> writes = {
      {"team.create", {{"name", "CSRF-lag"}, {"slug", "csrf-lag"}}},
      {"user.create", {{"email", "csrf@evil.example"}, {"display_name", "CSRF"}, {"password", "et langt passord 999"}}},
      {"org.create", {{"name", "CSRF AS"}, {"orgnr", "974760673"}}},
      {"token.create", {{"name", "stolen"}}},
      {"profile.update", {{"display_name", "Hacked"}}},
      {"user.update", {{"id", per.id}, {"disabled", true}}},
      {"auth.logout", json::object()},
  };
  int refused = 0;
  for (auto const& [what, headers] : cross)
    for (auto const& [op, body] : writes) {
      INFO(what, " -> ", op);
      auto r = site.admin.post(op, body, headers);
      CHECK(r.status == 403);
      CHECK(r.error_code() == "forbidden");
      CHECK_FALSE(r.has("set-cookie"));
      ++refused;
    }
  // A cross-site login (login CSRF) is refused before any password check, and sets no cookie.
  http_client anon(site.srv);
  auto login = anon.post("auth.login", {{"email", per.email}, {"password", per.password}}, {{"Sec-Fetch-Site", "cross-site"}});
  CHECK(login.status == 403);
  CHECK(anon.cookies().empty());
  // A cross-site read is refused too (the answer would carry data).
  CHECK(site.admin.post("user.list", json::object(), {{"Origin", "https://evil.example"}}).status == 403);

  CHECK(snapshot() == before);
  MESSAGE("cross-site operations refused: ", refused);

  // Same-origin and non-browser requests work: the check does not refuse everything.
  CHECK(site.admin.post("token.create", {{"name", "same origin"}}, {{"Origin", own}, {"Sec-Fetch-Site", "same-origin"}}).status == 200);
  CHECK(site.admin.post("profile.update", {{"display_name", "Kari N."}}, {{"Sec-Fetch-Site", "same-origin"}}).status == 200);
  CHECK(site.admin.post("org.create", {{"name", "Ekte AS"}, {"orgnr", "974760673"}}).status == 200);  // no browser headers
  auto after = snapshot();
  CHECK(after["tokens"] == before["tokens"].get<int>() + 1);
  CHECK(after["orgs"] == before["orgs"].get<int>() + 1);
  CHECK(after["name"] == "Kari N.");
}

TEST_CASE("abuse: login throttling per address: guesses at many accounts lock the address, then it opens again") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per Persen", false);
  http_client c(site.srv);
  // Five failures, each against another (unknown) account: no account is locked, the address is.
  for (int i = 1; i <= 5; ++i) {
    auto r = c.post("auth.login", {{"email", "guess" + std::to_string(i) + "@example.no"}, {"password", "feil passord " + std::to_string(i)}});
    INFO("guess ", i, ": ", r.body);
    CHECK(r.status == 401);
  }
  // Now even the right password of a real account is refused, without a session.
  auto locked = c.post("auth.login", {{"email", per.email}, {"password", per.password}});
  CHECK(locked.status == 429);
  CHECK(locked.error_code() == "rate_limited");
  auto const retry = locked.header("retry-after");
  REQUIRE_FALSE(retry.empty());
  CHECK(std::stoi(retry) >= 1);
  CHECK(locked.body_json["error"]["retry_after"] == std::stoi(retry));
  CHECK_FALSE(locked.has("set-cookie"));
  CHECK(c.cookies().empty());
  // A refused attempt does not extend the lock: once it ends, the right password works.
  http_response last;
  CHECK(eventually([&] {
    last = c.post("auth.login", {{"email", per.email}, {"password", per.password}});
    return last.status != 429;
  }));
  CHECK(last.status == 200);
  CHECK_FALSE(c.cookie(site.cookie_name()).empty());
}

TEST_CASE("abuse: the per-user connection cap counts every session and token of the user, and no one else's") {
  arena_site site(server_options{.extra_args = {"--max-sockets-per-user", "3"}});
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per Persen");
  auto second = site.login(per.email, per.password);
  auto const tok = per.http->post("token.create", {{"name", "script"}}).body_json["token"].get<std::string>();
  ws_client::options by_token;
  by_token.bearer = tok;
  by_token.origin = site.srv.origin();

  std::vector<std::unique_ptr<ws_client>> open;
  open.push_back(site.socket_for(*per.http));
  open.push_back(site.socket_for(*second));
  open.push_back(ws_client::connect(site.srv.port(), false, by_token));
  // The fourth, by any credential of the same user: 429, no upgrade.
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*per.http)).status == 429);
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*second)).status == 429);
  CHECK(ws_client::try_connect(site.srv.port(), false, by_token).status == 429);
  // Others are not affected by this user's sockets.
  std::vector<std::unique_ptr<ws_client>> admin_sockets;
  for (int i = 0; i < 3; ++i) admin_sockets.push_back(site.socket_for(site.admin));
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(site.admin)).status == 429);
  // Every open socket still works, and closing one frees exactly one slot.
  for (auto& w : open) CHECK(w->request("auth.me")["user"]["id"] == per.id);
  open.front()->close();
  std::unique_ptr<ws_client> again;
  CHECK(eventually([&] {
    auto a = ws_client::try_connect(site.srv.port(), false, by_token);
    again = std::move(a.client);
    return a.status == 101;
  }));
  CHECK(ws_client::try_connect(site.srv.port(), false, site.ws_options(*second)).status == 429);
}

TEST_CASE("abuse: the chat rate limit refuses sends beyond the bucket, stores none of them, and closes a socket that keeps on") {
  // A bucket of 5 that practically never refills: the count is exact on any machine.
  arena_site site(server_options{.extra_args = {"--chat-burst", "5", "--chat-rate-per-s", "0.0001"}});
  ARENA_LOG_ON_FAILURE(site);
  auto per = site.add_person("per@example.no", "Per Persen");
  auto other = site.add_person("other@example.no", "Olav Other");
  auto const team = site.team_id("IKT");
  site.add_member(team, per.id, "member");
  site.add_member(team, other.id, "member");
  auto const ch = channel_id(*per.http, team, "Generelt");
  auto ws = site.socket_for(*per.http);

  std::vector<json> stored;
  for (int i = 1; i <= 5; ++i) {
    auto r = chat_send(*ws, team, ch, "melding " + std::to_string(i), "rate-ok-" + std::to_string(1000 + i));
    REQUIRE(r["ok"] == true);
    stored.push_back(r["message"]);
  }
  // Beyond the bucket: the typed error with retry_after, over the socket and over HTTP (one
  // bucket per user, shared by all of the user's connections).
  auto refused = chat_send(*ws, team, ch, "for mye", "rate-over-0001");
  CHECK(refused["ok"] == false);
  CHECK(refused["error"]["code"] == "rate_limited");
  CHECK(refused["error"]["retry_after"].get<int>() >= 1);
  auto http = per.http->post("message.send", {{"team_id", team}, {"channel_id", ch}, {"topic", "Emne"}, {"body", "via http"}, {"client_msg_id", "rate-over-0002"}});
  CHECK(http.status == 429);
  CHECK(http.error_code() == "rate_limited");
  CHECK(std::stoi(http.header("retry-after")) >= 1);
  // A retry of a message already counted is free and returns the original.
  auto retry = chat_send(*ws, team, ch, "melding 3", "rate-ok-1003");
  CHECK(retry["ok"] == true);
  CHECK(retry["message"]["id"] == stored[2]["id"]);
  // Another user has a bucket of their own.
  CHECK(other.http->post("message.send", {{"team_id", team}, {"channel_id", ch}, {"topic", "Emne"}, {"body", "annen"}, {"client_msg_id", "other-00001"}}).status == 200);

  // Keep sending while refused: the socket is closed with 1008 at the 50th refusal in a minute.
  int refusals = 1;  // the one above on this socket
  bool closed = false;
  for (int i = 0; i < 60 && !closed; ++i) {
    try {
      auto r = chat_send(*ws, team, ch, "spam", "rate-spam-" + std::to_string(10000 + i));
      CHECK(r["ok"] == false);
      CHECK(r["error"]["code"] == "rate_limited");
      ++refusals;
    } catch (std::exception const&) {
      closed = true;  // the close overtook the answer
    }
  }
  CHECK(ws->wait_close() == 1008);
  CHECK(refusals >= 49);
  CHECK(refusals <= 50);
  MESSAGE("refusals before the abuse close: ", refusals);

  // Stored: exactly the five within the bucket and the other user's one; seqs contiguous.
  auto h = other.http->post("channel.history", {{"team_id", team}, {"channel_id", ch}, {"limit", 200}});
  REQUIRE(h.status == 200);
  auto const& msgs = h.body_json["messages"];
  CHECK(msgs.size() == 6);
  int per_count = 0;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    CHECK(msgs[i]["seq"] == static_cast<std::int64_t>(i + 1));
    per_count += msgs[i]["author_id"] == per.id;
    CHECK(msgs[i]["body"] != "spam");
    CHECK(msgs[i]["body"] != "for mye");
  }
  CHECK(per_count == 5);
}

TEST_CASE("abuse: a foreign Host name (DNS rebinding) is refused before routing; IP literals, localhost and --public-url work") {
  // A page on evil.example whose name is made to resolve to 127.0.0.1 sends Host: evil.example and
  // Origin: http://evil.example, which would otherwise look like the server's own origin.
  arena_site site(server_options{.extra_args = {"--public-url", "https://arena.example.no"}});
  ARENA_LOG_ON_FAILURE(site);
  auto const port = std::to_string(site.srv.port());
  auto const cookie = site.admin.cookie_header();
  auto request = [&](std::string const& host, std::string const& origin) {
    http_client c(site.srv);
    std::string body = "{}";
    return c.raw("POST /api/auth.me HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin + "\r\nCookie: " + cookie +
                 "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  };
  auto upgrade = [&](std::string const& host, std::string const& origin) {
    http_client c(site.srv);
    return c.raw("GET /ws HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin + "\r\nCookie: " + cookie +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  };
  for (std::string const name : {"evil.example", "EVIL.example", "127.0.0.1.evil.example", "localhost.evil.example", "arena.example.no.evil"}) {
    CAPTURE(name);
    auto r = request(name + ":" + port, "http://" + name + ":" + port);
    CHECK(r.status == 421);
    CHECK(r.body.find("\"forbidden\"") != std::string::npos);
    CHECK(r.body.find("kari") == std::string::npos);  // no user data
    CHECK(upgrade(name + ":" + port, "http://" + name + ":" + port).status == 421);
  }
  // The allowed variants: the address, localhost and the public name (same credentials).
  for (std::string const host : std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "arena.example.no"}) {
    CAPTURE(host);
    auto origin = host == "arena.example.no" ? std::string("https://arena.example.no") : "http://" + host;
    auto r = request(host, origin);
    CHECK(r.status == 200);
  }
  CHECK(upgrade("localhost:" + port, "http://localhost:" + port).status == 101);
}
