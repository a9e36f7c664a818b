// Meetings (docs/PROTOCOL.md, "Meetings"). The op table checks team access for most operations;
// meeting.get and meeting.answer are open to a meeting's guests too, so they ask auth::allowed
// (members) or the guest list themselves. Every write is one writer job; its events go out after
// COMMIT (on the writer thread, in commit order) and before the answer.
#include "chat/channels.hpp"
#include "meetings/feeds.hpp"
#include "meetings/meetings.hpp"
#include "meetings/minutes.hpp"
#include "meetings/polls.hpp"
#include "meetings/reminders.hpp"
#include "protocol/args.hpp"
#include "protocol/commit.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"
#include "protocol/views_drafts.hpp"
#include "protocol/views_meetings.hpp"
#include "teams/teams.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace arena::protocol {

namespace {

using meetings::meeting;

bool is_facilitator(call& c, std::int64_t team_id) {
  return c.who->is_admin || teams::role_of(*c.db, team_id, c.who->user_id) == auth::team_role::facilitator;
}

// The meeting with its bound topics.
meeting with_topics(store::connection& db, meeting m) {
  m.topics.clear();
  for (auto const& t : chat::topics_bound_to(db, m.team_id, "meeting", m.id)) m.topics.push_back({t.channel_id, t.id, t.name});
  return m;
}

// meeting.updated to the team and to the guests (who are not members).
void publish_meeting(services& svc, meeting const& m) {
  auto frame = encode_shared(json{{"ev", "meeting.updated"}, {"meeting", to_json(m)}});
  svc.hub.publish(bus::team_topic(m.team_id), frame);
  for (auto const& g : m.guests) svc.hub.publish(bus::user_topic(g.user_id), frame);
}

void publish_answer(services& svc, meeting const& m, std::string const& key, meetings::answer const& a) {
  auto frame = encode_shared(json{{"ev", "meeting.answered"}, {"meeting_id", m.id}, {"occurrence", key}, {"answer", to_json(a)}});
  svc.hub.publish(bus::team_topic(m.team_id), frame);
  for (auto const& g : m.guests) svc.hub.publish(bus::user_topic(g.user_id), frame);
}

void publish_poll(services& svc, meetings::poll const& p) {
  svc.hub.publish(bus::team_topic(p.team_id), encode_shared(json{{"ev", "poll.updated"}, {"poll", to_json(p)}}));
}

meetings::local_date oslo_today() { return meetings::from_utc_ms(util::now_ms(), std::string(meetings::default_zone)).date; }

result<std::optional<meetings::local_dt>> local_field(json const& a, char const* field) {
  ARENA_TRY(s, args::opt_string(a, field, 32));
  if (!s) return std::optional<meetings::local_dt>();
  auto t = meetings::parse_local(*s);
  if (!t) return make_error(errc::bad_request, std::string(field) + ": a local time YYYY-MM-DDTHH:MM");
  return std::optional<meetings::local_dt>(*t);
}

result<meetings::local_date> date_field(json const& a, char const* field) {
  ARENA_TRY(s, args::string(a, field, 10, 10));
  auto d = meetings::parse_date(s);
  if (!d) return make_error(errc::bad_request, std::string(field) + ": a date YYYY-MM-DD");
  return *d;
}

result<std::optional<meetings::recurrence>> recurrence_field(json const& r) {
  if (r.is_null()) return std::optional<meetings::recurrence>();
  if (!r.is_object()) return make_error(errc::bad_request, "recurrence: an object or null");
  meetings::recurrence out;
  ARENA_TRY(f, args::string(r, "freq", 1, 20));
  auto fr = meetings::parse_freq(f);
  if (!fr) return make_error(errc::bad_request, "recurrence.freq: weekly or monthly_weekday");
  out.f = *fr;
  ARENA_TRY(interval, args::opt_integer(r, "interval", -1000000, 1000000));
  out.interval = static_cast<int>(interval.value_or(1));
  ARENA_TRY(setpos, args::opt_integer(r, "setpos", -1000, 1000));
  out.setpos = static_cast<int>(setpos.value_or(0));
  if (out.f == meetings::freq::monthly_weekday && !setpos) return make_error(errc::bad_request, "recurrence.setpos: required for monthly_weekday");
  ARENA_TRY(until, args::opt_string(r, "until", 10));
  if (until) {
    auto d = meetings::parse_date(*until);
    if (!d) return make_error(errc::bad_request, "recurrence.until: a date YYYY-MM-DD");
    out.until = *d;
  }
  ARENA_TRY(count, args::opt_integer(r, "count", -1000000, 1000000));
  if (count) out.count = static_cast<int>(*count);
  return std::optional<meetings::recurrence>(out);
}

result<meetings::fields> fields_of(json const& a) {
  meetings::fields f;
  ARENA_TRY(title, args::opt_string(a, "title", 1000));
  f.title = title;
  ARENA_TRY(description, args::opt_string(a, "description", 40000));
  f.description = description;
  ARENA_TRY(location, args::opt_string(a, "location", 1000));
  f.location = location;
  ARENA_TRY(video, args::opt_string(a, "video_url", 1000));
  f.video_url = video;
  ARENA_TRY(tz, args::opt_string(a, "tz", 64));
  f.tz = tz;
  ARENA_TRY(open, args::opt_bool(a, "is_open"));
  f.is_open = open;
  ARENA_TRY(start, local_field(a, "start"));
  f.start = start;
  ARENA_TRY(end, local_field(a, "end"));
  f.end = end;
  if (auto it = a.find("recurrence"); it != a.end()) {
    ARENA_TRY(r, recurrence_field(*it));
    f.rule = r;
  }
  if (auto it = a.find("agenda"); it != a.end() && !it->is_null()) {
    if (!it->is_array()) return make_error(errc::bad_request, "agenda: an array");
    if (it->size() > meetings::max_agenda_items) return make_error(errc::bad_request, "agenda: at most 50 items");
    std::vector<meetings::agenda_input> items;
    for (auto const& x : *it) {
      if (!x.is_object()) return make_error(errc::bad_request, "agenda: an array of objects");
      meetings::agenda_input in;
      ARENA_TRY(t, args::string(x, "title", 0, 1000));
      in.title = t;
      ARENA_TRY(owner, args::opt_id(x, "owner_id"));
      in.owner_id = owner;
      ARENA_TRY(minutes, args::opt_integer(x, "minutes", -1000000, 1000000));
      if (minutes) in.minutes = static_cast<int>(*minutes);
      if (auto l = x.find("link"); l != x.end() && !l->is_null()) {
        if (!l->is_object()) return make_error(errc::bad_request, "agenda.link: {\"kind\", \"id\"} or null");
        ARENA_TRY(kind, args::string(*l, "kind", 1, 20));
        ARENA_TRY(id, args::id(*l, "id"));
        in.link = std::make_pair(kind, id);
      }
      items.push_back(std::move(in));
    }
    f.agenda = std::move(items);
  }
  if (a.contains("guests")) {
    ARENA_TRY(g, args::id_list(a, "guests", 100));
    f.guests = std::move(g);
  }
  if (auto it = a.find("reminders"); it != a.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 4) return make_error(errc::bad_request, "reminders: at most 4 numbers of minutes");
    std::vector<int> r;
    for (auto const& v : *it) {
      if (!v.is_number_integer()) return make_error(errc::bad_request, "reminders: numbers of minutes");
      auto n = v.get<std::int64_t>();
      if (n < 1 || n > 40320) return make_error(errc::bad_request, "reminders: 1..40320 minutes before the start");
      r.push_back(static_cast<int>(n));
    }
    f.reminders = std::move(r);
  }
  return f;
}

