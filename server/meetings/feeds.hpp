// Personal calendar feeds: a secret URL (/calendar/<token>.ics) per user with every meeting of
// their teams. Only SHA-256 of the token is stored; a reset makes a new one and ends the old.
#pragma once

#include "store/connection.hpp"

#include <optional>
#include <string>

namespace arena::meetings {

// The feed's creation time, when the user has one.
std::optional<std::int64_t> feed_created_at(store::connection& db, std::int64_t user_id);
// A new secret for the user (the old one stops working). Returns the token.
std::string reset_feed(store::connection& w, std::int64_t user_id, std::int64_t now_ms);
void revoke_feed(store::connection& w, std::int64_t user_id);
// The enabled user the token belongs to.
std::optional<std::int64_t> feed_owner(store::connection& db, std::string const& token);

}  // namespace arena::meetings
