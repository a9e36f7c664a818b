// transform, compose and cursor transformation: worked examples whose expected values come
// from ot-text-unicode 4.0.0, then properties on random ops from fixed seeds.
#include "drafts/ot/transform.hpp"
#include "ot_random.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace arena::drafts::ot;
using namespace arena::drafts::ot::testing;
using arena::errc;

namespace {

component S(std::uint64_t n) { return component::skip(n); }
component I(std::string s) { return component::insert(std::move(s)); }
component D(std::uint64_t n) { return component::del(n); }
component DT(std::string s) { return component::del_text(std::move(s)); }

std::string const grin = "\xf0\x9f\x98\x80";  // 😀
std::string const e_acute = "\xc3\xa9";       // é

op T(op const& a, op const& b, side s) { return transform(a, b, s).value(); }
op C(op const& a, op const& b) { return compose(a, b).value(); }

std::string apply_u(std::u32string const& doc, op const& o) {
  rope r(encode(doc));
  auto const st = apply(r, o);
  REQUIRE(outcome(st) == "ok");
  return r.to_string();
}

}  // namespace

TEST_CASE("transform: inserts at the same place are ordered by side") {
  CHECK(T({S(1), I("a")}, {S(1), I("b")}, side::left) == op{S(1), I("a")});
  CHECK(T({S(1), I("a")}, {S(1), I("b")}, side::right) == op{S(2), I("a")});
  CHECK(T({I("a"), D(1)}, {I("b")}, side::left) == op{I("a"), S(1), D(1)});
  CHECK(T({I("a"), D(1)}, {I("b")}, side::right) == op{S(1), I("a"), D(1)});
}

TEST_CASE("transform: inserts and deletes") {
  // an insert inside a range the other op deletes lands where the range was
  CHECK(T({S(2), I("x")}, {S(1), D(3)}, side::left) == op{S(1), I("x")});
  CHECK(T({S(1), D(3)}, {S(2), I("x")}, side::left) == op{S(1), D(1), S(1), D(2)});
  // overlapping deletes delete the shared text once
  CHECK(T({S(1), D(3)}, {S(2), D(3)}, side::left) == op{S(1), D(1)});
  CHECK(T({S(2), D(3)}, {S(1), D(3)}, side::right) == op{S(1), D(1)});
  // deletes with text are cut by code points
  CHECK(T({S(1), DT("bcd")}, {S(2), D(3)}, side::left) == op{S(1), DT("b")});
  CHECK(T({DT(grin + "ab")}, {S(1), I("X")}, side::left) == op{DT(grin), S(1), DT("ab")});
  // an op that ends early reads as skipping the rest
  CHECK(T({S(5), I("x")}, {S(1), I("yy")}, side::left) == op{S(7), I("x")});
  CHECK(T({}, {S(1), I("yy")}, side::left) == op{});
  CHECK(T({I("a")}, {}, side::right) == op{I("a")});
}

TEST_CASE("transform and compose refuse invalid ops") {
  auto const r1 = transform({I("a"), I("b")}, {}, side::left);
  REQUIRE_FALSE(r1.has_value());
  CHECK(r1.error().code == errc::bad_request);
  CHECK_FALSE(transform({}, {S(2)}, side::left).has_value());
  CHECK_FALSE(compose({D(0)}, {}).has_value());
  CHECK_FALSE(compose({}, {I("\xed\xa0\x80")}).has_value());
}

TEST_CASE("compose") {
  CHECK(C({S(1), I("abc")}, {S(2), D(2)}) == op{S(1), I("a")});
  CHECK(C({S(1), D(2)}, {S(1), D(1)}) == op{S(1), D(3)});
  CHECK(C({I("ab")}, {DT("a")}) == op{I("b")});
  CHECK(C({DT("x")}, {DT("yz")}) == op{DT("xyz")});
  CHECK(C({S(3), I("q")}, {S(5), I("r")}) == op{S(3), I("q"), S(1), I("r")});
  CHECK(C({DT("ab")}, {D(1)}) == op{D(3)});
  CHECK(C({I(grin + "x")}, {S(1), DT("x"), I(e_acute)}) == op{I(grin + e_acute)});
  CHECK(C({}, {}) == op{});
}

