// Administration of users and organisations (docs/PROTOCOL.md).
#include "accounts/users.hpp"
#include "auth/sessions.hpp"
#include "protocol/args.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"

namespace arena::protocol {

namespace {

result<accounts::org_input> org_fields(json const& a) {
  accounts::org_input in;
  ARENA_TRY(name, args::string(a, "name", 1, 400));
  ARENA_TRY(orgnr, args::opt_string(a, "orgnr", 32));
  ARENA_TRY(foreign_id, args::opt_string(a, "foreign_id", 64));
  ARENA_TRY(country, args::opt_string(a, "country", 2));
  in.name = name;
  in.orgnr = orgnr;
  in.foreign_id = foreign_id;
  in.country = country;
  return in;
}

}  // namespace

result<json> user_list(services&, call& c, json const&) {
  json out = json::array();
  for (auto const& u : accounts::list_users(*c.db)) out.push_back(to_json(u));
  return answer(json{{"users", std::move(out)}});
}

result<json> user_create(services& svc, call&, json const& a) {
  ARENA_TRY(email, args::string(a, "email", 1, 254));
  ARENA_TRY(name, args::string(a, "display_name", 1, 400));
  ARENA_TRY(password, args::string(a, "password", 0, 1024));
  ARENA_TRY(org_id, args::opt_id(a, "org_id"));
  ARENA_TRY(is_admin, args::opt_bool(a, "is_admin"));
  ARENA_TRY(lang, args::opt_string(a, "language", 8));
  if (auto problem = auth::password_problem(password)) return make_error(errc::bad_request, "password: " + *problem);
  if (auto st = accounts::validate_email(email); !st) return st.error();
  accounts::new_user nu{email, name, svc.hasher.hash(password), org_id, lang.value_or("nb"), is_admin.value_or(false)};
  auto u = store::write_sync(svc.db.write(), [&](store::connection& w) { return accounts::create_user(w, nu); });
  if (!u) return u.error();
  return answer(json{{"user", to_json(*u)}});
}

result<json> user_update(services& svc, call&, json const& a) {
  ARENA_TRY(id, args::id(a, "id"));
  accounts::user_changes ch;
  ARENA_TRY(name, args::opt_string(a, "display_name", 400));
  ARENA_TRY(lang, args::opt_string(a, "language", 8));
  ARENA_TRY(is_admin, args::opt_bool(a, "is_admin"));
  ARENA_TRY(disabled, args::opt_bool(a, "disabled"));
  ch.display_name = name;
  ch.language = lang;
  ch.is_admin = is_admin;
  ch.disabled = disabled;
  if (a.contains("org_id")) {
    ARENA_TRY(org_id, args::opt_id(a, "org_id"));
    ch.org_id = org_id;
  }
  struct out_t { accounts::user u; std::vector<std::int64_t> ended; };
  auto r = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<out_t> {
    std::vector<std::int64_t> ended;
    if (disabled && *disabled) ended = auth::revoke_user_sessions(w, id, 0);
    auto u = accounts::update_user(w, id, ch);
    if (!u) return u.error();
    return out_t{*u, std::move(ended)};
  });
  if (!r) return r.error();
  svc.fx.end_sessions(r->ended);
  return answer(json{{"user", to_json(r->u)}});
}

result<json> org_list(services&, call& c, json const&) {
  json out = json::array();
  for (auto const& o : accounts::list_orgs(*c.db)) out.push_back(to_json(o));
  return answer(json{{"organisations", std::move(out)}});
}

result<json> org_create(services& svc, call&, json const& a) {
  ARENA_TRY(in, org_fields(a));
  auto o = store::write_sync(svc.db.write(), [&](store::connection& w) { return accounts::create_org(w, in); });
  if (!o) return o.error();
  return answer(json{{"organisation", to_json(*o)}});
}

result<json> org_update(services& svc, call&, json const& a) {
  ARENA_TRY(id, args::id(a, "id"));
  ARENA_TRY(in, org_fields(a));
  auto o = store::write_sync(svc.db.write(), [&](store::connection& w) { return accounts::update_org(w, id, in); });
  if (!o) return o.error();
  return answer(json{{"organisation", to_json(*o)}});
}

}  // namespace arena::protocol
