#include "meetings/meetings.hpp"

#include "auth/tokens.hpp"
#include "drafts/drafts.hpp"
#include "drafts/ot/utf8.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace arena::meetings {

namespace {

constexpr char const* meeting_select =
    "SELECT m.id, m.team_id, m.uid, m.title, m.description, m.location, m.video_url, m.is_open, m.tz, m.start_local, m.end_local, "
    "m.start_utc, m.end_utc, m.freq, m.interval_n, m.setpos, m.until_date, m.count_n, m.reminders, m.status, m.sequence, "
    "m.created_by, u.display_name, u.email, m.created_at, m.updated_at FROM meetings m JOIN users u ON u.id = m.created_by ";

std::vector<int> parse_reminders(std::string const& s) {
  std::vector<int> out;
  std::size_t at = 0;
  while (at < s.size()) {
    auto comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    if (comma > at) out.push_back(std::stoi(s.substr(at, comma - at)));
    at = comma + 1;
  }
  return out;
}

std::string join_reminders(std::vector<int> const& r) {
  std::string s;
  for (auto v : r) s += (s.empty() ? "" : ",") + std::to_string(v);
  return s;
}

std::string label_of(store::connection& db, std::string const& kind, std::int64_t id) {
  if (kind == "draft") {
    auto d = drafts::find_any_draft(db, id);
    return d ? d->identifier + " " + d->title : std::string();
  }
  if (kind == "topic" || kind == "supplier") {
    auto s = db.prepare(kind == "topic" ? "SELECT name FROM topics WHERE id = ?" : "SELECT name FROM suppliers WHERE id = ?");
    s.bind(1, id);
    return s.step() ? s.col_text(0) : std::string();
  }
  return {};
}

meeting read_row(store::connection& db, store::statement_ref const& s) {
  meeting m;
  m.id = s.col_int(0);
  m.team_id = s.col_int(1);
  m.uid = s.col_text(2);
  m.title = s.col_text(3);
  m.description = s.col_text(4);
  m.location = s.col_text(5);
  m.video_url = s.col_text(6);
  m.is_open = s.col_int(7) != 0;
  m.tz = s.col_text(8);
  m.start = *parse_local(s.col_text(9));
  m.end = *parse_local(s.col_text(10));
  m.start_utc = s.col_int(11);
  m.end_utc = s.col_int(12);
  if (!s.is_null(13)) {
    recurrence r;
    r.f = *parse_freq(s.col_text(13));
    r.interval = static_cast<int>(s.col_int(14));
    r.setpos = s.is_null(15) ? 0 : static_cast<int>(s.col_int(15));
    if (!s.is_null(16)) r.until = parse_date(s.col_text(16));
    if (!s.is_null(17)) r.count = static_cast<int>(s.col_int(17));
    m.rule = r;
  }
  m.reminders = parse_reminders(s.col_text(18));
  m.cancelled = s.col_text(19) == "cancelled";
  m.sequence = s.col_int(20);
  m.created_by = s.col_int(21);
  m.created_by_name = s.col_text(22);
  m.created_by_email = s.col_text(23);
  m.created_at = s.col_int(24);
  m.updated_at = s.col_int(25);
  (void)db;
  return m;
}

void load_children(store::connection& db, meeting& m) {
  {
    auto s = db.prepare(
        "SELECT a.title, a.owner_id, coalesce(u.display_name, ''), a.minutes, a.link_kind, a.link_id FROM meeting_agenda a "
        "LEFT JOIN users u ON u.id = a.owner_id WHERE a.meeting_id = ? ORDER BY a.position");
    s.bind(1, m.id);
    while (s.step()) {
      agenda_item it;
      it.title = s.col_text(0);
      if (!s.is_null(1)) it.owner_id = s.col_int(1);
      it.owner_name = s.col_text(2);
      if (!s.is_null(3)) it.minutes = static_cast<int>(s.col_int(3));
      if (!s.is_null(4)) it.link = link_ref{s.col_text(4), s.col_int(5), {}};
      m.agenda.push_back(std::move(it));
    }
  }
  for (auto& it : m.agenda)
    if (it.link) it.link->label = label_of(db, it.link->kind, it.link->id);
  {
    auto s = db.prepare(
        "SELECT u.id, u.display_name, u.email, coalesce(o.name, '') FROM meeting_guests g JOIN users u ON u.id = g.user_id "
        "LEFT JOIN organisations o ON o.id = u.org_id WHERE g.meeting_id = ? ORDER BY u.display_name, u.id");
    s.bind(1, m.id);
    while (s.step()) m.guests.push_back({s.col_int(0), s.col_text(1), s.col_text(2), s.col_text(3), true});
  }
  {
    auto s = db.prepare(
        "SELECT occurrence, cancelled, start_local, end_local, title, description, location, video_url FROM meeting_exceptions "
        "WHERE meeting_id = ? ORDER BY occurrence");
    s.bind(1, m.id);
    while (s.step()) {
      exception_row e;
      e.occurrence = s.col_text(0);
      e.cancelled = s.col_int(1) != 0;
      if (!s.is_null(2)) e.start = parse_local(s.col_text(2));
      if (!s.is_null(3)) e.end = parse_local(s.col_text(3));
      e.title = s.col_text_opt(4);
      e.description = s.col_text_opt(5);
      e.location = s.col_text_opt(6);
      e.video_url = s.col_text_opt(7);
      m.exceptions.push_back(std::move(e));
    }
  }
}

// The UTC instant of an occurrence's wall-clock start; a start the rule puts in a
// spring-forward gap moves on by the gap (an hour), as calendar programs do.
std::int64_t occurrence_utc(local_dt t, std::string const& tz) {
  if (auto r = to_utc_ms(t, tz)) return *r;
  auto later = t;
  later.hour += 1;
  if (auto r = to_utc_ms(later, tz)) return *r;
  return 0;
}

// Applies `f` to `base` and checks the result; the meeting that would be stored.
result<meeting> apply(store::connection& db, meeting base, fields const& f) {
  meeting m = std::move(base);
  if (f.title) m.title = util::trimmed(*f.title);
  if (f.description) m.description = *f.description;
  if (f.location) m.location = util::trimmed(*f.location);
  if (f.video_url) m.video_url = util::trimmed(*f.video_url);
  if (f.tz) m.tz = canonical_zone(*f.tz);
  if (f.is_open) m.is_open = *f.is_open;
  if (!m.is_open && !f.guests) m.guests.clear();  // closing a meeting uninvites its guests
  if (f.rule) m.rule = *f.rule;
  if (f.reminders) m.reminders = *f.reminders;
  if (auto st = util::check_chars(m.title, "title", 1, 200); !st) return st.error();
  if (auto st = util::check_chars(m.description, "description", 0, 10000); !st) return st.error();
  if (auto st = util::check_chars(m.location, "location", 0, 200); !st) return st.error();
  if (auto st = util::check_web_url(m.video_url, "video_url"); !st) return st.error();
  if (!known_zone(m.tz)) return make_error(errc::bad_request, "tz: unknown time zone");

  // Times: a new start without an end keeps the duration.
  auto old_duration = m.end_utc - m.start_utc;
  if (f.start) m.start = *f.start;
  ARENA_TRY(start_utc, to_utc_ms(m.start, m.tz));
  std::int64_t end_utc = 0;
  if (f.end) {
    m.end = *f.end;
    ARENA_TRY(e, to_utc_ms(m.end, m.tz));
    end_utc = e;
  } else if (f.start || f.tz) {
    end_utc = start_utc + old_duration;
    m.end = from_utc_ms(end_utc, m.tz);
  } else {
    ARENA_TRY(e, to_utc_ms(m.end, m.tz));
    end_utc = e;
  }
  if (end_utc <= start_utc) return make_error(errc::bad_request, "end: must be after start", "end_before_start");
  if (end_utc - start_utc > max_duration_ms) return make_error(errc::bad_request, "end: at most 24 hours after start", "longer_than_a_day");
  m.start_utc = start_utc;
  m.end_utc = end_utc;
  if (m.rule)
    if (auto r = expand(m.rule, m.start); !r) return r.error();

  if (m.reminders.size() > 4) return make_error(errc::bad_request, "reminders: at most 4");
  std::sort(m.reminders.begin(), m.reminders.end(), std::greater<>());
  if (std::adjacent_find(m.reminders.begin(), m.reminders.end()) != m.reminders.end())
    return make_error(errc::bad_request, "reminders: each at most once");
  for (auto r : m.reminders)
    if (r < 1 || r > 40320) return make_error(errc::bad_request, "reminders: 1..40320 minutes before the start");

  if (f.agenda) {
    if (f.agenda->size() > max_agenda_items) return make_error(errc::bad_request, "agenda: at most 50 items");
    m.agenda.clear();
    for (auto const& in : *f.agenda) {
      agenda_item it;
      it.title = util::trimmed(in.title);
      if (auto st = util::check_chars(it.title, "agenda.title", 1, 200); !st) return st.error();
      if (in.minutes && (*in.minutes < 0 || *in.minutes > 600)) return make_error(errc::bad_request, "agenda.minutes: 0..600");
      it.minutes = in.minutes;
      if (in.owner_id) {
        auto s = db.prepare("SELECT u.display_name FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.team_id = ? AND ms.user_id = ?");
        s.bind(1, m.team_id).bind(2, *in.owner_id);
        if (!s.step()) return make_error(errc::bad_request, "agenda.owner_id: not a member of the team");
        it.owner_id = in.owner_id;
        it.owner_name = s.col_text(0);
      }
      if (in.link) {
        auto const& [kind, id] = *in.link;
        if (kind == "supplier") {
          auto s = db.prepare("SELECT 1 FROM suppliers WHERE id = ?");
          s.bind(1, id);
          if (!s.step()) return make_error(errc::not_found, "agenda.link: no such supplier");
        } else if (kind == "draft") {
          if (!drafts::find_draft(db, m.team_id, id)) return make_error(errc::not_found, "agenda.link: no such draft in this team");
        } else if (kind == "topic") {
          auto s = db.prepare("SELECT 1 FROM topics t JOIN channels c ON c.id = t.channel_id WHERE t.id = ? AND c.team_id = ?");
          s.bind(1, id).bind(2, m.team_id);
          if (!s.step()) return make_error(errc::not_found, "agenda.link: no such topic in this team");
        } else {
          return make_error(errc::bad_request, "agenda.link.kind: draft, topic or supplier");
        }
        it.link = link_ref{kind, id, label_of(db, kind, id)};
      }
      m.agenda.push_back(std::move(it));
    }
  }
  if (f.guests) {
    m.guests.clear();
    std::set<std::int64_t> seen;
    for (auto uid : *f.guests) {
      if (!seen.insert(uid).second) continue;
      auto s = db.prepare(
          "SELECT u.display_name, u.email, coalesce(o.name, ''), EXISTS(SELECT 1 FROM memberships ms WHERE ms.team_id = ? AND ms.user_id = u.id) "
          "FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ? AND u.disabled = 0");
      s.bind(1, m.team_id).bind(2, uid);
      if (!s.step()) return make_error(errc::bad_request, "guests: no such user");
      if (s.col_int(3) != 0) continue;  // a member is invited anyway
      m.guests.push_back({uid, s.col_text(0), s.col_text(1), s.col_text(2), true});
    }
    if (m.guests.size() > 100) return make_error(errc::bad_request, "guests: at most 100");
  }
  if (!m.guests.empty() && !m.is_open) return make_error(errc::bad_request, "guests: only open meetings have guests");
  return m;
}

std::int64_t last_end_of(meeting const& m) {
  std::int64_t last = m.end_utc;
  for (auto const& o : occurrences(m)) last = std::max(last, o.end_utc);
  return last;
}

void write_row(store::connection& w, meeting const& m, bool insert, std::optional<std::int64_t> split_from = std::nullopt) {
  auto s = w.prepare(insert ? "INSERT INTO meetings (team_id, uid, title, description, location, video_url, is_open, tz, start_local, "
                              "end_local, start_utc, end_utc, freq, interval_n, setpos, until_date, count_n, last_end_utc, reminders, "
                              "status, sequence, created_by, created_at, updated_at, split_from) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
                              "?22, ?23, ?24, ?25)"
                            : "UPDATE meetings SET team_id = ?1, uid = ?2, title = ?3, description = ?4, location = ?5, video_url = ?6, "
                              "is_open = ?7, tz = ?8, start_local = ?9, end_local = ?10, start_utc = ?11, end_utc = ?12, freq = ?13, "
                              "interval_n = ?14, setpos = ?15, until_date = ?16, count_n = ?17, last_end_utc = ?18, reminders = ?19, "
                              "status = ?20, sequence = ?21, updated_at = ?24 WHERE id = ?26");
  s.bind(1, m.team_id).bind(2, m.uid).bind(3, m.title).bind(4, m.description).bind(5, m.location).bind(6, m.video_url);
  s.bind(7, m.is_open).bind(8, m.tz).bind(9, format(m.start)).bind(10, format(m.end)).bind(11, m.start_utc).bind(12, m.end_utc);
  if (m.rule) {
    s.bind(13, std::string(to_string(m.rule->f))).bind(14, m.rule->interval);
    s.bind(15, m.rule->f == freq::monthly_weekday ? std::optional<int>(m.rule->setpos) : std::nullopt);
    s.bind(16, m.rule->until ? std::optional<std::string>(format(*m.rule->until)) : std::nullopt);
    s.bind(17, m.rule->count);
  } else {
    s.bind_null(13).bind_null(14).bind_null(15).bind_null(16).bind_null(17);
  }
  s.bind(18, last_end_of(m)).bind(19, join_reminders(m.reminders)).bind(20, m.cancelled ? "cancelled" : "scheduled");
  s.bind(21, m.sequence).bind(22, m.created_by).bind(23, m.created_at).bind(24, m.updated_at).bind(25, split_from);
  if (!insert) s.bind(26, m.id);
  s.run();
}

void write_agenda(store::connection& w, meeting const& m) {
  w.prepare("DELETE FROM meeting_agenda WHERE meeting_id = ?").bind(1, m.id).run();
  int pos = 0;
  for (auto const& it : m.agenda) {
    w.prepare("INSERT INTO meeting_agenda (meeting_id, position, title, owner_id, minutes, link_kind, link_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, m.id)
        .bind(2, pos++)
        .bind(3, it.title)
        .bind(4, it.owner_id)
        .bind(5, it.minutes)
        .bind(6, it.link ? std::optional<std::string>(it.link->kind) : std::nullopt)
        .bind(7, it.link ? std::optional<std::int64_t>(it.link->id) : std::nullopt)
        .run();
  }
}

void write_guests(store::connection& w, meeting const& m) {
  w.prepare("DELETE FROM meeting_guests WHERE meeting_id = ?").bind(1, m.id).run();
  for (auto const& g : m.guests)
    w.prepare("INSERT INTO meeting_guests (meeting_id, user_id) VALUES (?, ?)").bind(1, m.id).bind(2, g.user_id).run();
}

// Exceptions whose date the rule no longer gives are dropped.
void drop_stray_exceptions(store::connection& w, meeting const& m) {
  std::set<std::string> keys;
  if (auto starts = expand(m.rule, m.start))
    for (auto const& t : *starts) keys.insert(format(t.date));
  for (auto const& e : m.exceptions)
    if (!keys.contains(e.occurrence))
      w.prepare("DELETE FROM meeting_exceptions WHERE meeting_id = ? AND occurrence = ?").bind(1, m.id).bind(2, e.occurrence).run();
}

std::string new_uid(std::int64_t id) { return "meeting-" + std::to_string(id) + "-" + auth::random_token(9) + "@arena"; }

}  // namespace

result<meeting> create_meeting(store::connection& w, std::int64_t team_id, std::int64_t user_id, fields const& f) {
  if (!f.title) return make_error(errc::bad_request, "title: required");
  if (!f.start) return make_error(errc::bad_request, "start: required (YYYY-MM-DDTHH:MM)");
  if (!f.end) return make_error(errc::bad_request, "end: required (YYYY-MM-DDTHH:MM)");
  meeting base;
  base.team_id = team_id;
  base.tz = std::string(default_zone);
  base.reminders = {1440, 15};
  base.created_by = user_id;
  ARENA_TRY(m, apply(w, base, f));
  auto const now = util::now_ms();
  m.created_at = m.updated_at = now;
  m.uid = "pending-" + auth::random_token(12);
  write_row(w, m, true);
  m.id = w.last_insert_rowid();
  m.uid = new_uid(m.id);
  w.prepare("UPDATE meetings SET uid = ? WHERE id = ?").bind(1, m.uid).bind(2, m.id).run();
  write_agenda(w, m);
  write_guests(w, m);
  return load_meeting(w, m.id);
}

result<meeting> load_meeting(store::connection& db, std::int64_t meeting_id) {
  std::optional<meeting> m;
  {
    auto s = db.prepare(std::string(meeting_select) + "WHERE m.id = ?");
    s.bind(1, meeting_id);
    if (!s.step()) return make_error(errc::not_found, "no such meeting");
    m = read_row(db, s);
  }
  load_children(db, *m);
  return std::move(*m);
}

result<meeting> find_meeting(store::connection& db, std::int64_t team_id, std::int64_t meeting_id) {
  ARENA_TRY(m, load_meeting(db, meeting_id));
  if (m.team_id != team_id) return make_error(errc::not_found, "no such meeting in this team");
  return m;
}

std::vector<occurrence> occurrences(meeting const& m) {
  std::vector<occurrence> out;
  auto starts = expand(m.rule, m.start);
  if (!starts) return out;
  auto const duration = m.end_utc - m.start_utc;
  std::map<std::string, exception_row const*> ex;
  for (auto const& e : m.exceptions) ex[e.occurrence] = &e;
  for (auto const& t : *starts) {
    occurrence o;
    o.meeting_id = m.id;
    o.team_id = m.team_id;
    o.key = format(t.date);
    o.title = m.title;
    o.description = m.description;
    o.location = m.location;
    o.video_url = m.video_url;
    o.is_open = m.is_open;
    o.tz = m.tz;
    o.original_start = t;
    o.start = t;
    o.start_utc = o.original_start_utc = occurrence_utc(t, m.tz);
    o.end_utc = o.start_utc + duration;
    o.end = from_utc_ms(o.end_utc, m.tz);
    o.recurring = m.rule.has_value();
    o.cancelled = m.cancelled;
    if (auto it = ex.find(o.key); it != ex.end()) {
      auto const& e = *it->second;
      o.cancelled = o.cancelled || e.cancelled;
      if (e.title) o.title = *e.title;
      if (e.description) o.description = *e.description;
      if (e.location) o.location = *e.location;
      if (e.video_url) o.video_url = *e.video_url;
      if (e.start && e.end) {
        o.start = *e.start;
        o.end = *e.end;
        o.start_utc = occurrence_utc(*e.start, m.tz);
        o.end_utc = occurrence_utc(*e.end, m.tz);
        o.moved = true;
      }
      o.moved = o.moved || e.title || e.description || e.location || e.video_url;
    }
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](occurrence const& a, occurrence const& b) { return a.start_utc < b.start_utc; });
  return out;
}

