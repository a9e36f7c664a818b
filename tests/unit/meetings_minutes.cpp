// meetings/minutes: the template with the agenda, the minutes draft made once per occurrence,
// and action items parsed from Markdown task lines (owner, due date, done, overdue).
#include "drafts/documents.hpp"
#include "drafts/drafts.hpp"
#include "drafts/ot/op.hpp"
#include "drafts/ot/utf8.hpp"
#include "meetings/minutes.hpp"
#include "unit/meetings_fixture.hpp"

using namespace arena;
using namespace arena::meetings;
using arena::test::ld;
using arena::test::lt;
using arena::test::meetings_fixture;
using arena::test::weekly_count;

namespace {

std::vector<member_name> const team = {{1, "Kari Nordmann"}, {2, "Ola"}, {3, "Ola Hansen"}};

meetings::fields with_agenda(meetings_fixture& f) {
  auto x = meetings_fixture::basic("Styremøte", "2027-03-08T09:00", "2027-03-08T11:00", weekly_count(4));
  x.location = "Rom 101";
  x.agenda = std::vector<agenda_input>{{"Budsjett 2028", f.ola, 30, std::nullopt}, {"Eventuelt", std::nullopt, std::nullopt, std::nullopt}};
  return x;
}

}  // namespace

TEST_CASE("meetings minutes: minutes_template lists the agenda with owners and minutes") {
  meetings_fixture f;
  auto m = f.make(with_agenda(f));
  auto o = f.occ(m, "2027-03-15");
  auto t = minutes_template(m, o);
  CHECK(t.rfind("# Referat: Styremøte\n", 0) == 0);
  CHECK(t.find("**Dato:** 15.03.2027 09:00–11:00") != std::string::npos);
  CHECK(t.find("**Sted:** Rom 101") != std::string::npos);
  CHECK(t.find("## Dagsorden") != std::string::npos);
  CHECK(t.find("1. Budsjett 2028 (Ola Hansen, 30 min)\n") != std::string::npos);
  CHECK(t.find("2. Eventuelt\n") != std::string::npos);
  CHECK(t.find("### Budsjett 2028") != std::string::npos);
  CHECK(t.find("### Eventuelt") != std::string::npos);
  CHECK(t.find("## Oppfølgingspunkter") != std::string::npos);
  CHECK(t.find("Ingen dagsorden") == std::string::npos);
  // The agenda comes before the notes.
  CHECK(t.find("1. Budsjett") < t.find("## Notater"));
  // No agenda: said so.
  auto plain = f.make(meetings_fixture::basic("Uten", "2027-03-08T09:00", "2027-03-08T10:00"));
  auto p = minutes_template(plain, f.occ(plain, "2027-03-08"));
  CHECK(p.find("_Ingen dagsorden._") != std::string::npos);
  CHECK(p.find("**Sted:**") == std::string::npos);
  // The template itself has no action items yet (the empty task line is a placeholder).
  CHECK(parse_actions(t, team, ld("2027-03-15")).empty());
}

