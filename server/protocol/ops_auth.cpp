// Operations of sign-in, sessions, profile and API tokens (docs/PROTOCOL.md).
#include "accounts/users.hpp"
#include "auth/sessions.hpp"
#include "auth/tokens.hpp"
#include "protocol/args.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"
#include "teams/teams.hpp"
#include "util/clock.hpp"


namespace arena::protocol {

namespace {

status check_password_policy(std::string const& pw, char const* field) {
  if (auto problem = auth::password_problem(pw)) return make_error(errc::bad_request, std::string(field) + ": " + *problem);
  return {};
}

result<accounts::org_input> org_from(json const& o) {
  if (!o.is_object()) return make_error(errc::bad_request, "organisation: an object is required");
  accounts::org_input in;
  ARENA_TRY(name, args::string(o, "name", 1, 400));
  ARENA_TRY(orgnr, args::opt_string(o, "orgnr", 32));
  ARENA_TRY(foreign_id, args::opt_string(o, "foreign_id", 64));
  ARENA_TRY(country, args::opt_string(o, "country", 2));
  in.name = name;
  in.orgnr = orgnr;
  in.foreign_id = foreign_id;
  in.country = country;
  return accounts::validate_org(in);
}

}  // namespace

result<json> server_info(services& svc, call& c, json const&) {
  return answer(json{{"version", svc.server_version}, {"needs_setup", !accounts::any_admin(*c.db)}, {"languages", {"nb", "en"}}});
}

result<json> setup_complete(services& svc, call& c, json const& a) {
  ARENA_TRY(token, args::string(a, "token", 1, 200));
  ARENA_TRY(email, args::string(a, "email", 1, 254));
  ARENA_TRY(name, args::string(a, "display_name", 1, 400));
  ARENA_TRY(password, args::string(a, "password", 0, 1024));
  if (!a.contains("organisation")) return make_error(errc::bad_request, "organisation: is required");
  ARENA_TRY(org, org_from(a["organisation"]));
  if (auto st = accounts::validate_email(email); !st) return st.error();
  if (auto st = accounts::validate_display_name(name); !st) return st.error();
  if (auto st = check_password_policy(password, "password"); !st) return st.error();
  std::string hash = svc.hasher.hash(password);
  struct out_t { accounts::user u; std::string token; };
  auto r = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<out_t> {
    if (auto st = auth::consume_setup_token(w, token); !st) return st.error();
    // Reuse the organisation when it is registered already.
    std::optional<std::int64_t> org_id;
    for (auto const& o : accounts::list_orgs(w))
      if ((org.orgnr && o.orgnr == org.orgnr) || (org.foreign_id && o.foreign_id == org.foreign_id && o.country == org.country))
        org_id = o.id;
    if (!org_id) {
      auto o = accounts::create_org(w, org);
      if (!o) return o.error();
      org_id = o->id;
    }
    accounts::new_user nu{email, name, hash, org_id, "nb", true};
    auto u = accounts::create_user(w, nu);
    if (!u) return u.error();
    auto t = auth::create_session(w, u->id, svc.policy);
    return out_t{*u, t.token};
  });
  if (!r) return r.error();
  c.new_session_token = r->token;
  return answer(json{{"user", to_json(r->u)}});
}

result<json> auth_login(services& svc, call& c, json const& a) {
  ARENA_TRY(email, args::string(a, "email", 1, 254));
  ARENA_TRY(password, args::string(a, "password", 0, 1024));
  auto const now = util::now_ms();
  std::string const account_key = auth::login_throttle::account_key(email);
  std::string const addr_key = auth::login_throttle::addr_key(c.remote_addr);
  for (auto const* key : {&account_key, &addr_key}) {
    if (auto wait = svc.throttle.retry_after_s(*key, now)) {
      error e = make_error(errc::rate_limited, "too many failed sign-in attempts; try again later");
      e.retry_after_s = *wait;
      return e;
    }
  }
  // Unknown e-mail, disabled account and wrong password take the same path: one argon2 verify.
  auto user = accounts::find_user_by_email(*c.db, email);
  std::optional<std::string> hash = user ? accounts::password_hash_of(*c.db, user->id) : std::nullopt;
  bool ok = false;
  if (hash) {
    ok = svc.hasher.verify(*hash, password);
  } else {
    svc.hasher.verify_dummy(password);
  }
  if (!ok || user->disabled) {
    svc.throttle.failure(account_key, now);
    svc.throttle.failure(addr_key, now);
    return make_error(errc::unauthorized, "wrong e-mail address or password");
  }
  svc.throttle.success(account_key);
  auto t = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<auth::issued_token> {
    return auth::create_session(w, user->id, svc.policy);
  });
  if (!t) return t.error();
  c.new_session_token = t->token;
  return answer(json{{"user", to_json(*user)}});
}

