// Authorship runs: hand-built cases, a differential test against one author per code point,
// and a replay of the automerge-paper editing trace.
#include "drafts/authorship.hpp"

#include "drafts/ot/op.hpp"
#include "drafts/ot/utf8.hpp"
#include "ot_trace_files.hpp"
#include "result_printing.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

using namespace arena::drafts;
namespace ot = arena::drafts::ot;
using runs_t = std::vector<author_run>;

namespace {

// The reference model: one author per code point.
runs_t compress(std::vector<std::int64_t> const& per_cp) {
  runs_t out;
  for (auto a : per_cp) {
    if (!out.empty() && out.back().author_id == a) {
      ++out.back().length;
    } else {
      out.push_back({1, a});
    }
  }
  return out;
}

void apply_model(std::vector<std::int64_t>& doc, ot::op const& o, std::int64_t author) {
  std::size_t pos = 0;
  for (auto const& c : o) {
    if (c.is_skip()) {
      pos += c.length;
    } else if (c.is_insert()) {
      doc.insert(doc.begin() + static_cast<std::ptrdiff_t>(pos), c.length, author);
      pos += c.length;
    } else {
      auto const at = doc.begin() + static_cast<std::ptrdiff_t>(pos);
      doc.erase(at, at + static_cast<std::ptrdiff_t>(c.length));
    }
  }
}

std::uint64_t total(runs_t const& rs) {
  std::uint64_t n = 0;
  for (auto const& r : rs) n += r.length;
  return n;
}

}  // namespace

TEST_CASE("authorship: initial text and two authors") {
  authorship a(10, 0);
  CHECK(a.length() == 10);
  CHECK(a.runs() == runs_t{{10, 0}});
  REQUIRE(a.apply(ot::make_insert(4, "hei"), 1));
  CHECK(a.runs() == runs_t{{4, 0}, {3, 1}, {6, 0}});
  REQUIRE(a.apply(ot::make_insert(7, "!"), 1));  // right after author 1's text: merged
  CHECK(a.runs() == runs_t{{4, 0}, {4, 1}, {6, 0}});
  REQUIRE(a.apply(ot::make_insert(6, "x"), 2));  // inside author 1's run: split
  CHECK(a.runs() == runs_t{{4, 0}, {2, 1}, {1, 2}, {2, 1}, {6, 0}});
  CHECK(a.author_at(0) == 0);
  CHECK(a.author_at(6) == 2);
  CHECK(a.author_at(14) == 0);
  CHECK(a.length() == 15);
}

TEST_CASE("authorship: deletes across run boundaries merge the neighbours") {
  authorship a;
  REQUIRE(a.apply(ot::make_insert(0, "aaaa"), 1));
  REQUIRE(a.apply(ot::make_insert(4, "bbbb"), 2));
  REQUIRE(a.apply(ot::make_insert(8, "aaaa"), 1));
  CHECK(a.runs() == runs_t{{4, 1}, {4, 2}, {4, 1}});
  REQUIRE(a.apply(ot::make_delete(2, 8), 3));  // aa|aabbbbaa|aa: the two 1-runs touch
  CHECK(a.runs() == runs_t{{4, 1}});
  REQUIRE(a.apply(ot::make_delete(0, 4), 3));
  CHECK(a.runs().empty());
  CHECK(a.length() == 0);
  REQUIRE(a.apply(ot::make_insert(0, "z"), 5));
  CHECK(a.runs() == runs_t{{1, 5}});
}

TEST_CASE("authorship: lengths are code points (multi-byte and astral characters)") {
  authorship a;
  REQUIRE(a.apply(ot::make_insert(0, "æøå😀"), 1));  // 4 code points, 11 bytes
  CHECK(a.length() == 4);
  REQUIRE(a.apply(ot::make_insert(3, "🎉ü"), 2));
  CHECK(a.runs() == runs_t{{3, 1}, {2, 2}, {1, 1}});
  REQUIRE(a.apply(ot::op{ot::component::skip(1), ot::component::del_text("øå🎉")}, 3));
  CHECK(a.runs() == runs_t{{1, 1}, {1, 2}, {1, 1}});
  CHECK(a.length() == 3);
}