std::optional<occurrence> find_occurrence(meeting const& m, std::string const& key) {
  for (auto& o : occurrences(m))
    if (o.key == key) return o;
  return std::nullopt;
}

std::vector<meeting> team_meetings(store::connection& db, std::int64_t team_id, std::int64_t from_ms, std::int64_t to_ms) {
  std::vector<std::int64_t> ids;
  {
    auto s = db.prepare("SELECT id FROM meetings WHERE team_id = ? AND last_end_utc >= ? AND start_utc <= ? ORDER BY start_utc, id");
    s.bind(1, team_id).bind(2, from_ms).bind(3, to_ms);
    while (s.step()) ids.push_back(s.col_int(0));
  }
  std::vector<meeting> out;
  for (auto id : ids)
    if (auto m = load_meeting(db, id)) out.push_back(std::move(*m));
  return out;
}

std::vector<meeting> meetings_of_user(store::connection& db, std::int64_t user_id, std::int64_t after_ms) {
  std::vector<std::int64_t> ids;
  {
    auto s = db.prepare(
        "SELECT m.id FROM meetings m WHERE m.last_end_utc >= ?2 AND (EXISTS (SELECT 1 FROM memberships ms WHERE ms.team_id = m.team_id "
        "AND ms.user_id = ?1) OR EXISTS (SELECT 1 FROM meeting_guests g WHERE g.meeting_id = m.id AND g.user_id = ?1)) "
        "ORDER BY m.start_utc, m.id");
    s.bind(1, user_id).bind(2, after_ms);
    while (s.step()) ids.push_back(s.col_int(0));
  }
  std::vector<meeting> out;
  for (auto id : ids)
    if (auto m = load_meeting(db, id)) out.push_back(std::move(*m));
  return out;
}

