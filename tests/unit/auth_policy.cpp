// The authorisation matrix of auth::allowed: every access level against every kind of caller.
#include "auth/policy.hpp"

#include <doctest/doctest.h>

using namespace arena::auth;

TEST_CASE("access matrix") {
  principal user;
  user.user_id = 1;
  principal admin;
  admin.user_id = 2;
  admin.is_admin = true;
  std::optional<team_role> none, obs = team_role::observer, mem = team_role::member, fac = team_role::facilitator;

  // anyone
  CHECK(allowed(access::anyone, nullptr, none));
  // signed-in only
  for (auto a : {access::user, access::admin, access::team_read, access::team_write, access::facilitator})
    CHECK_FALSE(allowed(a, nullptr, fac));
  CHECK(allowed(access::user, &user, none));
  // admin
  CHECK_FALSE(allowed(access::admin, &user, fac));
  CHECK(allowed(access::admin, &admin, none));
  // team_read: any role
  CHECK_FALSE(allowed(access::team_read, &user, none));
  CHECK(allowed(access::team_read, &user, obs));
  CHECK(allowed(access::team_read, &user, mem));
  CHECK(allowed(access::team_read, &user, fac));
  CHECK(allowed(access::team_read, &admin, none));
  // team_write: not observers
  CHECK_FALSE(allowed(access::team_write, &user, none));
  CHECK_FALSE(allowed(access::team_write, &user, obs));
  CHECK(allowed(access::team_write, &user, mem));
  CHECK(allowed(access::team_write, &user, fac));
  // facilitator
  CHECK_FALSE(allowed(access::facilitator, &user, obs));
  CHECK_FALSE(allowed(access::facilitator, &user, mem));
  CHECK(allowed(access::facilitator, &user, fac));
  CHECK(allowed(access::facilitator, &admin, none));
}

TEST_CASE("team roles round-trip through their names") {
  for (auto r : {team_role::observer, team_role::member, team_role::facilitator}) CHECK(parse_team_role(to_string(r)) == r);
  CHECK_FALSE(parse_team_role("owner"));
  CHECK_FALSE(parse_team_role(""));
}
