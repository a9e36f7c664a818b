#include "meetings/polls.hpp"

#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace arena::meetings {

namespace {

void load_slots(store::connection& db, poll& p) {
  {
    auto s = db.prepare(
        "SELECT s.id, s.start_local, s.end_local, s.start_utc, s.end_utc, "
        "(SELECT COUNT(*) FROM poll_answers a WHERE a.slot_id = s.id AND a.answer = 'yes'), "
        "(SELECT COUNT(*) FROM poll_answers a WHERE a.slot_id = s.id AND a.answer = 'if_need_be'), "
        "(SELECT COUNT(*) FROM poll_answers a WHERE a.slot_id = s.id AND a.answer = 'no') "
        "FROM poll_slots s WHERE s.poll_id = ? ORDER BY s.start_utc, s.id");
    s.bind(1, p.id);
    while (s.step()) {
      poll_slot sl;
      sl.id = s.col_int(0);
      sl.start = *parse_local(s.col_text(1));
      sl.end = *parse_local(s.col_text(2));
      sl.start_utc = s.col_int(3);
      sl.end_utc = s.col_int(4);
      sl.yes = static_cast<int>(s.col_int(5));
      sl.if_need_be = static_cast<int>(s.col_int(6));
      sl.no = static_cast<int>(s.col_int(7));
      p.slots.push_back(sl);
    }
  }
  std::set<std::int64_t> people;
  auto s = db.prepare(
      "SELECT a.user_id, u.display_name, a.slot_id, a.answer FROM poll_answers a JOIN poll_slots s ON s.id = a.slot_id "
      "JOIN users u ON u.id = a.user_id WHERE s.poll_id = ? ORDER BY u.display_name, a.user_id, s.start_utc");
  s.bind(1, p.id);
  while (s.step()) {
    p.answers.push_back({s.col_int(0), s.col_text(1), s.col_int(2), s.col_text(3)});
    people.insert(s.col_int(0));
  }
  p.respondents = static_cast<int>(people.size());
}

constexpr char const* poll_select =
    "SELECT p.id, p.team_id, p.title, p.description, p.location, p.video_url, p.is_open, p.tz, p.status, p.meeting_id, p.decided_slot_id, "
    "p.created_by, u.display_name, p.created_at FROM polls p JOIN users u ON u.id = p.created_by ";

poll read_poll(store::statement_ref const& s) {
  poll p;
  p.id = s.col_int(0);
  p.team_id = s.col_int(1);
  p.title = s.col_text(2);
  p.description = s.col_text(3);
  p.location = s.col_text(4);
  p.video_url = s.col_text(5);
  p.is_open = s.col_int(6) != 0;
  p.tz = s.col_text(7);
  p.status = s.col_text(8);
  if (!s.is_null(9)) p.meeting_id = s.col_int(9);
  if (!s.is_null(10)) p.decided_slot_id = s.col_int(10);
  p.created_by = s.col_int(11);
  p.created_by_name = s.col_text(12);
  p.created_at = s.col_int(13);
  return p;
}

}  // namespace

