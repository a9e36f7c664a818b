// A running server with its first administrator: the starting point of most integration tests.
//
// arena_site starts `arena serve` on an empty database and completes the setup with the printed
// token, so `admin` is an HTTP client holding the administrator's session cookie. add_person()
// creates further users (user.create, then auth.login: two password hashes each, so tests keep
// the number of people small). Thread-safety: none.
#pragma once

#include "integration/harness.hpp"
#include "integration/http_client.hpp"
#include "integration/ws_client.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace arena::itest {

inline constexpr char const* admin_email = "kari@helse-vest.no";
inline constexpr char const* admin_password = "korrekt hest batteri";
inline constexpr char const* default_password = "et langt passord 123";

// The setup.complete body for the printed token.
json setup_body(std::string const& token, std::string const& email = admin_email, std::string const& password = admin_password);

struct person {
  std::int64_t id = 0;
  std::string email, password;
  json user;
  std::unique_ptr<http_client> http;  // signed in (session cookie), unless created without login
};

class arena_site {
 public:
  explicit arena_site(server_options opts = {});

  server_process srv;
  http_client admin;
  json admin_user;

  // user.create as the administrator, then (when `sign_in`) auth.login as the new user.
  person add_person(std::string const& email, std::string const& name, bool sign_in = true, bool is_admin = false);
  // auth.login as `email`: a new client with that session, or the failed response via `out`.
  std::unique_ptr<http_client> login(std::string const& email, std::string const& password, http_response* out = nullptr);
  // The id of the team with that name (team.list as the administrator).
  std::int64_t team_id(std::string const& name);
  // team.add_member as the administrator; REQUIREs success.
  void add_member(std::int64_t team_id, std::int64_t user_id, std::string const& role);
  // A WebSocket with this client's cookie and the server's own Origin, after its hello.
  std::unique_ptr<ws_client> socket_for(http_client const& who);
  ws_client::options ws_options(http_client const& who) const;
  // The session cookie's name on this server (arena_session, or __Host-arena_session on TLS).
  std::string cookie_name() const { return srv.tls() ? "__Host-arena_session" : "arena_session"; }
};

// Shows the end of the server log when a check in this scope fails.
#define ARENA_LOG_ON_FAILURE(site) INFO("server log (tail):\n", (site).srv.log_tail())

}  // namespace arena::itest
