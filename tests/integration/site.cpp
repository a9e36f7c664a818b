#include "integration/site.hpp"

#include <stdexcept>

namespace arena::itest {

json setup_body(std::string const& token, std::string const& email, std::string const& password) {
  return {{"token", token},
          {"email", email},
          {"display_name", "Kari Nordmann"},
          {"password", password},
          {"organisation", {{"name", "Helse Vest RHF"}, {"orgnr", "983974880"}}}};
}

arena_site::arena_site(server_options opts) : srv(std::move(opts)), admin(srv) {
  if (srv.setup_token().empty()) throw std::runtime_error("arena_site: the server printed no setup token");
  auto r = admin.post("setup.complete", setup_body(srv.setup_token()));
  if (r.status != 200 || !r.ok())
    throw std::runtime_error("arena_site: setup.complete failed: " + std::to_string(r.status) + " " + r.body + "\n" +
                             srv.log_text());
  admin_user = r.body_json["user"];
}

person arena_site::add_person(std::string const& email, std::string const& name, bool sign_in, bool is_admin) {
  auto r = admin.post("user.create",
                      {{"email", email}, {"display_name", name}, {"password", default_password}, {"is_admin", is_admin}});
  INFO("user.create ", email, ": ", r.body);
  REQUIRE(r.status == 200);
  person p;
  p.user = r.body_json["user"];
  p.id = p.user["id"].get<std::int64_t>();
  p.email = email;
  p.password = default_password;
  if (sign_in) p.http = login(email, default_password);
  return p;
}

std::unique_ptr<http_client> arena_site::login(std::string const& email, std::string const& password, http_response* out) {
  auto c = std::make_unique<http_client>(srv);
  auto r = c->post("auth.login", {{"email", email}, {"password", password}});
  if (out) {
    *out = r;
    return r.status == 200 ? std::move(c) : nullptr;
  }
  INFO("auth.login ", email, ": ", r.body);
  REQUIRE(r.status == 200);
  REQUIRE_FALSE(c->cookie(cookie_name()).empty());
  return c;
}

std::int64_t arena_site::team_id(std::string const& name) {
  auto r = admin.post("team.list");
  REQUIRE(r.status == 200);
  for (auto const& t : r.body_json["teams"])
    if (t["name"] == name) return t["id"].get<std::int64_t>();
  FAIL("no team named " << name << " in " << r.body);
  return 0;
}

void arena_site::add_member(std::int64_t team, std::int64_t user, std::string const& role) {
  auto r = admin.post("team.add_member", {{"team_id", team}, {"user_id", user}, {"role", role}});
  INFO("team.add_member: ", r.body);
  REQUIRE(r.status == 200);
}

ws_client::options arena_site::ws_options(http_client const& who) const {
  ws_client::options o;
  o.cookie = who.cookie_header();
  o.origin = srv.origin();
  return o;
}

std::unique_ptr<ws_client> arena_site::socket_for(http_client const& who) {
  return ws_client::connect(srv.port(), srv.tls(), ws_options(who));
}

}  // namespace arena::itest
