// Word and line diffs, and diff_op (restore a version as an edit).
#include "drafts/diff.hpp"

#include "drafts/ot/op.hpp"
#include "drafts/ot/utf8.hpp"
#include "result_printing.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

using namespace arena::drafts;
using kind = diff_chunk::kind_t;

namespace {

std::string side(std::vector<diff_chunk> const& cs, bool old_side) {
  std::string s;
  for (auto const& c : cs) {
    if (c.kind == kind::equal || (old_side ? c.kind == kind::del : c.kind == kind::insert)) s += c.text;
  }
  return s;
}

void check_well_formed(std::vector<diff_chunk> const& cs, std::string_view a, std::string_view b) {
  CHECK(side(cs, true) == a);
  CHECK(side(cs, false) == b);
  for (std::size_t i = 0; i < cs.size(); ++i) {
    CHECK_FALSE(cs[i].text.empty());
    if (i > 0) {
      CHECK(cs[i].kind != cs[i - 1].kind);
      CHECK_FALSE((cs[i - 1].kind == kind::insert && cs[i].kind == kind::del));
    }
  }
}

void check_op(std::string_view from, std::string_view to) {
  auto const o = diff_op(from, to);
  REQUIRE(arena::drafts::ot::check(o));
  auto const r = arena::drafts::ot::apply_text(from, o);
  REQUIRE(r);
  CHECK(*r == to);
}

std::string random_text(std::mt19937& rng, std::size_t words) {
  static char const* const vocab[] = {"krav", "skal", "systemet", "brukeren", "æøå", "Ærlig",
                                      "😀", "må", "kunne", "1.2", "logge", "inn"};
  static char const* const seps[] = {" ", " ", " ", ", ", ".\n", "\n\n", "-", " (", ") "};
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    s += vocab[rng() % std::size(vocab)];
    s += seps[rng() % std::size(seps)];
  }
  return s;
}

std::string mutate(std::mt19937& rng, std::string const& s) {
  // Edits at token boundaries and inside words alike, always at code point boundaries.
  std::string t = s;
  int const edits = 1 + static_cast<int>(rng() % 5);
  for (int e = 0; e < edits; ++e) {
    auto const n = arena::drafts::ot::utf8::code_points(t);
    auto const cp = n == 0 ? 0 : rng() % (n + 1);
    auto const at = arena::drafts::ot::utf8::byte_offset(t, cp);
    auto const end = arena::drafts::ot::utf8::byte_offset(t, cp + rng() % 4);
    t.replace(at, end - at, (rng() % 2) != 0u ? std::string("nytt ") : std::string("ø"));
  }
  return t;
}

}  // namespace

TEST_CASE("diff: identical and empty inputs") {
  CHECK(diff("", "", diff_granularity::word).empty());
  auto const same = diff("abc def", "abc def", diff_granularity::word);
  REQUIRE(same.size() == 1);
  CHECK(same[0] == diff_chunk{kind::equal, "abc def"});
  CHECK(diff("", "ny tekst", diff_granularity::word) ==
        std::vector<diff_chunk>{{kind::insert, "ny tekst"}});
  CHECK(diff("gammel", "", diff_granularity::line) ==
        std::vector<diff_chunk>{{kind::del, "gammel"}});
}

TEST_CASE("diff: word granularity replaces whole words, keeps æøå words intact") {
  auto const cs = diff("Systemet skal støtte pålogging.", "Systemet må støtte innlogging.",
                       diff_granularity::word);
  check_well_formed(cs, "Systemet skal støtte pålogging.", "Systemet må støtte innlogging.");
  std::vector<diff_chunk> const want = {
      {kind::equal, "Systemet "}, {kind::del, "skal"},        {kind::insert, "må"},
      {kind::equal, " støtte "},  {kind::del, "pålogging"},   {kind::insert, "innlogging"},
      {kind::equal, "."}};
  CHECK(cs == want);
}

TEST_CASE("diff: punctuation is a token of its own; deletes come before inserts") {
  auto const cs = diff("a,b", "a;b", diff_granularity::word);
  std::vector<diff_chunk> const want = {
      {kind::equal, "a"}, {kind::del, ","}, {kind::insert, ";"}, {kind::equal, "b"}};
  CHECK(cs == want);
}