enum class scope { series, occurrence, following };

result<scope> scope_field(json const& a) {
  ARENA_TRY(s, args::string(a, "scope", 1, 20));
  if (s == "series") return scope::series;
  if (s == "occurrence") return scope::occurrence;
  if (s == "following") return scope::following;
  return make_error(errc::bad_request, "scope: series, occurrence or following");
}

// The meeting the call names, in the team it names (not_found otherwise), visible to the caller.
result<meeting> visible_meeting(call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(meeting_id, args::id(a, "meeting_id"));
  ARENA_TRY(m, meetings::find_meeting(*c.db, team_id, meeting_id));
  bool member = auth::allowed(auth::access::team_read, &*c.who, teams::role_of(*c.db, team_id, c.who->user_id));
  if (!member && !meetings::can_read(*c.db, m, c.who->user_id)) return make_error(errc::not_found, "no such meeting in this team");
  return m;
}

// The occurrence named by `occurrence`, or the next that has not ended (else the last).
result<meetings::occurrence> pick_occurrence(meeting const& m, json const& a) {
  ARENA_TRY(key, args::opt_string(a, "occurrence", 10));
  auto occs = meetings::occurrences(m);
  if (occs.empty()) return make_error(errc::internal, "the meeting has no occurrences");
  if (key) {
    for (auto& o : occs)
      if (o.key == *key) return o;
    return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  }
  auto const now = util::now_ms();
  for (auto& o : occs)
    if (o.end_utc > now && !o.cancelled) return o;
  return occs.back();
}

