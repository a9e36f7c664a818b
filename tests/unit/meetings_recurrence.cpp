// meetings/recurrence: validation of rules, expansion with libical (weekly, every N weeks,
// monthly on the Nth or last weekday; until inclusive, count), the 500/5-year limits, local time
// kept across daylight saving, and the RRULE text.
#include "meetings/meetings.hpp"
#include "meetings/recurrence.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::ld;
using arena::test::lt;
using arena::test::monthly;
using arena::test::utc;
using arena::test::weekly_count;
using arena::test::weekly_until;

namespace {

std::vector<std::string> dates(result<std::vector<local_dt>> const& r) {
  REQUIRE(r);
  std::vector<std::string> out;
  for (auto const& t : *r) out.push_back(format(t));
  return out;
}

// A meeting struct (no database) in Oslo, 1 hour long.
meeting oslo_meeting(std::string_view start, std::optional<recurrence> rule) {
  meeting m;
  m.id = 7;
  m.team_id = 1;
  m.tz = "Europe/Oslo";
  m.title = "Ukemøte";
  m.start = lt(start);
  m.start_utc = *to_utc_ms(m.start, m.tz);
  m.end_utc = m.start_utc + 3600 * 1000;
  m.end = from_utc_ms(m.end_utc, m.tz);
  m.rule = rule;
  return m;
}

// reason: the code a client words the error with ("" for none).
void check_bad(recurrence const& r, std::string_view start, std::string_view needle, std::string_view reason = "") {
  CAPTURE(needle);
  auto st = validate(r, lt(start));
  REQUIRE_FALSE(st);
  CHECK(st.error().code == errc::bad_request);
  CHECK(st.error().message.find(needle) != std::string::npos);
  CHECK(st.error().reason == reason);
  auto e = expand(r, lt(start));
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::bad_request);
}

}  // namespace

TEST_CASE("meetings recurrence: freq names") {
  CHECK(to_string(freq::weekly) == "weekly");
  CHECK(to_string(freq::monthly_weekday) == "monthly_weekday");
  CHECK(parse_freq("weekly") == freq::weekly);
  CHECK(parse_freq("monthly_weekday") == freq::monthly_weekday);
  CHECK_FALSE(parse_freq("daily"));
  CHECK_FALSE(parse_freq("Weekly"));
}

TEST_CASE("meetings recurrence: no rule is one occurrence") {
  CHECK(dates(expand(std::nullopt, lt("2027-03-28T02:30"))) == std::vector<std::string>{"2027-03-28T02:30"});
}

TEST_CASE("meetings recurrence: weekly across the spring-forward keeps 09:00 local") {
  auto m = oslo_meeting("2027-03-08T09:00", weekly_count(12));
  auto occs = occurrences(m);
  REQUIRE(occs.size() == 12);
  std::vector<std::string> expected_keys = {"2027-03-08", "2027-03-15", "2027-03-22", "2027-03-29", "2027-04-05", "2027-04-12",
                                            "2027-04-19", "2027-04-26", "2027-05-03", "2027-05-10", "2027-05-17", "2027-05-24"};
  CHECK(test::meetings_fixture::keys(occs) == expected_keys);
  for (std::size_t i = 0; i < occs.size(); ++i) {
    CAPTURE(occs[i].key);
    CHECK(occs[i].start.hour == 9);
    CHECK(occs[i].start.minute == 0);
    CHECK(occs[i].end == local_dt{occs[i].start.date, 10, 0});
    CHECK(occs[i].recurring);
    CHECK_FALSE(occs[i].moved);
    CHECK_FALSE(occs[i].cancelled);
    CHECK(occs[i].end_utc - occs[i].start_utc == 3600 * 1000);
    // Before 28.03 the wall clock is UTC+1 (08:00Z), after it UTC+2 (07:00Z).
    auto expected = utc(occs[i].key + (occs[i].key < "2027-03-28" ? "T08:00:00Z" : "T07:00:00Z"));
    CHECK(occs[i].start_utc == expected);
    CHECK(occs[i].original_start_utc == expected);
  }
  CHECK(occs[2].start_utc == utc("2027-03-22T08:00:00Z"));
  CHECK(occs[3].start_utc == utc("2027-03-29T07:00:00Z"));
  // And back again at the end of October.
  auto autumn = occurrences(oslo_meeting("2027-10-25T09:00", weekly_count(2)));
  REQUIRE(autumn.size() == 2);
  CHECK(autumn[0].start_utc == utc("2027-10-25T07:00:00Z"));
  CHECK(autumn[1].start_utc == utc("2027-11-01T08:00:00Z"));
}

