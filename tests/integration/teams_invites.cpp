// Teams: invitations, role-based permissions, and membership events on the WebSocket.
#include "integration/site.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;

namespace {

json members_of(http_client& c, std::int64_t team) {
  auto r = c.post("team.members", {{"team_id", team}});
  REQUIRE(r.status == 200);
  return r.body_json["members"];
}

std::optional<std::string> role_in(json const& members, std::int64_t user_id) {
  for (auto const& m : members)
    if (m["user_id"] == user_id) return m["role"].get<std::string>();
  return std::nullopt;
}

}  // namespace

TEST_CASE("an invitation made by an administrator creates an account and a membership, once") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const ikt = site.team_id("IKT");

  auto inv = site.admin.post("invite.create", {{"team_id", ikt}, {"role", "member"}});
  REQUIRE(inv.status == 200);
  auto const token = inv.body_json["token"].get<std::string>();
  CHECK(inv.body_json["path"] == "/invite#token=" + token);
  auto const& invitation = inv.body_json["invitation"];
  CHECK(invitation["team_id"] == ikt);
  CHECK(invitation["role"] == "member");
  CHECK(invitation["email"].is_null());
  CHECK(invitation["created_by"] == site.admin_user["id"]);
  CHECK(invitation["used_at"].is_null());
  CHECK(invitation["revoked_at"].is_null());

  http_client guest(site.srv);
  auto info = guest.post("invite.info", {{"token", token}});
  REQUIRE(info.status == 200);
  CHECK(info.body_json["team"]["id"] == ikt);
  CHECK(info.body_json["team"]["name"] == "IKT");
  CHECK(info.body_json["role"] == "member");
  CHECK(info.body_json["email"].is_null());
  CHECK(info.body_json["expires_at"] == invitation["expires_at"]);

  auto const users_before = site.admin.post("user.list").body_json["users"];
  json account = {{"token", token}, {"email", "nina@example.no"}, {"display_name", "Nina"}, {"password", default_password}};

  SUBCASE("refused acceptances write nothing and keep the invitation usable") {
    auto weak = account;
    weak["password"] = "short";
    CHECK(guest.post("invite.accept", weak).error_code() == "bad_request");
    auto taken = account;
    taken["email"] = admin_email;
    auto conflict = guest.post("invite.accept", taken);
    CHECK(conflict.status == 409);
    CHECK(conflict.error_code() == "conflict");
    auto no_org = account;
    no_org["org_id"] = 777;
    CHECK(guest.post("invite.accept", no_org).error_code() == "bad_request");
    auto no_name = account;
    no_name.erase("display_name");
    CHECK(guest.post("invite.accept", no_name).error_code() == "bad_request");
    CHECK(guest.cookies().empty());
    CHECK(site.admin.post("user.list").body_json["users"] == users_before);
    CHECK(members_of(site.admin, ikt).empty());
    CHECK(guest.post("invite.info", {{"token", token}}).status == 200);
  }

  auto accepted = guest.post("invite.accept", account);
  REQUIRE(accepted.status == 200);
  CHECK(accepted.body_json["team_id"] == ikt);
  CHECK(accepted.body_json["user"]["email"] == "nina@example.no");
  CHECK(accepted.body_json["user"]["is_admin"] == false);
  auto const nina = accepted.body_json["user"]["id"].get<std::int64_t>();
  CHECK_FALSE(guest.cookie("arena_session").empty());

  auto me = guest.post("auth.me");
  REQUIRE(me.status == 200);
  CHECK(me.body_json["user"]["id"] == nina);
  CHECK(me.body_json["memberships"] == json::array({{{"team_id", ikt}, {"role", "member"}}}));
  CHECK(role_in(members_of(site.admin, ikt), nina) == "member");

  // Single use: info and accept now say gone, for anyone.
  http_client late(site.srv);
  auto again = late.post("invite.accept", {{"token", token}, {"email", "olav@example.no"}, {"display_name", "Olav"},
                                           {"password", default_password}});
  CHECK(again.status == 410);
  CHECK(again.error_code() == "gone");
  CHECK(late.post("invite.info", {{"token", token}}).status == 410);
  CHECK(guest.post("invite.accept", {{"token", token}}).status == 410);
  CHECK(site.admin.post("user.list").body_json["users"].size() == users_before.size() + 1);

  // Unknown tokens are not_found.
  CHECK(late.post("invite.info", {{"token", "no-such-token"}}).error_code() == "not_found");
  CHECK(late.post("invite.accept", {{"token", "no-such-token"}}).error_code() == "not_found");

  // A signed-in user accepts with the token alone; a revoked invitation is gone.
  auto tekstil = site.team_id("Tekstil");
  auto inv2 = site.admin.post("invite.create", {{"team_id", tekstil}, {"role", "observer"}, {"email", "nina@example.no"},
                                                {"valid_hours", 1}});
  REQUIRE(inv2.status == 200);
  CHECK(inv2.body_json["invitation"]["email"] == "nina@example.no");
  auto joined = guest.post("invite.accept", {{"token", inv2.body_json["token"]}});
  REQUIRE(joined.status == 200);
  CHECK(joined.body_json["team_id"] == tekstil);
  CHECK(role_in(members_of(site.admin, tekstil), nina) == "observer");

  auto inv3 = site.admin.post("invite.create", {{"team_id", tekstil}, {"role", "member"}});
  REQUIRE(inv3.status == 200);
  CHECK(site.admin.post("invite.revoke", {{"id", inv3.body_json["invitation"]["id"]}}).status == 200);
  CHECK(site.admin.post("invite.revoke", {{"id", inv3.body_json["invitation"]["id"]}}).error_code() == "conflict");
  CHECK(late.post("invite.info", {{"token", inv3.body_json["token"]}}).status == 410);
  auto listed = site.admin.post("invite.list", {{"team_id", tekstil}});
  REQUIRE(listed.status == 200);
  CHECK(listed.body_json["invitations"].size() == 2);
  CHECK(listed.body.find(inv3.body_json["token"].get<std::string>()) == std::string::npos);
}

