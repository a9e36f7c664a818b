#include "meetings/ical.hpp"

#include "meetings/meetings.hpp"

#include <libical/ical.h>

#include <map>
#include <memory>
#include <set>

namespace arena::meetings {

namespace {

icaltimetype floating(local_dt t) {
  icaltimetype it = icaltime_null_time();
  it.year = t.date.year;
  it.month = t.date.month;
  it.day = t.date.day;
  it.hour = t.hour;
  it.minute = t.minute;
  it.is_date = 0;
  return it;
}

icaltimetype utc_time(std::int64_t ms) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(ms / 1000), 0, icaltimezone_get_utc_timezone());
}

icalproperty* zoned(icalproperty* p, std::string const& tz) {
  icalproperty_add_parameter(p, icalparameter_new_tzid(tz.c_str()));
  return p;
}

icalparameter_partstat partstat(std::optional<std::string> const& v) {
  if (v == "yes") return ICAL_PARTSTAT_ACCEPTED;
  if (v == "maybe") return ICAL_PARTSTAT_TENTATIVE;
  if (v == "no") return ICAL_PARTSTAT_DECLINED;
  return ICAL_PARTSTAT_NEEDSACTION;
}

void add_people(icalcomponent* ev, ics_entry const& e, std::vector<answer> const* given) {
  auto* org = icalproperty_new_organizer(("mailto:" + e.m.created_by_email).c_str());
  icalproperty_add_parameter(org, icalparameter_new_cn(e.m.created_by_name.c_str()));
  icalcomponent_add_property(ev, org);
  for (auto const& p : e.invitees) {
    std::optional<std::string> v;
    if (given)
      for (auto const& a : *given)
        if (a.who.user_id == p.user_id) v = a.value;
    auto* at = icalproperty_new_attendee(("mailto:" + p.email).c_str());
    icalproperty_add_parameter(at, icalparameter_new_cn(p.display_name.c_str()));
    icalproperty_add_parameter(at, icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
    icalproperty_add_parameter(at, icalparameter_new_role(p.guest ? ICAL_ROLE_OPTPARTICIPANT : ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(at, icalparameter_new_partstat(partstat(v)));
    icalcomponent_add_property(ev, at);
  }
}

std::string description_of(meeting const& m, std::string const& text, std::string const& video_url) {
  std::string d = text;
  if (!m.agenda.empty()) {
    d += d.empty() ? "" : "\n\n";
    d += "Dagsorden:";
    int n = 1;
    for (auto const& it : m.agenda) {
      d += "\n" + std::to_string(n++) + ". " + it.title;
      if (!it.owner_name.empty()) d += " (" + it.owner_name + ")";
    }
  }
  if (!video_url.empty()) d += (d.empty() ? "" : "\n\n") + std::string("Video: ") + video_url;
  return d;
}

void add_common(icalcomponent* ev, ics_entry const& e, std::int64_t now_ms) {
  icalcomponent_add_property(ev, icalproperty_new_uid(e.m.uid.c_str()));
  icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now_ms)));
  icalcomponent_add_property(ev, icalproperty_new_created(utc_time(e.m.created_at)));
  icalcomponent_add_property(ev, icalproperty_new_lastmodified(utc_time(e.m.updated_at)));
  icalcomponent_add_property(ev, icalproperty_new_sequence(static_cast<int>(e.m.sequence)));
  if (!e.url.empty()) icalcomponent_add_property(ev, icalproperty_new_url(e.url.c_str()));
}

void add_text(icalcomponent* ev, meeting const& m, std::string const& title, std::string const& description, std::string const& location,
              std::string const& video_url) {
  icalcomponent_add_property(ev, icalproperty_new_summary(title.c_str()));
  auto d = description_of(m, description, video_url);
  if (!d.empty()) icalcomponent_add_property(ev, icalproperty_new_description(d.c_str()));
  auto where = location.empty() ? video_url : location;
  if (!where.empty()) icalcomponent_add_property(ev, icalproperty_new_location(where.c_str()));
  icalcomponent_add_property(ev, icalproperty_new_class(m.is_open ? ICAL_CLASS_PUBLIC : ICAL_CLASS_PRIVATE));
}

void add_alarms(icalcomponent* ev, meeting const& m, std::string const& title) {
  for (auto minutes : m.reminders) {
    auto* alarm = icalcomponent_new_valarm();
    icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icaltriggertype trig;
    trig.time = icaltime_null_time();
    trig.duration = icaldurationtype_from_int(-minutes * 60);
    icalcomponent_add_property(alarm, icalproperty_new_trigger(trig));
    icalcomponent_add_property(alarm, icalproperty_new_description(title.c_str()));
    icalcomponent_add_component(ev, alarm);
  }
}

struct span {
  std::int64_t first = 0, last = 0;
};

}  // namespace