result<std::string> occurrence_key(meeting const& m, json const& a) {
  ARENA_TRY(key, args::string(a, "occurrence", 10, 10));
  if (!meetings::find_occurrence(m, key)) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
  return key;
}

json occurrences_json(std::vector<meetings::occurrence> const& occs) {
  json out = json::array();
  for (auto const& o : occs) out.push_back(to_json(o));
  return out;
}

json answers_json(std::vector<meetings::answer> const& as) {
  json out = json::array();
  for (auto const& x : as) out.push_back(to_json(x));
  return out;
}

std::vector<std::int64_t> not_declined(store::connection& w, meeting const& m, std::string const& key) {
  std::vector<std::int64_t> out;
  for (auto const& a : meetings::answers(w, m, key))
    if (a.value != "no") out.push_back(a.who.user_id);
  return out;
}

}  // namespace

void meeting_reminder_sweep(services& svc) {
  using notes_t = std::vector<chat::notification>;
  auto r = commit_then<notes_t>(
      svc, [](store::connection& w) -> result<notes_t> { return meetings::send_due_reminders(w, util::now_ms()); },
      [&svc](notes_t const& notes) { publish_notifications(svc, notes); });
  if (!r) util::log::warn("meetings.reminders_failed", {{"error", r.error().message}});
}

result<json> meeting_list(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(from, date_field(a, "from"));
  ARENA_TRY(to, date_field(a, "to"));
  if (to < from) return make_error(errc::bad_request, "to: must not be before from");
  if (meetings::add_days(from, 400) < to) return make_error(errc::bad_request, "to: at most 400 days after from");
  std::string const tz(meetings::default_zone);
  ARENA_TRY(from_ms, meetings::to_utc_ms({from, 0, 0}, tz));
  ARENA_TRY(to_ms, meetings::to_utc_ms({meetings::add_days(to, 1), 0, 0}, tz));
  std::vector<meetings::occurrence> occs;
  for (auto const& m : meetings::team_meetings(*c.db, team_id, from_ms, to_ms))
    for (auto& o : meetings::occurrences(m))
      if (o.end_utc > from_ms && o.start_utc < to_ms) occs.push_back(std::move(o));
  std::stable_sort(occs.begin(), occs.end(), [](auto const& x, auto const& y) { return x.start_utc < y.start_utc; });
  meetings::fill_my_answers(*c.db, c.who->user_id, occs);
  return answer(json{{"occurrences", occurrences_json(occs)}});
}

