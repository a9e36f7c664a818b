// Online backup while writing: `arena backup FILE` runs as its own process while three clients
// keep sending messages and draft ops. The copy passes PRAGMA integrity_check, holds every
// message and op acknowledged before the backup began (at its id, seq and version), is a
// consistent prefix of the live database (each channel's messages up to some seq, each draft's
// ops up to some version, exactly as the live ones), and a server started on the copy serves
// those messages and drafts: restore works.
#include "reliability/durability/durability_support.hpp"

#include "integration/chat_support.hpp"
#include "integration/draft_support.hpp"
#include "store/database.hpp"

#include <doctest/doctest.h>

#include <iostream>
#include <thread>

using namespace arena::rtest;
namespace store = arena::store;
namespace protocol = arena::protocol;
namespace fs = std::filesystem;

namespace {

using steady = std::chrono::steady_clock;

bool wait_progress(std::atomic<long> const& n, long at_least) {
  auto const deadline = steady::now() + 2 * io_timeout;
  while (n.load() < at_least) {
    if (steady::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling a condition
  }
  return true;
}

struct row {
  std::int64_t channel = 0, seq = 0;
  std::string body;
};

// messages.id -> (channel, seq, body)
std::map<std::int64_t, row> message_rows(fs::path const& file) {
  store::connection db(file.string(), store::connection::mode::read_only);
  std::map<std::int64_t, row> out;
  auto s = db.prepare("SELECT id, channel_id, seq, body FROM messages");
  while (s.step()) out[s.col_int(0)] = {s.col_int(1), s.col_int(2), s.col_text(3)};
  return out;
}

// (draft, version) -> (client_id, client_seq, encoded op)
std::map<std::pair<std::int64_t, std::int64_t>, std::tuple<std::string, std::int64_t, std::string>> op_rows(fs::path const& file) {
  store::connection db(file.string(), store::connection::mode::read_only);
  std::map<std::pair<std::int64_t, std::int64_t>, std::tuple<std::string, std::int64_t, std::string>> out;
  auto s = db.prepare("SELECT draft_id, version, client_id, client_seq, op FROM draft_ops");
  while (s.step()) out[std::make_pair(s.col_int(0), s.col_int(1))] = std::make_tuple(s.col_text(2), s.col_int(3), s.col_blob(4));
  return out;
}

}  // namespace

TEST_CASE("arena backup during writes: a consistent copy with everything acknowledged before it began, and it restores") {
  auto const seed = run_seed();
  std::cout << "[backup_online] seed " << seed << std::endl;
  INFO("seed ", seed);
  std::mt19937_64 rng(seed);
  auto const t0 = steady::now();
  temp_dir dir("arena-rel-backup");
  auto const data = dir / "data";
  auto const copy = dir / "backup" / "arena-copy.db";

  arena_site site(durable_server(data));
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto per = site.add_person("per@example.no", "Per Hansen");
  auto nina = site.add_person("nina@example.no", "Nina Berg");
  site.add_member(team, per.id, "member");
  site.add_member(team, nina.id, "member");
  std::vector<std::int64_t> channels = {channel_id(*per.http, team, "Generelt"), channel_id(*per.http, team, "Erfaringsutveksling")};
  std::vector<std::int64_t> drafts;
  for (auto const* title : {"Krav til arbeidsforhold", "Krav til emballasje"})
    drafts.push_back(draft_create(*per.http, team, title)["id"].get<std::int64_t>());
  std::vector<chat_target> targets = {{channels[0], "Anbud 2027"}, {channels[1], "Erfaringer æøå"}};
  std::vector<std::unique_ptr<load_client>> clients;
  clients.push_back(std::make_unique<load_client>("per", session_cookie(*per.http), team, targets, drafts, rng()));
  clients.push_back(std::make_unique<load_client>("per-tab2", session_cookie(*per.http), team, targets, drafts, rng()));
  clients.push_back(std::make_unique<load_client>("nina", session_cookie(*nina.http), team, targets, drafts, rng()));

  std::atomic<long> progress{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (auto& c : clients) {
    c->set_progress(&progress);
    threads.emplace_back([&, cl = c.get()] { cl->run(site.srv.port(), site.srv.origin(), stop, nullptr); });
  }
  // Some history first, so the copy has something to be consistent about.
  bool const warmed = wait_progress(progress, 1500);

  auto const backup_began = steady::now();
  auto const acked_at_start = progress.load();
  auto r = run_arena({"backup", "--data-dir", data.string(), copy.string()});
  auto const backup_ended = steady::now();
  auto const acked_at_end = progress.load();
  // The writes go on after the backup too: the server was never paused for it.
  bool const kept_going = wait_progress(progress, acked_at_end + 200);
  stop = true;
  for (auto& t : threads) t.join();
  REQUIRE(warmed);
  INFO("arena backup: ", r.out, r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("integrity_check: ok") != std::string::npos);
  CHECK(kept_going);
  for (auto const& c : clients) REQUIRE_MESSAGE(c->error().empty(), c->error());

  // The live database, read after the load: the reference the copy must be a prefix of.
  REQUIRE(site.srv.stop() == 0);
  auto const live_messages = message_rows(data / "arena.db");
  auto const live_ops = op_rows(data / "arena.db");

  REQUIRE(fs::exists(copy));
  CHECK(store::integrity_check(copy).has_value());
  auto problems = verify_file(copy);
  CHECK_MESSAGE(problems.empty(), join_lines(problems));
  auto const copy_messages = message_rows(copy);
  auto const copy_ops = op_rows(copy);

  // Everything acknowledged before the backup began is in the copy, where it was acknowledged.
  long before = 0, before_ops = 0, during = 0;
  for (auto const& c : clients) {
    for (auto const& m : c->messages()) {
      if (!m.acked) continue;
      if (m.acked_at >= backup_began) {
        during += m.acked_at < backup_ended;
        continue;
      }
      ++before;
      auto it = copy_messages.find(m.id);
      if (it == copy_messages.end()) {
        FAIL_CHECK("acknowledged before the backup, missing from the copy: " << m.cmid);
        continue;
      }
      CHECK(it->second.body == m.body);
      CHECK(it->second.seq == m.seq);
      CHECK(it->second.channel == m.channel);
    }
    for (auto const& a : c->acked_ops()) {
      if (a.acked_at >= backup_began) continue;
      ++before_ops;
      auto it = copy_ops.find({a.draft, a.version});
      if (it == copy_ops.end()) {
        FAIL_CHECK("op acknowledged before the backup, missing from the copy: " << a.client_id << "/" << a.client_seq);
        continue;
      }
      CHECK(std::get<0>(it->second) == a.client_id);
      CHECK(std::get<1>(it->second) == a.client_seq);
    }
  }
  CHECK(before >= 1);
  CHECK(before_ops >= 1);

  // A consistent snapshot: each row of the copy is the live row, and per channel (per draft) the
  // copy holds every live row up to its own highest seq (version), with no hole.
  std::map<std::int64_t, std::int64_t> copy_last_seq, copy_last_version;
  for (auto const& [id, m] : copy_messages) {
    auto it = live_messages.find(id);
    REQUIRE_MESSAGE(it != live_messages.end(), "the copy has a message the live database lacks: " << id);
    CHECK(it->second.body == m.body);
    CHECK(it->second.seq == m.seq);
    copy_last_seq[m.channel] = std::max(copy_last_seq[m.channel], m.seq);
  }
  long in_copy_expected = 0;
  for (auto const& [id, m] : live_messages)
    if (m.seq <= copy_last_seq[m.channel]) ++in_copy_expected;
  CHECK(static_cast<long>(copy_messages.size()) == in_copy_expected);
  for (auto const& [key, op] : copy_ops) {
    auto it = live_ops.find(key);
    REQUIRE(it != live_ops.end());
    CHECK(it->second == op);
    copy_last_version[key.first] = std::max(copy_last_version[key.first], key.second);
  }
  long ops_expected = 0;
  for (auto const& [key, op] : live_ops)
    if (key.second <= copy_last_version[key.first]) ++ops_expected;
  CHECK(static_cast<long>(copy_ops.size()) == ops_expected);

  // Restore: a server on a data directory holding only the copy serves what it holds.
  auto const restored_dir = dir / "restored";
  fs::create_directories(restored_dir);
  fs::copy_file(copy, restored_dir / "arena.db");
  {
    server_process restored(durable_server(restored_dir));
    INFO("restored server log (tail):\n", restored.log_tail());
    CHECK(restored.setup_token().empty());
    auto c = client_with(restored, session_cookie(*per.http));  // sessions are in the copy too
    long served = 0;
    for (auto ch : channels) {
      std::vector<std::string> errs;
      auto all = channel_messages(*c, team, ch, errs);
      REQUIRE_MESSAGE(errs.empty(), join_lines(errs));
      CHECK(static_cast<std::int64_t>(all.size()) == copy_last_seq[ch]);
      for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i]["seq"] == static_cast<std::int64_t>(i + 1));
        auto it = copy_messages.find(all[i]["id"].get<std::int64_t>());
        REQUIRE(it != copy_messages.end());
        CHECK(all[i]["body"] == it->second.body);
      }
      served += static_cast<long>(all.size());
    }
    for (auto d : drafts) {
      auto now = c->post("draft.open", {{"team_id", team}, {"draft_id", d}});
      REQUIRE(now.status == 200);
      CHECK(now.body_json["version"] == copy_last_version[d]);
      auto log = c->post("draft.open", {{"team_id", team}, {"draft_id", d}, {"since_version", 0}});
      REQUIRE(log.status == 200);
      std::string replay;
      for (auto const& rec : log.body_json["ops"]) {
        auto o = protocol::op_from_json(rec["op"]);
        REQUIRE(o.has_value());
        auto t = ot::apply_text(replay, *o);
        REQUIRE(t.has_value());
        replay = *t;
      }
      CHECK(replay == now.body_json["text"].get<std::string>());
    }
    // The restored server takes new writes after the copy's last seq.
    auto w = c->post("message.send", {{"team_id", team}, {"channel_id", channels[0]}, {"topic", "Etter gjenoppretting"},
                                      {"body", "etter gjenoppretting"}, {"client_msg_id", "restored-1"}});
    REQUIRE_MESSAGE(w.status == 200, w.body);
    CHECK(w.body_json["message"]["seq"] == copy_last_seq[channels[0]] + 1);
    REQUIRE(restored.stop() == 0);
    auto const secs = std::chrono::duration<double>(steady::now() - t0).count();
    std::cout << "[backup_online] acknowledged before the backup: " << before << " messages, " << before_ops
              << " ops; during it: " << during << " messages; writes acknowledged while it ran: " << acked_at_end - acked_at_start
              << "; backup took " << std::chrono::duration<double>(backup_ended - backup_began).count() << " s; copy holds "
              << copy_messages.size() << " of " << live_messages.size() << " messages and " << copy_ops.size() << " of " << live_ops.size()
              << " ops; restored server served " << served << " messages; time " << secs << " s" << std::endl;
  }
}