TEST_CASE("meetings recurrence: an occurrence the rule puts in the spring-forward gap moves on by the gap") {
  // Sundays 02:30: on 28.03.2027 02:30 does not exist in Oslo; that occurrence starts at 03:30 CEST.
  auto m = oslo_meeting("2027-03-21T02:30", weekly_count(3));
  auto occs = occurrences(m);
  REQUIRE(occs.size() == 3);
  CHECK(occs[0].start_utc == utc("2027-03-21T01:30:00Z"));
  CHECK(occs[1].key == "2027-03-28");
  CHECK(occs[1].start_utc == utc("2027-03-28T01:30:00Z"));
  CHECK(occs[1].end_utc == utc("2027-03-28T02:30:00Z"));
  CHECK(occs[2].start_utc == utc("2027-04-04T00:30:00Z"));
}

TEST_CASE("meetings recurrence: every 2 weeks, until inclusive, count") {
  CHECK(dates(expand(weekly_count(4, 2), lt("2027-03-01T09:00"))) ==
        std::vector<std::string>{"2027-03-01T09:00", "2027-03-15T09:00", "2027-03-29T09:00", "2027-04-12T09:00"});
  CHECK(dates(expand(weekly_until("2027-03-29"), lt("2027-03-01T09:00"))) ==
        std::vector<std::string>{"2027-03-01T09:00", "2027-03-08T09:00", "2027-03-15T09:00", "2027-03-22T09:00", "2027-03-29T09:00"});
  CHECK(dates(expand(weekly_until("2027-03-28"), lt("2027-03-01T09:00"))).size() == 4);
  // until the start's own date: one occurrence.
  CHECK(dates(expand(weekly_until("2027-03-01"), lt("2027-03-01T09:00"))) == std::vector<std::string>{"2027-03-01T09:00"});
  CHECK(dates(expand(weekly_count(1), lt("2027-03-01T09:00"))).size() == 1);
  CHECK(dates(expand(weekly_count(7, 3), lt("2027-03-01T09:00"))).back() == "2027-07-05T09:00");
  // Every 2 weeks until a date between two occurrences.
  CHECK(dates(expand(weekly_until("2027-04-11", 2), lt("2027-03-01T18:30"))).back() == "2027-03-29T18:30");
  // Interval 52 (yearly on the weekday).
  CHECK(dates(expand(weekly_count(2, 52), lt("2027-03-01T09:00"))).back() == "2028-02-28T09:00");
}

TEST_CASE("meetings recurrence: monthly on the second Tuesday and on the last Friday") {
  CHECK(dates(expand(monthly(2, 6), lt("2027-03-09T10:00"))) ==
        std::vector<std::string>{"2027-03-09T10:00", "2027-04-13T10:00", "2027-05-11T10:00", "2027-06-08T10:00", "2027-07-13T10:00",
                                 "2027-08-10T10:00"});
  auto last = expand(monthly(-1, 4), lt("2027-03-26T14:00"));
  CHECK(dates(last) == std::vector<std::string>{"2027-03-26T14:00", "2027-04-30T14:00", "2027-05-28T14:00", "2027-06-25T14:00"});
  for (auto const& t : *last) {
    CHECK(weekday(t.date) == 4);
    CHECK(last_in_month(t.date));
  }
  // Every 3 months on the first Monday.
  CHECK(dates(expand(monthly(1, 3, 3), lt("2027-03-01T09:00"))) ==
        std::vector<std::string>{"2027-03-01T09:00", "2027-06-07T09:00", "2027-09-06T09:00"});
  // The fourth Thursday with an until.
  recurrence r = monthly(4, 1);
  r.count.reset();
  r.until = ld("2027-05-31");
  CHECK(dates(expand(r, lt("2027-03-25T09:00"))) == std::vector<std::string>{"2027-03-25T09:00", "2027-04-22T09:00", "2027-05-27T09:00"});
}

