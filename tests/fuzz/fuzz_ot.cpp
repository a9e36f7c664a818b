// fuzz_ot: the OT op parsers and the engine (server/drafts/ot, protocol/ot_json).
//
// An input that starts with '{' is a JSON object {"doc": "text", "a": op, "b": op, "pos": n}
// (ops in their wire form, docs/PROTOCOL.md: [3, "hi", {"d": 2}]), read with the server's
// bounded parser. Any other input is fed to ot::decode, the op log's storage form.
//
// It proves, besides ASan/UBSan finding no memory error or undefined behaviour:
//   - op_from_json refuses with bad_request or gives an op; normalise is idempotent; an op that
//     passes check() is normalised and survives op_to_json/op_from_json and encode/decode;
//   - decode() of arbitrary bytes gives a valid op (check passes) or errc::internal;
//   - the rope holds the document (to_string, length in code points, its tree invariants);
//   - apply agrees with check: an op that fits applies, to exactly the text a naive reference
//     (a vector of code points) gives, with length = measure().output(); one that does not fit
//     is refused and leaves the document unchanged;
//   - TP1: for a and b that both fit, a' = transform(a, b, left), b' = transform(b, a, right)
//     exist and apply(apply(d, a), b') == apply(apply(d, b), a');
//   - compose: apply(d, compose(a, b')) == apply(apply(d, a), b');
//   - invert: apply(apply(d, i), invert(i)) == d for i = make_invertible(a, d);
//   - transform_position and transform_selection stay within the new document.
#include "drafts/ot/op.hpp"
#include "drafts/ot/op_codec.hpp"
#include "drafts/ot/transform.hpp"
#include "protocol/codec.hpp"
#include "protocol/ot_json.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace arena;
namespace ot = arena::drafts::ot;
using protocol::json;

