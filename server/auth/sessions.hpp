// Sessions, API tokens and the first-run setup link, in the store.
//
// A token is 256 random bits (OpenSSL), handed to the client once; only its SHA-256 is stored,
// so a copy of the database opens no session. Cookie sessions expire after `idle` without use
// and at `absolute` after login; API tokens live until revoked. last_seen_at is written at most
// once per `touch_interval`, so reads stay reads.
#pragma once

#include "accounts/model.hpp"
#include "auth/principal.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <chrono>
#include <vector>

namespace arena::auth {

struct session_policy {
  std::int64_t idle_ms = 14LL * 24 * 3600 * 1000;
  std::int64_t absolute_ms = 90LL * 24 * 3600 * 1000;
  std::int64_t touch_interval_ms = 5LL * 60 * 1000;
  std::int64_t setup_valid_ms = 24LL * 3600 * 1000;
};

struct issued_token {
  std::string token;  // the secret: give it to the client, never log it
  std::int64_t id = 0;
};

struct authenticated {
  principal who;
  bool needs_touch = false;  // last_seen_at is older than touch_interval
};

// REQUIRES: `w` is the writer's connection.
issued_token create_session(store::connection& w, std::int64_t user_id, session_policy const& p);
issued_token create_api_token(store::connection& w, std::int64_t user_id, std::string const& name);
void touch_session(store::connection& w, std::int64_t session_id);
status revoke_session(store::connection& w, std::int64_t session_id);
// Revokes every session and token of the user except `keep` (0: none). Returns their ids.
std::vector<std::int64_t> revoke_user_sessions(store::connection& w, std::int64_t user_id, std::int64_t keep);
status revoke_api_token(store::connection& w, std::int64_t user_id, std::int64_t token_id);

// unauthorized when unknown, revoked, expired or the user is disabled.
result<authenticated> authenticate(store::connection& db, std::string_view token, session_policy const& p);
std::vector<accounts::api_token_info> list_api_tokens(store::connection& db, std::int64_t user_id);

// First run: when no administrator exists, makes a new setup token (older unused ones end).
// Returns nullopt when an administrator exists.
std::optional<std::string> create_setup_token(store::connection& w, session_policy const& p);
// Consumes the setup token (gone when used, expired or unknown), inside the caller's job.
status consume_setup_token(store::connection& w, std::string_view token);

}  // namespace arena::auth