result<json> meeting_upcoming(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::opt_id(a, "team_id"));
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 50));
  if (team_id && !auth::allowed(auth::access::team_read, &*c.who, teams::role_of(*c.db, *team_id, c.who->user_id)))
    return make_error(errc::forbidden, "you are not allowed to do this");
  auto const now = util::now_ms();
  std::vector<meetings::occurrence> occs;
  auto source = team_id ? meetings::team_meetings(*c.db, *team_id, now, now + 5LL * 366 * 24 * 3600 * 1000)
                        : meetings::meetings_of_user(*c.db, c.who->user_id, now);
  for (auto const& m : source)
    for (auto& o : meetings::occurrences(m))
      if (o.end_utc > now && !o.cancelled) occs.push_back(std::move(o));
  std::stable_sort(occs.begin(), occs.end(), [](auto const& x, auto const& y) { return x.start_utc < y.start_utc; });
  if (occs.size() > static_cast<std::size_t>(limit.value_or(10))) occs.resize(static_cast<std::size_t>(limit.value_or(10)));
  meetings::fill_my_answers(*c.db, c.who->user_id, occs);
  return answer(json{{"occurrences", occurrences_json(occs)}});
}

result<json> meeting_get(services&, call& c, json const& a) {
  ARENA_TRY(m0, visible_meeting(c, a));
  auto m = with_topics(*c.db, std::move(m0));
  ARENA_TRY(occ, pick_occurrence(m, a));
  std::vector<meetings::occurrence> one{occ};
  meetings::fill_my_answers(*c.db, c.who->user_id, one);
  auto const now = util::now_ms();
  bool invited = meetings::is_invitee(*c.db, m, c.who->user_id);
  json minutes = nullptr;
  if (auto ref = meetings::minutes_of(*c.db, m.id, occ.key))
    minutes = {{"draft_id", ref->draft_id}, {"identifier", ref->identifier}, {"title", ref->title}};
  json actions = json::array();
  for (auto const& it : meetings::occurrence_actions(*c.db, m, occ.key, oslo_today())) actions.push_back(to_json(it));
  return answer(json{{"meeting", to_json(m)},
                     {"occurrence", to_json(one.front())},
                     {"answers", answers_json(meetings::answers(*c.db, m, occ.key))},
                     {"minutes", std::move(minutes)},
                     {"actions", std::move(actions)},
                     {"can_edit", is_facilitator(c, m.team_id)},
                     {"can_answer", invited && !occ.cancelled && occ.end_utc > now}});
}

result<json> meeting_create(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(f, fields_of(a));
  auto uid = c.who->user_id;
  ARENA_TRY(m, commit_then<meeting>(
                   svc, [&](store::connection& w) { return meetings::create_meeting(w, team_id, uid, f); },
                   [&svc](meeting const& m) { publish_meeting(svc, m); }));
  return answer(json{{"meeting", to_json(m)}});
}

result<json> meeting_update(services& svc, call& c, json const& a) {
  ARENA_TRY(current, visible_meeting(c, a));
  ARENA_TRY(sc, scope_field(a));
  ARENA_TRY(f, fields_of(a));
  std::string key;
  if (sc != scope::series) {
    ARENA_TRY(k, occurrence_key(current, a));
    key = k;
  }
  if (!current.rule && sc == scope::following) sc = scope::series;
  if (current.cancelled) return make_error(errc::conflict, "the meeting is cancelled");
  auto uid = c.who->user_id;
  auto id = current.id;
  if (sc == scope::following) {
    ARENA_TRY(r, commit_then<meetings::split_result>(
                     svc,
                     [&](store::connection& w) -> result<meetings::split_result> {
                       ARENA_TRY(m, meetings::load_meeting(w, id));  // the latest, inside the job
                       return meetings::update_following(w, m, key, f, uid);
                     },
                     [&svc](meetings::split_result const& r) {
                       publish_meeting(svc, r.previous);
                       if (r.next.id != r.previous.id) publish_meeting(svc, r.next);
                     }));
    json out{{"meeting", to_json(with_topics(*c.db, r.next))}};
    if (r.next.id != r.previous.id) out["previous"] = to_json(with_topics(*c.db, r.previous));
    return answer(std::move(out));
  }
  bool single_occurrence = sc == scope::occurrence && current.rule.has_value();
  ARENA_TRY(m, commit_then<meeting>(
                   svc,
                   [&](store::connection& w) -> result<meeting> {
                     ARENA_TRY(latest, meetings::load_meeting(w, id));
                     if (single_occurrence) return meetings::update_occurrence(w, latest, key, f);
                     return meetings::update_series(w, latest, f);
                   },
                   [&svc](meeting const& m) { publish_meeting(svc, m); }));
  return answer(json{{"meeting", to_json(with_topics(*c.db, m))}});
}