namespace {

[[noreturn]] void fail(std::string const& what) {
  std::fprintf(stderr, "FUZZ INVARIANT VIOLATED: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// Code points of valid UTF-8 (the parser and check() guarantee validity here).
std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// The reference: apply on a plain array of code points. REQUIRES: check(o, doc) passed.
std::u32string reference_apply(std::u32string const& doc, ot::op const& o) {
  std::u32string out;
  std::size_t at = 0;
  for (auto const& c : o) {
    if (c.is_skip()) {
      out.append(doc, at, c.length);
      at += c.length;
    } else if (c.is_insert()) {
      out += decode_utf8(c.text);
    } else {
      if (c.has_deleted_text() && doc.compare(at, c.length, decode_utf8(c.text)) != 0) fail("check() passed a delete whose text differs");
      at += c.length;
    }
  }
  out.append(doc, at, std::u32string::npos);
  return out;
}

std::string dbg(ot::op const& o) { return ot::to_debug_string(o); }

void rope_ok(ot::rope const& r, char const* what) {
  if (auto broken = r.check_invariants(); !broken.empty()) fail(std::string(what) + ": rope invariant broken: " + broken);
}

// Applies to a copy; fails the run if apply refuses an op that check() accepted.
ot::rope applied(ot::rope const& d, ot::op const& o, char const* what) {
  ot::rope r(d);
  if (auto st = ot::apply(r, o); !st) fail(std::string(what) + ": apply refused " + dbg(o) + ": " + st.error().message);
  rope_ok(r, what);
  return r;
}

void check_single(ot::op const& o) {
  if (ot::normalise(ot::normalise(o)) != ot::normalise(o)) fail("normalise is not idempotent on " + dbg(o));
  if (!ot::check(o)) return;
  if (ot::normalise(o) != o) fail("check() passed an op that is not normalised: " + dbg(o));
  auto back = protocol::op_from_json(json::parse(protocol::encode(protocol::op_to_json(o))));
  if (!back || *back != o) fail("op_to_json/op_from_json changed " + dbg(o));
  auto dec = ot::decode(ot::encode(o));
  if (!dec || *dec != o) fail("encode/decode changed " + dbg(o));
}

void run_codec(std::string_view bytes) {
  auto o = ot::decode(bytes);
  if (!o) {
    if (o.error().code != errc::internal) fail("decode failed with a code other than internal");
    return;
  }
  if (auto st = ot::check(*o); !st) fail("decode gave an op that check() refuses: " + st.error().message);
  check_single(*o);
}

void run_json(std::string_view text) {
  auto parsed = protocol::parse_object(text);
  if (!parsed) return;
  json const& in = *parsed;
  std::optional<ot::op> a, b;
  for (auto [key, slot] : {std::pair{"a", &a}, std::pair{"b", &b}}) {
    if (!in.contains(key)) continue;
    auto o = protocol::op_from_json(in[key]);
    if (!o) {
      if (o.error().code != errc::bad_request) fail("op_from_json failed with a code other than bad_request");
      continue;
    }
    check_single(*o);
    if (ot::check(*o)) *slot = std::move(*o);
  }
  if (!in.contains("doc") || !in["doc"].is_string()) return;
  std::string const doc = in["doc"].get<std::string>();
  ot::rope const d(doc);
  rope_ok(d, "doc");
  std::u32string const ref = decode_utf8(doc);
  if (d.to_string() != doc || d.length() != ref.size()) fail("the rope does not hold the document");

  bool a_fits = a && ot::check(*a, d), b_fits = b && ot::check(*b, d);
  for (auto [o, fits] : {std::pair{&a, a_fits}, std::pair{&b, b_fits}}) {
    if (!*o) continue;
    if (!fits) {
      ot::rope r(d);
      if (ot::apply(r, **o)) fail("apply accepted an op that check(o, doc) refuses: " + dbg(**o));
      if (r.to_string() != doc) fail("a refused apply changed the document");
      continue;
    }
    auto r = applied(d, **o, "apply");
    auto want = reference_apply(ref, **o);
    if (decode_utf8(r.to_string()) != want) fail("apply differs from the reference for " + dbg(**o));
    if (r.length() != ot::measure(**o).output(d.length())) fail("length after apply is not measure().output()");
    // Invertibility: the inverse of the invertible form restores the document.
    auto inv = ot::make_invertible(**o, d);
    if (!inv) fail("make_invertible refused an op that fits: " + inv.error().message);
    auto undo = ot::invert(*inv);
    if (!undo) fail("invert refused an invertible op: " + undo.error().message);
    if (!ot::check(*undo, applied(d, *inv, "invertible"))) fail("the inverse does not fit the document after the op");
    if (applied(applied(d, *inv, "invertible"), *undo, "undo").to_string() != doc) fail("apply then invert is not the identity for " + dbg(**o));
    // Positions move within the new document.
    std::uint64_t pos = in.contains("pos") && in["pos"].is_number_unsigned() ? in["pos"].get<std::uint64_t>() : d.length() / 2;
    if (pos <= d.length()) {
      for (bool own : {false, true})
        if (ot::transform_position(pos, **o, own) > r.length()) fail("transform_position moved past the end");
      auto sel = ot::transform_selection({pos, d.length()}, **o);
      if (sel.anchor > r.length() || sel.focus > r.length()) fail("transform_selection moved past the end");
    }
  }
  if (a_fits && b_fits) {
    auto a2 = ot::transform(*a, *b, ot::side::left);
    auto b2 = ot::transform(*b, *a, ot::side::right);
    if (!a2 || !b2) fail("transform refused ops that both fit the document");
    auto da = applied(d, *a, "a"), db = applied(d, *b, "b");
    if (!ot::check(*b2, da) || !ot::check(*a2, db)) fail("a transformed op does not fit: a'=" + dbg(*a2) + " b'=" + dbg(*b2));
    auto left = applied(da, *b2, "a then b'").to_string();
    auto right = applied(db, *a2, "b then a'").to_string();
    if (left != right) fail("TP1 violated: a=" + dbg(*a) + " b=" + dbg(*b) + " doc=" + json(doc).dump());
    auto ab = ot::compose(*a, *b2);
    if (!ab) fail("compose refused a and b': " + ab.error().message);
    if (!ot::check(*ab, d) || applied(d, *ab, "compose").to_string() != left) fail("compose(a, b') differs from a then b'");
  } else if (a_fits && b) {
    // b against the document after a: compose(a, b) must equal a then b.
    auto da = applied(d, *a, "a");
    if (ot::check(*b, da)) {
      auto ab = ot::compose(*a, *b);
      if (!ab) fail("compose refused a and b: " + ab.error().message);
      if (!ot::check(*ab, d) || applied(d, *ab, "compose").to_string() != applied(da, *b, "a then b").to_string())
        fail("compose(a, b) differs from a then b");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view in(reinterpret_cast<char const*>(data), size);
  if (!in.empty() && in.front() == '{') run_json(in);
  else run_codec(in);
  return 0;
}
