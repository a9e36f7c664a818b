// meetings/polls: time polls (create with its checks, answers, counts, close, decide into a
// meeting).
#include "meetings/polls.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::code_of;
using arena::test::lt;
using arena::test::meetings_fixture;
using arena::test::utc;

namespace {

struct polls_fixture : meetings_fixture {
  static poll_input input(std::vector<std::pair<std::string, std::string>> const& slots) {
    poll_input in;
    in.title = "Finn tid for styremøte";
    in.description = "Velg det som passer";
    in.location = "Rom 1";
    for (auto const& [s, e] : slots) in.slots.emplace_back(lt(s), lt(e));
    return in;
  }
  result<poll> create_poll_as(poll_input const& in, std::int64_t team = 1) {
    return write([&](store::connection& w) { return create_poll(w, team, kari, in); });
  }
  result<poll> answer(poll const& p, std::int64_t user, std::vector<std::pair<std::int64_t, std::string>> a) {
    return write([&](store::connection& w) { return answer_poll(w, p, user, a); });
  }
  poll reload(poll const& p) {
    auto r = find_poll(rd, p.team_id, p.id);
    REQUIRE(r);
    return *r;
  }
};

std::vector<std::pair<std::string, std::string>> const three = {
    {"2027-03-10T09:00", "2027-03-10T10:00"}, {"2027-03-09T13:00", "2027-03-09T14:30"}, {"2027-03-30T09:00", "2027-03-30T10:00"}};

}  // namespace

TEST_CASE("meetings polls: create checks its slots and stores them in start order") {
  polls_fixture f;
  auto p = f.create_poll_as(polls_fixture::input(three));
  REQUIRE(p);
  CHECK(p->status == "open");
  CHECK(p->team_id == 1);
  CHECK(p->tz == "Europe/Oslo");
  CHECK(p->created_by == f.kari);
  CHECK(p->created_by_name == "Kari Nordmann");
  CHECK(p->respondents == 0);
  CHECK_FALSE(p->meeting_id);
  REQUIRE(p->slots.size() == 3);
  CHECK(p->slots[0].start == lt("2027-03-09T13:00"));
  CHECK(p->slots[0].start_utc == utc("2027-03-09T12:00:00Z"));
  CHECK(p->slots[0].end_utc == utc("2027-03-09T13:30:00Z"));
  CHECK(p->slots[1].start == lt("2027-03-10T09:00"));
  CHECK(p->slots[2].start_utc == utc("2027-03-30T07:00:00Z"));  // summer time
  for (auto const& s : p->slots) CHECK(s.yes + s.if_need_be + s.no == 0);

  auto const polls_before = f.rows("polls"), slots_before = f.rows("poll_slots");
  auto bad = [&](poll_input const& in, std::string const& needle) {
    CAPTURE(needle);
    auto r = f.create_poll_as(in);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
    CHECK_MESSAGE(r.error().message.find(needle) != std::string::npos, r.error().message);
    CHECK(f.rows("polls") == polls_before);
    CHECK(f.rows("poll_slots") == slots_before);
  };
  bad(polls_fixture::input({}), "slots: at least one");
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 31; ++i) {
    char s[32], e[32];
    std::snprintf(s, sizeof s, "2027-05-%02dT09:00", i + 1);
    std::snprintf(e, sizeof e, "2027-05-%02dT10:00", i + 1);
    many.emplace_back(s, e);
  }
  bad(polls_fixture::input(many), "at most 30");
  many.pop_back();
  CHECK(f.create_poll_as(polls_fixture::input(many)));  // 30 is fine
  auto const after_thirty_polls = f.rows("polls"), after_thirty_slots = f.rows("poll_slots");
  CHECK(after_thirty_slots == slots_before + 30);
  // (Counted again from here on.)
  auto bad2 = [&](poll_input const& in, std::string const& needle) {
    CAPTURE(needle);
    auto r = f.create_poll_as(in);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
    CHECK_MESSAGE(r.error().message.find(needle) != std::string::npos, r.error().message);
    CHECK(f.rows("polls") == after_thirty_polls);
    CHECK(f.rows("poll_slots") == after_thirty_slots);
  };
  bad2(polls_fixture::input({{"2027-03-10T09:00", "2027-03-10T10:00"}, {"2027-03-10T09:00", "2027-03-10T10:00"}}), "the same slot twice");
  bad2(polls_fixture::input({{"2027-03-10T09:00", "2027-03-10T08:00"}}), "must be after start");
  bad2(polls_fixture::input({{"2027-03-10T09:00", "2027-03-10T09:00"}}), "must be after start");
  bad2(polls_fixture::input({{"2027-03-10T09:00", "2027-03-11T09:01"}}), "24 hours");
  bad2(polls_fixture::input({{"2027-03-28T02:30", "2027-03-28T04:00"}}), "does not exist");
  auto no_title = polls_fixture::input(three);
  no_title.title = "";
  bad2(no_title, "title");
  // Lengths in characters, with a meeting's messages (the decided poll becomes a meeting).
  std::string aa;
  for (int i = 0; i < 201; ++i) aa += "å";
  auto long_title = polls_fixture::input(three);
  long_title.title = aa;
  bad2(long_title, "title: 1..200 characters");
  auto long_location = polls_fixture::input(three);
  long_location.location = aa;
  bad2(long_location, "location: 0..200 characters");
  auto long_description = polls_fixture::input(three);
  long_description.description = std::string(10001, 'x');
  bad2(long_description, "description: 0..10000 characters");
  auto zone = polls_fixture::input(three);
  zone.tz = "Atlantis/Capital";
  bad2(zone, "tz");
  auto url = polls_fixture::input(three);
  url.video_url = "ftp://x";
  bad2(url, "video_url");
  // The same rule as a meeting's link, which the decided poll becomes: a poll that cannot be
  // decided is refused when it is made.
  for (auto const* v : {"https://meet.example.no/a b", "https://x.no/\"onmouseover", "https://x.no/<script>"}) {
    url.video_url = v;
    bad2(url, "without spaces or quotes");
  }
  url.video_url = "https://x.no/" + std::string(500, 'a');
  bad2(url, "at most 500");
  // 200 two-byte characters are 200 characters, not 400.
  auto full_title = polls_fixture::input(three);
  full_title.title = aa.substr(2);
  full_title.location = aa.substr(2);
  CHECK(f.create_poll_as(full_title));
  // Same start, different end: two different slots.
  CHECK(f.create_poll_as(polls_fixture::input({{"2027-03-10T09:00", "2027-03-10T10:00"}, {"2027-03-10T09:00", "2027-03-10T11:00"}})));
  auto utc_poll = polls_fixture::input(three);
  utc_poll.tz = "UTC";
  auto up = f.create_poll_as(utc_poll);
  REQUIRE(up);
  CHECK(up->tz == "Etc/UTC");
}

