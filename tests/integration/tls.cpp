// HTTPS and WSS: the __Host- cookie with Secure, HSTS, and TLS 1.2 as the oldest protocol.
#include "integration/site.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include <doctest/doctest.h>

using namespace arena::itest;

namespace {

struct handshake_result {
  bool ok = false;
  std::string error;    // when !ok
  std::string version;  // when ok: "TLSv1.2", "TLSv1.3"
};

// A client handshake with the protocol pinned to [min, max]. The client's security level is
// lowered to 0 so that OpenSSL 3 is willing to offer TLS 1.0/1.1 at all: a refusal must then
// come from the server, not from our own library.
handshake_result handshake_pinned(std::uint16_t port, int min_version, int max_version) {
  namespace asio = boost::asio;
  namespace ssl = asio::ssl;
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);
  SSL_CTX_set_security_level(ctx.native_handle(), 0);
  SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(ctx.native_handle(), min_version);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
  ssl::stream<asio::ip::tcp::socket> s(ioc, ctx);
  s.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  SSL_set_tlsext_host_name(s.native_handle(), "localhost");
  // A blocking handshake is safe here: the server answers or closes at once, and its own
  // handshake timeout (30 s) bounds it.
  boost::system::error_code ec;
  s.handshake(ssl::stream_base::client, ec);
  handshake_result r;
  if (ec) {
    r.error = ec.message();
    return r;
  }
  r.ok = true;
  r.version = SSL_get_version(s.native_handle());
  s.shutdown(ec);
  return r;
}

}  // namespace

TEST_CASE("TLS: the session cookie is __Host-arena_session with Secure, and HTTPS and WSS work") {
  tls_files certs;
  static_site web;
  arena_site site(server_options{.static_dir = web.path(), .tls_cert = certs.cert(), .tls_key = certs.key()});
  ARENA_LOG_ON_FAILURE(site);
  CHECK(site.srv.listening_line().find("https://127.0.0.1:") != std::string::npos);

  // Setup (done by arena_site) set the TLS cookie; check it on a fresh login.
  http_client c(site.srv);
  auto login = c.post("auth.login", {{"email", admin_email}, {"password", admin_password}});
  REQUIRE(login.status == 200);
  auto cookie = parse_set_cookie(login.header("set-cookie"));
  CHECK(cookie.name == "__Host-arena_session");
  CHECK(cookie.has_attribute("Secure"));
  CHECK(cookie.has_attribute("HttpOnly"));
  CHECK(cookie.attribute("SameSite") == "Strict");
  CHECK(cookie.attribute("Path") == "/");
  CHECK_FALSE(cookie.has_attribute("Domain"));
  CHECK_FALSE(site.admin.cookie("__Host-arena_session").empty());
  CHECK(site.admin.cookie("arena_session").empty());

  CHECK(c.post("auth.me").body_json["user"]["email"] == admin_email);
  // The plain-HTTP cookie name means nothing on a TLS server.
  http_client wrong_name(site.srv);
  wrong_name.set_cookie_value("arena_session", c.cookie("__Host-arena_session"));
  CHECK(wrong_name.post("auth.me").status == 401);

  auto page = c.get("/");
  REQUIRE(page.status == 200);
  CHECK(page.header("strict-transport-security").find("max-age=") != std::string::npos);
  CHECK(page.header("content-security-policy").find("wss://" + site.srv.host()) != std::string::npos);

  auto ws = site.socket_for(c);
  CHECK(ws->hello_frame()["user"]["email"] == admin_email);
  CHECK(ws->request("team.list")["teams"].size() == 4);
  auto o = site.ws_options(c);
  o.origin = "http://" + site.srv.host();  // the right host with the wrong scheme
  CHECK(ws_client::try_connect(site.srv.port(), true, o).status == 403);

  auto out = c.post("auth.logout");
  CHECK(out.status == 200);
  auto cleared = parse_set_cookie(out.header("set-cookie"));
  CHECK(cleared.name == "__Host-arena_session");
  CHECK(cleared.has_attribute("Secure"));
  CHECK(cleared.attribute("Max-Age") == "0");
  CHECK(ws->wait_close() == 1008);

  // Plain HTTP on the TLS port gets no answer.
  http_client plain(site.srv.port(), false);
  CHECK(plain.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 0);
  CHECK(site.admin.get("/healthz").status == 200);
}

TEST_CASE("TLS: 1.2 and 1.3 are accepted, 1.1 and 1.0 are refused by the server") {
  tls_files certs;
  server_process srv(server_options{.tls_cert = certs.cert(), .tls_key = certs.key()});
  INFO("server log (tail):\n", srv.log_tail());

  auto v13 = handshake_pinned(srv.port(), TLS1_3_VERSION, TLS1_3_VERSION);
  CHECK_MESSAGE(v13.ok, v13.error);
  CHECK(v13.version == "TLSv1.3");
  auto v12 = handshake_pinned(srv.port(), TLS1_2_VERSION, TLS1_2_VERSION);
  CHECK_MESSAGE(v12.ok, v12.error);  // the same lowered client does speak TLS when allowed
  CHECK(v12.version == "TLSv1.2");

  for (int v : {TLS1_1_VERSION, TLS1_VERSION}) {
    auto old = handshake_pinned(srv.port(), v, v);
    INFO("version ", v, ": ", old.error);
    CHECK_FALSE(old.ok);
    // A local refusal would read "no protocols available"; the server's reads "protocol version"
    // (or "unsupported protocol" / a dropped connection, depending on where it stops).
    CHECK(old.error.find("no protocols available") == std::string::npos);
  }

  // The openssl command-line client agrees.
  auto s_client = run_program({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(srv.port()), "-tls1_1",
                               "-cipher", "DEFAULT:@SECLEVEL=0"});
  CHECK(s_client.exit_code != 0);
  CHECK(srv.running());
}