TEST_CASE("team permissions: facilitator, member, observer and non-member") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const ikt = site.team_id("IKT");
  auto const tekstil = site.team_id("Tekstil");
  auto fac = site.add_person("fac@example.no", "Fasilitator");
  auto mem = site.add_person("mem@example.no", "Medlem");
  auto obs = site.add_person("obs@example.no", "Observatør");
  auto out = site.add_person("out@example.no", "Utenfor");
  site.add_member(ikt, fac.id, "facilitator");
  site.add_member(ikt, mem.id, "member");
  site.add_member(ikt, obs.id, "observer");

  auto my_role = [&](http_client& c) -> json {
    auto const teams = c.post("team.list").body_json["teams"];
    for (auto const& t : teams)
      if (t["id"] == ikt) return t["my_role"];
    return "missing";
  };
  CHECK(my_role(*fac.http) == "facilitator");
  CHECK(my_role(*mem.http) == "member");
  CHECK(my_role(*obs.http) == "observer");
  CHECK(my_role(*out.http).is_null());
  CHECK(my_role(site.admin).is_null());

  // team.members: the team (observers included) and administrators.
  CHECK(members_of(*fac.http, ikt).size() == 3);
  CHECK(members_of(*mem.http, ikt).size() == 3);
  CHECK(members_of(*obs.http, ikt).size() == 3);
  CHECK(members_of(site.admin, ikt).size() == 3);
  auto refused = out.http->post("team.members", {{"team_id", ikt}});
  CHECK(refused.status == 403);
  CHECK(refused.error_code() == "forbidden");
  CHECK(fac.http->post("team.members", {{"team_id", tekstil}}).status == 403);

  // invite.create and invite.list: facilitators of that team and administrators.
  json const invite = {{"team_id", ikt}, {"role", "member"}};
  CHECK(fac.http->post("invite.create", invite).status == 200);
  CHECK(mem.http->post("invite.create", invite).error_code() == "forbidden");
  CHECK(obs.http->post("invite.create", invite).error_code() == "forbidden");
  CHECK(out.http->post("invite.create", invite).error_code() == "forbidden");
  CHECK(fac.http->post("invite.create", {{"team_id", tekstil}, {"role", "member"}}).error_code() == "forbidden");
  CHECK(fac.http->post("invite.list", {{"team_id", ikt}}).status == 200);
  CHECK(mem.http->post("invite.list", {{"team_id", ikt}}).error_code() == "forbidden");
  auto inv = fac.http->post("invite.create", invite);
  REQUIRE(inv.status == 200);
  auto inv_id = inv.body_json["invitation"]["id"];
  CHECK(mem.http->post("invite.revoke", {{"id", inv_id}}).error_code() == "forbidden");
  CHECK(out.http->post("invite.revoke", {{"id", inv_id}}).error_code() == "forbidden");
  CHECK(fac.http->post("invite.revoke", {{"id", inv_id}}).status == 200);

  // team.set_role: facilitators and administrators.
  json const demote_obs = {{"team_id", ikt}, {"user_id", obs.id}, {"role", "member"}};
  CHECK(mem.http->post("team.set_role", demote_obs).error_code() == "forbidden");
  CHECK(obs.http->post("team.set_role", {{"team_id", ikt}, {"user_id", obs.id}, {"role", "facilitator"}}).error_code() ==
        "forbidden");
  CHECK(out.http->post("team.set_role", demote_obs).error_code() == "forbidden");
  CHECK(role_in(members_of(site.admin, ikt), obs.id) == "observer");
  auto promoted = fac.http->post("team.set_role", demote_obs);
  REQUIRE(promoted.status == 200);
  CHECK(promoted.body_json["member"]["role"] == "member");
  CHECK(fac.http->post("team.set_role", {{"team_id", ikt}, {"user_id", out.id}, {"role", "member"}}).error_code() ==
        "not_found");
  CHECK(fac.http->post("team.set_role", {{"team_id", ikt}, {"user_id", fac.id}, {"role", "member"}}).error_code() ==
        "conflict");  // a facilitator cannot demote themselves
  CHECK(site.admin.post("team.set_role", {{"team_id", ikt}, {"user_id", obs.id}, {"role", "observer"}}).status == 200);

  // team.add_member: administrators only.
  CHECK(fac.http->post("team.add_member", {{"team_id", ikt}, {"user_id", out.id}, {"role", "member"}}).error_code() ==
        "forbidden");
  CHECK(site.admin.post("team.add_member", {{"team_id", ikt}, {"user_id", mem.id}, {"role", "member"}}).error_code() ==
        "conflict");

  // team.update: facilitators change the description; only administrators rename.
  CHECK(fac.http->post("team.update", {{"team_id", ikt}, {"description", "Ny beskrivelse"}}).status == 200);
  CHECK(fac.http->post("team.update", {{"team_id", ikt}, {"name", "IKT 2"}}).error_code() == "forbidden");
  CHECK(mem.http->post("team.update", {{"team_id", ikt}, {"description", "x"}}).error_code() == "forbidden");

  // team.remove_member: facilitators and administrators.
  CHECK(mem.http->post("team.remove_member", {{"team_id", ikt}, {"user_id", obs.id}}).error_code() == "forbidden");
  CHECK(fac.http->post("team.remove_member", {{"team_id", ikt}, {"user_id", obs.id}}).status == 200);
  CHECK(obs.http->post("team.members", {{"team_id", ikt}}).error_code() == "forbidden");
  CHECK(fac.http->post("team.remove_member", {{"team_id", ikt}, {"user_id", obs.id}}).error_code() == "not_found");

  auto me = mem.http->post("auth.me");
  CHECK(me.body_json["memberships"] == json::array({{{"team_id", ikt}, {"role", "member"}}}));
  CHECK(members_of(site.admin, ikt).size() == 2);

  // Accepting an invitation never lowers a role.
  auto low = site.admin.post("invite.create", {{"team_id", ikt}, {"role", "observer"}});
  REQUIRE(low.status == 200);
  CHECK(fac.http->post("invite.accept", {{"token", low.body_json["token"]}}).status == 200);
  CHECK(role_in(members_of(site.admin, ikt), fac.id) == "facilitator");

  // An archived team takes no invitations; only administrators archive.
  CHECK(fac.http->post("team.update", {{"team_id", ikt}, {"archived", true}}).error_code() == "forbidden");
  auto archived = site.admin.post("team.update", {{"team_id", ikt}, {"archived", true}});
  REQUIRE(archived.status == 200);
  CHECK(archived.body_json["team"]["archived"] == true);
  CHECK(fac.http->post("invite.create", invite).error_code() == "conflict");
  CHECK(site.admin.post("team.get", {{"team_id", ikt}}).body_json["team"]["archived"] == true);
}