result<meeting> update_series(store::connection& w, meeting const& current, fields const& f) {
  ARENA_TRY(m, apply(w, current, f));
  m.sequence = current.sequence + 1;
  m.updated_at = util::now_ms();
  drop_stray_exceptions(w, m);
  ARENA_TRY(reloaded_ex, load_meeting(w, m.id));
  m.exceptions = std::move(reloaded_ex.exceptions);
  write_row(w, m, false);
  if (f.agenda) write_agenda(w, m);
  if (f.guests || !m.is_open) write_guests(w, m);
  return load_meeting(w, m.id);
}

result<meeting> update_occurrence(store::connection& w, meeting const& m, std::string const& key, fields const& f) {
  if (f.tz || f.is_open || f.rule || f.agenda || f.guests || f.reminders)
    return make_error(errc::bad_request, "scope occurrence: only title, description, start, end, location and video_url");
  auto occ = find_occurrence(m, key);
  if (!occ) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (occ->cancelled) return make_error(errc::conflict, "occurrence: it is cancelled");
  exception_row e;
  for (auto const& x : m.exceptions)
    if (x.occurrence == key) e = x;
  e.occurrence = key;
  if (f.title) {
    auto t = util::trimmed(*f.title);
    if (auto st = util::check_chars(t, "title", 1, 200); !st) return st.error();
    e.title = t;
  }
  if (f.description) {
    if (auto st = util::check_chars(*f.description, "description", 0, 10000); !st) return st.error();
    e.description = *f.description;
  }
  if (f.location) {
    auto t = util::trimmed(*f.location);
    if (auto st = util::check_chars(t, "location", 0, 200); !st) return st.error();
    e.location = t;
  }
  if (f.video_url) {
    auto t = util::trimmed(*f.video_url);
    if (auto st = util::check_web_url(t, "video_url"); !st) return st.error();
    e.video_url = t;
  }
  std::optional<std::int64_t> s_utc, e_utc;
  if (f.start || f.end) {
    local_dt start = f.start ? *f.start : occ->start;
    ARENA_TRY(su, to_utc_ms(start, m.tz));
    std::int64_t eu = 0;
    local_dt end;
    if (f.end) {
      end = *f.end;
      ARENA_TRY(x, to_utc_ms(end, m.tz));
      eu = x;
    } else {
      eu = su + (occ->end_utc - occ->start_utc);
      end = from_utc_ms(eu, m.tz);
    }
    if (eu <= su) return make_error(errc::bad_request, "end: must be after start", "end_before_start");
    if (eu - su > max_duration_ms) return make_error(errc::bad_request, "end: at most 24 hours after start", "longer_than_a_day");
    e.start = start;
    e.end = end;
    s_utc = su;
    e_utc = eu;
  } else if (e.start && e.end) {
    s_utc = occurrence_utc(*e.start, m.tz);
    e_utc = occurrence_utc(*e.end, m.tz);
  }
  w.prepare(
       "INSERT INTO meeting_exceptions (meeting_id, occurrence, cancelled, start_local, end_local, start_utc, end_utc, title, description, "
       "location, video_url) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, occurrence) DO UPDATE SET "
       "start_local = excluded.start_local, end_local = excluded.end_local, start_utc = excluded.start_utc, end_utc = excluded.end_utc, "
       "title = excluded.title, description = excluded.description, location = excluded.location, video_url = excluded.video_url")
      .bind(1, m.id)
      .bind(2, key)
      .bind(3, e.start ? std::optional<std::string>(format(*e.start)) : std::nullopt)
      .bind(4, e.end ? std::optional<std::string>(format(*e.end)) : std::nullopt)
      .bind(5, s_utc)
      .bind(6, e_utc)
      .bind(7, e.title)
      .bind(8, e.description)
      .bind(9, e.location)
      .bind(10, e.video_url)
      .run();
  ARENA_TRY(next, load_meeting(w, m.id));
  next.sequence = m.sequence + 1;
  next.updated_at = util::now_ms();
  write_row(w, next, false);
  return load_meeting(w, m.id);
}

