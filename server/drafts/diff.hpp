// Differences between two versions of a draft: for showing what changed between versions, and
// for turning "restore version v" into an ordinary edit (an ot::op) that touches only what
// differs. Pure functions; thread-safe.
#pragma once

#include "drafts/ot/op.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace arena::drafts {

enum class diff_granularity { word, line };

// One piece of a difference: text both sides share, text only the new side has (insert) or
// text only the old side has (del).
struct diff_chunk {
  enum class kind_t { equal, insert, del } kind = kind_t::equal;
  std::string text;

  friend bool operator==(diff_chunk const&, diff_chunk const&) = default;
};

// The chunks that turn a into b, in document order: concatenating the equal and del chunks
// gives a, the equal and insert chunks gives b. No chunk is empty, no two neighbours are of the
// same kind, and between two equal chunks the del (if any) comes before the insert.
//
// word: the tokens are runs of letters and digits (every byte >= 0x80 counts as a letter, so
// æøå and any other non-ASCII text stay inside words and a UTF-8 sequence is never split), runs
// of whitespace, and single ASCII punctuation characters. line: lines with their '\n'.
//
// Large inputs: the common prefix and suffix are trimmed first, so a small edit to a 1 MiB
// document costs little more than reading it; very different large inputs are bounded by the
// diff library's search limit (the result is then still correct, only not minimal).
std::vector<diff_chunk> diff(std::string_view a, std::string_view b, diff_granularity g);

// A normalised op (ot::check accepts it) that turns `from` into `to`: a word diff, narrowed to
// the code points that differ inside each replaced stretch, with counted deletes. Used to
// restore an old version as a new edit that changes only what differs.
// ot::apply_text(from, diff_op(from, to)) == to.
// REQUIRES: from and to are valid UTF-8 (ot::utf8::valid).
ot::op diff_op(std::string_view from, std::string_view to);

}  // namespace arena::drafts
