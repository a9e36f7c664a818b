// Teams, memberships and invitations (docs/PROTOCOL.md). Events go out after COMMIT.
#include "accounts/users.hpp"
#include "auth/sessions.hpp"
#include "protocol/args.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"
#include "teams/teams.hpp"

namespace arena::protocol {

namespace {

result<auth::team_role> role_field(json const& a) {
  ARENA_TRY(s, args::string(a, "role", 1, 20));
  auto r = auth::parse_team_role(s);
  if (!r) return make_error(errc::bad_request, "role: must be facilitator, member or observer");
  return *r;
}

void publish(services& svc, std::string const& topic, json ev) { svc.hub.publish(topic, encode_shared(ev)); }

void announce_member(services& svc, char const* ev, std::int64_t team_id, teams::member const& m) {
  auto frame = encode_shared(json{{"ev", ev}, {"team_id", team_id}, {"member", to_json(m)}});
  svc.hub.publish(bus::team_topic(team_id), frame);
}

}  // namespace

result<json> team_list(services&, call& c, json const&) {
  json out = json::array();
  for (auto const& t : teams::list_teams(*c.db, c.who->user_id)) out.push_back(to_json(t));
  return answer(json{{"teams", std::move(out)}});
}

result<json> team_get(services&, call& c, json const& a) {
  ARENA_TRY(id, args::id(a, "team_id"));
  auto t = teams::find_team(*c.db, id, c.who->user_id);
  if (!t) return t.error();
  return answer(json{{"team", to_json(*t)}});
}

result<json> team_create(services& svc, call& c, json const& a) {
  teams::team_input in;
  ARENA_TRY(name, args::string(a, "name", 1, 400));
  ARENA_TRY(slug, args::string(a, "slug", 1, 40));
  ARENA_TRY(desc, args::opt_string(a, "description", 8000));
  in.name = name;
  in.slug = slug;
  in.description = desc;
  auto t = store::write_sync(svc.db.write(), [&](store::connection& w) { return teams::create_team(w, in); });
  if (!t) return t.error();
  (void)c;
  return answer(json{{"team", to_json(*t)}});
}

result<json> team_update(services& svc, call& c, json const& a) {
  ARENA_TRY(id, args::id(a, "team_id"));
  teams::team_input in;
  ARENA_TRY(name, args::opt_string(a, "name", 400));
  ARENA_TRY(desc, args::opt_string(a, "description", 8000));
  ARENA_TRY(archived, args::opt_bool(a, "archived"));
  if ((name || archived) && !c.who->is_admin)
    return make_error(errc::forbidden, "only administrators rename or archive teams");
  in.name = name;
  in.description = desc;
  in.archived = archived;
  auto t = store::write_sync(svc.db.write(), [&](store::connection& w) { return teams::update_team(w, id, in); });
  if (!t) return t.error();
  publish(svc, bus::team_topic(id), json{{"ev", "team.updated"}, {"team", to_json(*t)}});
  auto mine = teams::find_team(*c.db, id, c.who->user_id);
  return answer(json{{"team", to_json(mine ? *mine : *t)}});
}

result<json> team_members(services&, call& c, json const& a) {
  ARENA_TRY(id, args::id(a, "team_id"));
  json out = json::array();
  for (auto const& m : teams::list_members(*c.db, id)) out.push_back(to_json(m));
  return answer(json{{"members", std::move(out)}});
}

result<json> team_add_member(services& svc, call&, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(user_id, args::id(a, "user_id"));
  ARENA_TRY(role, role_field(a));
  auto m = store::write_sync(svc.db.write(), [&](store::connection& w) { return teams::add_member(w, team_id, user_id, role); });
  if (!m) return m.error();
  svc.fx.membership_changed(user_id, team_id, true);
  announce_member(svc, "team.member_added", team_id, *m);
  return answer(json{{"member", to_json(*m)}});
}

result<json> team_set_role(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(user_id, args::id(a, "user_id"));
  ARENA_TRY(role, role_field(a));
  if (user_id == c.who->user_id && !c.who->is_admin && role != auth::team_role::facilitator)
    return make_error(errc::conflict, "a facilitator cannot demote themselves; ask another facilitator or an administrator");
  bool const admin = c.who->is_admin;
  auto m = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<teams::member> {
    auto r = teams::set_role(w, team_id, user_id, role);
    if (r && !admin && teams::facilitator_count(w, team_id) == 0)
      return make_error(errc::conflict, "a team keeps at least one facilitator");
    return r;
  });
  if (!m) return m.error();
  announce_member(svc, "team.member_updated", team_id, *m);
  return answer(json{{"member", to_json(*m)}});
}

result<json> team_remove_member(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(user_id, args::id(a, "user_id"));
  bool const admin = c.who->is_admin;
  auto st = store::write_sync(svc.db.write(), [&](store::connection& w) -> status {
    bool was_facilitator = teams::role_of(w, team_id, user_id) == auth::team_role::facilitator;
    if (auto r = teams::remove_member(w, team_id, user_id); !r) return r;
    if (was_facilitator && !admin && teams::facilitator_count(w, team_id) == 0)
      return make_error(errc::conflict, "a team keeps at least one facilitator");
    return {};
  });
  if (!st) return st.error();
  // Stop delivery to the removed person first, then tell the team and them.
  svc.fx.membership_changed(user_id, team_id, false);
  auto frame = encode_shared(json{{"ev", "team.member_removed"}, {"team_id", team_id}, {"user_id", user_id}});
  svc.hub.publish(bus::team_topic(team_id), frame);
  svc.hub.publish(bus::user_topic(user_id), frame);
  return answer(json::object());
}

