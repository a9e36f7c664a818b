#include "util/clock.hpp"

#include <chrono>
#include <cstdio>

namespace arena::util {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants a four-digit year reaches.
constexpr std::int64_t min_ms = -62167219200000;
constexpr std::int64_t max_ms = 253402300799999;

// Reads exactly `n` ASCII digits at `pos`; advances `pos`. Returns -1 if any is not a digit.
int read_digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (s.size() - pos < n) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::int64_t now_ms() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<milliseconds>(since_epoch).count();
}

std::string format_rfc3339_ms(std::int64_t ms) {
  if (ms < min_ms) ms = min_ms;
  if (ms > max_ms) ms = max_ms;
  milliseconds t{ms};
  // floor, not truncation: an instant before 1970 belongs to the day that started before it.
  auto day = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd{sys_days{day}};
  std::int64_t in_day = (t - day).count();  // 0 .. 86'399'999
  int h = static_cast<int>(in_day / 3'600'000);
  int m = static_cast<int>(in_day / 60'000 % 60);
  int s = static_cast<int>(in_day / 1000 % 60);
  int frac = static_cast<int>(in_day % 1000);
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), h, m, s, frac);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  int year = read_digits(text, pos, 4);
  if (year < 0 || !expect(text, pos, '-')) return std::nullopt;
  int month = read_digits(text, pos, 2);
  if (month < 1 || month > 12 || !expect(text, pos, '-')) return std::nullopt;
  int day = read_digits(text, pos, 2);
  if (day < 1) return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  int hour = read_digits(text, pos, 2);
  if (hour < 0 || hour > 23 || !expect(text, pos, ':')) return std::nullopt;
  int minute = read_digits(text, pos, 2);
  if (minute < 0 || minute > 59 || !expect(text, pos, ':')) return std::nullopt;
  int second = read_digits(text, pos, 2);
  if (second < 0 || second > 59) return std::nullopt;

  int frac_ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) frac_ms = frac_ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) frac_ms *= 10;
  }

  if (pos >= text.size()) return std::nullopt;
  std::int64_t offset_min = 0;
  char zone = text[pos++];
  if (zone == 'Z' || zone == 'z') {
    // UTC
  } else if (zone == '+' || zone == '-') {
    int oh = read_digits(text, pos, 2);
    if (oh < 0 || oh > 23 || !expect(text, pos, ':')) return std::nullopt;
    int om = read_digits(text, pos, 2);
    if (om < 0 || om > 59) return std::nullopt;
    offset_min = oh * 60 + om;
    if (zone == '-') offset_min = -offset_min;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  std::chrono::year_month_day ymd{std::chrono::year{year},
                                  std::chrono::month{static_cast<unsigned>(month)},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;  // day past the end of its month
  std::int64_t days_since_epoch = sys_days{ymd}.time_since_epoch().count();
  std::int64_t local_s = days_since_epoch * 86'400 + hour * 3'600 + minute * 60 + second;
  // local = UTC + offset, so UTC = local - offset.
  return (local_s - offset_min * 60) * 1000 + frac_ms;
}

}  // namespace arena::util
