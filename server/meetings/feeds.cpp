#include "meetings/feeds.hpp"

#include "auth/tokens.hpp"

namespace arena::meetings {

std::optional<std::int64_t> feed_created_at(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare("SELECT created_at FROM calendar_feeds WHERE user_id = ?");
  s.bind(1, user_id);
  if (!s.step()) return std::nullopt;
  return s.col_int(0);
}

std::string reset_feed(store::connection& w, std::int64_t user_id, std::int64_t now_ms) {
  auto token = auth::random_token();
  w.prepare("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at")
      .bind(1, user_id)
      .bind(2, auth::sha256_hex(token))
      .bind(3, now_ms)
      .run();
  return token;
}

void revoke_feed(store::connection& w, std::int64_t user_id) { w.prepare("DELETE FROM calendar_feeds WHERE user_id = ?").bind(1, user_id).run(); }

std::optional<std::int64_t> feed_owner(store::connection& db, std::string const& token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  auto s = db.prepare("SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ? AND u.disabled = 0");
  s.bind(1, auth::sha256_hex(token));
  if (!s.step()) return std::nullopt;
  return s.col_int(0);
}

}  // namespace arena::meetings
