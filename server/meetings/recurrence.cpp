#include "meetings/recurrence.hpp"

#include "util/clock.hpp"

#include <libical/ical.h>

#include <array>

namespace arena::meetings {

namespace {

constexpr std::array<char const*, 7> day_codes = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

std::string rule_core(recurrence const& r, local_dt start) {
  std::string s = r.f == freq::weekly ? "FREQ=WEEKLY" : "FREQ=MONTHLY";
  if (r.interval > 1) s += ";INTERVAL=" + std::to_string(r.interval);
  s += ";BYDAY=";
  if (r.f == freq::monthly_weekday) s += std::to_string(r.setpos);
  s += day_codes[static_cast<std::size_t>(weekday(start.date))];
  return s;
}

local_date years_later(local_date d, int years) {
  local_date out{d.year + years, d.month, d.day};
  if (out.month == 2 && out.day == 29 && !parse_date(format(out))) out.day = 28;
  return out;
}

}  // namespace

std::string_view to_string(freq f) noexcept { return f == freq::weekly ? "weekly" : "monthly_weekday"; }

std::optional<freq> parse_freq(std::string_view s) noexcept {
  if (s == "weekly") return freq::weekly;
  if (s == "monthly_weekday") return freq::monthly_weekday;
  return std::nullopt;
}

status validate(recurrence const& r, local_dt start) {
  if (r.interval < 1 || r.interval > 52) return make_error(errc::bad_request, "recurrence.interval: 1..52");
  if (r.f == freq::weekly && r.setpos != 0) return make_error(errc::bad_request, "recurrence.setpos: only for monthly_weekday");
  if (r.f == freq::monthly_weekday) {
    if (r.setpos != -1 && (r.setpos < 1 || r.setpos > 4)) return make_error(errc::bad_request, "recurrence.setpos: 1..4, or -1 for the last");
    bool matches = r.setpos == -1 ? last_in_month(start.date) : nth_in_month(start.date) == r.setpos;
    if (!matches)
      return make_error(errc::bad_request, "recurrence: the start (" + format_nb(start.date) +
                                               ") is not the weekday of the month the rule names (setpos " + std::to_string(r.setpos) + ")",
                        "start_not_on_rule_weekday");
  }
  if (r.until.has_value() == r.count.has_value()) return make_error(errc::bad_request, "recurrence: give exactly one of until and count");
  if (r.count && *r.count < 1) return make_error(errc::bad_request, "recurrence.count: 1..500 (at most 500 occurrences)");
  if (r.count && *r.count > max_occurrences)
    return make_error(errc::bad_request, "recurrence.count: 1..500 (at most 500 occurrences)", "series_too_many");
  if (r.until && *r.until < start.date) return make_error(errc::bad_request, "recurrence.until: must not be before the start", "until_before_start");
  if (r.until && *r.until > years_later(start.date, max_years))
    return make_error(errc::bad_request, "recurrence.until: at most 5 years after the first meeting", "series_too_long");
  return {};
}

result<std::vector<local_dt>> expand(std::optional<recurrence> const& r, local_dt start) {
  std::vector<local_dt> out;
  if (!r) {
    out.push_back(start);
    return out;
  }
  if (auto st = validate(*r, start); !st) return st.error();
  auto const limit = years_later(start.date, max_years);
  std::string rule = rule_core(*r, start);
  if (r->count) rule += ";COUNT=" + std::to_string(*r->count);

  std::lock_guard lock(libical_lock());
  auto rt = icalrecurrencetype_from_string(rule.c_str());
  if (rt.freq == ICAL_NO_RECURRENCE) return make_error(errc::bad_request, "recurrence: not a valid rule");
  icaltimetype dt = icaltime_null_time();
  dt.year = start.date.year;
  dt.month = start.date.month;
  dt.day = start.date.day;
  dt.hour = start.hour;
  dt.minute = start.minute;
  auto* it = icalrecur_iterator_new(rt, dt);
  if (!it) return make_error(errc::bad_request, "recurrence: not a valid rule");
  status st;
  for (auto n = icalrecur_iterator_next(it); !icaltime_is_null_time(n); n = icalrecur_iterator_next(it)) {
    local_dt t{{n.year, n.month, n.day}, n.hour, n.minute};
    if (t < start) continue;
    if (r->until && t.date > *r->until) break;
    if (t.date > limit) {
      st = make_error(errc::bad_request, "recurrence: at most 5 years after the first meeting", "series_too_long");
      break;
    }
    if (out.size() == static_cast<std::size_t>(max_occurrences)) {
      st = make_error(errc::bad_request, "recurrence: at most 500 occurrences", "series_too_many");
      break;
    }
    out.push_back(t);
  }
  icalrecur_iterator_free(it);
  if (!st) return st.error();
  if (out.empty() || out.front() != start) return make_error(errc::bad_request, "recurrence: the rule does not give the first meeting", "rule_misses_start");
  return out;
}

std::string rrule_text(recurrence const& r, local_dt start, std::int64_t last_start_utc_ms) {
  std::string s = rule_core(r, start);
  if (r.count) return s + ";COUNT=" + std::to_string(*r.count);
  auto z = util::format_rfc3339_ms(last_start_utc_ms);  // 2027-06-08T07:00:00.000Z
  std::string until = z.substr(0, 4) + z.substr(5, 2) + z.substr(8, 2) + "T" + z.substr(11, 2) + z.substr(14, 2) + z.substr(17, 2) + "Z";
  return s + ";UNTIL=" + until;
}

}  // namespace arena::meetings