result<poll> create_poll(store::connection& w, std::int64_t team_id, std::int64_t user_id, poll_input const& given) {
  poll_input in = given;
  in.tz = canonical_zone(in.tz);
  if (in.slots.empty()) return make_error(errc::bad_request, "slots: at least one");
  if (in.slots.size() > max_poll_slots) return make_error(errc::bad_request, "slots: at most 30");
  if (!known_zone(in.tz)) return make_error(errc::bad_request, "tz: unknown time zone");
  std::vector<std::pair<std::int64_t, std::int64_t>> utc;
  for (auto const& [s, e] : in.slots) {
    ARENA_TRY(su, to_utc_ms(s, in.tz));
    ARENA_TRY(eu, to_utc_ms(e, in.tz));
    if (eu <= su) return make_error(errc::bad_request, "slots.end: must be after start", "end_before_start");
    if (eu - su > max_duration_ms) return make_error(errc::bad_request, "slots.end: at most 24 hours after start", "longer_than_a_day");
    if (std::find(utc.begin(), utc.end(), std::make_pair(su, eu)) != utc.end()) return make_error(errc::bad_request, "slots: the same slot twice", "slot_twice");
    utc.emplace_back(su, eu);
  }
  // The same limits, and the same messages, as a meeting's (meetings.cpp): a decided poll becomes one.
  if (auto st = util::check_chars(in.title, "title", 1, 200); !st) return st.error();
  if (auto st = util::check_chars(in.description, "description", 0, 10000); !st) return st.error();
  if (auto st = util::check_chars(in.location, "location", 0, 200); !st) return st.error();
  if (auto st = util::check_web_url(in.video_url, "video_url"); !st) return st.error();
  w.prepare("INSERT INTO polls (team_id, title, description, location, video_url, is_open, tz, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, team_id)
      .bind(2, in.title)
      .bind(3, in.description)
      .bind(4, in.location)
      .bind(5, in.video_url)
      .bind(6, in.is_open)
      .bind(7, in.tz)
      .bind(8, user_id)
      .bind(9, util::now_ms())
      .run();
  auto id = w.last_insert_rowid();
  for (std::size_t i = 0; i < in.slots.size(); ++i)
    w.prepare("INSERT INTO poll_slots (poll_id, start_local, end_local, start_utc, end_utc) VALUES (?, ?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, format(in.slots[i].first))
        .bind(3, format(in.slots[i].second))
        .bind(4, utc[i].first)
        .bind(5, utc[i].second)
        .run();
  return find_poll(w, team_id, id);
}

result<poll> find_poll(store::connection& db, std::int64_t team_id, std::int64_t poll_id) {
  std::optional<poll> p;
  {
    auto s = db.prepare(std::string(poll_select) + "WHERE p.id = ? AND p.team_id = ?");
    s.bind(1, poll_id).bind(2, team_id);
    if (!s.step()) return make_error(errc::not_found, "no such poll in this team");
    p = read_poll(s);
  }
  load_slots(db, *p);
  return std::move(*p);
}

std::vector<poll> list_polls(store::connection& db, std::int64_t team_id, bool include_closed) {
  std::vector<poll> out;
  {
    auto s = db.prepare(std::string(poll_select) + "WHERE p.team_id = ? AND (? OR p.status = 'open') ORDER BY p.id DESC LIMIT 100");
    s.bind(1, team_id).bind(2, include_closed);
    while (s.step()) out.push_back(read_poll(s));
  }
  for (auto& p : out) load_slots(db, p);
  return out;
}

result<poll> answer_poll(store::connection& w, poll const& p, std::int64_t user_id, std::vector<std::pair<std::int64_t, std::string>> const& answers) {
  if (p.status != "open") return make_error(errc::conflict, "the poll is closed");
  if (answers.empty()) return make_error(errc::bad_request, "answers: at least one");
  for (auto const& [slot, value] : answers) {
    if (value != "yes" && value != "if_need_be" && value != "no") return make_error(errc::bad_request, "answer: yes, if_need_be or no");
    if (std::none_of(p.slots.begin(), p.slots.end(), [slot = slot](poll_slot const& s) { return s.id == slot; }))
      return make_error(errc::bad_request, "slot_id: not a slot of this poll");
  }
  auto const now = util::now_ms();
  for (auto const& [slot, value] : answers)
    w.prepare("INSERT INTO poll_answers (slot_id, user_id, answer, answered_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (slot_id, user_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at")
        .bind(1, slot)
        .bind(2, user_id)
        .bind(3, value)
        .bind(4, now)
        .run();
  return find_poll(w, p.team_id, p.id);
}

result<poll> close_poll(store::connection& w, poll const& p) {
  if (p.status != "open") return make_error(errc::conflict, "the poll is already closed");
  w.prepare("UPDATE polls SET status = 'closed' WHERE id = ?").bind(1, p.id).run();
  return find_poll(w, p.team_id, p.id);
}

result<decided> decide_poll(store::connection& w, poll const& p, std::int64_t slot_id, std::int64_t user_id, fields extra) {
  if (p.status != "open") return make_error(errc::conflict, "the poll is already closed");
  auto it = std::find_if(p.slots.begin(), p.slots.end(), [&](poll_slot const& s) { return s.id == slot_id; });
  if (it == p.slots.end()) return make_error(errc::bad_request, "slot_id: not a slot of this poll");
  extra.title = p.title;
  extra.description = p.description;
  extra.location = p.location;
  extra.video_url = p.video_url;
  extra.is_open = p.is_open;
  extra.tz = p.tz;
  extra.start = it->start;
  extra.end = it->end;
  ARENA_TRY(m, create_meeting(w, p.team_id, user_id, extra));
  w.prepare("UPDATE polls SET status = 'decided', decided_slot_id = ?, meeting_id = ? WHERE id = ?").bind(1, slot_id).bind(2, m.id).bind(3, p.id).run();
  ARENA_TRY(np, find_poll(w, p.team_id, p.id));
  return decided{std::move(np), std::move(m)};
}

}  // namespace arena::meetings
