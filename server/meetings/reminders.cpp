#include "meetings/reminders.hpp"

#include "meetings/meetings.hpp"

namespace arena::meetings {

std::vector<chat::notification> send_due_reminders(store::connection& w, std::int64_t now_ms) {
  constexpr std::int64_t longest_ms = 40320LL * 60 * 1000;  // the largest offset allowed
  std::vector<std::int64_t> ids;
  {
    auto s = w.prepare("SELECT id FROM meetings WHERE status = 'scheduled' AND last_end_utc > ? AND start_utc <= ? AND reminders <> ''");
    s.bind(1, now_ms).bind(2, now_ms + longest_ms);
    while (s.step()) ids.push_back(s.col_int(0));
  }
  std::vector<chat::notification> out;
  for (auto id : ids) {
    auto m = load_meeting(w, id);
    if (!m) continue;
    for (auto const& o : occurrences(*m)) {
      if (o.cancelled || o.start_utc <= now_ms) continue;
      std::vector<int> due;
      for (auto off : m->reminders)
        if (o.start_utc - static_cast<std::int64_t>(off) * 60000 <= now_ms) due.push_back(off);
      if (due.empty()) continue;
      bool fresh = false;
      for (auto off : due) {
        w.prepare("INSERT OR IGNORE INTO meeting_reminders_sent (meeting_id, occurrence, offset_minutes, sent_at) VALUES (?, ?, ?, ?)")
            .bind(1, m->id)
            .bind(2, o.key)
            .bind(3, off)
            .bind(4, now_ms)
            .run();
        fresh = fresh || w.changes() > 0;
      }
      if (!fresh) continue;
      std::vector<std::int64_t> users;
      for (auto const& a : answers(w, *m, o.key))
        if (a.value != "no") users.push_back(a.who.user_id);
      auto made = chat::notify_meeting(w, users, "meeting_reminder", m->id, o.key, o.start_utc, 0);
      out.insert(out.end(), made.begin(), made.end());
    }
  }
  return out;
}

}  // namespace arena::meetings
