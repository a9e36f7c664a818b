// Authorship runs in chunks.
//
// A document typed by several people at once breaks into many short runs (the automerge-paper
// trace with two alternating authors leaves tens of thousands), so one flat vector with a
// linear walk per op would cost O(runs) per keystroke. Instead the runs live in chunks of at
// most max_chunk_runs, and a Fenwick tree over the chunk lengths finds the chunk holding a
// position in O(log chunks). Within a chunk the walk and the vector insert/erase touch at
// most a few kilobytes. Chunks split when full, and a small chunk is joined to its neighbour
// after deletions, which keeps their number near runs / (max_chunk_runs / 2); those structural
// changes are rare (one per ~max_chunk_runs / 2 new runs) and rebuild the index in O(chunks).
//
// Neighbouring runs of one author are merged within a chunk as edits happen; across a chunk
// boundary they may stay apart, and runs() merges them when it flattens the chunks.
#include "drafts/authorship.hpp"

#include <algorithm>
#include <bit>
#include <iterator>

namespace arena::drafts {

authorship::authorship(std::uint64_t initial_length, std::int64_t initial_author) {
  if (initial_length > 0) {
    chunks_.push_back({initial_length, {{initial_length, initial_author}}});
    length_ = initial_length;
  }
  rebuild_index();
  dirty_ = true;
}

status authorship::apply(ot::op const& o, std::int64_t author) {
  auto const m = ot::measure(o);
  if (m.input() > length_) {
    return make_error(errc::bad_request, "the op covers " + std::to_string(m.input()) +
                                             " code points but the document has " +
                                             std::to_string(length_));
  }
  std::uint64_t pos = 0;
  for (auto const& c : o) {
    if (c.length == 0) continue;
    switch (c.kind) {
      case ot::component_kind::skip:
        pos += c.length;
        break;
      case ot::component_kind::insert:
        insert(pos, c.length, author);
        pos += c.length;
        break;
      case ot::component_kind::del:
        erase(pos, c.length);
        break;
    }
  }
  dirty_ = true;
  return {};
}

std::vector<author_run> const& authorship::runs() const {
  if (dirty_) {
    flat_.clear();
    for (auto const& ch : chunks_) {
      for (auto const& r : ch.runs) {
        if (!flat_.empty() && flat_.back().author_id == r.author_id) {
          flat_.back().length += r.length;
        } else {
          flat_.push_back(r);
        }
      }
    }
    dirty_ = false;
  }
  return flat_;
}

std::int64_t authorship::author_at(std::uint64_t pos) const noexcept {
  std::size_t const ci = find_chunk(pos, false);
  for (auto const& r : chunks_[ci].runs) {
    if (pos < r.length) return r.author_id;
    pos -= r.length;
  }
  return 0;  // unreachable when pos < length()
}

void authorship::insert(std::uint64_t pos, std::uint64_t n, std::int64_t author) {
  length_ += n;
  if (chunks_.empty()) {
    chunks_.push_back({n, {{n, author}}});
    rebuild_index();
    return;
  }
  std::uint64_t off = pos;
  std::size_t const ci = find_chunk(off, true);  // 0 < off <= length, or off == 0 at the start
  auto& rs = chunks_[ci].runs;
  chunks_[ci].length += n;
  index_add(ci, n);
  if (off == 0) {
    if (rs.front().author_id == author) {
      rs.front().length += n;
    } else {
      rs.insert(rs.begin(), {n, author});
    }
  } else {
    std::size_t ri = 0;
    while (off > rs[ri].length) off -= rs[ri++].length;  // now 0 < off <= rs[ri].length
    std::int64_t const there = rs[ri].author_id;
    std::uint64_t const rest = rs[ri].length - off;
    auto const at = rs.begin() + static_cast<std::ptrdiff_t>(ri + 1);
    if (there == author) {
      rs[ri].length += n;
    } else if (rest == 0) {
      if (ri + 1 < rs.size() && rs[ri + 1].author_id == author) {
        rs[ri + 1].length += n;
      } else {
        rs.insert(at, {n, author});
      }
    } else {
      rs[ri].length = off;
      author_run const two[] = {{n, author}, {rest, there}};
      rs.insert(at, std::begin(two), std::end(two));
    }
  }
  split_if_full(ci);
}

void authorship::erase(std::uint64_t pos, std::uint64_t n) {
  length_ -= n;
  while (n > 0) {
    std::uint64_t off = pos;
    std::size_t const ci = find_chunk(off, false);  // off < length of chunk ci
    auto& ch = chunks_[ci];
    std::uint64_t const k = std::min(n, ch.length - off);
    ch.length -= k;
    index_sub(ci, k);
    n -= k;

    auto& rs = ch.runs;
    std::size_t i = 0;
    while (off >= rs[i].length) off -= rs[i++].length;  // now off < rs[i].length
    std::uint64_t rem = k;
    if (off > 0) {
      std::uint64_t const take = std::min(rem, rs[i].length - off);
      rs[i].length -= take;
      rem -= take;
      ++i;
    }
    std::size_t j = i;
    while (rem > 0 && rs[j].length <= rem) rem -= rs[j++].length;
    if (rem > 0) rs[j].length -= rem;
    auto const first = rs.begin() + static_cast<std::ptrdiff_t>(i);
    rs.erase(first, rs.begin() + static_cast<std::ptrdiff_t>(j));
    if (i > 0 && i < rs.size() && rs[i - 1].author_id == rs[i].author_id) {
      rs[i - 1].length += rs[i].length;
      rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(i));
    }
    join_if_small(ci);
  }
}

