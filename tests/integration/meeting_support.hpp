// Shared steps of the meeting integration tests: local times in Europe/Oslo, the meeting
// requests with their checks, and waiting for a particular event on a socket.
//
// Local wall-clock times are computed with the server library's zone conversion
// (meetings/local_time.hpp, libical's zone data); the tests then check the server's start_utc
// against the system clock, so a wrong conversion cannot pass unnoticed.
#pragma once

#include "integration/site.hpp"
#include "meetings/local_time.hpp"
#include "util/clock.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

namespace arena::itest {

namespace mt = arena::meetings;

inline constexpr char const* oslo = "Europe/Oslo";

// The wall-clock time in Oslo `minutes` from now (seconds dropped).
inline mt::local_dt oslo_in_minutes(std::int64_t minutes) { return mt::from_utc_ms(util::now_ms() + minutes * 60'000, oslo); }
inline mt::local_date oslo_today() { return mt::from_utc_ms(util::now_ms(), oslo).date; }
inline std::string at(mt::local_date d, int hour, int minute = 0) { return mt::format(mt::local_dt{d, hour, minute}); }
inline std::string day(mt::local_date d) { return mt::format(d); }
inline mt::local_date plus_days(mt::local_date d, int n) { return mt::add_days(d, n); }
// An RFC 3339 instant as milliseconds since the epoch (REQUIREs it parses).
inline std::int64_t utc_ms(json const& v) {
  REQUIRE(v.is_string());
  auto ms = util::parse_rfc3339(v.get<std::string>());
  REQUIRE(ms.has_value());
  return *ms;
}

inline std::string error_message(http_response const& r) {
  if (!r.body_json.is_object() || !r.body_json.contains("error")) return {};
  return r.body_json["error"].value("message", std::string());
}

// meeting.create; REQUIREs success and returns the meeting.
inline json meeting_create(http_client& who, std::int64_t team, json fields) {
  fields["team_id"] = team;
  auto r = who.post("meeting.create", fields);
  INFO("meeting.create: ", r.body);
  REQUIRE(r.status == 200);
  return r.body_json["meeting"];
}

// meeting.list over [from, to]; REQUIREs success and returns the occurrences.
inline json meeting_list(http_client& who, std::int64_t team, mt::local_date from, mt::local_date to) {
  auto r = who.post("meeting.list", {{"team_id", team}, {"from", day(from)}, {"to", day(to)}});
  INFO("meeting.list: ", r.body);
  REQUIRE(r.status == 200);
  return r.body_json["occurrences"];
}

// meeting.get; REQUIREs success.
inline json meeting_get(http_client& who, std::int64_t team, std::int64_t id, std::string const& occurrence = {}) {
  json f = {{"team_id", team}, {"meeting_id", id}};
  if (!occurrence.empty()) f["occurrence"] = occurrence;
  auto r = who.post("meeting.get", f);
  INFO("meeting.get: ", r.body);
  REQUIRE(r.status == 200);
  return r.body_json;
}

// The occurrence with that key (and, when given, of that meeting) in a meeting.list answer.
inline json find_occurrence(json const& occs, std::string const& key, std::int64_t meeting_id = 0) {
  for (auto const& o : occs)
    if (o["occurrence"] == key && (meeting_id == 0 || o["meeting_id"] == meeting_id)) return o;
  return nullptr;
}

// The caller's notifications of `kind` for `meeting_id` (notification.list, the latest 200).
inline std::vector<json> meeting_notifications(http_client& who, std::string const& kind, std::int64_t meeting_id) {
  auto r = who.post("notification.list", {{"limit", 200}});
  INFO("notification.list: ", r.body);
  REQUIRE(r.status == 200);
  std::vector<json> out;
  for (auto const& n : r.body_json["notifications"])
    if (n["kind"] == kind && n.value("meeting_id", std::int64_t{0}) == meeting_id) out.push_back(n);
  return out;
}

// The first event `name` for which `pred` holds; events of that name that do not match are
// consumed and returned through `skipped` (when given). Throws on timeout.
inline json wait_event_where(ws_client& ws, std::string const& name, std::function<bool(json const&)> const& pred,
                             std::chrono::milliseconds timeout = io_timeout, std::vector<json>* skipped = nullptr) {
  auto const deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("wait_event_where: no matching " + name + " event in time");
    auto e = ws.wait_event(name, left);
    if (pred(e)) return e;
    if (skipped) skipped->push_back(std::move(e));
  }
}

// Every frame that arrives within `span` (answers and events), consumed.
inline std::vector<json> drain(ws_client& ws, std::chrono::milliseconds span) {
  std::vector<json> out;
  auto const deadline = std::chrono::steady_clock::now() + span;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (!ws.poll(left)) break;
    out.push_back(ws.next());
  }
  return out;
}

// The events of `name` in `frames` for which `pred` holds.
inline std::size_t count_events(std::vector<json> const& frames, std::string const& name, std::function<bool(json const&)> const& pred) {
  std::size_t n = 0;
  for (auto const& f : frames)
    if (f.value("ev", std::string()) == name && pred(f)) ++n;
  return n;
}

// An iCalendar text with its folded lines unfolded (RFC 5545 3.1).
inline std::string unfold_ics(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 2 < s.size() && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace arena::itest
