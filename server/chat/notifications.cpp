#include "chat/notifications.hpp"

#include "util/clock.hpp"

#include <algorithm>

namespace arena::chat {

namespace {

constexpr char const* notification_select =
    "SELECT n.id, n.user_id, n.kind, coalesce(c.team_id, mt.team_id), coalesce(m.channel_id, 0), coalesce(t.name, ''), coalesce(m.id, 0), "
    "coalesce(m.seq, 0), coalesce(u.display_name, ''), coalesce(m.body, mt.title, ''), n.created_at, n.read_at, coalesce(n.meeting_id, 0), "
    "coalesce(n.occurrence, ''), coalesce(n.starts_at, 0), coalesce(n.action_id, 0), coalesce(ca.case_id, 0), coalesce(fc.supplier_id, 0), "
    "ca.action "
    "FROM notifications n LEFT JOIN messages m ON m.id = n.message_id LEFT JOIN channels c ON c.id = m.channel_id "
    "LEFT JOIN topics t ON t.id = m.topic_id LEFT JOIN meetings mt ON mt.id = n.meeting_id LEFT JOIN users u ON u.id = n.actor_id "
    "LEFT JOIN corrective_actions ca ON ca.id = n.action_id LEFT JOIN followup_cases fc ON fc.id = ca.case_id ";

// Whether the user may still see the notification: a member of its team, or a guest of its meeting.
constexpr char const* notification_visible =
    "(n.action_id IS NOT NULL OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.team_id = coalesce(c.team_id, mt.team_id) AND ms.user_id = n.user_id) OR "
    "EXISTS (SELECT 1 FROM meeting_guests g WHERE g.meeting_id = n.meeting_id AND g.user_id = n.user_id)) ";

notification read_row(store::statement_ref const& s) {
  notification n;
  n.id = s.col_int(0);
  n.user_id = s.col_int(1);
  n.kind = s.col_text(2);
  n.team_id = s.col_int(3);
  n.channel_id = s.col_int(4);
  n.topic = s.col_text(5);
  n.message_id = s.col_int(6);
  n.seq = s.col_int(7);
  n.actor_name = s.col_text(8);
  n.excerpt = excerpt(s.col_text(9));
  n.created_at = s.col_int(10);
  n.read = !s.is_null(11);
  n.meeting_id = s.col_int(12);
  n.occurrence = s.col_text(13);
  n.starts_at = s.col_int(14);
  n.action_id = s.col_int(15);
  n.case_id = s.col_int(16);
  n.supplier_id = s.col_int(17);
  if (n.action_id != 0) n.excerpt = excerpt(s.col_text(18));
  return n;
}

// `topic_id`: a reply notification's topic (migration 0013); 0 for the other kinds.
std::vector<notification> make(store::connection& w, std::vector<std::int64_t> const& users, char const* kind, std::int64_t message_id,
                               std::int64_t actor_id, std::int64_t topic_id = 0) {
  std::vector<std::int64_t> ids;
  auto const now = util::now_ms();
  for (auto uid : users) {
    w.prepare("INSERT INTO notifications (user_id, kind, message_id, actor_id, created_at, topic_id) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, uid).bind(2, kind).bind(3, message_id).bind(4, actor_id).bind(5, now)
        .bind(6, topic_id ? std::optional<std::int64_t>(topic_id) : std::nullopt)
        .run();
    ids.push_back(w.last_insert_rowid());
  }
  std::vector<notification> out;
  for (auto id : ids) {
    auto s = w.prepare(std::string(notification_select) + "WHERE n.id = ?");
    s.bind(1, id);
    if (s.step()) out.push_back(read_row(s));
  }
  return out;
}

std::vector<std::int64_t> team_members_but(store::connection& w, std::int64_t team_id, std::int64_t except) {
  std::vector<std::int64_t> out;
  auto s = w.prepare("SELECT user_id FROM memberships WHERE team_id = ? AND user_id <> ? ORDER BY user_id");
  s.bind(1, team_id).bind(2, except);
  while (s.step()) out.push_back(s.col_int(0));
  return out;
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

std::vector<notification> notify_message(store::connection& w, message const& m) {
  std::vector<std::int64_t> mentioned;
  if (m.mentions_team) mentioned = team_members_but(w, m.team_id, m.author_id);
  else {
    // Only members of the team are notified (a mention of someone who left is inert).
    for (auto uid : m.mentions) {
      auto s = w.prepare("SELECT 1 FROM memberships WHERE team_id = ? AND user_id = ?");
      s.bind(1, m.team_id).bind(2, uid);
      if (uid != m.author_id && s.step()) mentioned.push_back(uid);
    }
  }
  std::vector<std::int64_t> repliers;
  {
    // The topic's other authors (topic_authors, migration 0012: those with a live message there)
    // who are still members: the cost does not grow with the topic's length. One unread reply
    // notification per person and topic is enough (migration 0010): someone who has not read
    // the last one gets no other. That check is one seek per author (migration 0013), whatever
    // their other unread notifications.
    auto s = w.prepare(
        "SELECT ta.user_id FROM topic_authors ta JOIN memberships ms ON ms.team_id = ?1 AND ms.user_id = ta.user_id "
        "WHERE ta.topic_id = ?2 AND ta.user_id <> ?3 "
        "AND NOT EXISTS (SELECT 1 FROM notifications n "
        "WHERE n.user_id = ta.user_id AND n.topic_id = ?2 AND n.kind = 'reply' AND n.read_at IS NULL) "
        "ORDER BY ta.user_id");
    s.bind(1, m.team_id).bind(2, m.topic_id).bind(3, m.author_id);
    while (s.step())
      if (std::find(mentioned.begin(), mentioned.end(), s.col_int(0)) == mentioned.end()) repliers.push_back(s.col_int(0));
  }
  auto out = make(w, mentioned, "mention", m.id, m.author_id);
  auto more = make(w, repliers, "reply", m.id, m.author_id, m.topic_id);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

std::vector<notification> notify_pin(store::connection& w, message const& m, std::int64_t actor_id) {
  return make(w, team_members_but(w, m.team_id, actor_id), "pin", m.id, actor_id);
}

std::vector<notification> notify_meeting(store::connection& w, std::vector<std::int64_t> const& users, std::string const& kind,
                                         std::int64_t meeting_id, std::string const& occurrence, std::int64_t starts_at,
                                         std::int64_t actor_id) {
  std::vector<notification> out;
  auto const now = util::now_ms();
  for (auto uid : users) {
    w.prepare("INSERT INTO notifications (user_id, kind, meeting_id, occurrence, starts_at, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, uid)
        .bind(2, kind)
        .bind(3, meeting_id)
        .bind(4, occurrence)
        .bind(5, starts_at)
        .bind(6, actor_id ? std::optional<std::int64_t>(actor_id) : std::nullopt)
        .bind(7, now)
        .run();
    auto s = w.prepare(std::string(notification_select) + "WHERE n.id = ?");
    s.bind(1, w.last_insert_rowid());
    if (s.step()) out.push_back(read_row(s));
  }
  return out;
}

std::vector<notification> notify_action(store::connection& w, std::vector<std::int64_t> const& users, std::int64_t action_id) {
  std::vector<notification> out;
  auto const now = util::now_ms();
  for (auto uid : users) {
    w.prepare("INSERT INTO notifications (user_id, kind, action_id, created_at) VALUES (?, 'action_overdue', ?, ?)")
        .bind(1, uid)
        .bind(2, action_id)
        .bind(3, now)
        .run();
    auto s = w.prepare(std::string(notification_select) + "WHERE n.id = ?");
    s.bind(1, w.last_insert_rowid());
    if (s.step()) out.push_back(read_row(s));
  }
  return out;
}

std::vector<notification> list_notifications(store::connection& db, std::int64_t user_id, bool unread_only, int limit) {
  std::vector<notification> out;
  auto s = db.prepare(std::string(notification_select) + "WHERE n.user_id = ?1 AND (?2 = 0 OR n.read_at IS NULL) AND " +
                      notification_visible + "ORDER BY n.id DESC LIMIT ?3");
  s.bind(1, user_id).bind(2, unread_only).bind(3, limit);
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::int64_t unread_notifications(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare(std::string(
                          "SELECT COUNT(*) FROM notifications n LEFT JOIN messages m ON m.id = n.message_id LEFT JOIN channels c ON c.id = m.channel_id "
                          "LEFT JOIN meetings mt ON mt.id = n.meeting_id WHERE n.user_id = ? AND n.read_at IS NULL AND ") +
                      notification_visible);
  s.bind(1, user_id);
  return s.step() ? s.col_int(0) : 0;
}

std::int64_t mark_notifications_read(store::connection& w, std::int64_t user_id, std::vector<std::int64_t> const& ids, bool all) {
  auto const now = util::now_ms();
  if (all) w.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL").bind(1, now).bind(2, user_id).run();
  for (auto id : ids)
    w.prepare("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL").bind(1, now).bind(2, id).bind(3, user_id).run();
  return unread_notifications(w, user_id);
}

}  // namespace arena::chat
