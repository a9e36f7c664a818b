// A real concurrent editing session replayed through transform: two people typing into one
// document with a second of latency (the friendsforever trace). Each person is a site with its
// own rope; a site's edits reach the other site late, and the receiver transforms them past
// the edits it made meanwhile (the two-site Jupiter scheme, the same rebasing a sharedb client
// does against its pending ops). Both sites must end at the trace's endContent.
//
// Trace: Joseph Gentle's public "editing-traces" collection, CC BY 4.0, read from
// shared/traces beside the repository or $ARENA_TRACES; without it the test says so and passes.
#include "drafts/ot/transform.hpp"
#include "ot_random.hpp"
#include "ot_trace_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <string>
#include <vector>

using namespace arena::drafts::ot;
using namespace arena::drafts::ot::testing;

namespace {

// An edit on its way from one site to the other.
struct message {
  op edit;
  std::uint64_t seen = 0;  // how many of the receiver's edits the sender had applied
};

struct site {
  rope doc;
  side own_side = side::left;  // ties between concurrent inserts: agent 0's text goes first
  std::uint64_t made = 0;      // edits made here
  std::uint64_t received = 0;  // edits of the other site applied here
  // Edits made here that the other site had not seen when it last sent, each rebased over
  // every edit received since: (index, op).
  std::deque<std::pair<std::uint64_t, op>> unacknowledged;
};

side other(side s) { return s == side::left ? side::right : side::left; }

std::uint64_t transforms = 0;

// Applies the other site's edit at `s`, rebasing it over s's edits it had not seen (and those
// over it, so that later incoming edits meet them in the right form).
std::string receive(site& s, message m) {
  while (!s.unacknowledged.empty() && s.unacknowledged.front().first < m.seen) {
    s.unacknowledged.pop_front();
  }
  op incoming = std::move(m.edit);
  for (auto& [index, mine] : s.unacknowledged) {
    auto in2 = transform(incoming, mine, other(s.own_side));
    auto mine2 = transform(mine, incoming, s.own_side);
    if (!in2 || !mine2) return "transform refused an op";
    transforms += 2;
    incoming = std::move(*in2);
    mine = std::move(*mine2);
  }
  if (auto st = apply(s.doc, incoming); !st) return "rebased op does not apply: " + st.error().message;
  ++s.received;
  return {};
}

}  // namespace

TEST_CASE("traces: friendsforever, two concurrent typists, converges through transform") {
  auto const file = traces_dir() / "concurrent" / "friendsforever.json.gz";
  if (!std::filesystem::exists(file)) {
    MESSAGE("traces not found at " << file.string() << ", skipping friendsforever");
    return;
  }
  std::string text;
  REQUIRE(gunzip(file, text));
  auto const j = nlohmann::json::parse(text);
  if (j.at("numAgents").get<int>() != 2) {
    MESSAGE("friendsforever: expected two agents, skipping");
    return;
  }
  std::string const end = j.at("endContent").get<std::string>();
  auto const& txns = j.at("txns");

  // Every txn's version: for each agent, how many of its txns the author had seen.
  std::vector<int> agent_of(txns.size());
  std::vector<std::uint64_t> seq_of(txns.size());
  std::vector<std::array<std::uint64_t, 2>> seen(txns.size());
  std::array<std::uint64_t, 2> count{0, 0};
  for (std::size_t i = 0; i < txns.size(); ++i) {
    int const a = txns[i].at("agent").get<int>();
    REQUIRE((a == 0 || a == 1));
    agent_of[i] = a;
    seq_of[i] = count[a]++;
    std::array<std::uint64_t, 2> v{0, 0};
    for (auto const& p : txns[i].at("parents")) {
      auto const k = p.get<std::size_t>();
      REQUIRE(k < i);
      for (int x = 0; x < 2; ++x) v[x] = std::max(v[x], seen[k][x]);
      v[agent_of[k]] = std::max(v[agent_of[k]], seq_of[k] + 1);
    }
    REQUIRE(v[a] == seq_of[i]);  // an author has seen all of their own earlier txns
    seen[i] = v;
  }

  auto const t0 = std::chrono::steady_clock::now();
  std::array<site, 2> sites;
  sites[1].own_side = side::right;
  std::array<std::deque<message>, 2> inbox;  // inbox[x]: messages on their way to site x
  std::size_t concurrent = 0;           // txns whose author had not seen all earlier ones
  std::array<std::uint64_t, 2> made{0, 0};
  for (std::size_t i = 0; i < txns.size(); ++i) {
    int const a = agent_of[i], b = 1 - a;
    site& s = sites[a];
    concurrent += seen[i][b] < made[b] ? 1 : 0;
    ++made[a];
    // Deliver what the author had seen of the other agent, in order, and nothing more.
    while (s.received < seen[i][b]) {
      REQUIRE_FALSE(inbox[a].empty());
      std::string const why = receive(s, std::move(inbox[a].front()));
      inbox[a].pop_front();
      REQUIRE_MESSAGE(why.empty(), "txn " << i << ": " << why);
    }
    // The txn's patches, each against the text left by the one before: applied here one by
    // one, and sent as one op composed from them.
    op edit;
    for (auto const& p : txns[i].at("patches")) {
      op const step = make_replace(p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(),
                                   p.at(2).get<std::string>());
      REQUIRE_MESSAGE(outcome(apply(s.doc, step)) == "ok", "txn " << i << " does not apply");
      auto composed = compose(edit, step);
      REQUIRE(composed.has_value());
      edit = std::move(*composed);
    }
    s.unacknowledged.emplace_back(s.made++, edit);
    inbox[b].push_back({std::move(edit), s.received});
  }
  for (int x = 0; x < 2; ++x) {
    while (!inbox[x].empty()) {
      std::string const why = receive(sites[x], std::move(inbox[x].front()));
      inbox[x].pop_front();
      REQUIRE_MESSAGE(why.empty(), "final delivery: " << why);
    }
  }
  auto const us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  bool const same0 = sites[0].doc.to_string() == end;
  bool const same1 = sites[1].doc.to_string() == end;
  CHECK(same0);
  CHECK(same1);
  MESSAGE("trace friendsforever: " << txns.size() << " txns by 2 typists (" << concurrent
                                   << " made before the other's earlier edits had arrived)"
                                   << " replayed with " << transforms << " transforms in "
                                   << us / 1000.0
                                   << " ms; both sites "
                                   << std::string(same0 && same1 ? "reach" : "do NOT reach")
                                   << " endContent (trace: josephg/editing-traces, CC BY 4.0)");
}
