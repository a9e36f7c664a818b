// Teams, memberships and invitations in the store. Reads take any connection; writes take the
// writer's connection inside a writer job. Authorisation is not decided here (auth/policy).
#pragma once

#include "store/connection.hpp"
#include "teams/model.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::teams {

std::optional<auth::team_role> role_of(store::connection& db, std::int64_t team_id, std::int64_t user_id);
// Team ids the user belongs to, with roles.
std::vector<std::pair<std::int64_t, auth::team_role>> memberships_of(store::connection& db, std::int64_t user_id);
// User ids of every member of a team.
std::vector<std::int64_t> member_ids(store::connection& db, std::int64_t team_id);

std::vector<team> list_teams(store::connection& db, std::int64_t viewer_id);
result<team> find_team(store::connection& db, std::int64_t team_id, std::int64_t viewer_id);
std::vector<member> list_members(store::connection& db, std::int64_t team_id);
result<member> find_member(store::connection& db, std::int64_t team_id, std::int64_t user_id);

struct team_input {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<std::string> description;
  std::optional<bool> archived;
};
result<team> create_team(store::connection& w, team_input const& in);
result<team> update_team(store::connection& w, std::int64_t team_id, team_input const& in);

// Adds or changes a membership. conflict when adding someone who is already a member.
result<member> add_member(store::connection& w, std::int64_t team_id, std::int64_t user_id, auth::team_role role);
result<member> set_role(store::connection& w, std::int64_t team_id, std::int64_t user_id, auth::team_role role);
status remove_member(store::connection& w, std::int64_t team_id, std::int64_t user_id);
// How many facilitators the team has.
std::int64_t facilitator_count(store::connection& db, std::int64_t team_id);

struct issued_invitation {
  invitation inv;
  std::string token;  // the secret part of the link; only its hash is stored
};
result<issued_invitation> create_invitation(store::connection& w, std::int64_t team_id, auth::team_role role,
                                            std::optional<std::string> email, std::int64_t created_by, int valid_hours);
std::vector<invitation> list_invitations(store::connection& db, std::int64_t team_id);
result<invitation> find_invitation(store::connection& db, std::int64_t id);
// The invitation behind a token if it can still be used: gone when used, revoked or expired.
result<invitation> usable_invitation(store::connection& db, std::string_view token);
status revoke_invitation(store::connection& w, std::int64_t id);
// Marks it used by `user_id` and adds the membership (keeps a stronger existing role).
status use_invitation(store::connection& w, invitation const& inv, std::int64_t user_id);

}  // namespace arena::teams