TEST_CASE("meetings recurrence: the rule errors") {
  auto start = "2027-03-01T09:00";
  recurrence both = weekly_count(3);
  both.until = ld("2027-04-01");
  check_bad(both, start, "exactly one of until and count");
  recurrence neither = weekly_count(3);
  neither.count.reset();
  check_bad(neither, start, "exactly one of until and count");
  check_bad(weekly_count(0), start, "recurrence.count");
  check_bad(weekly_count(-1), start, "recurrence.count");
  check_bad(weekly_count(501), start, "recurrence.count", "series_too_many");
  check_bad(weekly_until("2027-02-28"), start, "recurrence.until: must not be before the start", "until_before_start");
  check_bad(weekly_count(3, 0), start, "recurrence.interval");
  check_bad(weekly_count(3, 53), start, "recurrence.interval");
  check_bad(weekly_count(3, -2), start, "recurrence.interval");
  // setpos: on weekly, out of range, or not the start's weekday of the month.
  recurrence weekly_setpos = weekly_count(3);
  weekly_setpos.setpos = 1;
  check_bad(weekly_setpos, start, "setpos");
  check_bad(monthly(2, 3), "2027-03-02T09:00", "setpos 2", "start_not_on_rule_weekday");   // 2 March is the first Tuesday
  check_bad(monthly(1, 3), "2027-03-09T09:00", "setpos 1", "start_not_on_rule_weekday");   // 9 March is the second
  check_bad(monthly(-1, 3), "2027-03-19T09:00", "setpos -1", "start_not_on_rule_weekday");  // not the last Friday
  check_bad(monthly(0, 3), "2027-03-01T09:00", "recurrence.setpos");
  check_bad(monthly(5, 3), "2027-03-29T09:00", "recurrence.setpos");
  check_bad(monthly(-2, 3), "2027-03-26T09:00", "recurrence.setpos");
  // The valid neighbours of those.
  CHECK(validate(weekly_count(500), lt(start)));
  CHECK(validate(weekly_count(3, 52), lt(start)));
  CHECK(validate(weekly_until("2027-03-01"), lt(start)));
  CHECK(validate(monthly(1, 3), lt("2027-03-02T09:00")));
  CHECK(validate(monthly(-1, 3), lt("2027-03-26T09:00")));
  CHECK(validate(monthly(4, 3), lt("2027-03-26T09:00")));  // 26 March is both the fourth and the last Friday
}

TEST_CASE("meetings recurrence: at most 5 years after the first start") {
  auto start = lt("2027-03-01T09:00");
  // Weekly for exactly 5 years is fine (until the same date 5 years on, inclusive).
  auto five = expand(weekly_until("2032-03-01"), start);
  REQUIRE(five);
  CHECK(five->size() == 262);
  CHECK(format(five->back()) == "2032-03-01T09:00");
  // One day more is too far.
  auto st = validate(weekly_until("2032-03-02"), start);
  REQUIRE_FALSE(st);
  CHECK(st.error().code == errc::bad_request);
  CHECK(st.error().message.find("5 years") != std::string::npos);
  CHECK(st.error().reason == "series_too_long");
  CHECK_FALSE(expand(weekly_until("2032-03-02"), start));
  // By count: 262 weekly occurrences end on 01.03.2032, 263 would be past the limit.
  CHECK(expand(weekly_count(262), start)->size() == 262);
  auto too_many = expand(weekly_count(263), start);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error().code == errc::bad_request);
  CHECK(too_many.error().message.find("5 years") != std::string::npos);
  CHECK(too_many.error().reason == "series_too_long");
  // A count within 500 that still spans more than 5 years.
  // (01.03.2032, the 61st first Monday, is the last day allowed.)
  auto monthly_long = expand(monthly(1, 62), start);
  REQUIRE_FALSE(monthly_long);
  CHECK(monthly_long.error().message.find("5 years") != std::string::npos);
  CHECK(format(expand(monthly(1, 61), start)->back()) == "2032-03-01T09:00");
  // A 29 February start: the limit is 28 February five years later.
  auto leap = lt("2028-02-29T09:00");  // a Tuesday
  CHECK(validate(weekly_until("2033-02-28"), leap));
  CHECK_FALSE(validate(weekly_until("2033-03-01"), leap));
}

TEST_CASE("meetings recurrence: rrule_text with COUNT and with UNTIL in UTC") {
  CHECK(rrule_text(weekly_count(5), lt("2027-03-01T09:00"), 0) == "FREQ=WEEKLY;BYDAY=MO;COUNT=5");
  CHECK(rrule_text(weekly_count(5, 2), lt("2027-03-03T09:00"), 0) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=5");
  CHECK(rrule_text(monthly(2, 6), lt("2027-03-09T10:00"), 0) == "FREQ=MONTHLY;BYDAY=2TU;COUNT=6");
  CHECK(rrule_text(monthly(-1, 6, 3), lt("2027-03-26T10:00"), 0) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;COUNT=6");
  // UNTIL is the last start, in UTC: 07.06.2027 09:00 in Oslo is 07:00Z.
  auto r = weekly_until("2027-06-07");
  auto starts = expand(r, lt("2027-03-01T09:00"));
  REQUIRE(starts);
  auto last_utc = *to_utc_ms(starts->back(), "Europe/Oslo");
  CHECK(last_utc == utc("2027-06-07T07:00:00Z"));
  CHECK(rrule_text(r, lt("2027-03-01T09:00"), last_utc) == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270607T070000Z");
  CHECK(rrule_text(weekly_until("2027-12-20", 2), lt("2027-11-01T23:30"), utc("2027-12-13T22:30:00Z")) ==
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20271213T223000Z");
}