result<json> invite_create(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(role, role_field(a));
  ARENA_TRY(email, args::opt_string(a, "email", 254));
  ARENA_TRY(hours, args::opt_integer(a, "valid_hours", 1, 720));
  if (email && !email->empty()) {
    if (auto st = accounts::validate_email(*email); !st) return st.error();
  } else {
    email.reset();
  }
  auto r = store::write_sync(svc.db.write(), [&](store::connection& w) {
    return teams::create_invitation(w, team_id, role, email, c.who->user_id, static_cast<int>(hours.value_or(168)));
  });
  if (!r) return r.error();
  return answer(json{{"invitation", to_json(r->inv)}, {"token", r->token}, {"path", "/invite#token=" + r->token}});
}

result<json> invite_list(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  json out = json::array();
  for (auto const& i : teams::list_invitations(*c.db, team_id)) out.push_back(to_json(i));
  return answer(json{{"invitations", std::move(out)}});
}

result<json> invite_revoke(services& svc, call& c, json const& a) {
  ARENA_TRY(id, args::id(a, "id"));
  auto inv = teams::find_invitation(*c.db, id);
  if (!inv) return inv.error();
  if (!auth::allowed(auth::access::facilitator, &*c.who, teams::role_of(*c.db, inv->team_id, c.who->user_id)))
    return make_error(errc::forbidden, "you are not allowed to do this");
  auto st = store::write_sync(svc.db.write(), [&](store::connection& w) { return teams::revoke_invitation(w, id); });
  if (!st) return st.error();
  return answer(json::object());
}

result<json> invite_info(services&, call& c, json const& a) {
  ARENA_TRY(token, args::string(a, "token", 1, 200));
  auto inv = teams::usable_invitation(*c.db, token);
  if (!inv) return inv.error();
  auto t = teams::find_team(*c.db, inv->team_id, 0);
  if (!t) return t.error();
  // The newcomer picks their organisation when creating the account (names only).
  json orgs = json::array();
  for (auto const& o : accounts::list_orgs(*c.db)) orgs.push_back({{"id", o.id}, {"name", o.name}});
  return answer(json{{"team", {{"id", t->id}, {"name", t->name}}},
              {"role", std::string(auth::to_string(inv->role))},
              {"email", inv->email ? json(*inv->email) : json(nullptr)},
              {"expires_at", time_json(inv->expires_at)},
              {"organisations", std::move(orgs)}});
}

result<json> invite_accept(services& svc, call& c, json const& a) {
  ARENA_TRY(token, args::string(a, "token", 1, 200));
  auto inv = teams::usable_invitation(*c.db, token);
  if (!inv) return inv.error();
  // An invitation made out to an address is for that person only.
  auto meant_for = [&](std::string_view email) {
    if (!inv->email) return true;
    auto const& want = *inv->email;
    return want.size() == email.size() && std::equal(want.begin(), want.end(), email.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  if (c.who) {
    if (!meant_for(c.who->email)) return make_error(errc::forbidden, "this invitation is for another e-mail address");
    auto uid = c.who->user_id;
    auto st = store::write_sync(svc.db.write(), [&](store::connection& w) -> status {
      auto fresh = teams::usable_invitation(w, token);
      if (!fresh) return fresh.error();
      return teams::use_invitation(w, *fresh, uid);
    });
    if (!st) return st.error();
    svc.fx.membership_changed(uid, inv->team_id, true);
    if (auto m = teams::find_member(*c.db, inv->team_id, uid)) announce_member(svc, "team.member_added", inv->team_id, *m);
    auto u = accounts::find_user(*c.db, uid);
    if (!u) return u.error();
    return answer(json{{"user", to_json(*u)}, {"team_id", inv->team_id}});
  }
  ARENA_TRY(email, args::string(a, "email", 1, 254));
  ARENA_TRY(name, args::string(a, "display_name", 1, 400));
  ARENA_TRY(password, args::string(a, "password", 0, 1024));
  ARENA_TRY(org_id, args::opt_id(a, "org_id"));
  ARENA_TRY(lang, args::opt_string(a, "language", 8));
  if (auto st = accounts::validate_email(email); !st) return st.error();
  if (!meant_for(email)) return make_error(errc::forbidden, "this invitation is for another e-mail address");
  if (auto st = accounts::validate_display_name(name); !st) return st.error();
  if (auto problem = auth::password_problem(password)) return make_error(errc::bad_request, "password: " + *problem);
  std::string hash = svc.hasher.hash(password);
  struct out_t { accounts::user u; std::string token; };
  auto r = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<out_t> {
    auto fresh = teams::usable_invitation(w, token);
    if (!fresh) return fresh.error();
    if (auto existing = accounts::find_user_by_email(w, email))
      return make_error(errc::conflict, "an account with this e-mail address exists: sign in first, then accept");
    auto u = accounts::create_user(w, accounts::new_user{email, name, hash, org_id, lang.value_or("nb"), false});
    if (!u) return u.error();
    if (auto st = teams::use_invitation(w, *fresh, u->id); !st) return st.error();
    auto t = auth::create_session(w, u->id, svc.policy);
    return out_t{*u, t.token};
  });
  if (!r) return r.error();
  c.new_session_token = r->token;
  if (auto m = teams::find_member(*c.db, inv->team_id, r->u.id)) announce_member(svc, "team.member_added", inv->team_id, *m);
  return answer(json{{"user", to_json(r->u)}, {"team_id", inv->team_id}});
}

}  // namespace arena::protocol
