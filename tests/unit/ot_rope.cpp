// The rope against a std::u32string reference: contents, sizes in every unit, conversions
// and the tree's invariants after random edits.
#include "drafts/ot/rope.hpp"
#include "ot_random.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using arena::drafts::ot::rope;
using namespace arena::drafts::ot::testing;

namespace {

// Compares everything the rope reports with what the reference string says.
void expect_same(rope const& r, std::u32string const& ref) {
  REQUIRE(r.check_invariants() == "");
  std::string const utf8 = encode(ref);
  REQUIRE(r.to_string() == utf8);
  CHECK(r.length() == ref.size());
  CHECK(r.size().bytes == utf8.size());
  CHECK(r.size().utf16_units == utf16_length(ref));
  CHECK(r.size().newlines == static_cast<std::uint64_t>(std::count(ref.begin(), ref.end(), U'\n')));
}

}  // namespace

TEST_CASE("rope: empty and small texts") {
  rope r;
  CHECK(r.empty());
  CHECK(r.length() == 0);
  CHECK(r.to_string().empty());
  CHECK(r.check_invariants() == "");
  CHECK(r.height() == 1);

  r.insert(0, "hei");
  r.insert(3, " verden");
  r.insert(0, "\xc3\xa6");  // æ
  CHECK(r.to_string() == "\xc3\xa6hei verden");
  CHECK(r.length() == 11);
  CHECK(r.size().bytes == 12);
  r.erase(1, 4);
  CHECK(r.to_string() == "\xc3\xa6verden");
  r.erase(0, r.length());
  CHECK(r.empty());
  CHECK(r.check_invariants() == "");
}

TEST_CASE("rope: sizes in every unit") {
  // a, æ (2 bytes), 漢 (3 bytes), 😀 (4 bytes, 2 UTF-16 units), newline
  rope const r(encode(U"a\u00e6\u6f22\U0001F600\n"));
  CHECK(r.size().bytes == 1 + 2 + 3 + 4 + 1);
  CHECK(r.size().code_points == 5);
  CHECK(r.size().utf16_units == 6);
  CHECK(r.size().newlines == 1);
}

TEST_CASE("rope: position conversions") {
  std::u32string const ref = U"ab\U0001F600c\n\u00f8\nx";
  rope const r(encode(ref));
  // code point -> UTF-16 / byte
  CHECK(r.utf16_from_cp(2) == 2);
  CHECK(r.utf16_from_cp(3) == 4);  // after the emoji
  CHECK(r.byte_from_cp(3) == 6);
  CHECK(r.byte_from_cp(100) == r.size().bytes);
  // UTF-16 / byte -> code point, rounding down inside a character
  CHECK(r.cp_from_utf16(4) == 3);
  CHECK(r.cp_from_utf16(3) == 2);  // between the halves of the surrogate pair
  CHECK(r.cp_from_byte(5) == 2);   // inside the emoji's four bytes
  CHECK(r.cp_from_byte(6) == 3);
  CHECK(r.cp_from_utf16(1000) == r.length());
  // lines
  CHECK(r.line_of(0) == 0);
  CHECK(r.line_of(4) == 0);  // the newline itself is on line 0
  CHECK(r.line_of(5) == 1);
  CHECK(r.line_start(0) == 0);
  CHECK(r.line_start(1) == 5);
  CHECK(r.line_start(2) == 7);
  CHECK(r.line_start(3) == r.length());
  auto const m = r.prefix_by_cp(5);
  CHECK(m.code_points == 5);
  CHECK(m.utf16_units == 6);
  CHECK(m.newlines == 1);
}

TEST_CASE("rope: large texts build a balanced tree") {
  random_source rnd(7);
  std::u32string ref;
  for (int i = 0; i < 200000; ++i) ref += rnd.character();
  rope r(encode(ref));
  expect_same(r, ref);
  CHECK(r.height() >= 3);
  CHECK(r.height() <= 5);

  // A paste in the middle, then removing most of the text.
  std::u32string const paste = rnd.text(50000);
  r.insert(1234, encode(paste));
  ref.insert(1234, paste);
  expect_same(r, ref);
  r.erase(10, ref.size() - 20);
  ref.erase(10, ref.size() - 20);
  expect_same(r, ref);
  CHECK(r.height() == 1);
}

TEST_CASE("rope: substr and matches_at") {
  std::u32string const ref = U"\u00e6\u00f8\u00e5 \U0001F600 hello";
  rope const r(encode(ref));
  CHECK(r.substr(0, 3) == encode(U"\u00e6\u00f8\u00e5"));
  CHECK(r.substr(4, 1) == encode(U"\U0001F600"));
  CHECK(r.substr(6, 100) == "hello");
  CHECK(r.substr(100, 1).empty());
  CHECK(r.matches_at(4, encode(U"\U0001F600 h")));
  CHECK_FALSE(r.matches_at(4, encode(U"\U0001F601")));
  CHECK_FALSE(r.matches_at(8, "llo!"));  // runs past the end
}

TEST_CASE("rope: copy, move and chunks") {
  rope a(std::string(5000, 'q'));
  rope b = a;
  b.insert(0, "x");
  CHECK(a.length() == 5000);
  CHECK(b.length() == 5001);
  rope c = std::move(b);
  CHECK(c.length() == 5001);
  CHECK(b.length() == 0);  // NOLINT: a moved-from rope is empty and usable
  b.insert(0, "y");
  CHECK(b.to_string() == "y");
  std::string joined;
  int pieces = 0;
  c.for_each_chunk([&](std::string_view s) {
    joined += s;
    ++pieces;
  });
  CHECK(joined == c.to_string());
  CHECK(pieces > 1);
}

TEST_CASE("rope: random edits match a code point string (fixed seed)") {
  random_source rnd(20240601);
  rope r;
  std::u32string ref;
  for (int step = 0; step < 20000; ++step) {
    std::uint64_t const len = ref.size();
    std::uint64_t const kind = rnd.below(100);
    if (kind < 55 || len == 0) {
      // mostly typing, sometimes a paste
      std::u32string const s = rnd.text(rnd.chance(3) ? 3000 : 5);
      std::uint64_t const at = rnd.below(len + 1);
      r.insert(at, encode(s));
      ref.insert(at, s);
    } else if (kind < 95) {
      std::uint64_t const at = rnd.below(len);
      std::uint64_t const n = 1 + rnd.below(std::min<std::uint64_t>(len - at, rnd.chance(3) ? 5000 : 4));
      r.erase(at, n);
      ref.erase(at, n);
    } else {
      std::uint64_t const at = rnd.below(len + 1);
      std::uint64_t const n = rnd.below(50);
      CHECK(r.substr(at, n) == encode(std::u32string_view(ref).substr(at, n)));
      std::uint64_t const u16 = utf16_length(std::u32string_view(ref).substr(0, at));
      CHECK(r.utf16_from_cp(at) == u16);
      CHECK(r.cp_from_utf16(u16) == at);
      CHECK(r.cp_from_byte(r.byte_from_cp(at)) == at);
    }
    if (step % 1000 == 0) expect_same(r, ref);
  }
  expect_same(r, ref);
}