result<json> meeting_cancel(services& svc, call& c, json const& a) {
  ARENA_TRY(current, visible_meeting(c, a));
  ARENA_TRY(sc, scope_field(a));
  std::string key;
  if (sc != scope::series) {
    ARENA_TRY(k, occurrence_key(current, a));
    key = k;
  }
  if (!current.rule) sc = scope::series;
  auto id = current.id;
  auto actor = c.who->user_id;
  struct done_t {
    meeting m;
    std::vector<chat::notification> notes;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(latest, meetings::load_meeting(w, id));
                     // Who is told: those who had not declined the occurrence (or the next one).
                     std::string told_key = key;
                     std::int64_t starts = latest.start_utc;
                     auto const now = util::now_ms();
                     for (auto const& o : meetings::occurrences(latest)) {
                       if (!key.empty() && o.key == key) starts = o.start_utc;
                       if (key.empty() && told_key.empty() && o.end_utc > now && !o.cancelled) {
                         told_key = o.key;
                         starts = o.start_utc;
                       }
                     }
                     if (told_key.empty()) told_key = meetings::format(latest.start.date);
                     auto users = not_declined(w, latest, told_key);
                     users.erase(std::remove(users.begin(), users.end(), actor), users.end());
                     result<meeting> m = sc == scope::series       ? meetings::cancel_series(w, latest)
                                         : sc == scope::occurrence ? meetings::cancel_occurrence(w, latest, key)
                                                                   : meetings::cancel_following(w, latest, key);
                     if (!m) return m.error();
                     auto notes = chat::notify_meeting(w, users, "meeting_cancelled", latest.id, told_key, starts, actor);
                     return done_t{std::move(*m), std::move(notes)};
                   },
                   [&svc](done_t const& d) {
                     publish_meeting(svc, d.m);
                     publish_notifications(svc, d.notes);
                   }));
  return answer(json{{"meeting", to_json(with_topics(*c.db, r.m))}});
}

result<json> meeting_answer(services& svc, call& c, json const& a) {
  ARENA_TRY(current, visible_meeting(c, a));
  ARENA_TRY(key, args::string(a, "occurrence", 10, 10));
  ARENA_TRY(value, args::string(a, "answer", 1, 10));
  ARENA_TRY(comment, args::opt_string(a, "comment", 4000));
  auto uid = c.who->user_id;
  auto id = current.id;
  struct done_t {
    meeting m;
    meetings::answer ans;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(latest, meetings::load_meeting(w, id));
                     ARENA_TRY(ans, meetings::set_answer(w, latest, key, uid, value, comment.value_or(""), util::now_ms()));
                     return done_t{std::move(latest), std::move(ans)};
                   },
                   [&svc, key](done_t const& d) { publish_answer(svc, d.m, key, d.ans); }));
  return answer(json{{"answer", to_json(r.ans)}});
}

result<json> meeting_attendance(services& svc, call& c, json const& a) {
  ARENA_TRY(current, visible_meeting(c, a));
  ARENA_TRY(key, args::string(a, "occurrence", 10, 10));
  if (!a.contains("attended")) return make_error(errc::bad_request, "attended: an array of user ids is required");
  ARENA_TRY(ids, args::id_list(a, "attended", 1000));
  auto id = current.id;
  struct done_t {
    meeting m;
    std::vector<meetings::answer> list;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(latest, meetings::load_meeting(w, id));
                     ARENA_TRY(list, meetings::set_attendance(w, latest, key, ids, util::now_ms()));
                     return done_t{std::move(latest), std::move(list)};
                   },
                   [&svc, key](done_t const& d) {
                     for (auto const& x : d.list) publish_answer(svc, d.m, key, x);
                   }));
  return answer(json{{"answers", answers_json(r.list)}});
}