namespace {

// The series `m` ending just before the occurrence at `index` (> 0) of `occs`.
meeting truncated(meeting m, std::vector<occurrence> const& occs, std::size_t index) {
  std::vector<local_dt> originals;
  for (auto const& o : occs) originals.push_back(o.original_start);
  std::sort(originals.begin(), originals.end());
  auto cut = occs[index].original_start;
  std::size_t before = 0;
  local_date last = originals.front().date;
  for (auto const& t : originals)
    if (t < cut) {
      ++before;
      last = t.date;
    }
  if (m.rule->count) m.rule->count = static_cast<int>(before);
  else m.rule->until = last;
  return m;
}

std::optional<std::size_t> index_of(std::vector<occurrence> const& occs, std::string const& key) {
  // Position in rule order (the originals), not in the order after moves.
  std::vector<std::string> keys;
  for (auto const& o : occs) keys.push_back(o.key);
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return i;
  return std::nullopt;
}

}  // namespace

result<split_result> update_following(store::connection& w, meeting const& m, std::string const& key, fields const& f, std::int64_t user_id) {
  auto occs = occurrences(m);
  std::sort(occs.begin(), occs.end(), [](occurrence const& a, occurrence const& b) { return a.key < b.key; });
  auto idx = index_of(occs, key);
  if (!idx) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (*idx == 0 || !m.rule) {
    ARENA_TRY(only, update_series(w, m, f));
    return split_result{only, only};
  }
  auto const now = util::now_ms();
  // The new series starts where the rule put the occurrence, with the rest of the rule.
  meeting base = m;
  base.id = 0;
  base.exceptions.clear();
  base.start = occs[*idx].original_start;
  base.start_utc = occurrence_utc(base.start, m.tz);
  base.end_utc = base.start_utc + (m.end_utc - m.start_utc);
  base.end = from_utc_ms(base.end_utc, m.tz);
  if (base.rule->count) base.rule->count = *m.rule->count - static_cast<int>(*idx);
  base.sequence = 0;
  base.created_by = user_id;
  base.created_at = base.updated_at = now;
  ARENA_TRY(next, apply(w, base, f));
  next.uid = "pending-" + auth::random_token(12);
  write_row(w, next, true, m.id);
  next.id = w.last_insert_rowid();
  next.uid = new_uid(next.id);
  w.prepare("UPDATE meetings SET uid = ? WHERE id = ?").bind(1, next.uid).bind(2, next.id).run();
  write_agenda(w, next);
  write_guests(w, next);
  for (char const* table : {"meeting_exceptions", "meeting_answers", "meeting_minutes", "meeting_reminders_sent"})
    w.prepare(std::string("UPDATE ") + table + " SET meeting_id = ? WHERE meeting_id = ? AND occurrence >= ?")
        .bind(1, next.id)
        .bind(2, m.id)
        .bind(3, key)
        .run();
  ARENA_TRY(moved, load_meeting(w, next.id));
  drop_stray_exceptions(w, moved);

  auto prev = truncated(m, occs, *idx);
  prev.sequence = m.sequence + 1;
  prev.updated_at = now;
  ARENA_TRY(prev_now, load_meeting(w, m.id));
  prev.exceptions = prev_now.exceptions;
  write_row(w, prev, false);
  ARENA_TRY(p, load_meeting(w, m.id));
  ARENA_TRY(n, load_meeting(w, next.id));
  return split_result{std::move(p), std::move(n)};
}

