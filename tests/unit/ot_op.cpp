// Ops on their own: representation, normalise, check, apply, the editor helpers and
// invertibility. Expected values follow ot-text-unicode 4.x (see tests/ot-diff for the
// differential run against the package itself).
#include "drafts/ot/op.hpp"
#include "ot_random.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace arena::drafts::ot;
using namespace arena::drafts::ot::testing;
using arena::errc;

namespace {

component S(std::uint64_t n) { return component::skip(n); }
component I(std::string s) { return component::insert(std::move(s)); }
component D(std::uint64_t n) { return component::del(n); }
component DT(std::string s) { return component::del_text(std::move(s)); }

bool rejected(arena::status const& s) { return !s && s.error().code == errc::bad_request; }

std::string const ae = "\xc3\xa6";             // æ
std::string const grin = "\xf0\x9f\x98\x80";   // 😀, one code point, two UTF-16 units

}  // namespace

TEST_CASE("op: components count code points") {
  CHECK(I("abc").length == 3);
  CHECK(I(ae + grin).length == 2);
  CHECK(DT(grin + grin + "x").length == 3);
  CHECK(DT("x").has_deleted_text());
  CHECK_FALSE(D(4).has_deleted_text());
  op const o{S(2), I(grin), D(3), DT(ae)};
  auto const l = measure(o);
  CHECK(l.skipped == 2);
  CHECK(l.inserted == 1);
  CHECK(l.deleted == 4);
  CHECK(l.input() == 6);
  CHECK(l.output(10) == 7);
}

TEST_CASE("op: normalise merges, drops empties and trims like the package") {
  CHECK(normalise({}) == op{});
  CHECK(normalise({S(0), I(""), D(0), DT("")}) == op{});
  CHECK(normalise({S(1), S(2), I("a")}) == op{S(3), I("a")});
  CHECK(normalise({I("a"), I("b")}) == op{I("ab")});
  CHECK(normalise({DT("a"), DT(ae)}) == op{DT("a" + ae)});
  // mixing a counted delete with a delete with text keeps only the count
  CHECK(normalise({DT("ab"), D(3)}) == op{D(5)});
  CHECK(normalise({D(3), DT("ab")}) == op{D(5)});
  CHECK(normalise({S(3), I("x"), S(4)}) == op{S(3), I("x")});
  CHECK(normalise({S(3), S(0), S(4)}) == op{});
  CHECK(normalise({I("a"), S(0), I("b")}) == op{I("ab")});
  // insert and delete at the same place stay in their order
  CHECK(normalise({I("a"), D(1)}) == op{I("a"), D(1)});
  CHECK(normalise({D(1), I("a")}) == op{D(1), I("a")});
}

TEST_CASE("op: check accepts normalised ops") {
  CHECK(outcome(check({})) == "ok");
  CHECK(outcome(check({I("x")})) == "ok");
  CHECK(outcome(check({S(3), I("hi"), S(5), D(8)})) == "ok");
  CHECK(outcome(check({DT(grin), I(ae), S(1), DT("q")})) == "ok");
}

TEST_CASE("op: check rejects malformed ops with bad_request") {
  CHECK(rejected(check({S(0), I("a")})));
  CHECK(rejected(check({I("")})));
  CHECK(rejected(check({D(0)})));
  CHECK(rejected(check({S(1), S(2), I("a")})));
  CHECK(rejected(check({I("a"), I("b")})));
  CHECK(rejected(check({D(1), D(2)})));
  CHECK(rejected(check({DT("a"), D(2)})));
  CHECK(rejected(check({S(3)})));
  CHECK(rejected(check({I("a"), S(3)})));
  // invalid UTF-8: an encoded surrogate (U+D800), an overlong '/', a truncated sequence,
  // a stray continuation byte, a code point above U+10FFFF
  CHECK(rejected(check({I("\xed\xa0\x80")})));
  CHECK(rejected(check({I("\xc0\xaf")})));
  CHECK(rejected(check({I("\xe6\xbc")})));
  CHECK(rejected(check({I("a\x80")})));
  CHECK(rejected(check({I("\xf4\x90\x80\x80")})));
  CHECK(rejected(check({DT("\xed\xbf\xbf")})));
  // a length that does not match the text
  CHECK(rejected(check({component{component_kind::insert, 2, "abc"}})));
  CHECK(rejected(check({component{component_kind::del, 1, grin + grin}})));
  CHECK(rejected(check({component{component_kind::skip, 2, "ab"}, I("x")})));
  // absurd spans
  CHECK(rejected(check({S(max_span), I("x"), D(1)})));
  CHECK(outcome(check({S(max_span - 1), I("x"), D(1)})) == "ok");
  CHECK(rejected(check({S(~std::uint64_t{0}), I("x")})));

  auto const s = check({I("a"), I("b")});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().message.find("not normalised") != std::string::npos);
}

