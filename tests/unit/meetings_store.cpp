// meetings/meetings against a real SQLite database (migrations applied): create and its checks,
// series/occurrence/following updates and cancellations, exceptions, the split of a series,
// invitees and guests, answers and attendance.
#include "meetings/meetings.hpp"
#include "meetings/minutes.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::code_of;
using arena::test::ld;
using arena::test::lt;
using arena::test::meetings_fixture;
using arena::test::utc;
using arena::test::weekly_count;
using arena::test::weekly_until;

namespace {

std::int64_t const before_all = 1798761600000;  // 2027-01-01T00:00:00Z

std::vector<std::int64_t> ids_of(std::vector<person> const& people) {
  std::vector<std::int64_t> out;
  for (auto const& p : people) out.push_back(p.user_id);
  return out;
}

}  // namespace

TEST_CASE("meetings store: create fills the defaults, stores UTC and a stable uid") {
  meetings_fixture f;
  CHECK(before_all == utc("2027-01-01T00:00:00Z"));
  auto m = f.make(f.basic("Styremøte", "2027-03-08T09:00", "2027-03-08T11:00"));
  CHECK(m.id > 0);
  CHECK(m.team_id == 1);
  CHECK(m.title == "Styremøte");
  CHECK(m.tz == "Europe/Oslo");
  CHECK(m.reminders == std::vector<int>{1440, 15});
  CHECK_FALSE(m.is_open);
  CHECK_FALSE(m.cancelled);
  CHECK(m.sequence == 0);
  CHECK_FALSE(m.rule);
  CHECK(m.created_by == f.kari);
  CHECK(m.created_by_name == "Kari Nordmann");
  CHECK(m.start == lt("2027-03-08T09:00"));
  CHECK(m.end == lt("2027-03-08T11:00"));
  CHECK(m.start_utc == utc("2027-03-08T08:00:00Z"));
  CHECK(m.end_utc == utc("2027-03-08T10:00:00Z"));
  auto prefix = "meeting-" + std::to_string(m.id) + "-";
  CHECK(m.uid.rfind(prefix, 0) == 0);
  CHECK(m.uid.size() > prefix.size() + 6);
  CHECK(m.uid.substr(m.uid.size() - 6) == "@arena");
  CHECK(f.rows("meetings", "id = " + std::to_string(m.id) + " AND last_end_utc = " + std::to_string(m.end_utc)) == 1);

  // The uid stays on reload and on updates; another meeting has another one.
  CHECK(f.load(m.id).uid == m.uid);
  auto up = f.write([&](store::connection& w) { return update_series(w, m, [] { fields x; x.title = "Styremøte (ny)"; return x; }()); });
  REQUIRE(up);
  CHECK(up->uid == m.uid);
  CHECK(up->sequence == 1);
  CHECK(up->title == "Styremøte (ny)");
  auto other = f.make(f.basic("Styremøte", "2027-03-08T09:00", "2027-03-08T11:00"));
  CHECK(other.uid != m.uid);

  // Given values: reminders sorted (largest first), "UTC" stored as Etc/UTC, texts trimmed.
  auto g = f.basic("  Åpent møte  ", "2027-07-01T09:00", "2027-07-01T09:30");
  g.reminders = std::vector<int>{15, 60, 40320};
  g.tz = "UTC";
  g.location = "  Møterom Æ  ";
  g.video_url = "https://meet.example.no/abc";
  g.is_open = true;
  auto u = f.make(g);
  CHECK(u.title == "Åpent møte");
  CHECK(u.location == "Møterom Æ");
  CHECK(u.reminders == std::vector<int>{40320, 60, 15});
  CHECK(u.tz == "Etc/UTC");
  CHECK(u.start_utc == utc("2027-07-01T09:00:00Z"));
  CHECK(u.is_open);
  // No reminders at all is allowed.
  auto none = f.basic("Uten påminnelser", "2027-07-01T09:00", "2027-07-01T09:30");
  none.reminders = std::vector<int>{};
  CHECK(f.make(none).reminders.empty());
  // Exactly 24 hours is the longest meeting.
  CHECK(f.create(f.basic("Døgn", "2027-07-01T09:00", "2027-07-02T09:00")));
}

