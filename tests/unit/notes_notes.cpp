// notes/notes against a real SQLite database: who sees a note, who writes and edits it, list
// filters, full-text search with snippets, the "useful" order, comments and useful marks.
#include "notes/notes.hpp"
#include "unit/suppliers_fixture.hpp"

#include <algorithm>

using namespace arena;
using namespace arena::notes;
using arena::test::err_of;
using arena::test::msg_of;
using arena::test::reason_of;
using arena::test::suppliers_fixture;

namespace {

note_input in_of(std::string title, std::string body, std::vector<std::int64_t> teams, std::string visibility = "team") {
  note_input in;
  in.title = std::move(title);
  in.body = std::move(body);
  in.team_ids = std::move(teams);
  in.visibility = std::move(visibility);
  return in;
}

struct notes_fixture : suppliers_fixture {
  result<note> create(std::int64_t user, note_input const& in) {
    auto v = as(user);
    return write([&](store::connection& w) { return create_note(w, v, in); });
  }
  note make(std::int64_t user, note_input const& in) {
    auto n = create(user, in);
    REQUIRE(n);
    return *n;
  }
  std::vector<std::int64_t> listed(std::int64_t user, list_query q = {}) {
    auto l = list_notes(rd, as(user), q);
    REQUIRE(l);
    std::vector<std::int64_t> out;
    for (auto const& n : *l) out.push_back(n.id);
    return out;
  }
  std::vector<std::int64_t> sorted(std::int64_t user, list_query q = {}) {
    auto out = listed(user, q);
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::vector<std::int64_t> ids(std::initializer_list<std::int64_t> l) {
  std::vector<std::int64_t> out(l);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("suppliers notes: team notes for their teams' members, all-notes for every member, the author always") {
  notes_fixture f;
  auto t1 = f.make(f.anne, in_of("Team 1", "Bare for bygg", {1}));
  auto all = f.make(f.bjorn, in_of("Alle", "For alle medlemmer", {2}, "all"));
  auto t3 = f.make(f.cato, in_of("Team 3", "Bare for tekstil", {3}));
  auto mine = f.make(f.dina, in_of("Dinas", "Skrevet i team 1", {1}));
  CHECK(t1.visibility == "team");
  REQUIRE(t1.teams.size() == 1);
  CHECK(t1.teams[0].first == 1);
  CHECK(t1.teams[0].second == "Bygg og anlegg");
  CHECK(t1.author_name == "Anne Oslo");

  // Dina leaves team 1: she still sees her own note, no longer anne's.
  REQUIRE(f.write([&](store::connection& w) { return teams::remove_member(w, 1, f.dina); }));

  struct expect {
    std::int64_t user;
    char const* who;
    std::vector<std::int64_t> sees;
  };
  std::vector<expect> const table = {
      {f.anne, "team 1", ids({t1.id, all.id, mine.id})},
      {f.olga, "team 1 observer", ids({t1.id, all.id, mine.id})},
      {f.nils, "team 1, no organisation", ids({t1.id, all.id, mine.id})},
      {f.bjorn, "team 2 (author of the all-note)", ids({all.id})},
      {f.cato, "team 3", ids({all.id, t3.id})},
      {f.dina, "left team 1: only the author", ids({mine.id})},  // no longer a member anywhere
      {f.emil, "team 4", ids({all.id})},
      {f.ute, "no team", ids({})},
      {f.admin, "administrator", ids({t1.id, all.id, t3.id, mine.id})},
  };
  for (auto const& e : table) {
    CAPTURE(e.who);
    CHECK(f.sorted(e.user) == e.sees);
    for (auto id : {t1.id, all.id, t3.id, mine.id}) {
      CAPTURE(id);
      bool sees = std::find(e.sees.begin(), e.sees.end(), id) != e.sees.end();
      auto n = find_note(f.rd, f.as(e.user), id);
      CHECK(n.has_value() == sees);
      if (!n) CHECK(n.error().code == errc::not_found);
    }
  }
  // The audience for events follows the same rule.
  auto aud = audience(f.rd, t1.id);
  std::sort(aud.begin(), aud.end());
  CHECK(aud == ids({f.anne, f.olga, f.nils, f.admin}));
  aud = audience(f.rd, mine.id);
  std::sort(aud.begin(), aud.end());
  CHECK(aud == ids({f.anne, f.olga, f.nils, f.dina, f.admin}));
}

TEST_CASE("suppliers notes: writing needs a participant and the author's own teams") {
  notes_fixture f;
  CHECK(err_of(f.create(f.olga, in_of("Obs", "x", {1}))) == errc::forbidden);
  CHECK(err_of(f.create(f.ute, in_of("Ute", "x", {1}))) == errc::forbidden);
  auto other = f.create(f.anne, in_of("Feil team", "x", {1, 2}));
  CHECK(err_of(other) == errc::bad_request);
  CHECK(msg_of(other).rfind("team_ids:", 0) == 0);
  CHECK(err_of(f.create(f.anne, in_of("Ingen team", "x", {}))) == errc::bad_request);
  auto noteams = in_of("Uten team", "x", {});
  noteams.team_ids.reset();
  CHECK(err_of(f.create(f.anne, noteams)) == errc::bad_request);
  CHECK(err_of(f.create(f.anne, in_of("   ", "x", {1}))) == errc::bad_request);
  CHECK(err_of(f.create(f.anne, in_of("Synlighet", "x", {1}, "sharing"))) == errc::bad_request);
  auto badtheme = in_of("Tema", "x", {1});
  badtheme.themes = std::vector<std::string>{"slavery"};
  CHECK(err_of(f.create(f.anne, badtheme)) == errc::bad_request);
  auto badcat = in_of("Kategori", "x", {1});
  badcat.category = std::optional<std::string>("klær");
  CHECK(err_of(f.create(f.anne, badcat)) == errc::bad_request);
  auto badcountry = in_of("Land", "x", {1});
  badcountry.country = std::optional<std::string>("uk");
  CHECK(reason_of(f.create(f.anne, badcountry)) == "country_unknown");
  auto badsup = in_of("Leverandør", "x", {1});
  badsup.supplier_id = std::optional<std::int64_t>(9999);
  CHECK(err_of(f.create(f.anne, badsup)) == errc::not_found);
  CHECK(f.rows("notes") == 0);
  CHECK(f.rows("note_teams") == 0);

  // An administrator may tag any team.
  auto adm = f.create(f.admin, in_of("Admin", "x", {2, 3}));
  REQUIRE(adm);
  CHECK(adm->teams.size() == 2);
  // Duplicates collapse; the country is stored upper case; themes sorted.
  auto in = in_of("Ok", "x", {1, 1});
  in.country = std::optional<std::string>("cn");
  in.themes = std::vector<std::string>{"wages_hours", "child_labour", "wages_hours"};
  auto ok = f.create(f.anne, in);
  REQUIRE(ok);
  CHECK(ok->teams.size() == 1);
  CHECK(ok->country == std::optional<std::string>("CN"));
  CHECK(ok->themes == std::vector<std::string>{"child_labour", "wages_hours"});
}

TEST_CASE("suppliers notes: only the author (or an administrator) edits and deletes") {
  notes_fixture f;
  auto n = f.make(f.anne, in_of("Erfaring", "Første utkast", {1}));
  auto dina = f.as(f.dina), anne = f.as(f.anne), adm = f.as(f.admin);
  CHECK(can_edit(anne, n));
  CHECK(can_edit(adm, n));
  CHECK_FALSE(can_edit(dina, n));
  note_input up;
  up.body = "Endret av en annen";
  CHECK(err_of(f.write([&](store::connection& w) { return update_note(w, dina, n.id, up); })) == errc::forbidden);
  auto del = f.write([&](store::connection& w) { return delete_note(w, dina, n.id); });
  REQUIRE_FALSE(del);
  CHECK(del.error().code == errc::forbidden);
  // Someone who cannot see it gets not_found.
  auto bj = f.as(f.bjorn);
  CHECK(err_of(f.write([&](store::connection& w) { return update_note(w, bj, n.id, up); })) == errc::not_found);
  CHECK(f.rows("notes", "body = 'Første utkast'") == 1);

  // The author may not move it to a team she is not in.
  note_input move;
  move.team_ids = std::vector<std::int64_t>{2};
  CHECK(err_of(f.write([&](store::connection& w) { return update_note(w, anne, n.id, move); })) == errc::bad_request);
  up.body = "Andre utkast";
  auto u = f.write([&](store::connection& w) { return update_note(w, anne, n.id, up); });
  REQUIRE(u);
  CHECK(u->body == "Andre utkast");
  CHECK(u->title == "Erfaring");
  CHECK(u->teams.size() == 1);  // left out: unchanged
  // An administrator edits (and may widen) it.
  note_input wide;
  wide.visibility = "all";
  u = f.write([&](store::connection& w) { return update_note(w, adm, n.id, wide); });
  REQUIRE(u);
  CHECK(u->visibility == "all");
  CHECK(find_note(f.rd, f.as(f.emil), n.id));

  CHECK(f.write([&](store::connection& w) { return delete_note(w, anne, n.id); }));
  CHECK(err_of(find_note(f.rd, anne, n.id)) == errc::not_found);
  CHECK(f.rows("notes") == 0);
  list_query q;
  q.q = "utkast";
  CHECK(f.listed(f.anne, q).empty());
}

TEST_CASE("suppliers notes: list filters and full-text search with snippets") {
  notes_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  auto a = in_of("Revisjon i Kina", "Leverandøren brukte tvangsarbeid ved fabrikken i Shenzhen.", {1}, "all");
  a.category = std::optional<std::string>("tekstil");
  a.country = std::optional<std::string>("CN");
  a.themes = std::vector<std::string>{"forced_labour"};
  a.supplier_id = std::optional<std::int64_t>(s);
  auto na = f.make(f.anne, a);
  auto b = in_of("Arbeidstid i Vietnam", "Lange arbeidsdager <b>uten</b> overtidsbetaling.", {1});
  b.category = std::optional<std::string>("ikt");
  b.country = std::optional<std::string>("VN");
  b.themes = std::vector<std::string>{"wages_hours"};
  auto nb = f.make(f.anne, b);
  auto c = in_of("Tekstil i team 2", "Tvangsarbeid nevnt i rapporten.", {2});
  c.category = std::optional<std::string>("tekstil");
  auto nc = f.make(f.bjorn, c);
  CHECK(na.supplier_name == "Alfa AS");

  list_query q;
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{nb.id, na.id});  // newest first (same ms: by id)
  q.category = "tekstil";
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{na.id});
  CHECK(f.sorted(f.admin, q) == ids({na.id, nc.id}));
  q = {};
  q.country = "VN";
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{nb.id});
  q = {};
  q.theme = "forced_labour";
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{na.id});
  q = {};
  q.team_id = 2;
  CHECK(f.listed(f.anne, q).empty());  // anne does not see team 2's note
  CHECK(f.listed(f.bjorn, q) == std::vector<std::int64_t>{nc.id});
  q = {};
  q.supplier_id = s;
  CHECK(f.listed(f.bjorn, q) == std::vector<std::int64_t>{na.id});  // an all-note
  q = {};
  q.limit = 1;
  CHECK(f.listed(f.anne, q).size() == 1);

