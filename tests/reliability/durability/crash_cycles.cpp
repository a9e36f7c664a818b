// Crash safety: the real server under load from several loopback clients is killed with SIGKILL at
// a random moment, again and again, and restarted on the same data directory. After each restart:
// every acknowledged message is stored exactly once at its acknowledged id and seq, nothing is
// stored that no client sent, each channel's seq runs 1..last_seq without a gap, each topic's count
// matches, every draft's text equals the replay of its op log from the empty document, and every
// acknowledged op is in the log at its version with its client_id/client_seq. Every few cycles,
// and at the end, PRAGMA integrity_check on the database file.
//
// The load: four WebSocket clients of three users (Per has two tabs) send chat messages into two
// channels and three topics (a few in flight each) and ops on two drafts (one in flight per
// draft); after a crash they reconnect with their stored session cookies and resend what was
// unacknowledged with the same client_msg_id / client_id+client_seq (see durability_support.hpp).
//
// Settings: ARENA_SEED (the schedule's seed, printed), ARENA_CRASH_CYCLES (default 50, 1,000 with
// ARENA_SOAK=1), ARENA_VERIFY_EVERY (full read-back every N cycles; default 1, 10 with
// ARENA_SOAK=1: a full read-back of a soak's hundreds of thousands of messages every cycle would
// take hours; the cycles in between still check that the server restarts and the clients'
// acknowledgements stay consistent), ARENA_DRAFT_ROTATE_AT (the version at which the editors move
// to fresh drafts, default 8,000, below the 10,000 ops draft.open returns from version 0).
#include "reliability/durability/durability_support.hpp"

#include "integration/chat_support.hpp"
#include "integration/draft_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <iostream>
#include <thread>

using namespace arena::rtest;

