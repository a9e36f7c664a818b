#include "meetings/local_time.hpp"

#include <libical/ical.h>

#include <charconv>
#include <cstdio>

namespace arena::meetings {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;  // from_chars alone would take "-1"
  auto r = std::from_chars(s.data() + at, s.data() + at + n, out);
  return r.ec == std::errc() && r.ptr == s.data() + at + n;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days since 1970-01-01 (civil calendar).
std::int64_t days_from_civil(local_date d) {
  int y = d.year - (d.month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

local_date civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

icaltimezone* zone_of(std::string const& tz) {
  if (tz.empty() || tz.size() > 64) return nullptr;
  for (char c : tz)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+')) return nullptr;
  return icaltimezone_get_builtin_timezone(tz.c_str());
}

}  // namespace

std::optional<local_date> parse_date(std::string_view s) {
  local_date d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, d.year) || !digits(s, 5, 2, d.month) || !digits(s, 8, 2, d.day)) return std::nullopt;
  if (d.year < 1970 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

std::optional<local_dt> parse_local(std::string_view s) {
  if (s.size() != 16 || s[10] != 'T' || s[13] != ':') return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d) return std::nullopt;
  local_dt t{*d, 0, 0};
  if (!digits(s, 11, 2, t.hour) || !digits(s, 14, 2, t.minute) || t.hour > 23 || t.minute > 59) return std::nullopt;
  return t;
}

std::string format(local_date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string format(local_dt t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", t.hour, t.minute);
  return format(t.date) + buf;
}

std::string format_nb(local_date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day, d.month, d.year);
  return buf;
}

int weekday(local_date d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  auto n = (days_from_civil(d) + 3) % 7;
  return static_cast<int>(n < 0 ? n + 7 : n);
}

local_date add_days(local_date d, int days) { return civil_from_days(days_from_civil(d) + days); }

int nth_in_month(local_date d) { return (d.day - 1) / 7 + 1; }

bool last_in_month(local_date d) { return d.day + 7 > days_in_month(d.year, d.month); }

std::mutex& libical_lock() {
  static std::mutex m;
  return m;
}

std::string canonical_zone(std::string const& tz) {
  if (tz == "UTC" || tz == "GMT" || tz == "Z" || tz == "Etc/GMT" || tz == "Etc/Zulu" || tz == "Zulu") return "Etc/UTC";
  return tz;
}

bool known_zone(std::string const& tz) {
  std::lock_guard lock(libical_lock());
  return zone_of(tz) != nullptr;
}

result<std::int64_t> to_utc_ms(local_dt t, std::string const& tz) {
  std::lock_guard lock(libical_lock());
  auto* z = zone_of(tz);
  if (!z) return make_error(errc::bad_request, "tz: unknown time zone");
  icaltimetype it = icaltime_null_time();
  it.year = t.date.year;
  it.month = t.date.month;
  it.day = t.date.day;
  it.hour = t.hour;
  it.minute = t.minute;
  it.is_date = 0;
  auto secs = icaltime_as_timet_with_zone(it, z);
  auto back = icaltime_from_timet_with_zone(secs, 0, z);
  if (back.year != it.year || back.month != it.month || back.day != it.day || back.hour != it.hour || back.minute != it.minute)
    return make_error(errc::bad_request, format(t) + " does not exist in " + tz + " (the clocks move forward then)", "time_in_gap");
  return static_cast<std::int64_t>(secs) * 1000;
}

local_dt from_utc_ms(std::int64_t ms, std::string const& tz) {
  std::lock_guard lock(libical_lock());
  auto* z = zone_of(tz);
  if (!z) z = icaltimezone_get_utc_timezone();
  auto secs = static_cast<time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  auto it = icaltime_from_timet_with_zone(secs, 0, z);
  return {{it.year, it.month, it.day}, it.hour, it.minute};
}

}  // namespace arena::meetings
