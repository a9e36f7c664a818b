#include "chat/oslo_time.hpp"

#include <cstdio>

namespace arena::chat {

namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t hour_ms = 3'600'000;

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
  auto const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
  auto const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 01:00 UTC on the last Sunday of the month.
std::int64_t last_sunday_1utc(std::int64_t y, unsigned m) {
  std::int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
  std::int64_t weekday = (last + 4) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sunday
  if (weekday < 0) weekday += 7;
  return (last - weekday) * day_ms + hour_ms;
}

}  // namespace

std::int64_t oslo_offset_ms(std::int64_t utc_ms) {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(floor_div(utc_ms, day_ms), y, m, d);
  bool summer = utc_ms >= last_sunday_1utc(y, 3) && utc_ms < last_sunday_1utc(y, 10);
  return summer ? 2 * hour_ms : hour_ms;
}

std::string format_oslo(std::int64_t utc_ms) {
  std::int64_t local = utc_ms + oslo_offset_ms(utc_ms);
  std::int64_t days = floor_div(local, day_ms);
  std::int64_t rest = local - days * day_ms;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld", static_cast<long long>(y), m, d, static_cast<long long>(rest / hour_ms),
                static_cast<long long>(rest % hour_ms / 60000));
  return buf;
}

std::optional<std::int64_t> oslo_midnight(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (date[i] < '0' || date[i] > '9') return std::nullopt;
  auto num = [&](int a, int n) {
    int v = 0;
    for (int i = a; i < a + n; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::int64_t local_midnight = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * day_ms;
  // Summer time never starts or ends at midnight, so the offset an hour either side is the same.
  return local_midnight - oslo_offset_ms(local_midnight - hour_ms);
}

}  // namespace arena::chat