std::size_t authorship::find_chunk(std::uint64_t& pos, bool at_end) const noexcept {
  std::size_t const count = chunks_.size();
  std::size_t idx = 0;
  for (std::size_t step = std::bit_floor(count); step > 0; step >>= 1) {
    std::size_t const next = idx + step;
    if (next <= count && (at_end ? index_[next] < pos : index_[next] <= pos)) {
      idx = next;
      pos -= index_[next];
    }
  }
  return idx;
}

void authorship::split_if_full(std::size_t ci) {
  if (chunks_[ci].runs.size() <= max_chunk_runs) return;
  auto& rs = chunks_[ci].runs;
  auto const mid = rs.begin() + static_cast<std::ptrdiff_t>(rs.size() / 2);
  chunk right;
  right.runs.assign(mid, rs.end());
  rs.erase(mid, rs.end());
  for (auto const& r : right.runs) right.length += r.length;
  chunks_[ci].length -= right.length;
  chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(ci + 1), std::move(right));
  rebuild_index();
}

void authorship::join_if_small(std::size_t ci) {
  auto const at = [this](std::size_t i) { return chunks_.begin() + static_cast<std::ptrdiff_t>(i); };
  if (chunks_[ci].runs.empty()) {
    chunks_.erase(at(ci));
    rebuild_index();
    return;
  }
  if (chunks_[ci].runs.size() >= max_chunk_runs / 4) return;
  // Join with the smaller neighbour, if the two fit in half a chunk.
  std::size_t left = ci, right = ci + 1;
  if (ci + 1 >= chunks_.size() ||
      (ci > 0 && chunks_[ci - 1].runs.size() < chunks_[ci + 1].runs.size())) {
    if (ci == 0) return;  // the only chunk
    left = ci - 1;
    right = ci;
  }
  auto& l = chunks_[left];
  auto& r = chunks_[right];
  if (l.runs.size() + r.runs.size() > max_chunk_runs / 2) return;
  auto from = r.runs.begin();
  if (l.runs.back().author_id == from->author_id) {
    l.runs.back().length += from->length;
    ++from;
  }
  l.runs.insert(l.runs.end(), from, r.runs.end());
  l.length += r.length;
  chunks_.erase(at(right));
  rebuild_index();
}

void authorship::rebuild_index() {
  std::size_t const count = chunks_.size();
  index_.assign(count + 1, 0);
  for (std::size_t i = 1; i <= count; ++i) {
    index_[i] += chunks_[i - 1].length;
    std::size_t const parent = i + (i & (~i + 1));
    if (parent <= count) index_[parent] += index_[i];
  }
}

void authorship::index_add(std::size_t ci, std::uint64_t n) noexcept {
  for (std::size_t i = ci + 1; i < index_.size(); i += i & (~i + 1)) index_[i] += n;
}

void authorship::index_sub(std::size_t ci, std::uint64_t n) noexcept {
  for (std::size_t i = ci + 1; i < index_.size(); i += i & (~i + 1)) index_[i] -= n;
}

}  // namespace arena::drafts