result<meeting> cancel_series(store::connection& w, meeting const& current) {
  if (current.cancelled) return make_error(errc::conflict, "the meeting is already cancelled");
  meeting m = current;
  m.cancelled = true;
  m.sequence += 1;
  m.updated_at = util::now_ms();
  write_row(w, m, false);
  return load_meeting(w, m.id);
}

result<meeting> cancel_occurrence(store::connection& w, meeting const& m, std::string const& key) {
  auto occ = find_occurrence(m, key);
  if (!occ) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (occ->cancelled) return make_error(errc::conflict, "occurrence: already cancelled");
  w.prepare("INSERT INTO meeting_exceptions (meeting_id, occurrence, cancelled) VALUES (?, ?, 1) "
            "ON CONFLICT (meeting_id, occurrence) DO UPDATE SET cancelled = 1")
      .bind(1, m.id)
      .bind(2, key)
      .run();
  ARENA_TRY(next, load_meeting(w, m.id));
  next.sequence = m.sequence + 1;
  next.updated_at = util::now_ms();
  write_row(w, next, false);
  return load_meeting(w, m.id);
}

result<meeting> cancel_following(store::connection& w, meeting const& m, std::string const& key) {
  auto occs = occurrences(m);
  std::sort(occs.begin(), occs.end(), [](occurrence const& a, occurrence const& b) { return a.key < b.key; });
  auto idx = index_of(occs, key);
  if (!idx) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (*idx == 0 || !m.rule) return cancel_series(w, m);
  auto prev = truncated(m, occs, *idx);
  prev.sequence = m.sequence + 1;
  prev.updated_at = util::now_ms();
  write_row(w, prev, false);
  return load_meeting(w, m.id);
}

