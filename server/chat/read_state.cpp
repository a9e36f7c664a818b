#include "chat/read_state.hpp"

namespace arena::chat {

std::int64_t read_marker(store::connection& db, std::int64_t channel_id, std::int64_t user_id) {
  auto s = db.prepare("SELECT seq FROM read_markers WHERE user_id = ? AND channel_id = ?");
  s.bind(1, user_id).bind(2, channel_id);
  return s.step() ? s.col_int(0) : 0;
}

counts channel_counts(store::connection& db, std::int64_t channel_id, std::int64_t user_id) {
  auto s = db.prepare(
      "SELECT COUNT(*), COALESCE(SUM(m.mentions_team OR EXISTS (SELECT 1 FROM mentions x WHERE x.message_id = m.id AND x.user_id = ?1)), 0) "
      "FROM messages m WHERE m.channel_id = ?2 AND m.deleted = 0 AND m.author_id <> ?1 AND m.seq > "
      "COALESCE((SELECT r.seq FROM read_markers r WHERE r.user_id = ?1 AND r.channel_id = ?2), 0)");
  s.bind(1, user_id).bind(2, channel_id);
  counts n;
  if (s.step()) {
    n.unread = s.col_int(0);
    n.mentions = s.col_int(1);
  }
  return n;
}

std::int64_t mark_read(store::connection& w, std::int64_t channel_id, std::int64_t user_id, std::int64_t seq) {
  w.prepare(
       "INSERT INTO read_markers (user_id, channel_id, seq) "
       "VALUES (?1, ?2, MIN(?3, (SELECT last_seq FROM channels WHERE id = ?2))) "
       "ON CONFLICT (user_id, channel_id) DO UPDATE SET seq = MAX(seq, excluded.seq)")
      .bind(1, user_id).bind(2, channel_id).bind(3, seq).run();
  return read_marker(w, channel_id, user_id);
}

std::vector<channel_unread> unread_overview(store::connection& db, std::int64_t user_id, bool all_teams) {
  std::vector<channel_unread> out;
  {
    auto s = db.prepare(all_teams ? "SELECT c.id, c.team_id FROM channels c WHERE ?1 = ?1 ORDER BY c.team_id, c.id"
                                  : "SELECT c.id, c.team_id FROM channels c JOIN memberships m ON m.team_id = c.team_id AND m.user_id = ?1 "
                                    "ORDER BY c.team_id, c.id");
    s.bind(1, user_id);
    while (s.step()) {
      channel_unread u;
      u.channel_id = s.col_int(0);
      u.team_id = s.col_int(1);
      out.push_back(u);
    }
  }
  for (auto& u : out) {
    u.n = channel_counts(db, u.channel_id, user_id);
    auto s = db.prepare(
        "SELECT m.topic_id, COUNT(*) FROM messages m WHERE m.channel_id = ?2 AND m.deleted = 0 AND m.author_id <> ?1 AND m.seq > "
        "COALESCE((SELECT r.seq FROM read_markers r WHERE r.user_id = ?1 AND r.channel_id = ?2), 0) GROUP BY m.topic_id ORDER BY m.topic_id");
    s.bind(1, user_id).bind(2, u.channel_id);
    while (s.step()) u.topics.push_back({s.col_int(0), s.col_int(1)});
  }
  return out;
}

}  // namespace arena::chat
