// meetings/ical: the calendar text, parsed back with libical: VTIMEZONE named by its IANA name,
// RRULE (COUNT, UNTIL in UTC), EXDATE for a cancelled occurrence, RECURRENCE-ID for a moved or
// answered one, STATUS, PARTSTAT, SEQUENCE, VALARMs, folding (75 octets) and CRLF, escaping of
// Norwegian text; who may fetch a meeting's calendar.
#include "meetings/ical.hpp"
#include "unit/meetings_fixture.hpp"

#include <libical/ical.h>

#include <map>
#include <memory>
#include <set>

using namespace arena;
using namespace arena::meetings;
using arena::test::code_of;
using arena::test::lt;
using arena::test::meetings_fixture;
using arena::test::utc;
using arena::test::weekly_count;
using arena::test::weekly_until;

namespace {

std::int64_t const stamp = 1798761600000;  // 2027-01-01T00:00:00Z

using component_ptr = std::unique_ptr<icalcomponent, void (*)(icalcomponent*)>;

component_ptr parse(std::string const& text) {
  std::lock_guard lock(libical_lock());
  auto* c = icalparser_parse_string(text.c_str());
  REQUIRE(c != nullptr);
  REQUIRE(icalcomponent_isa(c) == ICAL_VCALENDAR_COMPONENT);
  return component_ptr(c, icalcomponent_free);
}

std::vector<icalcomponent*> children(icalcomponent* parent, icalcomponent_kind kind) {
  std::vector<icalcomponent*> out;
  for (auto* c = icalcomponent_get_first_component(parent, kind); c; c = icalcomponent_get_next_component(parent, kind)) out.push_back(c);
  return out;
}

std::vector<icalproperty*> props(icalcomponent* c, icalproperty_kind kind) {
  std::vector<icalproperty*> out;
  for (auto* p = icalcomponent_get_first_property(c, kind); p; p = icalcomponent_get_next_property(c, kind)) out.push_back(p);
  return out;
}

std::string tzid_of(icalproperty* p) {
  auto* param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  return param ? icalparameter_get_tzid(param) : "";
}

std::string local_of(icaltimetype t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
  return buf;
}

// email (without "mailto:") → PARTSTAT.
std::map<std::string, icalparameter_partstat> partstats(icalcomponent* ev) {
  std::map<std::string, icalparameter_partstat> out;
  for (auto* p : props(ev, ICAL_ATTENDEE_PROPERTY)) {
    std::string who = icalproperty_get_attendee(p);
    if (who.rfind("mailto:", 0) == 0 || who.rfind("MAILTO:", 0) == 0) who = who.substr(7);
    auto* ps = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
    out[who] = ps ? icalparameter_get_partstat(ps) : ICAL_PARTSTAT_NONE;
  }
  return out;
}

icalcomponent* event_with_recurrence_id(std::vector<icalcomponent*> const& events, std::string const& local) {
  for (auto* ev : events)
    if (auto* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY))
      if (local_of(icalproperty_get_recurrenceid(rid)) == local) return ev;
  return nullptr;
}

icalcomponent* series_event(std::vector<icalcomponent*> const& events) {
  for (auto* ev : events)
    if (!icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) return ev;
  return nullptr;
}

void check_wire_form(std::string const& text) {
  REQUIRE(text.size() > 2);
  CHECK(text.substr(0, 15) == "BEGIN:VCALENDAR");
  CHECK(text.substr(text.size() - 2) == "\r\n");
  std::size_t at = 0, line_no = 0, longest = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    REQUIRE(nl != std::string::npos);
    ++line_no;
    CAPTURE(line_no);
    REQUIRE(nl > at);
    CHECK(text[nl - 1] == '\r');  // CRLF, never a bare LF
    auto len = nl - 1 - at;         // octets without CRLF
    longest = std::max(longest, len);
    CHECK(len <= 75);
    CHECK(text.substr(at, nl - 1 - at).find('\r') == std::string::npos);
    at = nl + 1;
  }
  CHECK(longest > 60);  // long lines were there to fold
}