TEST_CASE("op: check against a document") {
  rope const doc("h" + ae + "llo " + grin);  // 7 code points
  CHECK(outcome(check({S(7), I("!")}, doc)) == "ok");
  CHECK(outcome(check({S(6), D(1)}, doc)) == "ok");
  CHECK(outcome(check({S(6), DT(grin)}, doc)) == "ok");
  CHECK(outcome(check({S(1), DT(ae + "l")}, doc)) == "ok");
  CHECK(rejected(check({S(8), I("!")}, doc)));
  CHECK(rejected(check({S(6), D(2)}, doc)));
  CHECK(rejected(check({S(1), DT("al")}, doc)));
  CHECK(rejected(check({S(6), DT(grin + "x")}, doc)));
  CHECK(rejected(check({I("x"), S(7), D(1)}, doc)));
}

TEST_CASE("op: apply") {
  CHECK(apply_text("", op{I("hi")}).value() == "hi");
  CHECK(apply_text("abc", op{}).value() == "abc");
  CHECK(apply_text("abc", op{S(1), I("X")}).value() == "aXbc");
  CHECK(apply_text("abc", op{D(1), I("X")}).value() == "Xbc");
  CHECK(apply_text("abc", op{I("X"), D(1)}).value() == "Xbc");
  CHECK(apply_text("abc", op{S(1), DT("b")}).value() == "ac");
  // positions count code points, not bytes or UTF-16 units
  CHECK(apply_text(grin + ae + "z", op{S(2), I("!")}).value() == grin + ae + "!z");
  CHECK(apply_text(grin + ae + "z", op{D(2)}).value() == "z");
  CHECK(apply_text(grin + grin, op{S(1), DT(grin)}).value() == grin);

  // Errors leave the document untouched.
  rope r("abc");
  CHECK(rejected(apply(r, op{S(4), I("X")})));
  CHECK(rejected(apply(r, op{S(1), D(3)})));
  CHECK(rejected(apply(r, op{S(1), DT("x")})));
  CHECK(rejected(apply(r, op{I("a"), I("b")})));
  CHECK(r.to_string() == "abc");
  CHECK_FALSE(apply_text("\xff", op{}).has_value());
}

TEST_CASE("op: absurd counts fail fast instead of walking them") {
  // The package hangs on apply('abc', [1e300, 'X']); here a huge skip is a plain error.
  auto const t0 = std::chrono::steady_clock::now();
  rope r("abc");
  CHECK(rejected(apply(r, op{S(1), I("X"), S(std::uint64_t{1} << 52), D(1)})));
  CHECK(rejected(apply(r, op{S(~std::uint64_t{0} / 2), I("X"), D(1)})));
  CHECK(rejected(apply(r, op{D(~std::uint64_t{0})})));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  CHECK(r.to_string() == "abc");
}

TEST_CASE("op: editor helpers") {
  CHECK(make_insert(0, "x") == op{I("x")});
  CHECK(make_insert(4, "x") == op{S(4), I("x")});
  CHECK(make_insert(4, "") == op{});
  CHECK(make_delete(0, 2) == op{D(2)});
  CHECK(make_delete(3, 2) == op{S(3), D(2)});
  CHECK(make_delete(3, 0) == op{});
  CHECK(make_replace(3, 2, "ab") == op{S(3), D(2), I("ab")});
  CHECK(make_replace(0, 0, "ab") == op{I("ab")});
}

TEST_CASE("op: invertibility") {
  rope const doc("abc" + grin + "def");
  op const o{S(1), D(2), I("X"), S(1), D(1)};
  CHECK_FALSE(is_invertible(o));
  auto const refused = invert(o);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == errc::bad_request);

  op const inv_ready = make_invertible(o, doc).value();
  CHECK(inv_ready == op{S(1), DT("bc"), I("X"), S(1), DT("d")});
  CHECK(is_invertible(inv_ready));
  CHECK(strip_invertible(inv_ready) == o);

  op const undo = invert(inv_ready).value();
  CHECK(undo == op{S(1), I("bc"), DT("X"), S(1), I("d")});
  rope r = doc;
  REQUIRE(outcome(apply(r, inv_ready)) == "ok");
  CHECK(r.to_string() == "aX" + grin + "ef");
  REQUIRE(outcome(apply(r, undo)) == "ok");
  CHECK(r.to_string() == doc.to_string());
  CHECK(is_noop({}));
  CHECK_FALSE(is_noop({I("a")}));
}

TEST_CASE("op: debug form mirrors the JSON form") {
  CHECK(to_debug_string({S(3), I("h\"i\n"), D(2), DT("x")}) ==
        "[3,\"h\\\"i\\n\",{\"d\":2},{\"d\":\"x\"}]");
  CHECK(to_debug_string({}) == "[]");
}

TEST_CASE("op: apply agrees with a code point reference (fixed seed)") {
  random_source rnd(42);
  for (int i = 0; i < 3000; ++i) {
    std::u32string const doc = rnd.chance(10) ? std::u32string() : rnd.text(30);
    op const o = rnd.make_op(doc);
    REQUIRE(outcome(check(o)) == "ok");
    rope r(encode(doc));
    REQUIRE(outcome(apply(r, o)) == "ok");
    CHECK(r.to_string() == encode(apply_reference(doc, o)));
    CHECK(r.length() == measure(o).output(doc.size()));
  }
}