std::vector<person> invitees(store::connection& db, meeting const& m) {
  std::vector<person> out;
  auto s = db.prepare(
      "SELECT u.id, u.display_name, u.email, coalesce(o.name, '') FROM memberships ms JOIN users u ON u.id = ms.user_id "
      "LEFT JOIN organisations o ON o.id = u.org_id WHERE ms.team_id = ? AND u.disabled = 0 AND (ms.role <> 'observer' OR ?) "
      "ORDER BY u.display_name, u.id");
  s.bind(1, m.team_id).bind(2, m.is_open);
  while (s.step()) out.push_back({s.col_int(0), s.col_text(1), s.col_text(2), s.col_text(3), false});
  if (m.is_open)
    for (auto const& g : m.guests) out.push_back(g);
  return out;
}

bool is_invitee(store::connection& db, meeting const& m, std::int64_t user_id) {
  for (auto const& p : invitees(db, m))
    if (p.user_id == user_id) return true;
  return false;
}

bool can_read(store::connection& db, meeting const& m, std::int64_t user_id) {
  auto s = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM memberships WHERE team_id = ?1 AND user_id = ?2) OR "
      "EXISTS (SELECT 1 FROM meeting_guests WHERE meeting_id = ?3 AND user_id = ?2)");
  s.bind(1, m.team_id).bind(2, user_id).bind(3, m.id);
  return s.step() && s.col_int(0) != 0;
}