TEST_CASE("meetings polls: answers replace earlier ones and are counted per slot") {
  polls_fixture f;
  auto p = *f.create_poll_as(polls_fixture::input(three));
  auto other = *f.create_poll_as(polls_fixture::input({{"2027-04-01T09:00", "2027-04-01T10:00"}}));
  auto s0 = p.slots[0].id, s1 = p.slots[1].id, s2 = p.slots[2].id;
  CHECK(code_of(f.answer(p, f.ola, {{other.slots[0].id, "yes"}})) == errc::bad_request);  // a slot of another poll
  CHECK(code_of(f.answer(p, f.ola, {{s0, "ja"}})) == errc::bad_request);
  CHECK(code_of(f.answer(p, f.ola, {{s0, "maybe"}})) == errc::bad_request);
  CHECK(code_of(f.answer(p, f.ola, {})) == errc::bad_request);
  CHECK(code_of(f.answer(p, f.ola, {{s0, "yes"}, {999999, "yes"}})) == errc::bad_request);  // nothing of it is stored
  CHECK(f.rows("poll_answers") == 0);

  auto a = f.answer(p, f.ola, {{s0, "yes"}, {s1, "if_need_be"}, {s2, "no"}});
  REQUIRE(a);
  CHECK(a->respondents == 1);
  CHECK(a->slots[0].yes == 1);
  CHECK(a->slots[1].if_need_be == 1);
  CHECK(a->slots[2].no == 1);
  auto b = f.answer(*a, f.kari, {{s0, "yes"}, {s2, "yes"}});
  REQUIRE(b);
  CHECK(b->respondents == 2);
  CHECK(b->slots[0].yes == 2);
  CHECK(b->slots[2].yes == 1);
  CHECK(b->slots[2].no == 1);
  CHECK(b->answers.size() == 5);
  // Ola changes his mind about the first slot.
  auto c = f.answer(*b, f.ola, {{s0, "no"}});
  REQUIRE(c);
  CHECK(c->slots[0].yes == 1);
  CHECK(c->slots[0].no == 1);
  CHECK(c->respondents == 2);
  CHECK(f.rows("poll_answers") == 5);
  auto reloaded = f.reload(p);
  CHECK(reloaded.slots[0].no == 1);
  CHECK(reloaded.slots[1].if_need_be == 1);
  // The other poll is untouched.
  CHECK(f.reload(other).respondents == 0);

  // Closed: no more answers.
  auto closed = f.write([&](store::connection& w) { return close_poll(w, *c); });
  REQUIRE(closed);
  CHECK(closed->status == "closed");
  CHECK(code_of(f.answer(*closed, f.ola, {{s0, "yes"}})) == errc::conflict);
  CHECK(code_of(f.write([&](store::connection& w) { return close_poll(w, *closed); })) == errc::conflict);
  CHECK(code_of(f.write([&](store::connection& w) { return decide_poll(w, *closed, s0, f.kari, {}); })) == errc::conflict);
  CHECK(f.rows("poll_answers") == 5);
  // Lists: open ones, or all; newest first.
  auto open_only = list_polls(f.rd, 1, false);
  REQUIRE(open_only.size() == 1);
  CHECK(open_only[0].id == other.id);
  auto everything = list_polls(f.rd, 1, true);
  REQUIRE(everything.size() == 2);
  CHECK(everything[0].id == other.id);
  CHECK(everything[1].id == p.id);
  CHECK(list_polls(f.rd, 2, true).empty());
  CHECK(code_of(find_poll(f.rd, 2, p.id)) == errc::not_found);
}