TEST_CASE("diff: line granularity keeps the newline with its line") {
  std::string const a = "en\nto\ntre\n";
  std::string const b = "en\nTO\ntre\nfire";
  auto const cs = diff(a, b, diff_granularity::line);
  std::vector<diff_chunk> const want = {{kind::equal, "en\n"},
                                        {kind::del, "to\n"},
                                        {kind::insert, "TO\n"},
                                        {kind::equal, "tre\n"},
                                        {kind::insert, "fire"}};
  CHECK(cs == want);
}

TEST_CASE("diff: random texts reassemble on both sides") {
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    std::string const a = random_text(rng, rng() % 40);
    std::string const b = (i % 3 == 0) ? random_text(rng, rng() % 40) : mutate(rng, a);
    check_well_formed(diff(a, b, diff_granularity::word), a, b);
    check_well_formed(diff(a, b, diff_granularity::line), a, b);
  }
}

TEST_CASE("diff_op: small normalised ops with counted deletes") {
  using arena::drafts::ot::component;
  using arena::drafts::ot::op;
  CHECK(diff_op("same", "same").empty());
  CHECK(diff_op("", "ny") == op{component::insert("ny")});
  CHECK(diff_op("borte", "") == op{component::del(5)});
  // Only the code points that differ inside the replaced word: "farge" -> "farger".
  CHECK(diff_op("rød farge her", "rød farger her") ==
        op{component::skip(9), component::insert("r")});
  // "colour" -> "color": one delete in the middle of a word.
  CHECK(diff_op("colour", "color") == op{component::skip(4), component::del(1)});
  // A shared multi-byte prefix is never cut inside a code point.
  check_op("æø", "æå");
  CHECK(diff_op("æø", "æå") == op{component::skip(1), component::del(1), component::insert("å")});
  check_op("😀a", "😁a");
  check_op("x 😀 y", "x 😀😀 y z");
}

TEST_CASE("diff_op: random edits apply exactly") {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string const a = random_text(rng, rng() % 50);
    std::string const b = (i % 4 == 0) ? random_text(rng, rng() % 50) : mutate(rng, a);
    check_op(a, b);
    check_op(b, a);
  }
}

TEST_CASE("diff_op: restoring after a small edit touches only the edit") {
  std::string const a = "Krav 1: Systemet skal logge alle innlogginger.\nKrav 2: Data lagres i Norge.\n";
  std::string const b = "Krav 1: Systemet skal logge alle feilede innlogginger.\nKrav 2: Data lagres i Norge.\n";
  auto const o = diff_op(b, a);
  auto const m = arena::drafts::ot::measure(o);
  CHECK(m.inserted == 0);
  CHECK(m.deleted == 8);  // "feilede "
}

TEST_CASE("diff: 1 MiB documents with a few edits, and wholly different 64 KiB ones") {
  std::mt19937 rng(1);
  std::string a;
  while (a.size() < (1u << 20)) a += random_text(rng, 100);
  std::string b = a;
  auto const at = [&b](std::uint64_t cp) { return arena::drafts::ot::utf8::byte_offset(b, cp); };
  b.replace(at(1000), at(1005) - at(1000), "ENDRET");
  b.replace(at(500000), 0, "innskutt tekst ");
  auto const n = arena::drafts::ot::utf8::code_points(b);
  b.replace(at(n - 3000), at(n - 2993) - at(n - 3000), "");
  auto t0 = std::chrono::steady_clock::now();
  check_op(a, b);
  auto const cs = diff(a, b, diff_granularity::word);
  auto t1 = std::chrono::steady_clock::now();
  check_well_formed(cs, a, b);
  CHECK(cs.size() < 20);
  auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count();
  MESSAGE("1 MiB, three edits: diff_op + word diff in " << ms << " ms");
  CHECK(ms < 20000);

  std::string c, d;
  while (c.size() < (64u << 10)) c += random_text(rng, 100);
  while (d.size() < (64u << 10)) d += random_text(rng, 100);
  t0 = std::chrono::steady_clock::now();
  check_op(c, d);
  t1 = std::chrono::steady_clock::now();
  MESSAGE("64 KiB, unrelated texts: diff_op in "
          << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms");
}
