// Real editing traces replayed through the real server: two WebSocket clients each submit
// transactions against the version they have seen, the server transforms and stores them, and
// both clients and the server's text must end at the trace's endContent (the replay itself is
// tests/tools/trace_replay.hpp, also behind the tool arena-trace-replay).
//
// Traces: Joseph Gentle's public "editing-traces" collection (automerge-paper prepared by
// Martin Kleppmann; seph-blog1 and friendsforever CC BY 4.0), read from shared/traces beside
// the repository or $ARENA_TRACES. Without them each case says so and passes. Sanitizer builds
// replay only friendsforever (parsing the sequential traces' 20 MB of JSON unoptimised under
// ASan takes minutes; the release build replays all three).
#include "integration/site.hpp"
#include "tools/trace_replay.hpp"

#include <chrono>
#include <thread>

using namespace arena::itest;
namespace tr = arena::tools::trace_replay;

namespace {

std::filesystem::path trace_file(std::string const& rel) {
  return tr::traces_dir(std::filesystem::path(ARENA_TESTS_DIR) / ".." / ".." / "shared" / "traces") / rel;
}

void replay(std::string const& rel, std::uint64_t block) {
  auto const file = trace_file(rel);
  if (!std::filesystem::exists(file)) {
    MESSAGE("traces not found at " << file.string() << " (set ARENA_TRACES): skipping " << rel);
    return;
  }
  auto const t = tr::load(file, block);
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  site.add_member(team, kari.id, "member");
  auto a = site.socket_for(*kari.http);
  auto b = site.socket_for(*kari.http);
  auto created = a->request("draft.create", {{"team_id", team}, {"title", "Spor " + t.name}, {"kind", "annet"}, {"body", t.start}});
  INFO(created.dump());
  REQUIRE(created["ok"] == true);
  auto const draft = created["draft"]["id"].get<std::int64_t>();
  std::uint64_t version = 0;
  for (auto* c : {a.get(), b.get()}) {
    auto o = c->request("draft.open", {{"team_id", team}, {"draft_id", draft}});
    REQUIRE(o["ok"] == true);
    REQUIRE(o["text"] == t.start);
    version = o["version"].get<std::uint64_t>();
  }
  auto transport_for = [](ws_client& c) {
    return tr::transport{[&c](std::string const& s) {
                           if (!c.send_text(s)) throw std::runtime_error("send failed");
                         },
                         [&c] { return c.next(std::chrono::seconds(60)); }};
  };
  tr::replay_target target{team, draft, version, "it-replay"};
  tr::replay_client ca(t, 0, target, transport_for(*a));
  tr::replay_client cb(t, 1, target, transport_for(*b));
  auto const t0 = std::chrono::steady_clock::now();
  std::string err_b;
  std::thread th([&] { err_b = cb.run(); });
  std::string const err_a = ca.run();
  th.join();
  auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK_MESSAGE(err_a.empty(), err_a);
  CHECK_MESSAGE(err_b.empty(), err_b);
  if (!err_a.empty() || !err_b.empty()) return;
  CHECK(ca.version() == cb.version());
  CHECK(ca.text() == t.end);
  CHECK(cb.text() == t.end);
  auto server = a->request("draft.text", {{"team_id", team}, {"draft_id", draft}, {"version", ca.version()}});
  REQUIRE(server["ok"] == true);
  CHECK(server["text"] == t.end);
  MESSAGE("trace " << t.name << ": " << t.txns.size() << " txns replayed by two clients with "
                   << ca.submits() + cb.submits() << " draft.submit in " << secs << " s; version "
                   << ca.version() << " (trace: josephg/editing-traces)");
}

}  // namespace

TEST_CASE("traces: friendsforever, two concurrent typists over WebSocket, ends at endContent") {
  replay("concurrent/friendsforever.json.gz", 1);
}

TEST_CASE("traces: seph-blog1 through the server from two clients in turn ends at endContent") {
  if (sanitized) {
    MESSAGE("sanitizer build: skipping seph-blog1 (the release build replays it)");
    return;
  }
  replay("sequential/seph-blog1.json.gz", 64);
}

TEST_CASE("traces: automerge-paper through the server from two clients in turn ends at endContent") {
  if (sanitized) {
    MESSAGE("sanitizer build: skipping automerge-paper (the release build replays it)");
    return;
  }
  replay("sequential/automerge-paper.json.gz", 256);
}