TEST_CASE("meetings store: bad input is a typed error and writes nothing") {
  meetings_fixture f;
  // A plain autocommit connection: anything create_meeting wrote before failing would stay.
  store::connection raw{f.db.file().string(), store::connection::mode::read_write};
  auto ok = [&] { return f.basic("Møte", "2027-03-08T09:00", "2027-03-08T10:00"); };
  struct bad_case {
    std::string name;
    fields in;
    errc code;
    std::string needle;
  };
  std::vector<bad_case> cases;
  auto add = [&](std::string name, auto change, errc code, std::string needle) {
    fields x = ok();
    change(x);
    cases.push_back({std::move(name), std::move(x), code, std::move(needle)});
  };
  add("no title", [](fields& x) { x.title.reset(); }, errc::bad_request, "title");
  add("blank title", [](fields& x) { x.title = "   "; }, errc::bad_request, "title");
  add("long title", [](fields& x) { x.title = std::string(201, 'a'); }, errc::bad_request, "title");
  add("no start", [](fields& x) { x.start.reset(); }, errc::bad_request, "start");
  add("no end", [](fields& x) { x.end.reset(); }, errc::bad_request, "end");
  add("end = start", [](fields& x) { x.end = lt("2027-03-08T09:00"); }, errc::bad_request, "end: must be after start");
  add("end before start", [](fields& x) { x.end = lt("2027-03-08T08:00"); }, errc::bad_request, "end: must be after start");
  add("over 24 hours", [](fields& x) { x.end = lt("2027-03-09T09:01"); }, errc::bad_request, "24 hours");
  add("unknown zone", [](fields& x) { x.tz = "Mars/Olympus"; }, errc::bad_request, "tz");
  add("start in the gap", [](fields& x) { x.start = lt("2027-03-28T02:30"); x.end = lt("2027-03-28T04:00"); }, errc::bad_request, "does not exist");
  add("end in the gap", [](fields& x) { x.start = lt("2027-03-28T01:00"); x.end = lt("2027-03-28T02:15"); }, errc::bad_request, "does not exist");
  add("count 0", [](fields& x) { x.rule = std::optional<recurrence>(weekly_count(0)); }, errc::bad_request, "recurrence.count");
  add("until before start", [](fields& x) { x.rule = std::optional<recurrence>(weekly_until("2027-03-01")); }, errc::bad_request, "until");
  add("setpos mismatch", [](fields& x) { x.rule = std::optional<recurrence>(test::monthly(1, 3)); }, errc::bad_request, "setpos");
  add("5 reminders", [](fields& x) { x.reminders = std::vector<int>{1, 2, 3, 4, 5}; }, errc::bad_request, "reminders");
  add("reminder 0", [](fields& x) { x.reminders = std::vector<int>{0}; }, errc::bad_request, "reminders");
  add("reminder 40321", [](fields& x) { x.reminders = std::vector<int>{40321}; }, errc::bad_request, "reminders");
  add("reminder twice", [](fields& x) { x.reminders = std::vector<int>{15, 15}; }, errc::bad_request, "reminders");
  add("ftp url", [](fields& x) { x.video_url = "ftp://example.no/x"; }, errc::bad_request, "video_url");
  add("url with space", [](fields& x) { x.video_url = "https://example.no/a b"; }, errc::bad_request, "video_url");
  add("long description", [](fields& x) { x.description = std::string(10001, 'd'); }, errc::bad_request, "description");
  add("long location", [](fields& x) { x.location = std::string(201, 'l'); }, errc::bad_request, "location");
  add("guest on a closed meeting", [&](fields& x) { x.guests = std::vector<std::int64_t>{f.gjest}; }, errc::bad_request, "guests");
  add("unknown guest", [](fields& x) { x.is_open = true; x.guests = std::vector<std::int64_t>{987654}; }, errc::bad_request, "guests");
  // Suppliers cannot be linked until they exist (bad_request); once the suppliers module is in,
  // an unknown supplier is not_found. Either way nothing is written.
  add("supplier link", [](fields& x) { x.agenda = std::vector<agenda_input>{{"Leverandør", std::nullopt, std::nullopt, std::pair<std::string, std::int64_t>{"supplier", 987654}}}; },
      errc::bad_request, "supplier");
  add("unknown link kind", [](fields& x) { x.agenda = std::vector<agenda_input>{{"Punkt", std::nullopt, std::nullopt, std::pair<std::string, std::int64_t>{"file", 1}}}; },
      errc::bad_request, "agenda.link");
  add("draft of nobody", [](fields& x) { x.agenda = std::vector<agenda_input>{{"Punkt", std::nullopt, std::nullopt, std::pair<std::string, std::int64_t>{"draft", 424242}}}; },
      errc::not_found, "draft");
  add("topic of nobody", [](fields& x) { x.agenda = std::vector<agenda_input>{{"Punkt", std::nullopt, std::nullopt, std::pair<std::string, std::int64_t>{"topic", 424242}}}; },
      errc::not_found, "topic");
  add("owner outside the team", [&](fields& x) { x.agenda = std::vector<agenda_input>{{"Punkt", f.per, std::nullopt, std::nullopt}}; }, errc::bad_request,
      "owner");
  add("agenda minutes 601", [](fields& x) { x.agenda = std::vector<agenda_input>{{"Punkt", std::nullopt, 601, std::nullopt}}; }, errc::bad_request, "minutes");
  add("blank agenda title", [](fields& x) { x.agenda = std::vector<agenda_input>{{" ", std::nullopt, 5, std::nullopt}}; }, errc::bad_request, "agenda.title");
  add("51 agenda items", [](fields& x) { x.agenda = std::vector<agenda_input>(51, agenda_input{"Punkt", std::nullopt, std::nullopt, std::nullopt}); },
      errc::bad_request, "agenda");

  auto const meetings_before = f.rows("meetings"), agenda_before = f.rows("meeting_agenda"), guests_before = f.rows("meeting_guests");
  for (auto const& c : cases) {
    CAPTURE(c.name);
    auto r = create_meeting(raw, 1, f.kari, c.in);
    REQUIRE_FALSE(r);
    if (c.name == "supplier link")
      CHECK((r.error().code == errc::bad_request || r.error().code == errc::not_found));
    else
      CHECK(r.error().code == c.code);
    CHECK_MESSAGE(r.error().message.find(c.needle) != std::string::npos, r.error().message);
    CHECK(f.rows("meetings") == meetings_before);
    CHECK(f.rows("meeting_agenda") == agenda_before);
    CHECK(f.rows("meeting_guests") == guests_before);
  }
  // The same fields without the fault go through on the same connection.
  auto good = create_meeting(raw, 1, f.kari, ok());
  REQUIRE(good);
  CHECK(f.rows("meetings") == meetings_before + 1);
}