TEST_CASE("transform_position and transform_selection") {
  CHECK(transform_position(2, {S(2), I("x")}) == 2);  // text typed at the cursor stays after it
  CHECK(transform_position(3, {S(2), I("x")}) == 4);
  CHECK(transform_position(0, {I("x")}) == 0);
  CHECK(transform_position(5, {S(1), D(2)}) == 3);
  CHECK(transform_position(2, {S(1), D(5)}) == 1);
  CHECK(transform_position(4, {S(1), D(2), I("abc")}) == 5);
  CHECK(transform_position(10, {S(1), I(grin)}) == 11);  // one code point
  CHECK(transform_position(1, {D(1), I("ab")}) == 0);
  // the author's own caret moves past what they typed
  CHECK(transform_position(2, {S(2), I("x")}, true) == 3);
  CHECK(transform_position(0, {I("xy")}, true) == 2);
  CHECK(transform_position(5, {S(2), D(3), I("ab")}, true) == 4);
  CHECK(transform_position(1, {D(1), I("ab")}, true) == 2);
  CHECK(transform_position(2, {S(3), I("x")}, true) == 2);
  CHECK(transform_selection({1, 4}, {S(2), I("xx")}) == selection{1, 6});
  CHECK(transform_selection({4, 1}, {D(2)}) == selection{2, 0});
}

TEST_CASE("transform converges on random ops (fixed seed)") {
  random_source rnd(1234567);
  for (int i = 0; i < 5000; ++i) {
    std::u32string const doc = rnd.chance(10) ? std::u32string() : rnd.text(rnd.chance(20) ? 60 : 12);
    op const a = rnd.make_op(doc);
    op const b = rnd.make_op(doc);
    op const a2 = T(a, b, side::left);
    op const b2 = T(b, a, side::right);
    REQUIRE(outcome(check(a2)) == "ok");
    REQUIRE(outcome(check(b2)) == "ok");
    std::u32string const after_a = decode(apply_u(doc, a));
    std::u32string const after_b = decode(apply_u(doc, b));
    INFO("doc=", encode(doc), " a=", a, " b=", b, " a'=", a2, " b'=", b2);
    CHECK(apply_u(after_a, b2) == apply_u(after_b, a2));
    // an op transformed by a no-op is unchanged, and a no-op stays a no-op
    CHECK(T(a, {}, side::left) == a);
    CHECK(T({}, a, side::right) == op{});
  }
}

TEST_CASE("compose equals applying in sequence (fixed seed)") {
  random_source rnd(7654321);
  for (int i = 0; i < 5000; ++i) {
    std::u32string const doc = rnd.chance(10) ? std::u32string() : rnd.text(16);
    op const a = rnd.make_op(doc);
    std::u32string const mid = decode(apply_u(doc, a));
    op const b = rnd.make_op(mid);
    op const ab = C(a, b);
    REQUIRE(outcome(check(ab)) == "ok");
    INFO("doc=", encode(doc), " a=", a, " b=", b, " ab=", ab);
    CHECK(apply_u(doc, ab) == apply_u(mid, b));
    // invertible inputs give an invertible composition
    if (is_invertible(a) && is_invertible(b)) CHECK(is_invertible(ab));
  }
}

TEST_CASE("invert undoes, and transform keeps deletes invertible (fixed seed)") {
  random_source rnd(99);
  for (int i = 0; i < 3000; ++i) {
    std::u32string const doc = rnd.text(20);
    rope const r(encode(doc));
    op const a = make_invertible(rnd.make_op(doc), r).value();
    op const b = make_invertible(rnd.make_op(doc), r).value();
    INFO("doc=", encode(doc), " a=", a, " b=", b);
    CHECK(decode(apply_u(decode(apply_u(doc, a)), invert(a).value())) == doc);
    op const a2 = T(a, b, side::left);
    CHECK(is_invertible(a2));
    // a' is still consistent with the text it deletes from apply(doc, b)
    rope after_b(apply_u(doc, b));
    CHECK(outcome(check(a2, after_b)) == "ok");
  }
}

TEST_CASE("cursors follow the text they sit in (fixed seed)") {
  // A cursor stays right after the character before it, if that survives; text inserted at
  // the cursor goes after the cursor, so only inserted text lies between the cursor and the
  // character that was after it.
  random_source rnd(5);
  for (int i = 0; i < 3000; ++i) {
    // distinct characters the random inserts never use, so each can be found again
    std::u32string doc;
    std::uint64_t const n = 1 + rnd.below(20);
    for (std::uint64_t k = 0; k < n; ++k) doc += static_cast<char32_t>(0x4E00 + k);
    op const o = rnd.make_op(doc);
    std::u32string const after = decode(apply_u(doc, o));
    std::uint64_t const cursor = rnd.below(n + 1);
    std::uint64_t const moved = transform_position(cursor, o);
    INFO("cursor=", cursor, " op=", o);
    REQUIRE(moved <= after.size());
    if (cursor > 0) {
      auto const prev = after.find(doc[cursor - 1]);
      if (prev != std::u32string::npos) CHECK(moved == prev + 1);
    }
    if (cursor < n) {
      auto const next = after.find(doc[cursor]);
      if (next != std::u32string::npos) {
        REQUIRE(moved <= next);
        for (auto k = moved; k < next; ++k) {
          CHECK((after[k] < U'\u4e00' || after[k] >= U'\u4e00' + n));  // inserted text only
        }
      }
    }
  }
}
