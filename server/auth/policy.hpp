// Who may do what: the one place where Arena decides authorisation.
//
// Every operation names its access level in the op table (protocol/op_table.cpp); the
// dispatcher asks `allowed` before the handler runs, and handlers that find the team only after
// a lookup (an invitation's team, say) ask `allowed` again with the team's role. Nothing else in
// the server decides access.
#pragma once

#include "auth/principal.hpp"

#include <optional>
#include <string_view>

namespace arena::auth {

enum class team_role { observer, member, facilitator };

std::string_view to_string(team_role r) noexcept;
std::optional<team_role> parse_team_role(std::string_view s) noexcept;

enum class access {
  anyone,       // no session needed
  user,         // any signed-in, enabled user
  admin,        // site administrator
  team_read,    // any member of the team (observers included), or an admin
  team_write,   // a member or facilitator of the team (not an observer), or an admin
  facilitator,  // a facilitator of the team, or an admin
};

std::string_view to_string(access a) noexcept;

// REQUIRES: `role` is the caller's role in the team the operation concerns (nullopt when not a
// member, or when the operation concerns no team).
bool allowed(access need, principal const* who, std::optional<team_role> role) noexcept;

}  // namespace arena::auth