TEST_CASE("meetings store: agenda items keep their order, owners and links") {
  meetings_fixture f;
  auto x = f.basic("Møte med dagsorden", "2027-03-08T09:00", "2027-03-08T10:00");
  x.agenda = std::vector<agenda_input>{{"  Velkommen ", std::nullopt, 5, std::nullopt}, {"Budsjett", f.ola, 30, std::nullopt}, {"Eventuelt", f.obs, 0, std::nullopt}};
  auto m = f.make(x);
  REQUIRE(m.agenda.size() == 3);
  CHECK(m.agenda[0].title == "Velkommen");
  CHECK(m.agenda[0].minutes == 5);
  CHECK_FALSE(m.agenda[0].owner_id);
  CHECK(m.agenda[1].title == "Budsjett");
  CHECK(m.agenda[1].owner_id == f.ola);
  CHECK(m.agenda[1].owner_name == "Ola Hansen");
  CHECK(m.agenda[2].owner_name == "Olga Observatør");
  CHECK(f.rows("meeting_agenda", "meeting_id = " + std::to_string(m.id)) == 3);
  // Replacing the agenda replaces every item; leaving it out keeps it.
  fields t;
  t.title = "Nytt navn";
  auto kept = f.write([&](store::connection& w) { return update_series(w, m, t); });
  REQUIRE(kept);
  CHECK(kept->agenda.size() == 3);
  fields a;
  a.agenda = std::vector<agenda_input>{{"Bare ett punkt", std::nullopt, std::nullopt, std::nullopt}};
  auto replaced = f.write([&](store::connection& w) { return update_series(w, *kept, a); });
  REQUIRE(replaced);
  REQUIRE(replaced->agenda.size() == 1);
  CHECK(replaced->agenda[0].title == "Bare ett punkt");
  CHECK(f.rows("meeting_agenda", "meeting_id = " + std::to_string(m.id)) == 1);
}

TEST_CASE("meetings store: update_series raises the sequence and keeps exceptions") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(6)));
  auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-08"); });
  REQUIRE(c);
  CHECK(c->sequence == 1);
  fields mv;
  mv.title = "Flyttet";
  mv.start = lt("2027-03-16T13:00");
  mv.end = lt("2027-03-16T14:30");
  auto moved = f.write([&](store::connection& w) { return update_occurrence(w, *c, "2027-03-15", mv); });
  REQUIRE(moved);
  CHECK(moved->sequence == 2);
  CHECK(moved->exceptions.size() == 2);

  fields s;
  s.title = "Nytt ukemøte";
  s.location = "Rom 2";
  auto up = f.write([&](store::connection& w) { return update_series(w, *moved, s); });
  REQUIRE(up);
  CHECK(up->sequence == 3);
  CHECK(up->title == "Nytt ukemøte");
  CHECK(up->exceptions.size() == 2);
  CHECK(f.rows("meeting_exceptions", "meeting_id = " + std::to_string(m.id)) == 2);
  auto occs = occurrences(*up);
  REQUIRE(occs.size() == 6);
  CHECK(f.occ(*up, "2027-03-08").cancelled);
  auto o15 = f.occ(*up, "2027-03-15");
  CHECK(o15.title == "Flyttet");
  CHECK(o15.location == "Rom 2");  // not overridden: the series' value
  CHECK(o15.moved);
  CHECK(o15.start == lt("2027-03-16T13:00"));
  CHECK(o15.end == lt("2027-03-16T14:30"));
  CHECK(o15.start_utc == utc("2027-03-16T12:00:00Z"));
  CHECK(o15.original_start == lt("2027-03-15T09:00"));
  auto o22 = f.occ(*up, "2027-03-22");
  CHECK(o22.title == "Nytt ukemøte");
  CHECK_FALSE(o22.moved);
  CHECK_FALSE(o22.cancelled);
  // find_occurrence of a key the series does not have.
  CHECK_FALSE(find_occurrence(*up, "2027-03-16"));
}

TEST_CASE("meetings store: a series time change keeps a moved occurrence's own time") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(4)));
  fields mv;
  mv.start = lt("2027-03-09T13:00");  // moved to the Tuesday; end keeps the hour
  auto moved = f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", mv); });
  REQUIRE(moved);
  auto o = f.occ(*moved, "2027-03-08");
  CHECK(o.start == lt("2027-03-09T13:00"));
  CHECK(o.end == lt("2027-03-09T14:00"));
  fields later;
  later.start = lt("2027-03-01T10:30");  // no end: the duration (1 hour) stays
  auto up = f.write([&](store::connection& w) { return update_series(w, *moved, later); });
  REQUIRE(up);
  CHECK(up->end == lt("2027-03-01T11:30"));
  CHECK(up->end_utc - up->start_utc == 3600 * 1000);
  auto occs = occurrences(*up);
  REQUIRE(occs.size() == 4);
  for (auto const& x : occs) {
    CAPTURE(x.key);
    if (x.key == "2027-03-08") {
      CHECK(x.start == lt("2027-03-09T13:00"));
      CHECK(x.end == lt("2027-03-09T14:00"));
      CHECK(x.moved);
      CHECK(x.original_start == lt("2027-03-08T10:30"));
    } else {
      CHECK(x.start.hour == 10);
      CHECK(x.start.minute == 30);
      CHECK(x.end.hour == 11);
    }
  }
  // Occurrences come in start order: the moved one (Tuesday 13:00) after its Monday slot.
  CHECK(test::meetings_fixture::keys(occs) == std::vector<std::string>{"2027-03-01", "2027-03-08", "2027-03-15", "2027-03-22"});
}