TEST_CASE("meetings minutes: open_minutes creates the draft once and then returns it") {
  meetings_fixture f;
  auto m = f.make(with_agenda(f));
  auto o = f.occ(m, "2027-03-15");
  CHECK_FALSE(minutes_of(f.rd, m.id, o.key));
  auto drafts_before = f.rows("drafts");
  auto first = f.write([&](store::connection& w) { return open_minutes(w, m, o, f.kari); });
  REQUIRE(first);
  CHECK(first->created);
  CHECK(first->d.title == "Referat: Styremøte 15.03.2027");
  CHECK(first->d.kind == "annet");
  CHECK(first->d.team_id == 1);
  CHECK(f.rows("drafts") == drafts_before + 1);
  auto text = drafts::live_documents::text_at(f.rd, first->d.id, first->d.version);
  REQUIRE(text);
  CHECK(*text == minutes_template(m, o));
  auto ref = minutes_of(f.rd, m.id, o.key);
  REQUIRE(ref);
  CHECK(ref->draft_id == first->d.id);
  CHECK(ref->title == first->d.title);
  CHECK(ref->identifier == first->d.identifier);

  auto second = f.write([&](store::connection& w) { return open_minutes(w, m, o, f.ola); });
  REQUIRE(second);
  CHECK_FALSE(second->created);
  CHECK(second->d.id == first->d.id);
  CHECK(f.rows("drafts") == drafts_before + 1);
  CHECK(f.rows("meeting_minutes") == 1);
  // Another occurrence gets its own draft.
  auto other = f.write([&](store::connection& w) { return open_minutes(w, m, f.occ(m, "2027-03-22"), f.kari); });
  REQUIRE(other);
  CHECK(other->created);
  CHECK(other->d.id != first->d.id);
  CHECK(other->d.title == "Referat: Styremøte 22.03.2027");
  // A moved occurrence keeps its key's date in the title.
  fields mv;
  mv.start = lt("2027-03-30T09:00");
  auto moved = f.write([&](store::connection& w) { return update_occurrence(w, m, "2027-03-29", mv); });
  REQUIRE(moved);
  auto mo = f.write([&](store::connection& w) { return open_minutes(w, *moved, f.occ(*moved, "2027-03-29"), f.kari); });
  REQUIRE(mo);
  CHECK(mo->d.title == "Referat: Styremøte 29.03.2027");
  // A title of 200 characters is cut so the draft's title stays within 200.
  auto x = meetings_fixture::basic(std::string(100, 'a') + std::string(100, 'x') /* 200 */, "2027-03-08T09:00", "2027-03-08T10:00");
  auto longm = f.make(x);
  auto lo = f.write([&](store::connection& w) { return open_minutes(w, longm, f.occ(longm, "2027-03-08"), f.kari); });
  REQUIRE(lo);
  CHECK(drafts::ot::utf8::code_points(lo->d.title) <= 200);
  CHECK(lo->d.title.rfind("Referat: aaaa", 0) == 0);
  CHECK(lo->d.title.substr(lo->d.title.size() - 11) == " 08.03.2027");
  auto y = meetings_fixture::basic(std::string(), "2027-03-08T09:00", "2027-03-08T10:00");
  std::string ae;
  for (int i = 0; i < 200; ++i) ae += "æ";
  y.title = ae;
  auto longae = f.make(y);
  auto la = f.write([&](store::connection& w) { return open_minutes(w, longae, f.occ(longae, "2027-03-08"), f.kari); });
  REQUIRE(la);
  CHECK(drafts::ot::utf8::code_points(la->d.title) <= 200);
  CHECK(la->d.title.find("æ 08.03.2027") != std::string::npos);  // cut at a character boundary
}

TEST_CASE("meetings minutes: parse_actions reads task lines") {
  auto today = ld("2026-12-20");
  std::string text =
      "# Referat\n"
      "- [ ] Send klausulen til leverandøren @Kari Nordmann 15.12.2026\n"
      "- [x] Bestill rom @Ola 01.12.2026\n"
      "  * [X] Ferdig uten eier\n"
      "+ [ ] Skriv notat 24.12.2026\n"
      "- [ ] Uten dato @Ola Hansen\n"
      "Dette er ikke en oppgave - [ ] midt i linja\n"
      "- [] mangler mellomrom\n"
      "- [ ]\n"
      "- [ ]    \n"
      "-[ ] uten mellomrom etter streken\n"
      "1. [ ] nummerert\n"
      "- [y] feil merke\n"
      "- [ ] Dato som ikke finnes 31.02.2027\n"
      "- [ ] Siste linje uten linjeskift 19.12.2026";
  auto items = parse_actions(text, team, today);
  REQUIRE(items.size() == 7);

  CHECK(items[0].text == "Send klausulen til leverandøren @Kari Nordmann 15.12.2026");
  CHECK(items[0].owner_id == 1);
  CHECK(items[0].owner_name == "Kari Nordmann");
  CHECK(items[0].due == ld("2026-12-15"));
  CHECK_FALSE(items[0].done);
  CHECK(items[0].overdue);  // 15.12 < 20.12, not done

  CHECK(items[1].done);
  CHECK(items[1].owner_id == 2);
  CHECK(items[1].owner_name == "Ola");
  CHECK(items[1].due == ld("2026-12-01"));
  CHECK_FALSE(items[1].overdue);  // done is never overdue

  CHECK(items[2].done);  // capital X, indented, '*'
  CHECK(items[2].text == "Ferdig uten eier");
  CHECK_FALSE(items[2].owner_id);
  CHECK(items[2].owner_name.empty());
  CHECK_FALSE(items[2].due);

  CHECK(items[3].text == "Skriv notat 24.12.2026");
  CHECK(items[3].due == ld("2026-12-24"));
  CHECK_FALSE(items[3].overdue);  // in the future

  CHECK(items[4].owner_id == 3);  // the longer name wins over "Ola"
  CHECK_FALSE(items[4].due);
  CHECK_FALSE(items[4].overdue);

  CHECK_FALSE(items[5].due);  // 31.02 is not a date
  CHECK(items[6].text == "Siste linje uten linjeskift 19.12.2026");
  CHECK(items[6].overdue);

  // Due today is not overdue.
  auto same_day = parse_actions("- [ ] I dag 20.12.2026", team, today);
  REQUIRE(same_day.size() == 1);
  CHECK_FALSE(same_day[0].overdue);
  // A mention of someone outside the team is no owner.
  auto stranger = parse_actions("- [ ] Ring @Per Annetlag", team, today);
  REQUIRE(stranger.size() == 1);
  CHECK_FALSE(stranger[0].owner_id);
  // Digits glued to the date are not a date.
  auto glued = parse_actions("- [ ] Sak 115.12.20267", team, today);
  REQUIRE(glued.size() == 1);
  CHECK_FALSE(glued[0].due);
  CHECK(parse_actions("", team, today).empty());
  CHECK(parse_actions("\n\n", team, today).empty());
}

