// Recurrence of regular meetings (docs/PROTOCOL.md, "Recurrence"): weekly every N weeks, or
// monthly on the Nth (or last) weekday, until a date or for a count. Expanded with libical's
// RRULE iterator on wall-clock times, so an occurrence keeps its local time across
// daylight-saving changes; bounded to 500 occurrences and 5 years.
#pragma once

#include "meetings/local_time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace arena::meetings {

inline constexpr int max_occurrences = 500;
inline constexpr int max_years = 5;

enum class freq { weekly, monthly_weekday };
std::string_view to_string(freq f) noexcept;
std::optional<freq> parse_freq(std::string_view s) noexcept;

struct recurrence {
  freq f = freq::weekly;
  int interval = 1;
  int setpos = 0;  // monthly_weekday: 1..4, or -1 for the last
  std::optional<local_date> until;
  std::optional<int> count;
  bool operator==(recurrence const&) const = default;
};

// Checks the rule against its first start: interval 1..52; setpos for monthly_weekday only,
// matching the start's day; exactly one of until (not before the start) and count (1..500).
status validate(recurrence const& r, local_dt start);

// The wall-clock starts of every occurrence, first to last (one element without a rule).
// bad_request past 500 occurrences or 5 years, or when the rule gives nothing.
result<std::vector<local_dt>> expand(std::optional<recurrence> const& r, local_dt start);

// The RRULE value for iCalendar: FREQ, INTERVAL, BYDAY, and COUNT or UNTIL (the last
// occurrence's start in UTC, as RFC 5545 requires with a zoned DTSTART).
std::string rrule_text(recurrence const& r, local_dt start, std::int64_t last_start_utc_ms);

}  // namespace arena::meetings