TEST_CASE("meetings store: a rule change drops exceptions whose date the rule no longer gives") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(6)));
  auto a = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-08"); });
  REQUIRE(a);
  fields t;
  t.title = "Spesiell";
  auto b = f.write([&](store::connection& w) { return update_occurrence(w, *a, "2027-03-15", t); });
  REQUIRE(b);
  auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, *b, "2027-04-05"); });
  REQUIRE(c);
  REQUIRE(c->exceptions.size() == 3);
  fields r;
  r.rule = std::optional<recurrence>(weekly_count(3, 2));  // 01.03, 15.03, 29.03
  auto up = f.write([&](store::connection& w) { return update_series(w, *c, r); });
  REQUIRE(up);
  REQUIRE(up->exceptions.size() == 1);
  CHECK(up->exceptions[0].occurrence == "2027-03-15");
  CHECK(f.rows("meeting_exceptions", "meeting_id = " + std::to_string(m.id)) == 1);
  CHECK(test::meetings_fixture::keys(occurrences(*up)) == std::vector<std::string>{"2027-03-01", "2027-03-15", "2027-03-29"});
  CHECK(f.occ(*up, "2027-03-15").title == "Spesiell");
  // Removing the rule keeps only the first date's exceptions (none here).
  fields single;
  single.rule = std::optional<recurrence>();
  auto one = f.write([&](store::connection& w) { return update_series(w, *up, single); });
  REQUIRE(one);
  CHECK_FALSE(one->rule);
  CHECK(one->exceptions.empty());
  CHECK(occurrences(*one).size() == 1);
  // An invalid rule on update is refused and changes nothing.
  fields bad;
  bad.rule = std::optional<recurrence>(weekly_count(501));
  auto refused = f.write([&](store::connection& w) { return update_series(w, *one, bad); });
  CHECK(code_of(refused) == errc::bad_request);
  CHECK(f.load(m.id).sequence == one->sequence);
}

TEST_CASE("meetings store: update_occurrence only allows its own fields") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(4)));
  std::vector<std::pair<std::string, fields>> not_allowed;
  auto add = [&](std::string name, auto change) {
    fields x;
    change(x);
    not_allowed.emplace_back(std::move(name), std::move(x));
  };
  add("tz", [](fields& x) { x.tz = "Europe/Oslo"; });
  add("is_open", [](fields& x) { x.is_open = true; });
  add("rule", [](fields& x) { x.rule = std::optional<recurrence>(weekly_count(2)); });
  add("agenda", [](fields& x) { x.agenda = std::vector<agenda_input>{}; });
  add("guests", [](fields& x) { x.guests = std::vector<std::int64_t>{}; });
  add("reminders", [](fields& x) { x.reminders = std::vector<int>{5}; });
  add("title and reminders", [](fields& x) {
    x.title = "Ok";
    x.reminders = std::vector<int>{5};
  });
  for (auto const& [name, x] : not_allowed) {
    CAPTURE(name);
    auto r = f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", x); });
    CHECK(code_of(r) == errc::bad_request);
  }
  fields title;
  title.title = "Ekstra";
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-09", title); })) == errc::not_found);
  fields blank;
  blank.title = "  ";
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", blank); })) == errc::bad_request);
  fields backwards;
  backwards.start = lt("2027-03-08T12:00");
  backwards.end = lt("2027-03-08T11:00");
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", backwards); })) == errc::bad_request);
  fields gap;
  gap.start = lt("2027-03-28T02:30");
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-22", gap); })) == errc::bad_request);
  fields url;
  url.video_url = "javascript:alert(1)";
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", url); })) == errc::bad_request);
  CHECK(f.rows("meeting_exceptions") == 0);
  CHECK(f.load(m.id).sequence == 0);

  fields ok;
  ok.title = "Ekstra";
  ok.location = "Kantina";
  ok.description = "Med kake";
  auto done = f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", ok); });
  REQUIRE(done);
  CHECK(done->sequence == 1);
  CHECK(done->title == "Ukemøte");  // the series is unchanged
  auto o = f.occ(*done, "2027-03-08");
  CHECK(o.title == "Ekstra");
  CHECK(o.location == "Kantina");
  CHECK(o.description == "Med kake");
  CHECK(o.moved);
  CHECK(o.start == lt("2027-03-08T09:00"));  // not moved in time
  CHECK(f.occ(*done, "2027-03-15").title == "Ukemøte");
  // A second change to the same occurrence keeps the first one's fields.
  fields when;
  when.start = lt("2027-03-08T14:00");
  auto again = f.write([&](store::connection& w) { return update_occurrence(w, *done, "2027-03-08", when); });
  REQUIRE(again);
  auto o2 = f.occ(*again, "2027-03-08");
  CHECK(o2.title == "Ekstra");
  CHECK(o2.start == lt("2027-03-08T14:00"));
  CHECK(o2.end == lt("2027-03-08T15:00"));
  CHECK(f.rows("meeting_exceptions", "meeting_id = " + std::to_string(m.id)) == 1);
  // A cancelled occurrence cannot be changed.
  auto cancelled = f.write([&](store::connection& w) { return cancel_occurrence(w, *again, "2027-03-15"); });
  REQUIRE(cancelled);
  CHECK(code_of(f.write([&](store::connection& w) { return update_occurrence(w, *cancelled, "2027-03-15", ok); })) == errc::conflict);
}

