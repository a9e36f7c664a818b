// Category teams, their members and invitations.
#pragma once

#include "auth/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace arena::teams {

struct team {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string description;
  bool archived = false;
  std::optional<auth::team_role> my_role;
  std::int64_t member_count = 0;
};

struct member {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  std::string org_name;
  auth::team_role role = auth::team_role::member;
  std::int64_t since = 0;
};

struct invitation {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  auth::team_role role = auth::team_role::member;
  std::optional<std::string> email;
  std::int64_t created_by = 0;
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
  std::optional<std::int64_t> revoked_at;
};

}  // namespace arena::teams