std::string calendar_text(std::vector<ics_entry> const& entries, std::string const& name, std::int64_t now_ms) {
  // Occurrences are expanded before libical's lock is taken (expansion takes it itself).
  std::vector<std::vector<occurrence>> occs;
  std::map<std::string, span> zones;
  for (auto const& e : entries) {
    occs.push_back(occurrences(e.m));
    auto& z = zones[e.m.tz];
    auto first = e.m.start_utc, last = e.m.end_utc;
    for (auto const& o : occs.back()) {
      first = std::min(first, o.start_utc);
      last = std::max(last, o.end_utc);
    }
    z.first = z.first == 0 ? first : std::min(z.first, first);
    z.last = std::max(z.last, last);
  }

  std::lock_guard lock(libical_lock());
  std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> cal(icalcomponent_new_vcalendar(), icalcomponent_free);
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//Arena//Baerekraft 17 meetings//NB"));
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  if (!name.empty()) {
    auto* x = icalproperty_new_x(name.c_str());
    icalproperty_set_x_name(x, "X-WR-CALNAME");
    icalcomponent_add_property(cal.get(), x);
  }

  for (auto const& [tz, sp] : zones) {
    auto* zone = icaltimezone_get_builtin_timezone(tz.c_str());
    if (!zone) continue;
    auto* vtz = icalcomponent_new_clone(icaltimezone_get_component(zone));
    // Only the rules from a year before the first meeting on (the full history is long).
    auto from = utc_time(sp.first - 366LL * 24 * 3600 * 1000);
    icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 1);
    // libical names its zones "/freeassociation.sourceforge.net/Europe/Oslo"; calendars want the
    // IANA name, which the events' TZID parameters use too.
    if (auto* p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY)) icalproperty_set_tzid(p, tz.c_str());
    icalcomponent_add_component(cal.get(), vtz);
  }

  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto const& e = entries[i];
    auto const& m = e.m;
    auto* ev = icalcomponent_new_vevent();
    add_common(ev, e, now_ms);
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(floating(m.start)), m.tz));
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(floating(m.end)), m.tz));
    add_text(ev, m, m.title, m.description, m.location, m.video_url);
    icalcomponent_add_property(ev, icalproperty_new_status(m.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    std::map<std::string, std::vector<answer> const*> given;
    for (auto const& [key, list] : e.answers) given[key] = &list;
    if (m.rule) {
      // UNTIL is the last start the rule gives, in UTC.
      std::int64_t last_rule_start = m.start_utc;
      for (auto const& o : occs[i]) last_rule_start = std::max(last_rule_start, o.original_start_utc);
      auto rule = icalrecurrencetype_from_string(rrule_text(*m.rule, m.start, last_rule_start).c_str());
      icalcomponent_add_property(ev, icalproperty_new_rrule(rule));
      for (auto const& o : occs[i])
        if (o.cancelled && !m.cancelled) icalcomponent_add_property(ev, zoned(icalproperty_new_exdate(floating(o.original_start)), m.tz));
      add_people(ev, e, nullptr);
    } else {
      auto it = given.find(occs[i].empty() ? std::string() : occs[i].front().key);
      add_people(ev, e, it == given.end() ? nullptr : it->second);
    }
    if (!m.cancelled) add_alarms(ev, m, m.title);
    icalcomponent_add_component(cal.get(), ev);

    if (!m.rule || m.cancelled) continue;
    for (auto const& o : occs[i]) {
      auto g = given.find(o.key);
      if (o.cancelled || (!o.moved && g == given.end())) continue;
      auto* ov = icalcomponent_new_vevent();
      add_common(ov, e, now_ms);
      icalcomponent_add_property(ov, zoned(icalproperty_new_recurrenceid(floating(o.original_start)), m.tz));
      icalcomponent_add_property(ov, zoned(icalproperty_new_dtstart(floating(o.start)), m.tz));
      icalcomponent_add_property(ov, zoned(icalproperty_new_dtend(floating(o.end)), m.tz));
      add_text(ov, m, o.title, o.description, o.location, o.video_url);
      icalcomponent_add_property(ov, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
      add_people(ov, e, g == given.end() ? nullptr : g->second);
      add_alarms(ov, m, o.title);
      icalcomponent_add_component(cal.get(), ov);
    }
  }
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out(text ? text : "");
  free(text);
  return out;
}

ics_entry make_entry(store::connection& db, meeting m, std::string const& base_url) {
  ics_entry e;
  e.invitees = invitees(db, m);
  e.answers = answers_by_occurrence(db, m);
  e.url = base_url + "/teams/" + std::to_string(m.team_id) + "/meetings/" + std::to_string(m.id);
  e.m = std::move(m);
  return e;
}

result<std::string> meeting_calendar(store::connection& db, std::int64_t meeting_id, std::int64_t user_id, bool is_admin,
                                     std::string const& base_url, std::int64_t now_ms) {
  ARENA_TRY(m, load_meeting(db, meeting_id));
  if (!is_admin && !can_read(db, m, user_id)) return make_error(errc::not_found, "no such meeting");
  std::vector<ics_entry> one;
  one.push_back(make_entry(db, std::move(m), base_url));
  return calendar_text(one, "", now_ms);
}

std::string feed_calendar(store::connection& db, std::int64_t user_id, std::string const& base_url, std::int64_t now_ms) {
  std::vector<ics_entry> entries;
  for (auto& m : meetings_of_user(db, user_id, now_ms - 366LL * 24 * 3600 * 1000)) entries.push_back(make_entry(db, std::move(m), base_url));
  return calendar_text(entries, "Arena", now_ms);
}

}  // namespace arena::meetings