TEST_CASE("meetings polls: decide creates the meeting from the slot and closes the poll") {
  polls_fixture f;
  auto in = polls_fixture::input(three);
  in.is_open = true;
  in.video_url = "https://meet.example.no/styret";
  auto p = *f.create_poll_as(in);
  auto slot = p.slots[1];  // 10.03 09:00-10:00
  REQUIRE(slot.start == lt("2027-03-10T09:00"));
  CHECK(code_of(f.write([&](store::connection& w) { return decide_poll(w, p, 999999, f.kari, {}); })) == errc::bad_request);
  CHECK(f.rows("meetings") == 0);

  fields extra;
  extra.reminders = std::vector<int>{60};
  extra.title = "ignored: the poll's title wins";
  auto d = f.write([&](store::connection& w) { return decide_poll(w, p, slot.id, f.kari, extra); });
  REQUIRE(d);
  CHECK(d->p.status == "decided");
  CHECK(d->p.decided_slot_id == slot.id);
  CHECK(d->p.meeting_id == d->m.id);
  CHECK(d->m.title == "Finn tid for styremøte");
  CHECK(d->m.description == "Velg det som passer");
  CHECK(d->m.location == "Rom 1");
  CHECK(d->m.video_url == "https://meet.example.no/styret");
  CHECK(d->m.is_open);
  CHECK(d->m.tz == "Europe/Oslo");
  CHECK(d->m.start == slot.start);
  CHECK(d->m.end == slot.end);
  CHECK(d->m.start_utc == slot.start_utc);
  CHECK(d->m.end_utc == slot.end_utc);
  CHECK(d->m.reminders == std::vector<int>{60});
  CHECK(d->m.created_by == f.kari);
  CHECK_FALSE(d->m.rule);
  CHECK(f.rows("meetings") == 1);
  CHECK(f.reload(p).status == "decided");
  // Twice: conflict, no second meeting.
  CHECK(code_of(f.write([&](store::connection& w) { return decide_poll(w, d->p, slot.id, f.kari, {}); })) == errc::conflict);
  // As the handler does: the poll read again inside the writer job.
  CHECK(code_of(f.write([&](store::connection& w) -> result<decided> {
          ARENA_TRY(current, find_poll(w, 1, p.id));
          return decide_poll(w, current, p.slots[0].id, f.kari, {});
        })) == errc::conflict);
  CHECK(f.rows("meetings") == 1);
  CHECK(code_of(f.answer(d->p, f.ola, {{slot.id, "yes"}})) == errc::conflict);
  CHECK(list_polls(f.rd, 1, false).empty());
}