TEST_CASE("meetings store: cancel_occurrence, cancel_series and cancel_following") {
  meetings_fixture f;
  SUBCASE("one occurrence") {
    auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(4)));
    auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-08"); });
    REQUIRE(c);
    CHECK(c->sequence == 1);
    CHECK_FALSE(c->cancelled);
    auto occs = occurrences(*c);
    REQUIRE(occs.size() == 4);  // cancelled ones stay in the list
    for (auto const& o : occs) CHECK(o.cancelled == (o.key == "2027-03-08"));
    CHECK(code_of(f.write([&](store::connection& w) { return cancel_occurrence(w, *c, "2027-03-08"); })) == errc::conflict);
    CHECK(code_of(f.write([&](store::connection& w) { return cancel_occurrence(w, *c, "2027-03-09"); })) == errc::not_found);
    CHECK(f.load(m.id).sequence == 1);
  }
  SUBCASE("the whole series") {
    auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(4)));
    auto c = f.write([&](store::connection& w) { return cancel_series(w, m); });
    REQUIRE(c);
    CHECK(c->cancelled);
    CHECK(c->sequence == 1);
    for (auto const& o : occurrences(*c)) CHECK(o.cancelled);
    CHECK(f.rows("meetings", "id = " + std::to_string(m.id) + " AND status = 'cancelled'") == 1);
    CHECK(code_of(f.write([&](store::connection& w) { return cancel_series(w, *c); })) == errc::conflict);
  }
  SUBCASE("this and following, count-based") {
    auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(6)));
    auto c = f.write([&](store::connection& w) { return cancel_following(w, m, "2027-03-22"); });
    REQUIRE(c);
    REQUIRE(c->rule);
    CHECK(c->rule->count == 3);
    CHECK_FALSE(c->cancelled);
    CHECK(c->sequence == 1);
    CHECK(test::meetings_fixture::keys(occurrences(*c)) == std::vector<std::string>{"2027-03-01", "2027-03-08", "2027-03-15"});
    CHECK(f.rows("meetings", "id = " + std::to_string(m.id) + " AND last_end_utc = " + std::to_string(utc("2027-03-15T09:00:00Z"))) == 1);
    CHECK(code_of(f.write([&](store::connection& w) { return cancel_following(w, *c, "2027-03-22"); })) == errc::not_found);
  }
  SUBCASE("this and following, until-based") {
    auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_until("2027-04-05")));
    auto c = f.write([&](store::connection& w) { return cancel_following(w, m, "2027-03-22"); });
    REQUIRE(c);
    REQUIRE(c->rule);
    CHECK(c->rule->until == ld("2027-03-15"));
    CHECK_FALSE(c->rule->count);
    CHECK(occurrences(*c).size() == 3);
  }
  SUBCASE("from the first occurrence, or of a single meeting: the whole meeting") {
    auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(6)));
    auto c = f.write([&](store::connection& w) { return cancel_following(w, m, "2027-03-01"); });
    REQUIRE(c);
    CHECK(c->cancelled);
    auto single = f.make(f.basic("Enkelt", "2027-03-01T09:00", "2027-03-01T10:00"));
    auto s = f.write([&](store::connection& w) { return cancel_following(w, single, "2027-03-01"); });
    REQUIRE(s);
    CHECK(s->cancelled);
  }
}