TEST_CASE("authorship: an op longer than the document is refused and changes nothing") {
  authorship a(3, 7);
  auto const st = a.apply(ot::make_delete(1, 5), 1);
  REQUIRE_FALSE(st);
  CHECK(st.error().code == arena::errc::bad_request);
  CHECK(a.runs() == runs_t{{3, 7}});
}

TEST_CASE("authorship: random ops agree with one author per code point") {
  std::mt19937 rng(2024);
  for (int round = 0; round < 20; ++round) {
    authorship a(rng() % 5, 0);
    std::vector<std::int64_t> model(a.length(), 0);
    for (int i = 0; i < 3000; ++i) {
      auto const len = model.size();
      auto const author = static_cast<std::int64_t>(1 + rng() % 3);
      ot::op o;
      if (len > 0 && rng() % 3 == 0) {
        auto const pos = rng() % len;
        o = ot::make_delete(pos, 1 + rng() % std::min<std::uint64_t>(len - pos, 700));
      } else if (rng() % 4 == 0) {
        // A multi-component op: insert here, delete there.
        auto const p = len == 0 ? 0 : rng() % (len + 1);
        o = ot::op{ot::component::skip(p), ot::component::insert("xyz")};
        if (p < len) ot::append(o, ot::component::del(1));
        o = ot::normalise(o);
      } else {
        o = ot::make_insert(len == 0 ? 0 : rng() % (len + 1), std::string(1 + rng() % 3, 'k'));
      }
      REQUIRE(a.apply(o, author));
      apply_model(model, o, author);
      if (i % 97 == 0) REQUIRE(a.runs() == compress(model));
    }
    REQUIRE(a.runs() == compress(model));
    REQUIRE(a.length() == model.size());
  }
}

TEST_CASE("authorship: replay of the automerge-paper trace with alternating authors") {
  using namespace arena::drafts::ot::testing;
  if (sanitized_build) {
    MESSAGE("sanitizer build: skipping the authorship trace replay (the release build runs it)");
    return;
  }
  auto const file = traces_dir() / "sequential" / "automerge-paper.json.gz";
  if (!std::filesystem::exists(file)) {
    MESSAGE("traces not found at " << file.string() << ", skipping the authorship replay");
    return;
  }
  std::string text;
  REQUIRE(gunzip(file, text));
  auto const j = nlohmann::json::parse(text);
  std::vector<ot::op> ops;
  for (auto const& txn : j.at("txns")) {
    for (auto const& p : txn.at("patches")) {
      ops.push_back(ot::make_replace(p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(),
                                     p.at(2).get<std::string>()));
    }
  }
  auto const start = ot::utf8::code_points(j.at("startContent").get<std::string>());
  auto const end = ot::utf8::code_points(j.at("endContent").get<std::string>());

  // Every patch by the other of two authors: the worst case for run counts.
  authorship a(start, 0);
  auto const t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto const st = a.apply(ops[i], static_cast<std::int64_t>(1 + i % 2));
    REQUIRE_MESSAGE(st, "patch " << i << ": " << st.error().message);
  }
  auto const t1 = std::chrono::steady_clock::now();
  auto const& rs = a.runs();
  CHECK(a.length() == end);
  CHECK(total(rs) == end);
  auto const us = std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count();
  MESSAGE("authorship replay of automerge-paper: " << ops.size() << " ops in " << us / 1000.0
                                                   << " ms (" << us * 1000.0 / ops.size()
                                                   << " ns each); " << rs.size() << " runs over "
                                                   << end << " code points"
                                                   << " (trace: josephg/editing-traces, prepared by "
                                                      "Martin Kleppmann)");
  CHECK(us < 5'000'000);
}
