// meetings/local_time: dates and wall-clock times as entered ("2027-03-08T09:00"), calendar
// arithmetic, and conversion to and from UTC in a zone (Europe/Oslo across daylight saving).
#include "meetings/local_time.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::ld;
using arena::test::lt;
using arena::test::utc;

TEST_CASE("meetings time: parse_date accepts real calendar dates only") {
  auto d = parse_date("2027-03-08");
  REQUIRE(d);
  CHECK(d->year == 2027);
  CHECK(d->month == 3);
  CHECK(d->day == 8);
  CHECK(parse_date("2028-02-29"));          // leap year
  CHECK(parse_date("2000-02-29"));          // divisible by 400
  CHECK_FALSE(parse_date("2100-02-29"));    // divisible by 100, not by 400
  CHECK_FALSE(parse_date("2027-02-29"));
  CHECK_FALSE(parse_date("2027-02-30"));
  CHECK_FALSE(parse_date("2027-04-31"));
  CHECK(parse_date("2027-12-31"));
  CHECK_FALSE(parse_date("2027-13-01"));
  CHECK_FALSE(parse_date("2027-00-10"));
  CHECK_FALSE(parse_date("2027-03-00"));
  CHECK_FALSE(parse_date("2027-3-08"));
  CHECK_FALSE(parse_date("2027/03/08"));
  CHECK_FALSE(parse_date("2027-03-08 "));
  CHECK_FALSE(parse_date("27-03-08"));
  CHECK_FALSE(parse_date("2027-0a-08"));
  CHECK_FALSE(parse_date("+027-03-08"));
  CHECK_FALSE(parse_date("2027-03--1"));
  CHECK_FALSE(parse_date("2027--3-08"));
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("1969-12-31"));  // years 1970..2200
  CHECK(parse_date("1970-01-01"));
  CHECK(parse_date("2200-12-31"));
  CHECK_FALSE(parse_date("2201-01-01"));
}

TEST_CASE("meetings time: parse_local accepts YYYY-MM-DDTHH:MM only") {
  auto t = parse_local("2027-03-08T09:05");
  REQUIRE(t);
  CHECK(t->date == local_date{2027, 3, 8});
  CHECK(t->hour == 9);
  CHECK(t->minute == 5);
  CHECK(parse_local("2027-03-08T00:00"));
  CHECK(parse_local("2027-03-08T23:59"));
  CHECK_FALSE(parse_local("2027-03-08T24:00"));
  CHECK_FALSE(parse_local("2027-03-08T12:60"));
  CHECK_FALSE(parse_local("2027-13-08T09:00"));
  CHECK_FALSE(parse_local("2027-02-30T09:00"));
  CHECK_FALSE(parse_local("2027-03-08 09:00"));
  CHECK_FALSE(parse_local("2027-03-08T9:00"));
  CHECK_FALSE(parse_local("2027-03-08T09:00:00"));
  CHECK_FALSE(parse_local("2027-03-08T09-00"));
  CHECK_FALSE(parse_local("2027-03-08"));
  CHECK_FALSE(parse_local("2027-03-08T09:00Z"));
  CHECK_FALSE(parse_local("2027-03-08T-1:00"));  // from_chars would read a negative hour
  CHECK_FALSE(parse_local("2027-03-08T09:-5"));
  CHECK_FALSE(parse_local("2027-03-08T+9:00"));
}

TEST_CASE("meetings time: format round-trips and the Norwegian date form") {
  CHECK(format(local_date{2027, 3, 8}) == "2027-03-08");
  CHECK(format(local_dt{{2027, 12, 1}, 7, 5}) == "2027-12-01T07:05");
  CHECK(format_nb(local_date{2027, 3, 8}) == "08.03.2027");
  for (auto s : {"2027-01-01T00:00", "2028-02-29T23:59", "2031-10-26T02:30"}) CHECK(format(lt(s)) == s);
  // Ordering is chronological.
  CHECK(lt("2027-03-08T09:00") < lt("2027-03-08T09:01"));
  CHECK(lt("2027-03-08T23:59") < lt("2027-03-09T00:00"));
  CHECK(ld("2027-02-28") < ld("2027-03-01"));
}

TEST_CASE("meetings time: weekday, add_days, nth_in_month and last_in_month") {
  CHECK(weekday(ld("1970-01-01")) == 3);  // Thursday
  CHECK(weekday(ld("2027-03-01")) == 0);  // Monday
  CHECK(weekday(ld("2027-03-28")) == 6);  // Sunday (the spring-forward day)
  CHECK(weekday(ld("2027-03-09")) == 1);  // Tuesday
  CHECK(weekday(ld("2027-03-26")) == 4);  // Friday
  CHECK(weekday(ld("2000-02-29")) == 1);  // Tuesday
  CHECK(weekday(ld("2027-12-31")) == 4);  // Friday

  CHECK(add_days(ld("2027-12-31"), 1) == ld("2028-01-01"));
  CHECK(add_days(ld("2028-02-28"), 1) == ld("2028-02-29"));
  CHECK(add_days(ld("2027-02-28"), 1) == ld("2027-03-01"));
  CHECK(add_days(ld("2027-03-01"), -1) == ld("2027-02-28"));
  CHECK(add_days(ld("2027-03-01"), 365) == ld("2028-02-29"));
  CHECK(add_days(ld("2027-03-01"), 0) == ld("2027-03-01"));

  CHECK(nth_in_month(ld("2027-03-02")) == 1);
  CHECK(nth_in_month(ld("2027-03-09")) == 2);  // the second Tuesday
  CHECK(nth_in_month(ld("2027-03-07")) == 1);
  CHECK(nth_in_month(ld("2027-03-08")) == 2);
  CHECK(nth_in_month(ld("2027-03-29")) == 5);
  CHECK(last_in_month(ld("2027-03-26")));        // last Friday of March
  CHECK_FALSE(last_in_month(ld("2027-03-19")));
  CHECK(last_in_month(ld("2027-03-25")));        // Thursday; 1 April 2027 is a Thursday
  CHECK(last_in_month(ld("2027-02-22")));        // February 2027 has 28 days
  CHECK_FALSE(last_in_month(ld("2027-02-21")));
  CHECK_FALSE(last_in_month(ld("2028-02-22")));  // 2028 is a leap year: 29 February follows
  CHECK(last_in_month(ld("2028-02-23")));
}