TEST_CASE("meetings store: update_following splits the series (count 10 at the 4th: 3 + 7)") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_count(10)));
  // Answers before and after the split; exceptions before and after; minutes and reminders sent.
  REQUIRE(f.write([&](store::connection& w) { return set_answer(w, m, "2027-03-08", f.ola, "yes", "", before_all); }));
  REQUIRE(f.write([&](store::connection& w) { return set_answer(w, m, "2027-04-05", f.ola, "maybe", "kanskje", before_all); }));
  fields early;
  early.title = "Tidlig endring";
  auto cur = *f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-08", early); });
  fields mv;
  mv.start = lt("2027-04-13T13:00");
  cur = *f.write([&](store::connection& w) { return update_occurrence(w, cur, "2027-04-12", mv); });
  cur = *f.write([&](store::connection& w) { return cancel_occurrence(w, cur, "2027-04-19"); });
  for (auto key : {"2027-03-08", "2027-04-05"}) {
    auto o = f.occ(cur, key);
    REQUIRE(f.write([&](store::connection& w) -> result<opened> { return open_minutes(w, cur, o, f.kari); }));
    REQUIRE(f.write([&](store::connection& w) -> status {
      w.prepare("INSERT INTO meeting_reminders_sent (meeting_id, occurrence, offset_minutes, sent_at) VALUES (?, ?, 15, 0)").bind(1, cur.id).bind(2, std::string(key)).run();
      return {};
    }));
  }
  REQUIRE(cur.sequence == 3);

  fields change;
  change.title = "Ny serie";
  auto split = f.write([&](store::connection& w) { return update_following(w, cur, "2027-03-22", change, f.ola); });
  REQUIRE(split);
  auto const& prev = split->previous;
  auto const& next = split->next;
  // The old series ends before 22.03.
  CHECK(prev.id == m.id);
  CHECK(prev.uid == m.uid);
  CHECK(prev.title == "Ukemøte");
  CHECK(prev.sequence == 4);
  REQUIRE(prev.rule);
  CHECK(prev.rule->count == 3);
  CHECK(test::meetings_fixture::keys(occurrences(prev)) == std::vector<std::string>{"2027-03-01", "2027-03-08", "2027-03-15"});
  REQUIRE(prev.exceptions.size() == 1);
  CHECK(prev.exceptions[0].occurrence == "2027-03-08");
  // The new one starts there, with a new id and uid, the changes and the rest of the count.
  CHECK(next.id != m.id);
  CHECK(next.uid != m.uid);
  CHECK(next.uid.rfind("meeting-" + std::to_string(next.id) + "-", 0) == 0);
  CHECK(next.title == "Ny serie");
  CHECK(next.start == lt("2027-03-22T09:00"));
  CHECK(next.end == lt("2027-03-22T10:00"));
  CHECK(next.start_utc == utc("2027-03-22T08:00:00Z"));
  CHECK(next.created_by == f.ola);
  CHECK(next.reminders == m.reminders);
  REQUIRE(next.rule);
  CHECK(next.rule->count == 7);
  auto next_occs = occurrences(next);
  CHECK(test::meetings_fixture::keys(next_occs) ==
        std::vector<std::string>{"2027-03-22", "2027-03-29", "2027-04-05", "2027-04-12", "2027-04-19", "2027-04-26", "2027-05-03"});
  CHECK(f.rows("meetings", "id = " + std::to_string(next.id) + " AND split_from = " + std::to_string(m.id)) == 1);
  // The later exceptions moved with it.
  REQUIRE(next.exceptions.size() == 2);
  auto moved = f.occ(next, "2027-04-12");
  CHECK(moved.moved);
  CHECK(moved.start == lt("2027-04-13T13:00"));
  CHECK(moved.title == "Ny serie");
  CHECK(f.occ(next, "2027-04-19").cancelled);
  // Answers, minutes and reminders sent of later occurrences moved; earlier ones stayed.
  auto later = answers(f.rd, next, "2027-04-05");
  bool found = false;
  for (auto const& a : later)
    if (a.who.user_id == f.ola) {
      found = true;
      CHECK(a.value == "maybe");
      CHECK(a.comment == "kanskje");
    }
  CHECK(found);
  CHECK(f.rows("meeting_answers", "meeting_id = " + std::to_string(m.id) + " AND occurrence = '2027-04-05'") == 0);
  CHECK(f.rows("meeting_answers", "meeting_id = " + std::to_string(m.id) + " AND occurrence = '2027-03-08' AND answer = 'yes'") == 1);
  CHECK(minutes_of(f.rd, next.id, "2027-04-05"));
  CHECK_FALSE(minutes_of(f.rd, m.id, "2027-04-05"));
  CHECK(minutes_of(f.rd, m.id, "2027-03-08"));
  CHECK(f.rows("meeting_reminders_sent", "meeting_id = " + std::to_string(next.id)) == 1);
  CHECK(f.rows("meeting_reminders_sent", "meeting_id = " + std::to_string(m.id)) == 1);
  // Together the two series still cover the original ten dates.
  CHECK(occurrences(prev).size() + next_occs.size() == 10);
}

TEST_CASE("meetings store: update_following with an until rule and a new time") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-01T09:00", "2027-03-01T10:00", weekly_until("2027-05-03")));
  fields change;
  change.start = lt("2027-03-29T10:00");
  change.end = lt("2027-03-29T11:30");
  auto split = f.write([&](store::connection& w) { return update_following(w, m, "2027-03-29", change, f.kari); });
  REQUIRE(split);
  REQUIRE(split->previous.rule);
  CHECK(split->previous.rule->until == ld("2027-03-22"));
  CHECK(occurrences(split->previous).size() == 4);
  REQUIRE(split->next.rule);
  CHECK(split->next.rule->until == ld("2027-05-03"));
  auto occs = occurrences(split->next);
  REQUIRE(occs.size() == 6);
  for (auto const& o : occs) {
    CAPTURE(o.key);
    CHECK(o.start.hour == 10);
    CHECK(o.end == local_dt{o.start.date, 11, 30});
    CHECK(o.start_utc == utc(o.key + "T08:00:00Z"));
  }
  // An occurrence the series does not have; the first occurrence: the whole series changes.
  CHECK(code_of(f.write([&](store::connection& w) { return update_following(w, split->previous, "2027-03-02", change, f.kari); })) == errc::not_found);
  fields t;
  t.title = "Hele serien";
  auto whole = f.write([&](store::connection& w) { return update_following(w, split->previous, "2027-03-01", t, f.kari); });
  REQUIRE(whole);
  CHECK(whole->next.id == m.id);
  CHECK(whole->previous.id == m.id);
  CHECK(whole->next.title == "Hele serien");
  CHECK(f.rows("meetings") == 2);
}