TEST_CASE("membership events reach the team and the person concerned, and stop at removal") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const ikt = site.team_id("IKT");
  auto mem = site.add_person("mem@example.no", "Medlem");
  auto nyx = site.add_person("ny@example.no", "Ny");
  auto out = site.add_person("out@example.no", "Utenfor");
  site.add_member(ikt, mem.id, "member");

  auto ws_mem = site.socket_for(*mem.http);
  auto ws_new = site.socket_for(*nyx.http);  // connected before being added
  auto ws_out = site.socket_for(*out.http);

  site.add_member(ikt, nyx.id, "member");
  auto added = ws_mem->wait_event("team.member_added");
  CHECK(added["team_id"] == ikt);
  CHECK(added["member"]["user_id"] == nyx.id);
  CHECK(added["member"]["role"] == "member");
  CHECK(added["member"]["display_name"] == "Ny");
  auto added_self = ws_new->wait_event("team.member_added");
  CHECK(added_self["member"]["user_id"] == nyx.id);

  REQUIRE(site.admin.post("team.set_role", {{"team_id", ikt}, {"user_id", nyx.id}, {"role", "observer"}}).status == 200);
  auto updated = ws_mem->wait_event("team.member_updated");
  CHECK(updated["team_id"] == ikt);
  CHECK(updated["member"]["role"] == "observer");
  CHECK(ws_new->wait_event("team.member_updated")["member"]["user_id"] == nyx.id);

  REQUIRE(site.admin.post("team.update", {{"team_id", ikt}, {"description", "Første"}}).status == 200);
  auto upd = ws_mem->wait_event("team.updated");
  CHECK(upd["team"]["id"] == ikt);
  CHECK(upd["team"]["description"] == "Første");
  CHECK(upd["team"]["my_role"].is_null());
  CHECK(ws_new->wait_event("team.updated")["team"]["id"] == ikt);

  REQUIRE(site.admin.post("team.remove_member", {{"team_id", ikt}, {"user_id", nyx.id}}).status == 200);
  auto removed = ws_mem->wait_event("team.member_removed");
  CHECK(removed["team_id"] == ikt);
  CHECK(removed["user_id"] == nyx.id);
  auto removed_self = ws_new->wait_event("team.member_removed");
  CHECK(removed_self["team_id"] == ikt);
  CHECK(removed_self["user_id"] == nyx.id);

  // After removal the person gets no more team events. Another event reaches the team; a
  // round trip on the removed person's socket afterwards proves nothing was queued for it
  // (events and answers go through the same per-connection order).
  REQUIRE(site.admin.post("team.update", {{"team_id", ikt}, {"description", "Andre"}}).status == 200);
  CHECK(ws_mem->wait_event("team.updated")["team"]["description"] == "Andre");
  CHECK(ws_new->request("auth.me")["ok"] == true);
  CHECK_FALSE(ws_new->has_queued_event("team.updated"));
  CHECK_FALSE(ws_new->has_queued_event("team.member_removed"));

  // A non-member never heard any of it.
  CHECK(ws_out->request("auth.me")["ok"] == true);
  for (auto const* ev : {"team.member_added", "team.member_updated", "team.updated", "team.member_removed"})
    CHECK_FALSE(ws_out->has_queued_event(ev));

  // Joining by invitation is announced too.
  auto inv = site.admin.post("invite.create", {{"team_id", ikt}, {"role", "member"}});
  REQUIRE(inv.status == 200);
  REQUIRE(out.http->post("invite.accept", {{"token", inv.body_json["token"]}}).status == 200);
  CHECK(ws_mem->wait_event("team.member_added")["member"]["user_id"] == out.id);
  CHECK(ws_out->wait_event("team.member_added")["member"]["user_id"] == out.id);
  REQUIRE(site.admin.post("team.update", {{"team_id", ikt}, {"description", "Tredje"}}).status == 200);
  CHECK(ws_out->wait_event("team.updated")["team"]["description"] == "Tredje");
}
