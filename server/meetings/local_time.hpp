// Wall-clock times in a named zone, as meetings are entered and shown ("2026-12-08T09:00" in
// Europe/Oslo), and their conversion to and from UTC with libical's time-zone data (the
// system's zoneinfo). libical's built-in zone table is loaded lazily and is not thread-safe, so
// every call into libical from meetings/ takes `libical_lock()`.
#pragma once

#include "util/error.hpp"

#include <compare>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace arena::meetings {

inline constexpr std::string_view default_zone = "Europe/Oslo";

struct local_date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(local_date const&) const = default;
};

struct local_dt {
  local_date date;
  int hour = 0, minute = 0;
  auto operator<=>(local_dt const&) const = default;
};

// "YYYY-MM-DD" (a real calendar date, years 1970..2200).
std::optional<local_date> parse_date(std::string_view s);
// "YYYY-MM-DDTHH:MM".
std::optional<local_dt> parse_local(std::string_view s);
std::string format(local_date d);
std::string format(local_dt t);
// dd.mm.yyyy, as the UI shows dates.
std::string format_nb(local_date d);

// 0 = Monday .. 6 = Sunday.
int weekday(local_date d);
local_date add_days(local_date d, int days);
// Which of its weekday the date is in its month: 1..5, and whether it is the last one.
int nth_in_month(local_date d);
bool last_in_month(local_date d);

std::mutex& libical_lock();

// The zone's name as meetings store it: "UTC", "GMT" and "Z" become "Etc/UTC" (libical's UTC
// has no VTIMEZONE to put in a calendar); other names are kept.
std::string canonical_zone(std::string const& tz);
// Whether libical knows the zone (an IANA name such as "Europe/Oslo").
bool known_zone(std::string const& tz);
// The UTC instant (ms) of a wall-clock time; bad_request when the time does not exist there
// (the spring-forward gap). REQUIRES: known_zone(tz).
result<std::int64_t> to_utc_ms(local_dt t, std::string const& tz);
// The wall-clock time of an instant (seconds dropped).
local_dt from_utc_ms(std::int64_t ms, std::string const& tz);

}  // namespace arena::meetings