TEST_CASE("meetings store: invitees, observers and guests") {
  meetings_fixture f;
  auto closed = f.make(f.basic("Lukket", "2027-03-08T09:00", "2027-03-08T10:00"));
  CHECK(ids_of(invitees(f.rd, closed)) == std::vector<std::int64_t>{f.kari, f.ola});  // by name; no observer, no outsider
  CHECK(is_invitee(f.rd, closed, f.ola));
  CHECK_FALSE(is_invitee(f.rd, closed, f.obs));
  CHECK_FALSE(is_invitee(f.rd, closed, f.per));
  CHECK(can_read(f.rd, closed, f.obs));
  CHECK_FALSE(can_read(f.rd, closed, f.per));
  CHECK_FALSE(can_read(f.rd, closed, f.gjest));

  auto o = f.basic("Åpent", "2027-03-08T09:00", "2027-03-08T10:00");
  o.is_open = true;
  o.guests = std::vector<std::int64_t>{f.gjest, f.ola, f.gjest};  // a member is invited anyway; duplicates once
  auto open = f.make(o);
  REQUIRE(open.guests.size() == 1);
  CHECK(open.guests[0].user_id == f.gjest);
  CHECK(open.guests[0].display_name == "Gunn Gjest");
  auto people = invitees(f.rd, open);
  CHECK(ids_of(people) == std::vector<std::int64_t>{f.kari, f.ola, f.obs, f.gjest});
  CHECK(people.back().guest);
  CHECK_FALSE(people.front().guest);
  CHECK(can_read(f.rd, open, f.gjest));
  CHECK_FALSE(can_read(f.rd, open, f.per));

  // Guests only on open meetings.
  fields add_guest;
  add_guest.guests = std::vector<std::int64_t>{f.gjest};
  CHECK(code_of(f.write([&](store::connection& w) { return update_series(w, closed, add_guest); })) == errc::bad_request);
  CHECK(f.rows("meeting_guests", "meeting_id = " + std::to_string(closed.id)) == 0);
  // Closing an open meeting uninvites its guests.
  fields close;
  close.is_open = false;
  auto now_closed = f.write([&](store::connection& w) { return update_series(w, open, close); });
  REQUIRE(now_closed);
  CHECK(now_closed->guests.empty());
  CHECK(f.rows("meeting_guests", "meeting_id = " + std::to_string(open.id)) == 0);
  CHECK_FALSE(is_invitee(f.rd, *now_closed, f.gjest));
  CHECK_FALSE(is_invitee(f.rd, *now_closed, f.obs));

  // Who sees what.
  auto all = f.make(o);
  auto mine = meetings_of_user(f.rd, f.gjest, before_all);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].id == all.id);
  CHECK(meetings_of_user(f.rd, f.per, before_all).empty());
  CHECK(meetings_of_user(f.rd, f.obs, before_all).size() == 3);
  CHECK(team_meetings(f.rd, 1, utc("2027-03-08T00:00:00Z"), utc("2027-03-09T00:00:00Z")).size() == 3);
  CHECK(team_meetings(f.rd, 1, utc("2027-03-09T00:00:00Z"), utc("2027-03-10T00:00:00Z")).empty());
  CHECK(team_meetings(f.rd, 2, utc("2027-03-08T00:00:00Z"), utc("2027-03-09T00:00:00Z")).empty());
  CHECK(code_of(find_meeting(f.rd, 2, all.id)) == errc::not_found);
  CHECK(find_meeting(f.rd, 1, all.id));
  // Guest candidates: enabled users outside the team, LIKE characters taken literally.
  auto cand = guest_candidates(f.rd, 1, "gunn");
  REQUIRE(cand.size() == 1);
  CHECK(cand[0].user_id == f.gjest);
  CHECK(guest_candidates(f.rd, 1, "Kari").empty());
  CHECK(guest_candidates(f.rd, 1, "%").empty());
  CHECK(guest_candidates(f.rd, 2, "example.no").size() == 4);  // everyone but Per
}