result<json> meeting_minutes(services& svc, call& c, json const& a) {
  ARENA_TRY(current, visible_meeting(c, a));
  ARENA_TRY(key, occurrence_key(current, a));
  auto uid = c.who->user_id;
  auto id = current.id;
  struct done_t {
    meeting m;
    meetings::opened o;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(latest, meetings::load_meeting(w, id));
                     auto occ = meetings::find_occurrence(latest, key);
                     if (!occ) return make_error(errc::not_found, "occurrence: not an occurrence of this meeting");
                     ARENA_TRY(o, meetings::open_minutes(w, latest, *occ, uid));
                     return done_t{std::move(latest), std::move(o)};
                   },
                   [&svc](done_t const& d) {
                     if (!d.o.created) return;
                     svc.hub.publish(bus::team_topic(d.o.d.team_id), encode_shared(json{{"ev", "draft.updated"}, {"draft", to_json(d.o.d)}}));
                     publish_meeting(svc, d.m);
                   }));
  return answer(json{{"draft", to_json(r.o.d)}, {"created", r.o.created}});
}

result<json> meeting_actions(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(open_only, args::opt_bool(a, "open_only"));
  json out = json::array();
  for (auto const& it : meetings::team_actions(*c.db, team_id, open_only.value_or(true), oslo_today())) out.push_back(to_json(it));
  return answer(json{{"actions", std::move(out)}});
}

result<json> meeting_guest_candidates(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(q, args::string(a, "q", 1, 400));
  json out = json::array();
  for (auto const& p : meetings::guest_candidates(*c.db, team_id, q))
    out.push_back({{"user_id", p.user_id}, {"display_name", p.display_name}, {"org_name", p.org_name}});
  return answer(json{{"users", std::move(out)}});
}

// ---- time polls ----

result<json> poll_create(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  meetings::poll_input in;
  ARENA_TRY(title, args::string(a, "title", 0, 1000));
  in.title = title;
  ARENA_TRY(description, args::opt_string(a, "description", 40000));
  in.description = description.value_or("");
  ARENA_TRY(location, args::opt_string(a, "location", 1000));
  in.location = location.value_or("");
  ARENA_TRY(video, args::opt_string(a, "video_url", 1000));
  in.video_url = video.value_or("");
  ARENA_TRY(open, args::opt_bool(a, "is_open"));
  in.is_open = open.value_or(false);
  ARENA_TRY(tz, args::opt_string(a, "tz", 64));
  if (tz) in.tz = *tz;
  auto it = a.find("slots");
  if (it == a.end() || !it->is_array()) return make_error(errc::bad_request, "slots: an array of {\"start\", \"end\"}");
  if (it->size() > meetings::max_poll_slots) return make_error(errc::bad_request, "slots: at most 30");
  for (auto const& s : *it) {
    if (!s.is_object()) return make_error(errc::bad_request, "slots: an array of {\"start\", \"end\"}");
    ARENA_TRY(st, local_field(s, "start"));
    ARENA_TRY(en, local_field(s, "end"));
    if (!st || !en) return make_error(errc::bad_request, "slots: each needs start and end");
    in.slots.emplace_back(*st, *en);
  }
  auto uid = c.who->user_id;
  ARENA_TRY(p, commit_then<meetings::poll>(
                   svc, [&](store::connection& w) { return meetings::create_poll(w, team_id, uid, in); },
                   [&svc](meetings::poll const& p) { publish_poll(svc, p); }));
  return answer(json{{"poll", to_json(p)}});
}

result<json> poll_list(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(closed, args::opt_bool(a, "include_closed"));
  json out = json::array();
  for (auto const& p : meetings::list_polls(*c.db, team_id, closed.value_or(false))) out.push_back(to_json(p));
  return answer(json{{"polls", std::move(out)}});
}

result<json> poll_get(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(poll_id, args::id(a, "poll_id"));
  ARENA_TRY(p, meetings::find_poll(*c.db, team_id, poll_id));
  return answer(json{{"poll", to_json(p)}});
}

