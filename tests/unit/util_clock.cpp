// Unit tests for util/clock: RFC 3339 formatting and parsing.
#include "util/clock.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using arena::util::format_rfc3339_ms;
using arena::util::now_ms;
using arena::util::parse_rfc3339;

TEST_CASE("clock: format_rfc3339_ms") {
  CHECK(format_rfc3339_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_rfc3339_ms(1795597200000) == "2026-11-25T09:00:00.000Z");
  CHECK(format_rfc3339_ms(1709210096789) == "2024-02-29T12:34:56.789Z");
  CHECK(format_rfc3339_ms(951868800000) == "2000-03-01T00:00:00.000Z");
  // Before the epoch the day is floored, not truncated toward 1970.
  CHECK(format_rfc3339_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_rfc3339_ms(-86'400'000) == "1969-12-31T00:00:00.000Z");
}

TEST_CASE("clock: format clamps to four-digit years") {
  CHECK(format_rfc3339_ms(std::numeric_limits<std::int64_t>::max()) == "9999-12-31T23:59:59.999Z");
  CHECK(format_rfc3339_ms(std::numeric_limits<std::int64_t>::min()) == "0000-01-01T00:00:00.000Z");
  CHECK(format_rfc3339_ms(253402300799999) == "9999-12-31T23:59:59.999Z");
  CHECK(format_rfc3339_ms(-62167219200000) == "0000-01-01T00:00:00.000Z");
}

TEST_CASE("clock: parse_rfc3339 accepts Z and offsets") {
  CHECK(parse_rfc3339("2026-11-25T09:00:00.000Z") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-25T09:00:00Z") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-25t09:00:00z") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-25T10:00:00+01:00") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-25T03:30:00-05:30") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-25T09:00:00-00:00") == 1795597200000);
  CHECK(parse_rfc3339("2026-11-26T08:59:00+23:59") == 1795597200000);
  CHECK(parse_rfc3339("1969-12-31T23:59:59.999Z") == -1);
  CHECK(parse_rfc3339("2024-02-29T12:34:56.789Z") == 1709210096789);
}

TEST_CASE("clock: parse_rfc3339 fractions") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00.5Z") == 500);
  CHECK(parse_rfc3339("1970-01-01T00:00:00.05Z") == 50);
  CHECK(parse_rfc3339("1970-01-01T00:00:00.123Z") == 123);
  CHECK(parse_rfc3339("1970-01-01T00:00:00.123999999Z") == 123);  // truncated, not rounded
  CHECK(parse_rfc3339("1970-01-01T00:00:00.000000001+00:00") == 0);
}

TEST_CASE("clock: parse_rfc3339 rejects malformed input") {
  char const* bad[] = {
      "",
      "2026-11-25",
      "2026-11-25T09:00:00",           // no zone
      "2026-11-25 09:00:00Z",          // space separator
      "2026-11-25T09:00Z",             // no seconds
      "2026-11-25T09:00:00.Z",         // empty fraction
      "2026-11-25T09:00:00ZZ",         // trailing
      "2026-11-25T09:00:00Z ",         // trailing space
      " 2026-11-25T09:00:00Z",         // leading space
      "2026-13-01T00:00:00Z",          // month 13
      "2026-00-01T00:00:00Z",          // month 0
      "2026-11-00T00:00:00Z",          // day 0
      "2026-11-31T00:00:00Z",          // November has 30 days
      "2026-02-29T00:00:00Z",          // 2026 is not a leap year
      "1900-02-29T00:00:00Z",          // divisible by 100, not 400
      "2026-11-25T24:00:00Z",          // hour 24
      "2026-11-25T09:60:00Z",          // minute 60
      "2026-11-25T23:59:60Z",          // leap second
      "2026-11-25T09:00:00+24:00",     // offset hour
      "2026-11-25T09:00:00+01:60",     // offset minute
      "2026-11-25T09:00:00+0100",      // offset without colon
      "2026-11-25T09:00:00+1:00",      // offset hour one digit
      "2026-11-25T09:00:00+01",        // offset without minutes
      "26-11-25T09:00:00Z",            // two-digit year
      "12026-11-25T09:00:00Z",         // five-digit year
      "2026-1-25T09:00:00Z",           // one-digit month
      "2026-11-25T9:00:00Z",           // one-digit hour
      "2026/11/25T09:00:00Z",
      "+2026-11-25T09:00:00Z",
      "2026-11-25T09:00:00.12a3Z",
  };
  for (char const* s : bad) {
    CAPTURE(s);
    CHECK_FALSE(parse_rfc3339(s).has_value());
  }
  // Embedded NUL: the length counts, not the C string.
  CHECK_FALSE(parse_rfc3339(std::string_view("2026-11-25T09:00:00Z\0", 21)).has_value());
}

TEST_CASE("clock: format then parse round-trips") {
  std::int64_t samples[] = {0, 1, -1, 999, 1000, 86'399'999, 951'782'400'000 /* 2000-02-29 */,
                            1795597200000, 4102444799999, -62167219200000, 253402300799999,
                            -2208988800001};
  for (std::int64_t ms : samples) {
    CAPTURE(ms);
    CHECK(parse_rfc3339(format_rfc3339_ms(ms)) == ms);
  }
  // A walk through 400 years (a full Gregorian cycle) in steps that hit every month and hour.
  for (std::int64_t ms = -2208988800000; ms < 10'413'792'000'000; ms += 2'629'743'123) {
    auto text = format_rfc3339_ms(ms);
    REQUIRE(text.size() == 24);
    REQUIRE(parse_rfc3339(text) == ms);
  }
}

TEST_CASE("clock: now_ms is the wall clock") {
  std::int64_t t = now_ms();
  CHECK(t > 1'577'836'800'000);  // after 2020-01-01
  CHECK(t < 4'102'444'800'000);  // before 2100-01-01
}