  // Search: only what the reader sees, with a marked snippet of the body.
  q = {};
  q.q = "tvangsarbeid";
  auto hits = list_notes(f.rd, f.as(f.anne), q);
  REQUIRE(hits);
  REQUIRE(hits->size() == 1);
  CHECK((*hits)[0].id == na.id);
  CHECK((*hits)[0].snippet.find("<mark>tvangsarbeid</mark>") != std::string::npos);
  CHECK((*hits)[0].themes == std::vector<std::string>{"forced_labour"});
  CHECK(f.sorted(f.admin, q) == ids({na.id, nc.id}));
  // Prefix search and HTML escaping in snippets.
  q.q = "overtid*";
  hits = list_notes(f.rd, f.as(f.anne), q);
  REQUIRE(hits);
  REQUIRE(hits->size() == 1);
  CHECK((*hits)[0].id == nb.id);
  CHECK((*hits)[0].snippet.find("&lt;b&gt;") != std::string::npos);
  CHECK((*hits)[0].snippet.find("<b>") == std::string::npos);
  CHECK((*hits)[0].snippet.find("<mark>overtidsbetaling</mark>") != std::string::npos);
  // Search combines with filters; ø is its own letter.
  q.q = "tvangsarbeid";
  q.category = "ikt";
  CHECK(f.listed(f.admin, q).empty());
  q = {};
  q.q = "Leverandøren";
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{na.id});
  q.q = "Leverandoren";
  CHECK(f.listed(f.anne, q).empty());
  q.q = "  \"  ";
  CHECK(err_of(list_notes(f.rd, f.as(f.anne), q)) == errc::bad_request);
  // Search follows edits.
  note_input up;
  up.body = "Ingen funn.";
  auto anne = f.as(f.anne);
  REQUIRE(f.write([&](store::connection& w) { return update_note(w, anne, na.id, up); }));
  q.q = "tvangsarbeid";
  CHECK(f.listed(f.anne, q).empty());
  q.q = "funn";
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{na.id});
}