std::string const norsk_title = "Styremøte; budsjett, innkjøp og «bærekraft» – del 2";
std::string const norsk_description =
    "Første linje; med semikolon, og komma\nAndre linje med bakstrek \\ og æøå ÆØÅ – en lang linje som må brytes fordi den er "
    "lengre enn syttifem oktetter: blåbærsyltetøy, rødgrøt med fløte, smørbrød og kjøttkaker.";

struct ical_fixture : meetings_fixture {
  meeting series() {
    auto x = basic(norsk_title, "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(6));
    x.description = norsk_description;
    x.location = "Møterom «Fjord», 3. etg.";
    x.is_open = true;
    x.guests = std::vector<std::int64_t>{gjest};
    x.agenda = std::vector<meetings::agenda_input>{{"Budsjett", ola, 30, std::nullopt}};
    auto m = make(x);
    auto c = write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-08"); });
    REQUIRE(c);
    fields mv;
    mv.start = lt("2027-03-16T13:00");
    mv.end = lt("2027-03-16T14:00");
    auto moved = write([&](store::connection& w) { return update_occurrence(w, *c, "2027-03-15", mv); });
    REQUIRE(moved);
    REQUIRE(write([&](store::connection& w) { return set_answer(w, *moved, "2027-03-22", ola, "yes", "", stamp); }));
    REQUIRE(write([&](store::connection& w) { return set_answer(w, *moved, "2027-03-22", kari, "maybe", "", stamp); }));
    REQUIRE(write([&](store::connection& w) { return set_answer(w, *moved, "2027-03-22", gjest, "no", "", stamp); }));
    return load(m.id);
  }
  std::string text_of(meeting const& m) { return calendar_text({make_entry(rd, m, "https://arena.example.no")}, "", stamp); }
};

}  // namespace