namespace {

using steady = std::chrono::steady_clock;

// A draft is replaced by a fresh one before its log outgrows what draft.open can return from
// version 0 (the retained log: 10,000 ops).
// ARENA_DRAFT_ROTATE_AT lowers it (to exercise the rotation in a short run).
std::int64_t draft_rotation_version() { return env_int("ARENA_DRAFT_ROTATE_AT").value_or(8000); }

// Waits until `n` clients have reported ready (their resends are out, or they failed).
bool wait_ready(std::atomic<int> const& ready, int n) {
  auto const deadline = steady::now() + 2 * io_timeout;
  while (ready.load() < n) {
    if (steady::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling a condition
  }
  return true;
}

}  // namespace

TEST_CASE("SIGKILL under load at random moments loses and duplicates nothing acknowledged") {
  auto const seed = run_seed();
  long const cycles = env_int("ARENA_CRASH_CYCLES").value_or(soak() ? 1000 : 50);
  long const verify_every = std::max<long long>(1, env_int("ARENA_VERIFY_EVERY").value_or(soak() ? 10 : 1));
  long const integrity_every = 10;
  std::cout << "[crash_cycles] seed " << seed << " (ARENA_SEED=" << seed << " repeats the schedule), " << cycles
            << " cycles, full read-back every " << verify_every << std::endl;
  INFO("seed ", seed);
  std::mt19937_64 rng(seed);
  auto const t0 = steady::now();

  temp_dir dir("arena-rel-crash");
  auto const data = dir / "data";
  auto const db_file = data / "arena.db";

  // The site, once: three members of a team, two channels, two drafts, sessions kept for good.
  std::int64_t team = 0;
  std::vector<std::int64_t> channels, drafts;
  std::string per_session, nina_session, ola_session;
  {
    arena_site site(durable_server(data));
    ARENA_LOG_ON_FAILURE(site);
    team = site.team_id("IKT");
    auto per = site.add_person("per@example.no", "Per Hansen");
    auto nina = site.add_person("nina@example.no", "Nina Berg");
    auto ola = site.add_person("ola@example.no", "Ola Dahl");
    for (auto const* p : {&per, &nina, &ola}) site.add_member(team, p->id, "member");
    channels = {channel_id(*per.http, team, "Generelt"), channel_id(*per.http, team, "Erfaringsutveksling")};
    for (auto const* title : {"Krav til arbeidsforhold", "Krav til emballasje"})
      drafts.push_back(draft_create(*per.http, team, title)["id"].get<std::int64_t>());
    per_session = session_cookie(*per.http);
    nina_session = session_cookie(*nina.http);
    ola_session = session_cookie(*ola.http);
    REQUIRE(site.srv.stop() == 0);
  }
  std::vector<chat_target> targets = {{channels[0], "Anbud 2027"}, {channels[0], "Leverandørdialog"}, {channels[1], "Erfaringer æøå"}};
  std::vector<std::unique_ptr<load_client>> clients;
  clients.push_back(std::make_unique<load_client>("per-tab1", per_session, team, targets, drafts, rng()));
  clients.push_back(std::make_unique<load_client>("per-tab2", per_session, team, targets, drafts, rng()));
  clients.push_back(std::make_unique<load_client>("nina", nina_session, team, targets, drafts, rng()));
  clients.push_back(std::make_unique<load_client>("ola", ola_session, team, targets, drafts, rng()));
  std::vector<load_client const*> readers;
  for (auto const& c : clients) readers.push_back(c.get());

  long verified_messages = 0, verified_ops = 0, full_checks = 0, integrity_checks = 0, kills = 0;
  std::uniform_int_distribution<int> burst_ms(50, 600);

  auto verify_all = [&](server_process& srv, std::string const& when) {
    auto c = client_with(srv, per_session);
    chat_figures cf;
    draft_figures df;
    auto problems = verify_chat(*c, team, channels, readers, &cf);
    auto more = verify_drafts(*c, team, drafts, readers, &df);
    problems.insert(problems.end(), more.begin(), more.end());
    INFO("server log (tail):\n", srv.log_tail());
    REQUIRE_MESSAGE(problems.empty(), when << ": " << problems.size() << " problems\n" << join_lines(problems));
    verified_messages += cf.messages;
    verified_ops += df.ops;
    ++full_checks;
  };

  for (long cycle = 1; cycle <= cycles; ++cycle) {
    CAPTURE(cycle);
    server_process srv(durable_server(data));
    INFO("server log (tail):\n", srv.log_tail());
    if (cycle % verify_every == 0 || cycle == 1) verify_all(srv, "after restart " + std::to_string(cycle));

    // Before a draft's log grows past what can be read back from version 0, the editors move to
    // fresh drafts; the old ones keep being checked.
    std::int64_t longest = 0;
    for (auto const& c : clients)
      for (auto const& e : c->editors())
        if (!e.retired) longest = std::max(longest, e.version);
    if (longest >= draft_rotation_version()) {
      auto http = client_with(srv, per_session);
      std::vector<std::int64_t> fresh;
      for (int i = 0; i < 2; ++i) fresh.push_back(draft_create(*http, team, "Krav " + std::to_string(drafts.size() + 1))["id"].get<std::int64_t>());
      for (auto& c : clients) {
        c->retire_drafts();
        for (auto d : fresh) c->add_draft(d);
      }
      drafts.insert(drafts.end(), fresh.begin(), fresh.end());
    }

    // The burst: every client reconnects and resends, then the load runs for a random while.
    std::atomic<bool> stop{false};
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (auto& c : clients) threads.emplace_back([&, cl = c.get()] { cl->run(srv.port(), srv.origin(), stop, &ready); });
    bool const all_ready = wait_ready(ready, static_cast<int>(clients.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(burst_ms(rng)));  // the random moment of the crash
    srv.signal(SIGKILL);
    auto const status = srv.wait_exit(std::chrono::seconds(60));
    stop = true;
    for (auto& t : threads) t.join();
    ++kills;
    REQUIRE(all_ready);
    REQUIRE(status.has_value());
    // 137: killed by our SIGKILL. Anything else means it had died on its own first.
    REQUIRE_MESSAGE(*status == 128 + SIGKILL, "the server exited with " << *status << " before the kill\n" << srv.log_tail());
    for (auto const& c : clients) REQUIRE_MESSAGE(c->error().empty(), c->error());

    if (cycle % integrity_every == 0) {
      // The crash image itself, before the server recovers it.
      auto problems = verify_file(db_file);
      REQUIRE_MESSAGE(problems.empty(), "crash image after cycle " << cycle << ":\n" << join_lines(problems));
      ++integrity_checks;
    }
  }

  // The end: one last restart, every client resends what is still unacknowledged and sends
  // nothing new, then the full read-back, a clean stop, and the file checks.
  server_process srv(durable_server(data));
  verify_all(srv, "after the last restart");
  {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (auto& c : clients) {
      c->retire_drafts();
      threads.emplace_back([&, cl = c.get()] { cl->run(srv.port(), srv.origin(), stop, nullptr, 0); });
    }
    for (auto& t : threads) t.join();
  }
  long sent = 0, acked = 0, ops = 0, resent_m = 0, resent_o = 0, dups = 0;
  for (auto const& c : clients) {
    REQUIRE_MESSAGE(c->error().empty(), c->error());
    CHECK_MESSAGE(c->unacked() == 0, c->name() << " still has " << c->unacked() << " unacknowledged: " << c->last_disconnect());
    sent += static_cast<long>(c->messages().size());
    acked += c->counts().messages_acked;
    ops += c->counts().ops_acked;
    resent_m += c->counts().messages_resent;
    resent_o += c->counts().ops_resent;
    dups += c->counts().op_duplicates;
  }
  CHECK(acked == sent);
  verify_all(srv, "after the final resends");
  REQUIRE(srv.stop() == 0);
  auto problems = verify_file(db_file);
  REQUIRE_MESSAGE(problems.empty(), join_lines(problems));
  ++integrity_checks;

  // The suite needs real load to mean anything: at least one message and one op per cycle.
  CHECK(acked >= cycles);
  CHECK(ops >= cycles);

  auto const secs = std::chrono::duration<double>(steady::now() - t0).count();
  std::cout << "[crash_cycles] cycles " << kills << ", messages acked " << acked << ", ops acked " << ops
            << ", resent after a crash: " << resent_m << " messages, " << resent_o << " ops (" << dups
            << " already stored), full read-backs " << full_checks << " (" << verified_messages << " messages, " << verified_ops
            << " ops checked), integrity checks " << integrity_checks << ", drafts " << drafts.size() << ", seed " << seed
            << ", time " << secs << " s" << std::endl;
}
