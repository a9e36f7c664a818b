// Transform and compose for text ops, and moving cursors through ops: the rules of
// ot-text-unicode 4.x, to the component. The reasoning is at the top of transform.cpp.
// Pure functions: thread-safe.
#pragma once

#include "drafts/ot/op.hpp"

#include <cstdint>

namespace arena::drafts::ot {

// Which of two concurrent ops wins a tie: when both insert at the same place, the text of the
// op transformed with side::left ends up first.
enum class side { left, right };

// Rewrites `a` so that it applies after `b`, where both were made against the same document.
// With a' = transform(a, b, left) and b' = transform(b, a, right),
// apply(apply(d, b), a') == apply(apply(d, a), b'): the two sites converge.
// Errors: bad_request when check() rejects either op.
result<op> transform(op const& a, op const& b, side s);

// One op with the effect of `a` followed by `b` (b made against the result of a).
// Errors: bad_request when check() rejects either op.
result<op> compose(op const& a, op const& b);

// Where a cursor at code point `cursor` is after `o`. Text inserted exactly at the cursor
// stays after it (the package's transformPosition); with is_own_op the cursor instead moves
// past text inserted exactly there, as the author's own caret does after typing.
// REQUIRES: check(o) succeeded.
std::uint64_t transform_position(std::uint64_t cursor, op const& o, bool is_own_op = false);

// A selection; focus may be before anchor. A caret is a selection with anchor == focus.
struct selection {
  std::uint64_t anchor = 0;
  std::uint64_t focus = 0;
  friend bool operator==(selection const&, selection const&) = default;
};
selection transform_selection(selection s, op const& o, bool is_own_op = false);

}  // namespace arena::drafts::ot