TEST_CASE("meetings minutes: parse_actions with CRLF line endings") {
  auto items = parse_actions("Referat\r\n- [ ] Første @Ola Hansen 15.12.2026\r\n- [x] Andre\r\n\r\n- [ ] Tredje 02.01.2027\r\n", team, ld("2026-12-20"));
  REQUIRE(items.size() == 3);
  CHECK(items[0].text == "Første @Ola Hansen 15.12.2026");
  CHECK(items[0].owner_id == 3);
  CHECK(items[0].due == ld("2026-12-15"));
  CHECK(items[0].overdue);
  CHECK(items[1].text == "Andre");
  CHECK(items[1].done);
  CHECK(items[2].text == "Tredje 02.01.2027");
  CHECK(items[2].due == ld("2027-01-02"));
  for (auto const& it : items) CHECK(it.text.find('\r') == std::string::npos);
}

TEST_CASE("meetings minutes: action items of an occurrence and of the team from the draft text") {
  meetings_fixture f;
  auto m = f.make(with_agenda(f));
  auto o = f.occ(m, "2027-03-15");
  auto opened = f.write([&](store::connection& w) { return open_minutes(w, m, o, f.kari); });
  REQUIRE(opened);
  CHECK(occurrence_actions(f.rd, m, o.key, ld("2027-03-15")).empty());
  // Someone writes two task lines at the end of the minutes.
  drafts::live_documents live;
  auto text = drafts::live_documents::text_at(f.rd, opened->d.id, opened->d.version);
  REQUIRE(text);
  auto at = drafts::ot::utf8::code_points(*text);
  drafts::live_documents::submit_input in{opened->d.team_id, opened->d.id, f.kari, opened->d.version,
                                          drafts::ot::make_insert(at, "- [ ] Sende tilbud @Ola Hansen 20.03.2027\n- [x] Booke rom @Kari Nordmann\n- [ ] Senere 10.03.2027\n"),
                                          "client-min", 1};
  auto sub = f.write([&](store::connection& w) { return live.submit(w, in); });
  REQUIRE(sub);
  auto items = occurrence_actions(f.rd, m, o.key, ld("2027-03-15"));
  REQUIRE(items.size() == 3);
  CHECK(items[0].meeting_id == m.id);
  CHECK(items[0].occurrence == "2027-03-15");
  CHECK(items[0].draft_id == opened->d.id);
  CHECK(items[0].owner_id == f.ola);
  CHECK(items[0].due == ld("2027-03-20"));
  CHECK_FALSE(items[0].overdue);
  CHECK(items[1].done);
  CHECK(items[1].owner_id == f.kari);
  CHECK(items[2].overdue);
  // The team's list: open ones first, by due date; open_only leaves the done one out.
  auto all = team_actions(f.rd, 1, false, ld("2027-03-15"));
  REQUIRE(all.size() == 3);
  CHECK(all[0].text == "Senere 10.03.2027");
  CHECK(all[1].due == ld("2027-03-20"));
  CHECK(all[2].done);
  CHECK(team_actions(f.rd, 1, true, ld("2027-03-15")).size() == 2);
  CHECK(team_actions(f.rd, 2, false, ld("2027-03-15")).empty());
  CHECK(occurrence_actions(f.rd, m, "2027-03-22", ld("2027-03-15")).empty());
}