result<json> poll_answer(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(poll_id, args::id(a, "poll_id"));
  auto it = a.find("answers");
  if (it == a.end() || !it->is_array() || it->size() > meetings::max_poll_slots)
    return make_error(errc::bad_request, "answers: an array of {\"slot_id\", \"answer\"}");
  std::vector<std::pair<std::int64_t, std::string>> answers;
  for (auto const& x : *it) {
    if (!x.is_object()) return make_error(errc::bad_request, "answers: an array of {\"slot_id\", \"answer\"}");
    ARENA_TRY(slot, args::id(x, "slot_id"));
    ARENA_TRY(v, args::string(x, "answer", 1, 20));
    answers.emplace_back(slot, v);
  }
  auto uid = c.who->user_id;
  ARENA_TRY(p, commit_then<meetings::poll>(
                   svc,
                   [&](store::connection& w) -> result<meetings::poll> {
                     ARENA_TRY(current, meetings::find_poll(w, team_id, poll_id));
                     return meetings::answer_poll(w, current, uid, answers);
                   },
                   [&svc](meetings::poll const& p) { publish_poll(svc, p); }));
  return answer(json{{"poll", to_json(p)}});
}

result<json> poll_close(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(poll_id, args::id(a, "poll_id"));
  (void)c;
  ARENA_TRY(p, commit_then<meetings::poll>(
                   svc,
                   [&](store::connection& w) -> result<meetings::poll> {
                     ARENA_TRY(current, meetings::find_poll(w, team_id, poll_id));
                     return meetings::close_poll(w, current);
                   },
                   [&svc](meetings::poll const& p) { publish_poll(svc, p); }));
  return answer(json{{"poll", to_json(p)}});
}

result<json> poll_decide(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(poll_id, args::id(a, "poll_id"));
  ARENA_TRY(slot_id, args::id(a, "slot_id"));
  ARENA_TRY(all, fields_of(a));
  meetings::fields extra;  // only the agenda and the reminders come from the request
  extra.agenda = all.agenda;
  extra.reminders = all.reminders;
  auto uid = c.who->user_id;
  struct done_t {
    meetings::decided d;
    std::vector<chat::notification> notes;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(current, meetings::find_poll(w, team_id, poll_id));
                     ARENA_TRY(d, meetings::decide_poll(w, current, slot_id, uid, extra));
                     std::vector<std::int64_t> users;
                     for (auto const& p : meetings::invitees(w, d.m))
                       if (p.user_id != uid) users.push_back(p.user_id);
                     auto notes = chat::notify_meeting(w, users, "meeting_scheduled", d.m.id, meetings::format(d.m.start.date), d.m.start_utc, uid);
                     return done_t{std::move(d), std::move(notes)};
                   },
                   [&svc](done_t const& r) {
                     publish_meeting(svc, r.d.m);
                     publish_poll(svc, r.d.p);
                     publish_notifications(svc, r.notes);
                   }));
  return answer(json{{"poll", to_json(r.d.p)}, {"meeting", to_json(r.d.m)}});
}

// ---- calendar feeds ----

result<json> calendar_feed(services&, call& c, json const&) {
  auto at = meetings::feed_created_at(*c.db, c.who->user_id);
  return answer(json{{"active", at.has_value()}, {"created_at", time_json(at)}});
}

result<json> calendar_feed_reset(services& svc, call& c, json const&) {
  auto uid = c.who->user_id;
  auto const now = util::now_ms();
  ARENA_TRY(token, commit_then<std::string>(
                       svc, [&](store::connection& w) -> result<std::string> { return meetings::reset_feed(w, uid, now); }, {}));
  auto path = "/calendar/" + token + ".ics";
  return answer(json{{"url", svc.public_url + path}, {"path", path}, {"created_at", time_json(now)}});
}

result<json> calendar_feed_revoke(services& svc, call& c, json const&) {
  auto uid = c.who->user_id;
  ARENA_TRY(done, commit_then<bool>(
                      svc,
                      [&](store::connection& w) -> result<bool> {
                        meetings::revoke_feed(w, uid);
                        return true;
                      },
                      {}));
  (void)done;
  return answer(json{{"active", false}});
}

}  // namespace arena::protocol