TEST_CASE("meetings ical: a recurring meeting with a cancelled, a moved and an answered occurrence") {
  ical_fixture f;
  auto m = f.series();
  REQUIRE(m.sequence == 2);
  auto text = f.text_of(m);
  check_wire_form(text);
  auto cal = parse(text);

  // VTIMEZONE with the plain IANA name.
  auto zones = children(cal.get(), ICAL_VTIMEZONE_COMPONENT);
  REQUIRE(zones.size() == 1);
  auto* tzid = icalcomponent_get_first_property(zones[0], ICAL_TZID_PROPERTY);
  REQUIRE(tzid);
  CHECK(std::string(icalproperty_get_tzid(tzid)) == "Europe/Oslo");
  CHECK(text.find("freeassociation") == std::string::npos);
  CHECK_FALSE(children(zones[0], ICAL_XSTANDARD_COMPONENT).empty());
  CHECK_FALSE(children(zones[0], ICAL_XDAYLIGHT_COMPONENT).empty());
  {
    // The VTIMEZONE as sent (truncated to the years around the meeting) still converts correctly.
    std::lock_guard lock(libical_lock());
    auto* zone = icaltimezone_new();
    REQUIRE(icaltimezone_set_component(zone, icalcomponent_new_clone(zones[0])));
    auto at = [&](char const* local) {
      auto t = icaltime_from_string(local);
      return static_cast<std::int64_t>(icaltime_as_timet_with_zone(t, zone)) * 1000;
    };
    CHECK(at("20270322T090000") == utc("2027-03-22T08:00:00Z"));
    CHECK(at("20270329T090000") == utc("2027-03-29T07:00:00Z"));
    CHECK(at("20271101T090000") == utc("2027-11-01T08:00:00Z"));
    icaltimezone_free(zone, 1);
  }
  CHECK(text.find("METHOD:PUBLISH") != std::string::npos);
  CHECK(text.find("X-WR-CALNAME") == std::string::npos);

  auto events = children(cal.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(events.size() == 3);  // the series, the moved 15.03, the answered 22.03
  auto* ev = series_event(events);
  REQUIRE(ev);
  CHECK(std::string(icalcomponent_get_uid(ev)) == m.uid);
  CHECK(icalcomponent_get_sequence(ev) == 2);
  CHECK(icalcomponent_get_status(ev) == ICAL_STATUS_CONFIRMED);
  auto* dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
  REQUIRE(dtstart);
  CHECK(tzid_of(dtstart) == "Europe/Oslo");
  CHECK(local_of(icalproperty_get_dtstart(dtstart)) == "2027-03-01T09:00");
  auto* dtend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
  REQUIRE(dtend);
  CHECK(local_of(icalproperty_get_dtend(dtend)) == "2027-03-01T10:00");
  CHECK(tzid_of(dtend) == "Europe/Oslo");
  // The Norwegian text round-trips; the raw text has it escaped.
  CHECK(std::string(icalcomponent_get_summary(ev)) == norsk_title);
  CHECK(std::string(icalcomponent_get_location(ev)) == "Møterom «Fjord», 3. etg.");
  std::string description = icalcomponent_get_description(ev);
  CHECK(description.rfind(norsk_description, 0) == 0);
  CHECK(description.find("Dagsorden:\n1. Budsjett (Ola Hansen)") != std::string::npos);
  CHECK(text.find("SUMMARY:Styremøte\\; budsjett\\, innkjøp") != std::string::npos);
  CHECK(text.find("semikolon\\, og komma\\nAndre linje") != std::string::npos);
  CHECK(text.find("bakstrek \\\\ og") != std::string::npos);
  CHECK(text.find("Styremøte; budsjett") == std::string::npos);
  // CLASS PUBLIC for an open meeting; the URL of the meeting page.
  auto* cls = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY);
  REQUIRE(cls);
  CHECK(icalproperty_get_class(cls) == ICAL_CLASS_PUBLIC);
  auto* url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
  REQUIRE(url);
  CHECK(std::string(icalproperty_get_url(url)) == "https://arena.example.no/teams/1/meetings/" + std::to_string(m.id));
  auto* org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
  REQUIRE(org);
  CHECK(std::string(icalproperty_get_organizer(org)) == "mailto:kari@example.no");

  // RRULE: weekly on Mondays, 6 times; expanding it from DTSTART gives the six Mondays.
  auto rrules = props(ev, ICAL_RRULE_PROPERTY);
  REQUIRE(rrules.size() == 1);
  auto rt = icalproperty_get_rrule(rrules[0]);
  CHECK(rt.freq == ICAL_WEEKLY_RECURRENCE);
  CHECK(rt.count == 6);
  CHECK(rt.interval == 1);
  CHECK(icalrecurrencetype_day_day_of_week(rt.by_day[0]) == ICAL_MONDAY_WEEKDAY);
  {
    std::lock_guard lock(libical_lock());
    auto* it = icalrecur_iterator_new(rt, icalproperty_get_dtstart(dtstart));
    REQUIRE(it);
    std::vector<std::string> got;
    for (auto n = icalrecur_iterator_next(it); !icaltime_is_null_time(n); n = icalrecur_iterator_next(it)) got.push_back(local_of(n));
    icalrecur_iterator_free(it);
    CHECK(got == std::vector<std::string>{"2027-03-01T09:00", "2027-03-08T09:00", "2027-03-15T09:00", "2027-03-22T09:00", "2027-03-29T09:00",
                                          "2027-04-05T09:00"});
  }
  // EXDATE for the cancelled occurrence only, in the meeting's zone.
  auto exdates = props(ev, ICAL_EXDATE_PROPERTY);
  REQUIRE(exdates.size() == 1);
  CHECK(local_of(icalproperty_get_exdate(exdates[0])) == "2027-03-08T09:00");
  CHECK(tzid_of(exdates[0]) == "Europe/Oslo");
  // The series says NEEDS-ACTION for everyone (answers are per occurrence); every invitee is there.
  auto series_ps = partstats(ev);
  CHECK(series_ps.size() == 4);  // Kari, Ola, the observer (open meeting) and the guest
  for (auto const& [who, ps] : series_ps) {
    CAPTURE(who);
    CHECK(ps == ICAL_PARTSTAT_NEEDSACTION);
  }
  CHECK(series_ps.contains("gjest@example.no"));
  CHECK_FALSE(series_ps.contains("per@example.no"));
  // A VALARM per reminder.
  auto alarms = children(ev, ICAL_VALARM_COMPONENT);
  REQUIRE(alarms.size() == 2);
  std::vector<int> triggers;
  for (auto* a : alarms) {
    auto* trig = icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY);
    REQUIRE(trig);
    triggers.push_back(icaldurationtype_as_int(icalproperty_get_trigger(trig).duration));
  }
  CHECK(triggers == std::vector<int>{-1440 * 60, -15 * 60});

  // The moved occurrence.
  auto* moved = event_with_recurrence_id(events, "2027-03-15T09:00");
  REQUIRE(moved);
  CHECK(std::string(icalcomponent_get_uid(moved)) == m.uid);
  CHECK(icalcomponent_get_sequence(moved) == 2);
  auto* mstart = icalcomponent_get_first_property(moved, ICAL_DTSTART_PROPERTY);
  CHECK(local_of(icalproperty_get_dtstart(mstart)) == "2027-03-16T13:00");
  CHECK(tzid_of(mstart) == "Europe/Oslo");
  CHECK(tzid_of(icalcomponent_get_first_property(moved, ICAL_RECURRENCEID_PROPERTY)) == "Europe/Oslo");
  CHECK(local_of(icalproperty_get_dtend(icalcomponent_get_first_property(moved, ICAL_DTEND_PROPERTY))) == "2027-03-16T14:00");
  CHECK_FALSE(props(moved, ICAL_RRULE_PROPERTY).size());
  // The answered occurrence: PARTSTAT per answer.
  auto* answered = event_with_recurrence_id(events, "2027-03-22T09:00");
  REQUIRE(answered);
  auto ps = partstats(answered);
  CHECK(ps["ola@example.no"] == ICAL_PARTSTAT_ACCEPTED);
  CHECK(ps["kari@example.no"] == ICAL_PARTSTAT_TENTATIVE);
  CHECK(ps["gjest@example.no"] == ICAL_PARTSTAT_DECLINED);
  CHECK(ps["obs@example.no"] == ICAL_PARTSTAT_NEEDSACTION);
  CHECK(local_of(icalproperty_get_dtstart(icalcomponent_get_first_property(answered, ICAL_DTSTART_PROPERTY))) == "2027-03-22T09:00");
  // No VEVENT for the cancelled occurrence.
  CHECK_FALSE(event_with_recurrence_id(events, "2027-03-08T09:00"));
}

