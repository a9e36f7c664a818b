// Shared helpers for the meetings tests: local times from text, UTC instants from RFC 3339, and a
// temporary database (migrations applied) with a team of people in every role, a guest outside
// the team and a member of another team.
#pragma once

#include "meetings/local_time.hpp"
#include "meetings/meetings.hpp"
#include "meetings/recurrence.hpp"
#include "unit/chat_fixture.hpp"
#include "unit/result_printing.hpp"
#include "util/clock.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace arena::test {

inline meetings::local_dt lt(std::string_view s) {
  auto t = meetings::parse_local(s);
  REQUIRE_MESSAGE(t.has_value(), std::string(s));
  return *t;
}

inline meetings::local_date ld(std::string_view s) {
  auto d = meetings::parse_date(s);
  REQUIRE_MESSAGE(d.has_value(), std::string(s));
  return *d;
}

// "2027-03-22T08:00:00Z" → ms.
inline std::int64_t utc(std::string_view s) {
  auto v = util::parse_rfc3339(s);
  REQUIRE_MESSAGE(v.has_value(), std::string(s));
  return *v;
}

inline meetings::recurrence weekly_count(int count, int interval = 1) {
  meetings::recurrence r;
  r.f = meetings::freq::weekly;
  r.interval = interval;
  r.count = count;
  return r;
}

inline meetings::recurrence weekly_until(std::string_view until, int interval = 1) {
  meetings::recurrence r;
  r.f = meetings::freq::weekly;
  r.interval = interval;
  r.until = ld(until);
  return r;
}

inline meetings::recurrence monthly(int setpos, int count, int interval = 1) {
  meetings::recurrence r;
  r.f = meetings::freq::monthly_weekday;
  r.interval = interval;
  r.setpos = setpos;
  r.count = count;
  return r;
}

template <class T>
errc code_of(result<T> const& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().code;
}

struct meetings_fixture : chat_fixture {
  std::int64_t kari = add_user("kari@example.no", "Kari Nordmann", 1, auth::team_role::facilitator);
  std::int64_t ola = add_user("ola@example.no", "Ola Hansen");
  std::int64_t obs = add_user("obs@example.no", "Olga Observatør", 1, auth::team_role::observer);
  std::int64_t gjest = add_user("gjest@example.no", "Gunn Gjest", std::nullopt);
  std::int64_t per = add_user("per@example.no", "Per Annetlag", 2);

  template <class F>
  auto write(F&& fn) {
    return store::write_sync(db.write(), std::forward<F>(fn));
  }

  static meetings::fields basic(std::string title, std::string_view start, std::string_view end,
                                std::optional<meetings::recurrence> rule = std::nullopt) {
    meetings::fields f;
    f.title = std::move(title);
    f.start = lt(start);
    f.end = lt(end);
    if (rule) f.rule = std::optional<meetings::recurrence>(*rule);
    return f;
  }

  result<meetings::meeting> create(meetings::fields const& f, std::int64_t team = 1) {
    return write([&](store::connection& w) { return meetings::create_meeting(w, team, kari, f); });
  }
  meetings::meeting make(meetings::fields const& f, std::int64_t team = 1) {
    auto r = create(f, team);
    REQUIRE(r);
    return *r;
  }
  meetings::meeting load(std::int64_t id) {
    auto r = meetings::load_meeting(rd, id);
    REQUIRE(r);
    return *r;
  }

  std::int64_t rows(std::string const& table, std::string const& where = "1") {
    auto s = rd.prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
    REQUIRE(s.step());
    return s.col_int(0);
  }

  static std::vector<std::string> keys(std::vector<meetings::occurrence> const& occs) {
    std::vector<std::string> out;
    for (auto const& o : occs) out.push_back(o.key);
    return out;
  }
  static meetings::occurrence occ(meetings::meeting const& m, std::string const& key) {
    auto o = meetings::find_occurrence(m, key);
    REQUIRE_MESSAGE(o.has_value(), key);
    return *o;
  }
};

}  // namespace arena::test
