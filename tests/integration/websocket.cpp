// GET /ws: who may upgrade (session and Origin), the hello frame, and requests with request ids.
#include "integration/chat_support.hpp"
#include "integration/site.hpp"

#include <algorithm>
#include <iterator>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

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

// The server frames its messages itself and writes every frame queued for a socket with one
// gathered write (net/ws_session.hpp, net/frame_gate.hpp). These check what a client sees.
namespace {

// A body that says which message it is, of a given size, so a frame cut or spliced shows.
std::string numbered_body(int i, std::size_t size) {
  std::string b = "m" + std::to_string(i) + ":";
  while (b.size() < size) b += static_cast<char>('a' + (b.size() + static_cast<std::size_t>(i)) % 26);
  return b;
}

// Sizes that give every header length: short frames (the answers), 16-bit lengths, and
// 64-bit lengths for the history answer below.
std::size_t body_size(int i) {
  static constexpr std::size_t sizes[] = {1, 90, 200, 1000, 5000, 16 * 1024};
  return sizes[static_cast<std::size_t>(i) % std::size(sizes)];
}

}  // namespace

TEST_CASE("many frames queued for one socket arrive whole and in order") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari Nordmann");
  auto ola = site.add_person("ola@example.no", "Ola Øren");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto wk = site.socket_for(*kari.http);
  auto wo = site.socket_for(*ola.http);
  REQUIRE(chat_subscribe(*wo, team, ch)["ok"] == true);

  // Kari sends without waiting for answers, so events pile up in Ola's queue and answers in
  // hers: both are written in batches. Windows of 24 stay under the 32 requests in flight
  // that a socket may have.
  constexpr int n = 120, window = 24;
  for (int w = 0; w < n; w += window) {
    for (int i = w; i < w + window; ++i) {
      json req = {{"op", "message.send"}, {"rid", 1000 + i}, {"team_id", team}, {"channel_id", ch}, {"topic", "Emne"},
                  {"body", numbered_body(i, body_size(i))}, {"client_msg_id", "burst-" + std::to_string(1000 + i)}};
      REQUIRE(wk->send_text(req.dump()));
    }
    for (int i = w; i < w + window; ++i) CHECK(wk->wait_answer(json(1000 + i))["ok"] == true);
  }
  std::int64_t last_seq = 0;
  std::vector<std::string> bodies;
  for (int i = 0; i < n; ++i) {
    auto ev = wo->wait_event("message.new");
    auto const seq = ev["message"]["seq"].get<std::int64_t>();
    CHECK(seq == last_seq + 1);  // events of one channel arrive in commit order
    last_seq = seq;
    bodies.push_back(ev["message"]["body"].get<std::string>());
  }
  std::vector<std::string> expected;
  for (int i = 0; i < n; ++i) expected.push_back(numbered_body(i, body_size(i)));
  std::sort(bodies.begin(), bodies.end());
  std::sort(expected.begin(), expected.end());
  CHECK(bodies == expected);  // each one whole (the pool may commit two sends out of order)

  // One frame over 64 KiB (a 10-byte header), between two small ones.
  auto hist = wo->request("channel.history", {{"team_id", team}, {"channel_id", ch}, {"limit", 200}});
  REQUIRE(hist["ok"] == true);
  CHECK(hist["messages"].size() == static_cast<std::size_t>(n));
  CHECK(hist.dump().size() > 70'000);
  CHECK(wo->request("server.info")["ok"] == true);

  // A clean close after all that.
  wo->close();
  CHECK(wk->request("server.info")["ok"] == true);
}

TEST_CASE("ping, pong and close stay RFC 6455 while the server writes a burst") {
  namespace beast = boost::beast;
  namespace websocket = beast::websocket;
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari Nordmann");
  site.add_member(team, kari.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto wk = site.socket_for(*kari.http);

  // A plain Beast client: it checks every frame header, and answers and counts control frames.
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  boost::asio::ip::tcp::resolver resolver(ioc);
  beast::get_lowest_layer(ws).expires_after(io_timeout);
  beast::get_lowest_layer(ws).connect(resolver.resolve("127.0.0.1", std::to_string(site.srv.port())));
  auto const cookie = kari.http->cookie_header();
  auto const origin = site.srv.origin();
  ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
    req.set(beast::http::field::cookie, cookie);
    req.set(beast::http::field::origin, origin);
  }));
  ws.handshake("127.0.0.1:" + std::to_string(site.srv.port()), "/ws");
  int pongs = 0;
  ws.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
    if (kind == websocket::frame_type::pong && payload == "are-you-there") ++pongs;
  });
  auto read_json = [&] {
    beast::flat_buffer b;
    ws.read(b);
    return json::parse(beast::buffers_to_string(b.data()));
  };
  // Events of other kinds (presence) may come in between; they are skipped.
  auto read_answer = [&](int rid) {
    for (;;)
      if (auto f = read_json(); f.value("re", json()) == rid) return f;
  };
  int got = 0;
  auto read_some_events = [&](int k) {
    while (k > 0) {
      auto f = read_json();
      if (f.value("ev", "") == "message.new") {
        CHECK(f["message"]["body"] == numbered_body(got, body_size(got)));
        ++got;
        --k;
      }
    }
  };
  CHECK(read_json()["ev"] == "hello");
  ws.write(boost::asio::buffer(json{{"op", "channel.subscribe"}, {"rid", 1}, {"team_id", team}, {"channel_id", ch}}.dump()));
  CHECK(read_answer(1)["ok"] == true);

  // One send at a time (each answered before the next), so the events come in this order.
  constexpr int n = 40;
  for (int i = 0; i < n; ++i)
    REQUIRE(chat_send(*wk, team, ch, numbered_body(i, body_size(i)), "ping-" + std::to_string(100 + i))["ok"] == true);
  // Pings while the events are queued for us: each pong must come between two whole frames.
  for (int i = 0; i < 3; ++i) {
    ws.ping("are-you-there");
    read_some_events(5);
  }
  read_some_events(n - got);
  // Reading the next answer delivers any pong still on its way.
  ws.write(boost::asio::buffer(json{{"op", "server.info"}, {"rid", 2}}.dump()));
  CHECK(read_answer(2)["ok"] == true);
  CHECK(pongs == 3);

  // Our close: the server answers with its own close frame, then ends the connection.
  beast::error_code ec;
  ws.close(websocket::close_code::normal, ec);
  CHECK_FALSE(ec);
  CHECK(ws.reason().code == websocket::close_code::normal);
}