TEST_CASE("meetings ical: a cancelled meeting says STATUS:CANCELLED and a changed one a higher SEQUENCE") {
  ical_fixture f;
  auto m = f.series();
  auto c = f.write([&](store::connection& w) { return cancel_series(w, m); });
  REQUIRE(c);
  auto text = f.text_of(*c);
  check_wire_form(text);
  auto cal = parse(text);
  auto events = children(cal.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(events.size() == 1);  // no per-occurrence events for a cancelled series
  CHECK(icalcomponent_get_status(events[0]) == ICAL_STATUS_CANCELLED);
  CHECK(icalcomponent_get_sequence(events[0]) == 3);
  CHECK(props(events[0], ICAL_EXDATE_PROPERTY).empty());
  CHECK(children(events[0], ICAL_VALARM_COMPONENT).empty());
  CHECK(text.find("STATUS:CANCELLED") != std::string::npos);
}

TEST_CASE("meetings ical: a single meeting carries its answers; UNTIL is UTC; a private meeting") {
  ical_fixture f;
  auto single = f.make(f.basic("Enkeltmøte", "2027-06-07T09:00", "2027-06-07T10:30"));
  REQUIRE(f.write([&](store::connection& w) { return set_answer(w, single, "2027-06-07", f.ola, "no", "", stamp); }));
  auto cal = parse(f.text_of(single));
  auto events = children(cal.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(events.size() == 1);
  CHECK(props(events[0], ICAL_RRULE_PROPERTY).empty());
  auto ps = partstats(events[0]);
  CHECK(ps.size() == 2);  // not the observer of a closed meeting
  CHECK(ps["ola@example.no"] == ICAL_PARTSTAT_DECLINED);
  CHECK(ps["kari@example.no"] == ICAL_PARTSTAT_NEEDSACTION);
  CHECK(icalproperty_get_class(icalcomponent_get_first_property(events[0], ICAL_CLASS_PROPERTY)) == ICAL_CLASS_PRIVATE);

  auto until = f.make(f.basic("Til juni", "2027-03-01T09:00", "2027-03-01T10:00", weekly_until("2027-06-07")));
  auto text = f.text_of(until);
  CHECK(text.find("UNTIL=20270607T070000Z") != std::string::npos);
  auto cal2 = parse(text);
  auto ev = children(cal2.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(ev.size() == 1);
  auto rt = icalproperty_get_rrule(icalcomponent_get_first_property(ev[0], ICAL_RRULE_PROPERTY));
  CHECK(rt.count == 0);
  CHECK(icaltime_is_utc(rt.until));
  CHECK(local_of(rt.until) == "2027-06-07T07:00");
}

TEST_CASE("meetings ical: zones (Etc/UTC, two zones in one feed) and who may fetch a calendar") {
  ical_fixture f;
  auto x = f.basic("UTC-møte", "2027-03-01T09:00", "2027-03-01T10:00");
  x.tz = "UTC";
  auto u = f.make(x);
  auto y = f.basic("Oslo-møte", "2027-03-02T09:00", "2027-03-02T10:00", weekly_count(2));
  y.is_open = true;
  y.guests = std::vector<std::int64_t>{f.gjest};
  auto o = f.make(y);

  auto feed = feed_calendar(f.rd, f.ola, "https://arena.example.no", stamp);
  check_wire_form(feed);
  CHECK(feed.find("X-WR-CALNAME:Arena") != std::string::npos);
  auto cal = parse(feed);
  std::set<std::string> zone_names;
  for (auto* z : children(cal.get(), ICAL_VTIMEZONE_COMPONENT)) zone_names.insert(icalproperty_get_tzid(icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY)));
  CHECK(zone_names == std::set<std::string>{"Etc/UTC", "Europe/Oslo"});
  auto events = children(cal.get(), ICAL_VEVENT_COMPONENT);
  std::set<std::string> uids;
  for (auto* ev : events) uids.insert(icalcomponent_get_uid(ev));
  CHECK(uids == std::set<std::string>{u.uid, o.uid});
  // The guest's feed has only the meeting they are a guest of; an outsider's has none.
  auto guest_cal = parse(feed_calendar(f.rd, f.gjest, "https://arena.example.no", stamp));
  auto guest_events = children(guest_cal.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(guest_events.size() == 1);
  CHECK(std::string(icalcomponent_get_uid(guest_events[0])) == o.uid);
  auto outsider_cal = parse(feed_calendar(f.rd, f.per, "https://arena.example.no", stamp));
  CHECK(children(outsider_cal.get(), ICAL_VEVENT_COMPONENT).empty());

  // One meeting's calendar: team members and guests; others not_found unless admin.
  CHECK(meeting_calendar(f.rd, o.id, f.obs, false, "", stamp));
  CHECK(meeting_calendar(f.rd, o.id, f.gjest, false, "", stamp));
  CHECK(code_of(meeting_calendar(f.rd, u.id, f.gjest, false, "", stamp)) == errc::not_found);
  CHECK(code_of(meeting_calendar(f.rd, o.id, f.per, false, "", stamp)) == errc::not_found);
  CHECK(meeting_calendar(f.rd, o.id, f.per, true, "", stamp));
  CHECK(code_of(meeting_calendar(f.rd, 987654, f.kari, true, "", stamp)) == errc::not_found);
  auto one = meeting_calendar(f.rd, u.id, f.kari, false, "https://arena.example.no", stamp);
  REQUIRE(one);
  auto c1 = parse(*one);
  auto ev1 = children(c1.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(ev1.size() == 1);
  CHECK(tzid_of(icalcomponent_get_first_property(ev1[0], ICAL_DTSTART_PROPERTY)) == "Etc/UTC");
}