std::vector<answer> answers(store::connection& db, meeting const& m, std::string const& key) {
  std::vector<answer> out;
  for (auto const& p : invitees(db, m)) {
    answer a;
    a.who = p;
    auto s = db.prepare("SELECT answer, comment, answered_at, attended FROM meeting_answers WHERE meeting_id = ? AND occurrence = ? AND user_id = ?");
    s.bind(1, m.id).bind(2, key).bind(3, p.user_id);
    if (s.step()) {
      a.value = s.col_text_opt(0);
      a.comment = s.col_text(1);
      if (!s.is_null(2)) a.answered_at = s.col_int(2);
      if (!s.is_null(3)) a.attended = s.col_int(3) != 0;
    }
    out.push_back(std::move(a));
  }
  return out;
}

result<answer> set_answer(store::connection& w, meeting const& m, std::string const& key, std::int64_t user_id, std::string const& value,
                          std::string const& comment, std::int64_t now_ms) {
  if (value != "yes" && value != "maybe" && value != "no") return make_error(errc::bad_request, "answer: yes, maybe or no");
  if (drafts::ot::utf8::code_points(comment) > 500) return make_error(errc::bad_request, "comment: at most 500 characters");
  if (!is_invitee(w, m, user_id)) return make_error(errc::forbidden, "you are not invited to this meeting");
  auto occ = find_occurrence(m, key);
  if (!occ) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (occ->cancelled) return make_error(errc::conflict, "the meeting is cancelled");
  if (occ->end_utc <= now_ms) return make_error(errc::conflict, "the meeting is over");
  w.prepare("INSERT INTO meeting_answers (meeting_id, occurrence, user_id, answer, comment, answered_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (meeting_id, occurrence, user_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, "
            "answered_at = excluded.answered_at")
      .bind(1, m.id)
      .bind(2, key)
      .bind(3, user_id)
      .bind(4, value)
      .bind(5, util::trimmed(comment))
      .bind(6, now_ms)
      .run();
  for (auto& a : answers(w, m, key))
    if (a.who.user_id == user_id) return a;
  return make_error(errc::internal, "answer not found after writing it");
}

