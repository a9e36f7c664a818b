// Who wrote which part of a draft: the document as runs of code points, each with the id of
// the user whose edit inserted it. Replayed from the op log alongside the text.
#pragma once

#include "drafts/ot/op.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace arena::drafts {

// A stretch of `length` code points written by `author_id` (0: unknown, or the initial text).
struct author_run {
  std::uint64_t length = 0;
  std::int64_t author_id = 0;

  friend bool operator==(author_run const&, author_run const&) = default;
};

// The authorship of one document. Runs are kept in chunks of at most max_chunk_runs, so an
// edit costs a scan of the chunk lengths plus work inside one chunk, not a walk over every run
// of a long, many-authored document. Not synchronised: confined to whoever owns the document
// (its strand), like the rope; even runs() is not safe to call from two threads at once.
class authorship {
 public:
  static constexpr std::size_t max_chunk_runs = 256;

  explicit authorship(std::uint64_t initial_length = 0, std::int64_t initial_author = 0);

  // Applies an op authored by `author`: its inserts get that author, its deletes remove what
  // they cover, its skips keep it. Errors (bad_request, nothing changed) when the op covers
  // more than length() code points; the op is otherwise trusted to be check()ed already.
  status apply(ot::op const& o, std::int64_t author);

  // The runs in document order; neighbours always have different authors and no run is
  // empty. The reference is valid until the next apply.
  std::vector<author_run> const& runs() const;
  std::uint64_t length() const noexcept { return length_; }

  // The author of the code point at `pos`. REQUIRES: pos < length().
  std::int64_t author_at(std::uint64_t pos) const noexcept;

 private:
  struct chunk {
    std::uint64_t length = 0;
    std::vector<author_run> runs;
  };

  void insert(std::uint64_t pos, std::uint64_t n, std::int64_t author);
  void erase(std::uint64_t pos, std::uint64_t n);
  // The chunk holding `pos` and the offset in it. at_end: an insert position, which may be
  // the end of a chunk (the end of the one before when pos falls on a boundary).
  std::size_t find_chunk(std::uint64_t& pos, bool at_end) const noexcept;
  void split_if_full(std::size_t ci);
  void join_if_small(std::size_t ci);
  // The index is a Fenwick tree over the chunk lengths: prefix sums and "which chunk holds
  // position p" in O(log chunks). Rebuilt when chunks are split, joined or removed.
  void rebuild_index();
  void index_add(std::size_t ci, std::uint64_t n) noexcept;
  void index_sub(std::size_t ci, std::uint64_t n) noexcept;

  std::vector<chunk> chunks_;        // none empty
  std::vector<std::uint64_t> index_;  // Fenwick tree, 1-based, over chunks_[i].length
  std::uint64_t length_ = 0;
  mutable std::vector<author_run> flat_;  // runs(), rebuilt when dirty
  mutable bool dirty_ = false;
};

}  // namespace arena::drafts
