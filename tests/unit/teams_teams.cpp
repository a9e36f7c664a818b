// Teams, memberships and invitations against a real (temporary) database, no sockets.
#include "accounts/users.hpp"
#include "store/database.hpp"
#include "teams/teams.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

using namespace arena;

namespace {

struct fixture {
  test::temp_dir dir;
  store::database db{store::database::options{dir.path() / "arena.db", {}, 1}};

  std::int64_t add_user(std::string email) {
    auto u = store::write_sync(db.write(), [&](store::connection& w) {
      return accounts::create_user(w, accounts::new_user{email, "Person " + email, "x", std::nullopt, "nb", false});
    });
    REQUIRE(u);
    return u->id;
  }
  store::connection reader() { return store::connection(db.file().string(), store::connection::mode::read_only); }
};

}  // namespace

TEST_CASE("a fresh database holds the seed's four teams") {
  fixture f;
  auto c = f.reader();
  auto teams = teams::list_teams(c, 0);
  REQUIRE(teams.size() == 4);
  CHECK(teams[0].name == "Bygg og anlegg");
  CHECK(teams[1].name == "IKT");
  CHECK(teams[2].name == "Tekstil");
  CHECK(teams[3].name == "Medisinsk materiell");
}

TEST_CASE("memberships: add, role, remove; duplicates conflict") {
  fixture f;
  auto uid = f.add_user("kari@example.no");
  auto m = store::write_sync(f.db.write(), [&](store::connection& w) { return teams::add_member(w, 1, uid, auth::team_role::member); });
  REQUIRE(m);
  CHECK(m->role == auth::team_role::member);
  auto again = store::write_sync(f.db.write(), [&](store::connection& w) { return teams::add_member(w, 1, uid, auth::team_role::observer); });
  REQUIRE_FALSE(again);
  CHECK(again.error().code == errc::conflict);
  auto c = f.reader();
  CHECK(teams::role_of(c, 1, uid) == auth::team_role::member);
  auto changed = store::write_sync(f.db.write(), [&](store::connection& w) { return teams::set_role(w, 1, uid, auth::team_role::facilitator); });
  REQUIRE(changed);
  CHECK(teams::role_of(c, 1, uid) == auth::team_role::facilitator);
  auto t = teams::find_team(c, 1, uid);
  REQUIRE(t);
  CHECK(t->my_role == auth::team_role::facilitator);
  CHECK(t->member_count == 1);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return teams::remove_member(w, 1, uid); }));
  CHECK_FALSE(teams::role_of(c, 1, uid));
  auto missing = store::write_sync(f.db.write(), [&](store::connection& w) { return teams::remove_member(w, 1, uid); });
  CHECK(missing.error().code == errc::not_found);
}

TEST_CASE("team validation and uniqueness") {
  fixture f;
  auto bad_slug = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_team(w, {std::string("Renhold"), std::string("Ren hold"), std::nullopt, std::nullopt});
  });
  CHECK(bad_slug.error().code == errc::bad_request);
  auto dup = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_team(w, {std::string("IKT"), std::string("ikt2"), std::nullopt, std::nullopt});
  });
  CHECK(dup.error().code == errc::conflict);
  auto ok = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_team(w, {std::string("Mat og drikke"), std::string("mat"), std::string("Matvarer"), std::nullopt});
  });
  REQUIRE(ok);
  CHECK(ok->slug == "mat");
}

TEST_CASE("invitations are single use and expire; using one keeps a stronger role") {
  fixture f;
  auto admin = f.add_user("admin@example.no");
  auto inv = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_invitation(w, 2, auth::team_role::member, std::nullopt, admin, 24);
  });
  REQUIRE(inv);
  auto c = f.reader();
  auto usable = teams::usable_invitation(c, inv->token);
  REQUIRE(usable);
  CHECK(usable->team_id == 2);
  CHECK(teams::usable_invitation(c, "not-a-token").error().code == errc::not_found);

  auto joiner = f.add_user("ola@example.no");
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return teams::use_invitation(w, *usable, joiner); }));
  CHECK(teams::role_of(c, 2, joiner) == auth::team_role::member);
  CHECK(teams::usable_invitation(c, inv->token).error().code == errc::gone);
  auto twice = store::write_sync(f.db.write(), [&](store::connection& w) { return teams::use_invitation(w, *usable, joiner); });
  CHECK(twice.error().code == errc::gone);

  // An observer invitation does not demote a facilitator.
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return teams::set_role(w, 2, joiner, auth::team_role::facilitator); }));
  auto obs = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_invitation(w, 2, auth::team_role::observer, std::string("ola@example.no"), admin, 1);
  });
  REQUIRE(obs);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return teams::use_invitation(w, obs->inv, joiner); }));
  CHECK(teams::role_of(c, 2, joiner) == auth::team_role::facilitator);

  auto bad_hours = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_invitation(w, 2, auth::team_role::member, std::nullopt, admin, 0);
  });
  CHECK(bad_hours.error().code == errc::bad_request);
  auto revoked = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_invitation(w, 2, auth::team_role::member, std::nullopt, admin, 5);
  });
  REQUIRE(revoked);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return teams::revoke_invitation(w, revoked->inv.id); }));
  CHECK(teams::usable_invitation(c, revoked->token).error().code == errc::gone);
}
