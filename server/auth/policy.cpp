#include "auth/policy.hpp"

namespace arena::auth {

std::string_view to_string(team_role r) noexcept {
  switch (r) {
    case team_role::observer: return "observer";
    case team_role::member: return "member";
    case team_role::facilitator: return "facilitator";
  }
  return "observer";
}

std::optional<team_role> parse_team_role(std::string_view s) noexcept {
  if (s == "observer") return team_role::observer;
  if (s == "member") return team_role::member;
  if (s == "facilitator") return team_role::facilitator;
  return std::nullopt;
}

std::string_view to_string(access a) noexcept {
  switch (a) {
    case access::anyone: return "anyone";
    case access::user: return "user";
    case access::admin: return "admin";
    case access::team_read: return "team_read";
    case access::team_write: return "team_write";
    case access::facilitator: return "facilitator";
  }
  return "admin";
}

bool allowed(access need, principal const* who, std::optional<team_role> role) noexcept {
  if (need == access::anyone) return true;
  if (!who) return false;
  if (need == access::user) return true;
  if (who->is_admin) return true;
  switch (need) {
    case access::admin: return false;
    case access::team_read: return role.has_value();
    case access::team_write: return role == team_role::member || role == team_role::facilitator;
    case access::facilitator: return role == team_role::facilitator;
    default: return false;
  }
}

}  // namespace arena::auth
