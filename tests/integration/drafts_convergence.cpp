// Co-editing under concurrency: three editors typing at random with random network delays
// converge on the server's text; a reconnect in the middle of unacknowledged ops loses and
// duplicates nothing; a server restart between ops loses no acknowledged op.
#include "integration/draft_support.hpp"

#include "drafts/ot/utf8.hpp"

#include <csignal>
#include <random>
#include <thread>

using namespace arena::itest;

namespace {

// A random small edit of `text` in code points, with Norwegian letters and astral characters.
ot::op random_edit(std::mt19937& rng, std::string const& text) {
  static std::vector<std::string> const pieces = {"a", "æ", "ø", "å", "Å", " ", "\n", "😀", "𝄞", "krav", "lønn "};
  auto const n = ot::utf8::code_points(text);
  std::uniform_int_distribution<std::uint64_t> pos(0, n);
  auto const at = pos(rng);
  if (n > 0 && at < n && rng() % 3 == 0) {
    std::uniform_int_distribution<std::uint64_t> len(1, std::min<std::uint64_t>(4, n - at));
    return ot::make_delete(at, len(rng));
  }
  return ot::make_insert(at, pieces[rng() % pieces.size()]);
}

}  // namespace

TEST_CASE("drafts: three editors with random delays converge") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("Tekstil");
  std::vector<person> people;
  for (int i = 0; i < 3; ++i) {
    people.push_back(site.add_person("e" + std::to_string(i) + "@example.no", "Redaktør " + std::to_string(i)));
    site.add_member(team, people.back().id, "member");
  }
  auto d = draft_create(*people[0].http, team, "Konvergens", "Start: æøå 😀\n");
  auto const id = d["id"].get<std::int64_t>();
  std::vector<std::unique_ptr<ot_editor>> eds;
  for (int i = 0; i < 3; ++i) {
    eds.push_back(std::make_unique<ot_editor>(site.socket_for(*people[i].http), team, id, "ed-" + std::to_string(i)));
    eds.back()->open();
  }
  std::random_device rd;
  auto const seed = rd();
  MESSAGE("seed " << seed);
  std::mt19937 rng(seed);
  // Rounds: each editor makes 0-3 local edits, then reads frames for a random short while, so
  // ops cross in flight in every order.
  for (int round = 0; round < 120; ++round) {
    for (auto& e : eds) {
      for (int k = rng() % 4; k > 0; --k) e->edit(random_edit(rng, e->text()));
      // Some editors read now, others only after the next one has typed.
      if (rng() % 2)
        while (e->step(std::chrono::milliseconds(rng() % 3))) {
        }
    }
    for (auto& e : eds)
      while (e->step(std::chrono::milliseconds(rng() % 4))) {
      }
  }
  for (auto& e : eds) e->settle();
  // Everyone reads the remaining events until all sit at the server's version.
  auto const final_text = draft_text_now(*people[0].http, team, id);
  auto v = people[0].http->post("draft.get", {{"team_id", team}, {"draft_id", id}}).body_json["draft"]["version"].get<std::int64_t>();
  for (auto& e : eds) {
    while (e->version() < v) REQUIRE(e->step(io_timeout));
    CHECK(e->text() == final_text);
    CHECK(e->errors().empty());
  }
  CHECK(v >= 10);  // ops really crossed (edits are composed while one is in flight)
}

TEST_CASE("drafts: a reconnect in the middle of unacknowledged ops loses and duplicates nothing") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto ola = site.add_person("ola@example.no", "Ola");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "member");
  auto d = draft_create(*kari.http, team, "Gjenoppkobling", "");
  auto const id = d["id"].get<std::int64_t>();
  ot_editor k(site.socket_for(*kari.http), team, id, "kari-tab");
  ot_editor o(site.socket_for(*ola.http), team, id, "ola-tab");
  k.open();
  o.open();
  // Kari types; her op is sent and the socket drops before she reads the acknowledgement,
  // while more is typed (pending) and Ola edits concurrently.
  k.edit(ot::make_insert(0, "Første. "));
  o.edit(ot::make_insert(0, "Ola: "));
  k.ws().close();
  k.edit(ot::make_insert(ot::utf8::code_points(k.text()), "Andre."));
  o.settle();
  k.reconnect(site.socket_for(*kari.http));
  k.settle();
  o.edit(ot::make_insert(0, "!"));
  o.settle();
  auto const text = draft_text_now(*kari.http, team, id);
  while (k.version() < o.version()) REQUIRE(k.step(io_timeout));
  CHECK(k.text() == text);
  CHECK(o.text() == text);
  CHECK(text.find("Første. ") != std::string::npos);
  CHECK(text.find("Første. ", text.find("Første. ") + 1) == std::string::npos);  // once
  CHECK(text.find("Andre.") != std::string::npos);
  CHECK(text.rfind("!", 0) == 0);
  CHECK(text.find("Ola: ") != std::string::npos);
}

TEST_CASE("drafts: a server restart between ops loses no acknowledged op") {
  temp_dir data("arena-it-drafts");
  std::string cookie;
  std::int64_t team = 0, id = 0;
  std::string expected;
  {
    arena_site site(server_options{.data_dir = data.path()});
    ARENA_LOG_ON_FAILURE(site);
    team = site.team_id("Medisinsk materiell");
    auto kari = site.add_person("kari@example.no", "Kari");
    site.add_member(team, kari.id, "member");
    auto d = draft_create(*kari.http, team, "Omstart", "");
    id = d["id"].get<std::int64_t>();
    auto ws = site.socket_for(*kari.http);
    std::int64_t v = 0;
    for (int i = 0; i < 1500; ++i) {  // past a snapshot (every 1,000 ops)
      auto piece = std::to_string(i % 10);
      auto r = ws->request("draft.submit", {{"team_id", team}, {"draft_id", id}, {"base_version", v}, {"text_op", v ? json::array({v, piece}) : json::array({piece})},
                                            {"client_id", "k"}, {"client_seq", i + 1}});
      REQUIRE(r["ok"] == true);
      v = r["version"].get<std::int64_t>();
      expected += piece;
    }
    cookie = kari.http->cookie(site.cookie_name());
    site.srv.signal(SIGKILL);  // no graceful shutdown: only what was committed survives
    site.srv.wait_exit(io_timeout);
  }
  server_process again(server_options{.data_dir = data.path()});
  http_client kari(again);
  kari.set_cookie_value("arena_session", cookie);
  CHECK(draft_text_now(kari, team, id) == expected);
  auto g = kari.post("draft.get", {{"team_id", team}, {"draft_id", id}});
  CHECK(g.body_json["draft"]["version"] == 1500);
  // And the resubmission of the last op after the restart is recognised.
  auto ws = ws_client::connect(again.port(), false, ws_client::options{.cookie = "arena_session=" + cookie, .origin = again.origin()});
  auto r = ws->request("draft.submit", {{"team_id", team}, {"draft_id", id}, {"base_version", 1499}, {"text_op", json::array({1499, "9"})},
                                        {"client_id", "k"}, {"client_seq", 1500}});
  CHECK(r["duplicate"] == true);
  CHECK(r["version"] == 1500);
}
