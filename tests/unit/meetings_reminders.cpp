// meetings/reminders: reminders computed from the database, each (occurrence, offset) once, also
// across a restart (a new connection); several offsets due at once make one notification;
// started, cancelled and declined are left out.
#include "meetings/reminders.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::lt;
using arena::test::meetings_fixture;
using arena::test::utc;
using arena::test::weekly_count;

namespace {

constexpr std::int64_t minute = 60 * 1000;

struct reminders_fixture : meetings_fixture {
  std::vector<chat::notification> send(std::int64_t now) {
    auto r = write([&](store::connection& w) -> result<std::vector<chat::notification>> { return send_due_reminders(w, now); });
    REQUIRE(r);
    return *r;
  }
  static std::vector<std::int64_t> users(std::vector<chat::notification> const& ns) {
    std::vector<std::int64_t> out;
    for (auto const& n : ns) out.push_back(n.user_id);
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE("meetings reminders: each offset is sent once when it has come") {
  reminders_fixture f;
  auto m = f.make(f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00"));  // reminders 1440, 15
  auto const start = utc("2027-06-07T07:00:00Z");
  REQUIRE(m.start_utc == start);
  CHECK(f.send(start - 1440 * minute - 1).empty());  // not yet
  CHECK(f.rows("meeting_reminders_sent") == 0);

  auto day = f.send(start - 1440 * minute);
  CHECK(reminders_fixture::users(day) == std::vector<std::int64_t>{f.kari, f.ola});  // invitees: not the observer, not outsiders
  for (auto const& n : day) {
    CHECK(n.kind == "meeting_reminder");
    CHECK(n.meeting_id == m.id);
    CHECK(n.occurrence == "2027-06-07");
    CHECK(n.starts_at == start);
  }
  CHECK(f.rows("meeting_reminders_sent", "offset_minutes = 1440") == 1);
  CHECK(f.rows("notifications", "kind = 'meeting_reminder'") == 2);
  // Repeated calls send nothing more.
  CHECK(f.send(start - 1440 * minute).empty());
  CHECK(f.send(start - 60 * minute).empty());
  // The 15-minute reminder.
  auto quarter = f.send(start - 15 * minute);
  CHECK(quarter.size() == 2);
  CHECK(f.send(start - 15 * minute).empty());
  CHECK(f.send(start - minute).empty());
  CHECK(f.rows("meeting_reminders_sent") == 2);
  CHECK(f.rows("notifications", "kind = 'meeting_reminder'") == 4);

  // A restart: a new connection to the same file sends nothing again either.
  store::connection fresh{f.db.file().string(), store::connection::mode::read_write};
  fresh.exec("BEGIN IMMEDIATE");
  auto after_restart = send_due_reminders(fresh, start - 10 * minute);
  fresh.exec("COMMIT");
  CHECK(after_restart.empty());
  CHECK(f.rows("notifications", "kind = 'meeting_reminder'") == 4);
}

TEST_CASE("meetings reminders: sent through one connection, not again through another (restart)") {
  reminders_fixture f;
  auto m = f.make(f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00"));
  auto const start = m.start_utc;
  {
    store::connection first{f.db.file().string(), store::connection::mode::read_write};
    first.exec("BEGIN IMMEDIATE");
    auto sent = send_due_reminders(first, start - 20 * minute);
    first.exec("COMMIT");
    CHECK(sent.size() == 2);
  }
  store::connection second{f.db.file().string(), store::connection::mode::read_write};
  second.exec("BEGIN IMMEDIATE");
  auto again = send_due_reminders(second, start - 20 * minute);
  second.exec("COMMIT");
  CHECK(again.empty());
  CHECK(f.send(start - 20 * minute).empty());
  CHECK(f.rows("notifications", "kind = 'meeting_reminder'") == 2);
}

TEST_CASE("meetings reminders: several offsets due at once make one notification per user") {
  reminders_fixture f;
  auto x = f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00");
  x.reminders = std::vector<int>{10080, 1440, 60, 15};
  auto m = f.make(x);
  auto late = f.send(m.start_utc - 10 * minute);  // the server was down: all four are due
  CHECK(reminders_fixture::users(late) == std::vector<std::int64_t>{f.kari, f.ola});
  CHECK(f.rows("meeting_reminders_sent", "meeting_id = " + std::to_string(m.id)) == 4);
  CHECK(f.send(m.start_utc - 5 * minute).empty());
}

TEST_CASE("meetings reminders: started, cancelled and declined get none") {
  reminders_fixture f;
  SUBCASE("a started occurrence") {
    auto m = f.make(f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00"));
    CHECK(f.send(m.start_utc).empty());
    CHECK(f.send(m.start_utc + minute).empty());
    CHECK(f.rows("meeting_reminders_sent") == 0);
  }
  SUBCASE("a user who answered no") {
    auto m = f.make(f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00"));
    REQUIRE(f.write([&](store::connection& w) { return set_answer(w, m, "2027-06-07", f.ola, "no", "", utc("2027-06-01T00:00:00Z")); }));
    REQUIRE(f.write([&](store::connection& w) { return set_answer(w, m, "2027-06-07", f.kari, "maybe", "", utc("2027-06-01T00:00:00Z")); }));
    auto sent = f.send(m.start_utc - 15 * minute);
    CHECK(reminders_fixture::users(sent) == std::vector<std::int64_t>{f.kari});
  }
  SUBCASE("a cancelled occurrence; the next one still reminds") {
    auto m = f.make(f.basic("Ukemøte", "2027-06-07T09:00", "2027-06-07T10:00", weekly_count(3)));
    auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-06-07"); });
    REQUIRE(c);
    CHECK(f.send(m.start_utc - 15 * minute).empty());
    CHECK(f.rows("meeting_reminders_sent") == 0);
    auto next = f.occ(*c, "2027-06-14");
    auto sent = f.send(next.start_utc - 15 * minute);
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].occurrence == "2027-06-14");
  }
  SUBCASE("a cancelled meeting") {
    auto m = f.make(f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00"));
    REQUIRE(f.write([&](store::connection& w) { return cancel_series(w, m); }));
    CHECK(f.send(m.start_utc - 15 * minute).empty());
  }
  SUBCASE("no reminders") {
    auto x = f.basic("Styremøte", "2027-06-07T09:00", "2027-06-07T10:00");
    x.reminders = std::vector<int>{};
    auto m = f.make(x);
    CHECK(f.send(m.start_utc - 15 * minute).empty());
  }
}

TEST_CASE("meetings reminders: a moved occurrence reminds at its new time; open meetings remind guests") {
  reminders_fixture f;
  auto x = f.basic("Ukemøte", "2027-06-07T09:00", "2027-06-07T10:00", weekly_count(2));
  x.is_open = true;
  x.guests = std::vector<std::int64_t>{f.gjest};
  x.reminders = std::vector<int>{15};
  auto m = f.make(x);
  fields mv;
  mv.start = lt("2027-06-07T13:00");
  auto moved = f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-06-07", mv); });
  REQUIRE(moved);
  CHECK(f.send(m.start_utc - 15 * minute).empty());  // 08:45: the meeting is now at 13:00
  auto sent = f.send(utc("2027-06-07T10:45:00Z"));
  CHECK(reminders_fixture::users(sent) == std::vector<std::int64_t>{f.kari, f.ola, f.obs, f.gjest});
  for (auto const& n : sent) CHECK(n.starts_at == utc("2027-06-07T11:00:00Z"));
}