TEST_CASE("meetings store: set_answer") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-08T09:00", "2027-03-08T10:00", weekly_count(3)));
  auto answer_as = [&](meeting const& mt, std::int64_t user, std::string key, std::string value, std::int64_t now, std::string comment = "") {
    return f.write([&](store::connection& w) { return set_answer(w, mt, key, user, value, comment, now); });
  };
  CHECK(code_of(answer_as(m, f.per, "2027-03-08", "yes", before_all)) == errc::forbidden);
  CHECK(code_of(answer_as(m, f.obs, "2027-03-08", "yes", before_all)) == errc::forbidden);  // the meeting is not open
  CHECK(code_of(answer_as(m, f.gjest, "2027-03-08", "yes", before_all)) == errc::forbidden);
  CHECK(code_of(answer_as(m, f.ola, "2027-03-08", "ja", before_all)) == errc::bad_request);
  CHECK(code_of(answer_as(m, f.ola, "2027-03-08", "", before_all)) == errc::bad_request);
  CHECK(code_of(answer_as(m, f.ola, "2027-03-08", "YES", before_all)) == errc::bad_request);
  CHECK(code_of(answer_as(m, f.ola, "2027-03-08", "yes", before_all, std::string(501, 'k'))) == errc::bad_request);
  CHECK(code_of(answer_as(m, f.ola, "2027-03-09", "yes", before_all)) == errc::not_found);
  CHECK(f.rows("meeting_answers") == 0);

  auto a = answer_as(m, f.ola, "2027-03-08", "yes", before_all, "  kommer  ");
  REQUIRE(a);
  CHECK(a->who.user_id == f.ola);
  CHECK(a->value == "yes");
  CHECK(a->comment == "kommer");
  CHECK(a->answered_at == before_all);
  CHECK_FALSE(a->attended);
  auto b = answer_as(m, f.ola, "2027-03-08", "no", before_all + 1000);
  REQUIRE(b);
  CHECK(b->value == "no");
  CHECK(f.rows("meeting_answers") == 1);
  auto list = answers(f.rd, m, "2027-03-08");
  REQUIRE(list.size() == 2);
  CHECK(list[0].who.user_id == f.kari);
  CHECK_FALSE(list[0].value);
  CHECK(list[1].value == "no");
  CHECK_FALSE(answers(f.rd, m, "2027-03-15")[1].value);  // per occurrence
  auto occs = occurrences(m);
  fill_my_answers(f.rd, f.ola, occs);
  CHECK(occs[0].my_answer == "no");
  CHECK_FALSE(occs[1].my_answer);
  auto by = answers_by_occurrence(f.rd, m);
  REQUIRE(by.size() == 1);
  CHECK(by[0].first == "2027-03-08");

  // Ended and cancelled occurrences.
  auto o = f.occ(m, "2027-03-15");
  CHECK(answer_as(m, f.ola, "2027-03-15", "maybe", o.start_utc + 1));  // started, not ended: fine
  CHECK(code_of(answer_as(m, f.ola, "2027-03-15", "yes", o.end_utc)) == errc::conflict);
  auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-22"); });
  REQUIRE(c);
  CHECK(code_of(answer_as(*c, f.ola, "2027-03-22", "yes", before_all)) == errc::conflict);
  auto all = f.write([&](store::connection& w) { return cancel_series(w, *c); });
  REQUIRE(all);
  CHECK(code_of(answer_as(*all, f.ola, "2027-03-08", "yes", before_all)) == errc::conflict);

  // Open meetings: observers and guests answer.
  auto x = f.basic("Åpent", "2027-03-08T09:00", "2027-03-08T10:00");
  x.is_open = true;
  x.guests = std::vector<std::int64_t>{f.gjest};
  auto open = f.make(x);
  CHECK(answer_as(open, f.obs, "2027-03-08", "maybe", before_all));
  CHECK(answer_as(open, f.gjest, "2027-03-08", "yes", before_all));
  CHECK(code_of(answer_as(open, f.per, "2027-03-08", "yes", before_all)) == errc::forbidden);
}

TEST_CASE("meetings store: set_attendance") {
  meetings_fixture f;
  auto m = f.make(f.basic("Ukemøte", "2027-03-08T09:00", "2027-03-08T10:00", weekly_count(3)));
  REQUIRE(f.write([&](store::connection& w) { return set_answer(w, m, "2027-03-08", f.ola, "yes", "", before_all); }));
  auto start = f.occ(m, "2027-03-08").start_utc;
  auto attend = [&](meeting const& mt, std::string key, std::vector<std::int64_t> who, std::int64_t now) {
    return f.write([&](store::connection& w) { return set_attendance(w, mt, key, who, now); });
  };
  CHECK(code_of(attend(m, "2027-03-08", {f.ola}, start - 1)) == errc::conflict);
  CHECK(code_of(attend(m, "2027-03-08", {f.per}, start)) == errc::bad_request);
  CHECK(code_of(attend(m, "2027-03-08", {f.ola, f.obs}, start)) == errc::bad_request);  // an observer of a closed meeting
  CHECK(code_of(attend(m, "2027-03-09", {f.ola}, start)) == errc::not_found);
  CHECK(f.rows("meeting_answers", "attended IS NOT NULL") == 0);

  auto r = attend(m, "2027-03-08", {f.ola}, start);
  REQUIRE(r);
  REQUIRE(r->size() == 2);
  for (auto const& a : *r) {
    CAPTURE(a.who.display_name);
    REQUIRE(a.attended);
    CHECK(*a.attended == (a.who.user_id == f.ola));
  }
  CHECK(r->at(1).value == "yes");  // the answer given stays
  // Recorded again later, with the other person.
  auto again = attend(m, "2027-03-08", {f.kari}, start + 7 * 24 * 3600 * 1000LL);
  REQUIRE(again);
  CHECK(*again->at(0).attended);
  CHECK_FALSE(*again->at(1).attended);
  CHECK(f.rows("meeting_answers", "occurrence = '2027-03-08'") == 2);
  auto c = f.write([&](store::connection& w) { return cancel_occurrence(w, m, "2027-03-15"); });
  REQUIRE(c);
  CHECK(code_of(attend(*c, "2027-03-15", {f.ola}, utc("2027-06-01T00:00:00Z"))) == errc::conflict);
}