result<std::vector<answer>> set_attendance(store::connection& w, meeting const& m, std::string const& key,
                                           std::vector<std::int64_t> const& attended, std::int64_t now_ms) {
  auto occ = find_occurrence(m, key);
  if (!occ) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  if (occ->cancelled) return make_error(errc::conflict, "the meeting is cancelled");
  if (occ->start_utc > now_ms) return make_error(errc::conflict, "attendance is recorded once the meeting has started");
  auto people = invitees(w, m);
  std::set<std::int64_t> present(attended.begin(), attended.end());
  for (auto uid : present)
    if (std::none_of(people.begin(), people.end(), [&](person const& p) { return p.user_id == uid; }))
      return make_error(errc::bad_request, "attended: user " + std::to_string(uid) + " is not invited");
  for (auto const& p : people)
    w.prepare("INSERT INTO meeting_answers (meeting_id, occurrence, user_id, attended) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (meeting_id, occurrence, user_id) DO UPDATE SET attended = excluded.attended")
        .bind(1, m.id)
        .bind(2, key)
        .bind(3, p.user_id)
        .bind(4, present.contains(p.user_id))
        .run();
  return answers(w, m, key);
}

std::vector<std::pair<std::string, std::vector<answer>>> answers_by_occurrence(store::connection& db, meeting const& m) {
  std::vector<std::string> keys;
  {
    auto s = db.prepare("SELECT DISTINCT occurrence FROM meeting_answers WHERE meeting_id = ? AND answer IS NOT NULL ORDER BY occurrence");
    s.bind(1, m.id);
    while (s.step()) keys.push_back(s.col_text(0));
  }
  std::vector<std::pair<std::string, std::vector<answer>>> out;
  for (auto const& k : keys) out.emplace_back(k, answers(db, m, k));
  return out;
}

std::vector<person> guest_candidates(store::connection& db, std::int64_t team_id, std::string const& q) {
  std::string pattern = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += "%";
  std::vector<person> out;
  auto s = db.prepare(
      "SELECT u.id, u.display_name, u.email, coalesce(o.name, '') FROM users u LEFT JOIN organisations o ON o.id = u.org_id "
      "WHERE u.disabled = 0 AND NOT EXISTS (SELECT 1 FROM memberships ms WHERE ms.team_id = ?1 AND ms.user_id = u.id) "
      "AND (u.display_name LIKE ?2 ESCAPE '\\' OR u.email LIKE ?2 ESCAPE '\\') ORDER BY u.display_name, u.id LIMIT 20");
  s.bind(1, team_id).bind(2, pattern);
  while (s.step()) out.push_back({s.col_int(0), s.col_text(1), s.col_text(2), s.col_text(3), true});
  return out;
}

void fill_my_answers(store::connection& db, std::int64_t user_id, std::vector<occurrence>& occs) {
  for (auto& o : occs) {
    auto s = db.prepare("SELECT answer FROM meeting_answers WHERE meeting_id = ? AND occurrence = ? AND user_id = ?");
    s.bind(1, o.meeting_id).bind(2, o.key).bind(3, user_id);
    if (s.step()) o.my_answer = s.col_text_opt(0);
  }
}

}  // namespace arena::meetings