TEST_CASE("meetings time: to_utc_ms and from_utc_ms in Europe/Oslo, winter and summer") {
  auto winter = to_utc_ms(lt("2027-01-15T09:00"), "Europe/Oslo");
  REQUIRE(winter);
  CHECK(*winter == utc("2027-01-15T08:00:00Z"));  // CET, +01:00
  auto summer = to_utc_ms(lt("2027-07-01T09:00"), "Europe/Oslo");
  REQUIRE(summer);
  CHECK(*summer == utc("2027-07-01T07:00:00Z"));  // CEST, +02:00
  CHECK(from_utc_ms(utc("2027-01-15T08:00:00Z"), "Europe/Oslo") == lt("2027-01-15T09:00"));
  CHECK(from_utc_ms(utc("2027-07-01T07:00:00Z"), "Europe/Oslo") == lt("2027-07-01T09:00"));
  // Seconds are dropped.
  CHECK(from_utc_ms(utc("2027-07-01T07:00:59.999Z"), "Europe/Oslo") == lt("2027-07-01T09:00"));
  // Around midnight the local date differs from the UTC date.
  CHECK(from_utc_ms(utc("2027-12-31T23:30:00Z"), "Europe/Oslo") == lt("2028-01-01T00:30"));
  CHECK(*to_utc_ms(lt("2028-01-01T00:30"), "Europe/Oslo") == utc("2027-12-31T23:30:00Z"));
  // Another zone.
  CHECK(*to_utc_ms(lt("2027-07-01T09:00"), "America/New_York") == utc("2027-07-01T13:00:00Z"));
  // Before 1970 (negative ms) the floor is taken, not a truncation toward zero.
  auto before = from_utc_ms(-1, "Etc/UTC");
  CHECK(before.date.year == 1969);
  CHECK(before.date.month == 12);
  CHECK(before.date.day == 31);
  CHECK(before.hour == 23);
  CHECK(before.minute == 59);
}

TEST_CASE("meetings time: the spring-forward gap is bad_request, the edges of it are fine") {
  // 28.03.2027: clocks go from 02:00 to 03:00 in Oslo.
  auto gap = to_utc_ms(lt("2027-03-28T02:30"), "Europe/Oslo");
  REQUIRE_FALSE(gap);
  CHECK(gap.error().code == errc::bad_request);
  CHECK(gap.error().message.find("2027-03-28T02:30") != std::string::npos);
  CHECK_FALSE(to_utc_ms(lt("2027-03-28T02:00"), "Europe/Oslo"));
  CHECK(*to_utc_ms(lt("2027-03-28T01:59"), "Europe/Oslo") == utc("2027-03-28T00:59:00Z"));
  CHECK(*to_utc_ms(lt("2027-03-28T03:00"), "Europe/Oslo") == utc("2027-03-28T01:00:00Z"));
  // The same wall-clock time exists on other days and in other zones.
  CHECK(to_utc_ms(lt("2027-03-27T02:30"), "Europe/Oslo"));
  CHECK(*to_utc_ms(lt("2027-03-28T02:30"), "Etc/UTC") == utc("2027-03-28T02:30:00Z"));
  // The fall-back hour (31.10.2027) exists (twice); it converts back to itself.
  auto twice = to_utc_ms(lt("2027-10-31T02:30"), "Europe/Oslo");
  REQUIRE(twice);
  CHECK(from_utc_ms(*twice, "Europe/Oslo") == lt("2027-10-31T02:30"));
  CHECK((*twice == utc("2027-10-31T00:30:00Z") || *twice == utc("2027-10-31T01:30:00Z")));
}

TEST_CASE("meetings time: unknown zones and canonical_zone") {
  for (std::string z : std::vector<std::string>{"Mars/Olympus_Mons", "", "Europe/Osloo", "../../etc/passwd", "Europe/Oslo ", std::string(80, 'A')}) {
    CAPTURE(z);
    CHECK_FALSE(known_zone(z));
    auto r = to_utc_ms(lt("2027-01-15T09:00"), z);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
    CHECK(r.error().message == "tz: unknown time zone");
  }
  CHECK(known_zone("Europe/Oslo"));
  CHECK(known_zone("America/New_York"));
  CHECK(known_zone("Etc/UTC"));
  // from_utc_ms falls back to UTC for a zone it does not know.
  CHECK(from_utc_ms(utc("2027-01-15T08:00:00Z"), "Nowhere/Nada") == lt("2027-01-15T08:00"));

  CHECK(canonical_zone("UTC") == "Etc/UTC");
  CHECK(canonical_zone("GMT") == "Etc/UTC");
  CHECK(canonical_zone("Z") == "Etc/UTC");
  CHECK(canonical_zone("Europe/Oslo") == "Europe/Oslo");
  CHECK(canonical_zone("America/New_York") == "America/New_York");
  CHECK(known_zone(canonical_zone("UTC")));
  CHECK(*to_utc_ms(lt("2027-07-01T09:00"), canonical_zone("GMT")) == utc("2027-07-01T09:00:00Z"));
}