TEST_CASE("suppliers notes: useful marks toggle and order the list; comments") {
  notes_fixture f;
  auto n1 = f.make(f.anne, in_of("En", "første", {1}, "all"));
  auto n2 = f.make(f.anne, in_of("To", "andre", {1}, "all"));
  auto n3 = f.make(f.anne, in_of("Tre", "tredje", {1}, "all"));
  auto mark = [&](std::int64_t user, std::int64_t id, bool on) {
    auto v = f.as(user);
    return f.write([&](store::connection& w) { return mark_useful(w, v, id, on); });
  };
  auto m = mark(f.bjorn, n1.id, true);
  REQUIRE(m);
  CHECK(m->useful == 1);
  CHECK(m->marked_useful);
  m = mark(f.bjorn, n1.id, true);  // twice counts once
  REQUIRE(m);
  CHECK(m->useful == 1);
  REQUIRE(mark(f.cato, n1.id, true));
  REQUIRE(mark(f.emil, n2.id, true));
  auto seen_by_anne = find_note(f.rd, f.as(f.anne), n1.id);
  REQUIRE(seen_by_anne);
  CHECK(seen_by_anne->useful == 2);
  CHECK_FALSE(seen_by_anne->marked_useful);
  CHECK(err_of(mark(f.ute, n1.id, true)) == errc::not_found);

  list_query q;
  q.by_useful = true;
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{n1.id, n2.id, n3.id});
  CHECK(f.listed(f.anne, {}) == std::vector<std::int64_t>{n3.id, n2.id, n1.id});
  // Off again: n1 drops below n2.
  m = mark(f.bjorn, n1.id, false);
  REQUIRE(m);
  CHECK(m->useful == 1);
  CHECK_FALSE(m->marked_useful);
  REQUIRE(mark(f.cato, n1.id, false));
  CHECK(f.listed(f.anne, q) == std::vector<std::int64_t>{n2.id, n3.id, n1.id});
  CHECK(f.rows("note_useful") == 1);

  // Comments: by those who see the note, 1..5000 characters, in order.
  auto comment_as = [&](std::int64_t user, std::int64_t id, std::string body) {
    auto v = f.as(user);
    return f.write([&](store::connection& w) { return add_comment(w, v, id, body); });
  };
  auto c1 = comment_as(f.bjorn, n1.id, "  Nyttig, takk!  ");
  REQUIRE(c1);
  CHECK(c1->body == "Nyttig, takk!");
  CHECK(c1->author_name == "Bjørn Bergen");
  REQUIRE(comment_as(f.anne, n1.id, "Bra"));
  CHECK(err_of(comment_as(f.anne, n1.id, "   ")) == errc::bad_request);
  CHECK(err_of(comment_as(f.anne, n1.id, std::string(5001, 'x'))) == errc::bad_request);
  CHECK(err_of(comment_as(f.ute, n1.id, "hei")) == errc::not_found);
  auto team_note = f.make(f.anne, in_of("Team", "bare team 1", {1}));
  CHECK(err_of(comment_as(f.bjorn, team_note.id, "hei")) == errc::not_found);
  auto cs = comments_of(f.rd, n1.id);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].author_id == f.bjorn);
  CHECK(cs[1].body == "Bra");
  auto again = find_note(f.rd, f.as(f.emil), n1.id);
  REQUIRE(again);
  CHECK(again->comment_count == 2);
}