result<json> auth_logout(services& svc, call& c, json const&) {
  auto sid = c.who->session_id;
  auto st = store::write_sync(svc.db.write(), [&](store::connection& w) { return auth::revoke_session(w, sid); });
  if (!st) return st.error();
  c.clear_session_cookie = true;
  if (c.socket) {
    // Over a WebSocket: this socket gets its answer first, then the 1008 close.
    svc.fx.end_sessions({sid}, c.socket->id);
    c.socket->send(encode_shared(make_answer(c.socket->rid, json::object())), false);
    c.socket->close(1008, "session ended");
    c.answered = true;
    return answer(json::object());
  }
  svc.fx.end_sessions({sid});
  return answer(json::object());
}

result<json> auth_me(services&, call& c, json const&) {
  auto u = accounts::find_user(*c.db, c.who->user_id);
  if (!u) return u.error();
  json ms = json::array();
  for (auto const& [team_id, role] : teams::memberships_of(*c.db, c.who->user_id))
    ms.push_back({{"team_id", team_id}, {"role", std::string(auth::to_string(role))}});
  return answer(json{{"user", to_json(*u)}, {"memberships", std::move(ms)}});
}

result<json> profile_update(services& svc, call& c, json const& a) {
  accounts::user_changes ch;
  ARENA_TRY(name, args::opt_string(a, "display_name", 400));
  ARENA_TRY(lang, args::opt_string(a, "language", 8));
  ch.display_name = name;
  ch.language = lang;
  auto u = store::write_sync(svc.db.write(), [&](store::connection& w) { return accounts::update_user(w, c.who->user_id, ch); });
  if (!u) return u.error();
  return answer(json{{"user", to_json(*u)}});
}

result<json> profile_password(services& svc, call& c, json const& a) {
  ARENA_TRY(current, args::string(a, "current_password", 0, 1024));
  ARENA_TRY(next, args::string(a, "new_password", 0, 1024));
  if (auto st = check_password_policy(next, "new_password"); !st) return st.error();
  auto hash = accounts::password_hash_of(*c.db, c.who->user_id);
  if (!hash || !svc.hasher.verify(*hash, current)) return make_error(errc::unauthorized, "the current password is wrong");
  std::string new_hash = svc.hasher.hash(next);
  auto ended = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<std::vector<std::int64_t>> {
    if (auto st = accounts::set_password_hash(w, c.who->user_id, new_hash); !st) return st.error();
    return auth::revoke_user_sessions(w, c.who->user_id, c.who->session_id);
  });
  if (!ended) return ended.error();
  svc.fx.end_sessions(*ended);
  return answer(json::object());
}

result<json> token_create(services& svc, call& c, json const& a) {
  ARENA_TRY(name, args::string(a, "name", 1, 100));
  auto t = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<auth::issued_token> {
    return auth::create_api_token(w, c.who->user_id, name);
  });
  if (!t) return t.error();
  auto now = util::now_ms();
  return answer(json{{"token", t->token}, {"info", to_json(accounts::api_token_info{t->id, name, now, now})}});
}

result<json> token_list(services&, call& c, json const&) {
  json out = json::array();
  for (auto const& t : auth::list_api_tokens(*c.db, c.who->user_id)) out.push_back(to_json(t));
  return answer(json{{"tokens", std::move(out)}});
}

result<json> token_revoke(services& svc, call& c, json const& a) {
  ARENA_TRY(id, args::id(a, "id"));
  auto st = store::write_sync(svc.db.write(), [&](store::connection& w) { return auth::revoke_api_token(w, c.who->user_id, id); });
  if (!st) return st.error();
  svc.fx.end_sessions({id});
  return answer(json::object());
}

}  // namespace arena::protocol
