// Real editing traces replayed through the OT engine: every keystroke of a real writing
// session becomes an op, is checked against the document and applied to the rope, and the
// result must be the trace's endContent.
//
// The traces live outside the repository (shared/traces beside it, or $ARENA_TRACES):
// Joseph Gentle's public "editing-traces" collection; automerge-paper was prepared by Martin
// Kleppmann for automerge-perf, seph-blog1 is CC BY 4.0. Without them the test says so and
// passes.
#include "drafts/ot/op.hpp"
#include "ot_trace_files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

using namespace arena::drafts::ot;
using namespace arena::drafts::ot::testing;

namespace {

struct patch {
  std::uint64_t pos;
  std::uint64_t del;
  std::string ins;
};

struct trace {
  std::string start;
  std::string end;
  std::vector<patch> patches;  // all txns, flattened in order
};

trace load(std::string const& text) {
  auto const j = nlohmann::json::parse(text);
  trace t;
  t.start = j.at("startContent").get<std::string>();
  t.end = j.at("endContent").get<std::string>();
  for (auto const& txn : j.at("txns")) {
    for (auto const& p : txn.at("patches")) {
      t.patches.push_back({p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(),
                           p.at(2).get<std::string>()});
    }
  }
  return t;
}

void replay(std::string const& name) {
  if (sanitized_build) {
    MESSAGE("sanitizer build: skipping the " << name << " trace replay (the release build runs it)");
    return;
  }
  auto const file = traces_dir() / "sequential" / (name + ".json.gz");
  if (!std::filesystem::exists(file)) {
    MESSAGE("traces not found at " << file.string() << ", skipping " << name);
    return;
  }
  std::string text;
  REQUIRE(gunzip(file, text));
  trace const t = load(text);
  REQUIRE_FALSE(t.patches.empty());

  auto const t0 = std::chrono::steady_clock::now();
  rope doc(t.start);
  std::size_t failed_at = t.patches.size();
  std::string why;
  for (std::size_t i = 0; i < t.patches.size(); ++i) {
    patch const& p = t.patches[i];
    op const o = make_replace(p.pos, p.del, p.ins);
    if (auto st = apply(doc, o); !st) {
      failed_at = i;
      why = st.error().message;
      break;
    }
  }
  auto const t1 = std::chrono::steady_clock::now();
  REQUIRE_MESSAGE(failed_at == t.patches.size(),
                  "trace " << name << ": patch " << failed_at << " failed: " << why);
  CHECK(doc.check_invariants() == "");
  bool const same = doc.to_string() == t.end;
  CHECK(same);

  std::string const credit = name == "automerge-paper"
                                 ? "josephg/editing-traces, prepared by Martin Kleppmann"
                                 : "josephg/editing-traces, CC BY 4.0";
  auto const us = std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count();
  MESSAGE("trace " << name << ": " << t.patches.size() << " patches replayed as checked ops in "
                   << us / 1000.0 << " ms (" << (us * 1000.0 / t.patches.size())
                   << " ns each); " << doc.length() << " code points, rope height "
                   << doc.height() << (same ? "; endContent matches" : "; endContent DIFFERS")
                   << " (trace: " << credit << ")");
}

}  // namespace

TEST_CASE("traces: automerge-paper replays to its endContent") { replay("automerge-paper"); }

TEST_CASE("traces: seph-blog1 replays to its endContent") { replay("seph-blog1"); }
