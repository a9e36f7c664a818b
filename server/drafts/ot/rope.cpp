// The rope: how a draft's text is held so that an edit costs O(log n), not O(n).
//
// A draft is edited one keystroke at a time, by several people, and every edit arrives as an
// op whose positions count Unicode code points. A std::string would make each edit a memmove
// of the whole text plus a scan from the start to turn a code point position into a byte
// offset; on a 100 kB draft that is fine once and wasteful 250,000 times. The rope instead
// keeps the text in a B+tree:
//
//   * Leaves hold the text itself, as UTF-8 chunks of at most max_leaf_bytes (1 kB). A chunk
//     always starts and ends on a code point boundary, so every leaf is valid UTF-8 on its own.
//   * Inner nodes hold 1..max_children (16) children. Every node caches the size of the text
//     below it in four units at once: bytes, code points, UTF-16 units and newlines
//     (utf8::counts). Code points are what ops count; UTF-16 units are what a browser's
//     selection counts; bytes are what storage counts; newlines give line numbers.
//   * All leaves are at the same depth. Apart from the root, a leaf holds at least
//     min_leaf_bytes and an inner node at least min_children children, so the height stays
//     O(log n): a 1 MB text is about 1,000 leaves under three levels.
//
// Finding a position walks down from the root, at each node skipping whole children by their
// cached counts, then scans at most one 1 kB leaf (not even that for ASCII leaves, where the
// code point offset is the byte offset). Any unit can be the key of that walk, which is how
// code point, UTF-16 and byte offsets are converted into each other (prefix_by).
//
// Insert descends to the leaf holding the position and splices the text into its chunk,
// adding the inserted text's counts to each node on the way down. A leaf that grows past
// 1 kB is cut into even chunks on code point boundaries; the new leaves become right siblings,
// and a parent that gets more than 16 children splits the same way, up to the root, which
// grows a new level above it. A large insert (a paste) is thus cut into many leaves at once.
//
// Erase visits the children that overlap the range: children wholly inside are dropped, the
// at most two partly covered ones are trimmed recursively. Then each node repairs its
// children: an underfull child is merged with a neighbour (and the result cut in two again if
// it is now too big); merging two inner nodes joins their child lists, so the seam between
// them is repaired the same way one level down. Finally a root with a single child hands the
// root role to that child, so the tree shrinks as it grew, from the top.
//
// The counts in a node are always the sum over its children; check_invariants() verifies
// that, the fill bounds, the equal depth and the UTF-8 boundaries, and the tests call it after
// random edits.
#include "drafts/ot/rope.hpp"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace arena::drafts::ot {

namespace detail {
struct rope_node {
  utf8::counts m;
  bool leaf = true;
  std::string text;                               // leaves only
  std::vector<std::unique_ptr<rope_node>> kids;   // inner nodes only
};
}  // namespace detail

namespace {

using node = detail::rope_node;
using node_ptr = std::unique_ptr<node>;
using metrics = utf8::counts;

constexpr std::size_t max_leaf = rope::max_leaf_bytes;
constexpr std::size_t min_leaf = rope::min_leaf_bytes;
constexpr std::size_t max_kids = rope::max_children;
constexpr std::size_t min_kids = rope::min_children;

void refresh(node& n) {
  if (n.leaf) {
    n.m = utf8::count(n.text);
    return;
  }
  metrics m;
  for (auto const& k : n.kids) m += k->m;
  n.m = m;
}

node_ptr make_leaf(std::string_view text) {
  auto n = std::make_unique<node>();
  n->text.assign(text);
  n->m = utf8::count(text);
  return n;
}

node_ptr make_inner(std::vector<node_ptr> kids) {
  auto n = std::make_unique<node>();
  n->leaf = false;
  n->kids = std::move(kids);
  refresh(*n);
  return n;
}

node_ptr clone(node const& n) {
  auto c = std::make_unique<node>();
  c->m = n.m;
  c->leaf = n.leaf;
  c->text = n.text;
  c->kids.reserve(n.kids.size());
  for (auto const& k : n.kids) c->kids.push_back(clone(*k));
  return c;
}

bool underfull(node const& n) {
  return n.leaf ? n.text.size() < min_leaf : n.kids.size() < min_kids;
}

bool is_ascii(node const& n) { return n.m.bytes == n.m.code_points; }

// Byte offset of code point `cp` within a leaf.
std::size_t leaf_byte(node const& n, std::uint64_t cp) {
  return is_ascii(n) ? static_cast<std::size_t>(cp) : utf8::byte_offset(n.text, cp);
}

// Cuts text into the fewest pieces of at most max_leaf bytes, as even as possible, each
// ending on a code point boundary. Boundaries are placed at the ideal fractions and nudged
// forward past continuation bytes, so the nudges never accumulate.
std::vector<std::string_view> cut(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t const size = text.size();
  if (size <= max_leaf) {
    pieces.push_back(text);
    return pieces;
  }
  std::size_t const count = (size + (max_leaf - 4) - 1) / (max_leaf - 4);
  pieces.reserve(count);
  // size * k / count, without overflowing for any size that fits in memory
  std::size_t const base = size / count, rem = size % count;
  std::size_t start = 0;
  for (std::size_t k = 1; k <= count; ++k) {
    std::size_t end = base * k + rem * k / count;
    while (end < size && utf8::is_continuation(static_cast<unsigned char>(text[end]))) ++end;
    pieces.push_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

// Splits the kids into the fewest groups of at most max_kids, as even as possible.
std::vector<node_ptr> group(std::vector<node_ptr> kids) {
  std::size_t const n = kids.size();
  std::size_t const groups = (n + max_kids - 1) / max_kids;
  std::vector<node_ptr> out;
  out.reserve(groups);
  std::size_t start = 0;
  for (std::size_t g = 1; g <= groups; ++g) {
    std::size_t const end = n * g / groups;
    std::vector<node_ptr> part(std::make_move_iterator(kids.begin() + start),
                               std::make_move_iterator(kids.begin() + end));
    out.push_back(make_inner(std::move(part)));
    start = end;
  }
  return out;
}

// A leaf past max_leaf keeps the first piece; the rest go to `spill` as right siblings.
void split_leaf(node& n, std::vector<node_ptr>& spill) {
  auto const pieces = cut(n.text);
  if (pieces.size() == 1) return;
  for (std::size_t i = 1; i < pieces.size(); ++i) spill.push_back(make_leaf(pieces[i]));
  n.text.resize(pieces[0].size());
  refresh(n);
}

// An inner node past max_kids keeps the first group; the rest go to `spill`.
void split_inner(node& n, std::vector<node_ptr>& spill) {
  if (n.kids.size() <= max_kids) return;
  auto groups = group(std::move(n.kids));
  n.kids = std::move(groups[0]->kids);
  refresh(n);
  for (std::size_t i = 1; i < groups.size(); ++i) spill.push_back(std::move(groups[i]));
}

void insert_into(node& n, std::uint64_t at, std::string_view text, metrics const& c,
                 std::vector<node_ptr>& spill) {
  if (n.leaf) {
    n.text.insert(leaf_byte(n, at), text);
    n.m += c;
    if (n.text.size() > max_leaf) split_leaf(n, spill);
    return;
  }
  // The first child whose end is at or after `at`: at a boundary we append to the left child.
  std::size_t i = 0;
  std::uint64_t acc = 0;
  for (; i + 1 < n.kids.size(); ++i) {
    std::uint64_t const kc = n.kids[i]->m.code_points;
    if (at <= acc + kc) break;
    acc += kc;
  }
  std::vector<node_ptr> local;
  insert_into(*n.kids[i], at - acc, text, c, local);
  n.m += c;
  if (!local.empty()) {
    n.kids.insert(n.kids.begin() + static_cast<std::ptrdiff_t>(i + 1),
                  std::make_move_iterator(local.begin()), std::make_move_iterator(local.end()));
    split_inner(n, spill);
  }
}

void fix_underfull(node& n);

// Merges kids i and i+1 of p into one node (or two, if the union is too big).
void merge_kids(node& p, std::size_t i) {
  node& a = *p.kids[i];
  node_ptr b = std::move(p.kids[i + 1]);
  p.kids.erase(p.kids.begin() + static_cast<std::ptrdiff_t>(i + 1));
  std::vector<node_ptr> spill;
  if (a.leaf) {
    a.text += b->text;
    refresh(a);
    split_leaf(a, spill);
  } else {
    for (auto& k : b->kids) a.kids.push_back(std::move(k));
    fix_underfull(a);  // the seam between the two child lists
    refresh(a);
    split_inner(a, spill);
  }
  p.kids.insert(p.kids.begin() + static_cast<std::ptrdiff_t>(i + 1),
                std::make_move_iterator(spill.begin()), std::make_move_iterator(spill.end()));
}

// Merges underfull children into neighbours until none is left (or only one child remains).
// Each merge either removes a child or leaves two children that are both at least half full,
// so the loop ends.
void fix_underfull(node& n) {
  while (n.kids.size() > 1) {
    std::size_t j = 0;
    while (j < n.kids.size() && !underfull(*n.kids[j])) ++j;
    if (j == n.kids.size()) break;
    merge_kids(n, j + 1 < n.kids.size() ? j : j - 1);
  }
}

void erase_from(node& n, std::uint64_t at, std::uint64_t count) {
  if (n.leaf) {
    std::size_t const b0 = leaf_byte(n, at);
    std::size_t const b1 =
        is_ascii(n) ? b0 + static_cast<std::size_t>(count)
                    : b0 + utf8::byte_offset(std::string_view(n.text).substr(b0), count);
    n.m -= utf8::count(std::string_view(n.text).substr(b0, b1 - b0));
    n.text.erase(b0, b1 - b0);
    return;
  }
  std::uint64_t const end = at + count;
  std::uint64_t acc = 0;
  std::size_t drop_first = 0, drop_count = 0;
  for (std::size_t i = 0; i < n.kids.size() && acc < end; ++i) {
    node& k = *n.kids[i];
    std::uint64_t const k_end = acc + k.m.code_points;
    if (k_end > at) {
      if (at <= acc && k_end <= end) {
        if (drop_count == 0) drop_first = i;
        ++drop_count;  // wholly covered children are contiguous
      } else {
        std::uint64_t const s = std::max(at, acc);
        std::uint64_t const e = std::min(end, k_end);
        erase_from(k, s - acc, e - s);
      }
    }
    acc = k_end;
  }
  auto const first = n.kids.begin() + static_cast<std::ptrdiff_t>(drop_first);
  n.kids.erase(first, first + static_cast<std::ptrdiff_t>(drop_count));
  fix_underfull(n);
  refresh(n);
}

// Calls fn(piece) for the pieces of [at, at + count) in order; stops when fn returns false.
template <class Fn>
bool visit(node const& n, std::uint64_t at, std::uint64_t count, Fn& fn) {
  if (n.leaf) {
    std::size_t const b0 = leaf_byte(n, at);
    std::string_view const rest = std::string_view(n.text).substr(b0);
    std::size_t const len =
        is_ascii(n) ? std::min<std::size_t>(rest.size(), count) : utf8::byte_offset(rest, count);
    return fn(rest.substr(0, len));
  }
  std::uint64_t const end = at + count;
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < n.kids.size() && acc < end; ++i) {
    node const& k = *n.kids[i];
    std::uint64_t const k_end = acc + k.m.code_points;
    if (k_end > at) {
      std::uint64_t const s = std::max(at, acc);
      std::uint64_t const e = std::min(end, k_end);
      if (!visit(k, s - acc, e - s, fn)) return false;
    }
    acc = k_end;
  }
  return true;
}

void chunks(node const& n, std::function<void(std::string_view)> const& fn) {
  if (n.leaf) {
    if (!n.text.empty()) fn(n.text);
    return;
  }
  for (auto const& k : n.kids) chunks(*k, fn);
}

// Verifies the subtree; returns its depth, or -1 with `why` set.
int check_node(node const& n, bool is_root, std::string& why) {
  if (n.leaf) {
    if (!n.kids.empty()) return why = "leaf with children", -1;
    if (!utf8::valid(n.text)) return why = "leaf that is not valid UTF-8 on its own", -1;
    if (!(utf8::count(n.text) == n.m)) return why = "leaf counts out of date", -1;
    if (n.text.size() > max_leaf) return why = "leaf over max_leaf_bytes", -1;
    if (!is_root && n.text.size() < min_leaf) return why = "non-root leaf under min_leaf_bytes", -1;
    return 1;
  }
  if (!n.text.empty()) return why = "inner node with text", -1;
  if (n.kids.empty()) return why = "inner node without children", -1;
  if (n.kids.size() > max_kids) return why = "inner node over max_children", -1;
  if (!is_root && n.kids.size() < min_kids) return why = "non-root inner node under min_children", -1;
  metrics sum;
  int depth = -2;
  for (auto const& k : n.kids) {
    int const d = check_node(*k, false, why);
    if (d < 0) return -1;
    if (depth != -2 && d != depth) return why = "leaves at different depths", -1;
    depth = d;
    sum += k->m;
  }
  if (!(sum == n.m)) return why = "inner counts differ from the sum of the children", -1;
  return depth + 1;
}

}  // namespace

rope::rope() : root_(make_leaf({})) {}

rope::rope(std::string_view text) {
  std::vector<node_ptr> level;
  for (auto piece : cut(text)) level.push_back(make_leaf(piece));
  while (level.size() > 1) level = group(std::move(level));
  root_ = std::move(level.front());
}

rope::rope(rope const& other) : root_(clone(*other.root_)) {}

rope& rope::operator=(rope const& other) {
  if (this != &other) root_ = clone(*other.root_);
  return *this;
}

// A moved-from rope is left empty, not null, so that it stays usable.
rope::rope(rope&& other) noexcept : root_(std::move(other.root_)) {
  other.root_ = std::make_unique<node>();
}

rope& rope::operator=(rope&& other) noexcept {
  if (this != &other) {
    root_ = std::move(other.root_);
    other.root_ = std::make_unique<node>();
  }
  return *this;
}

rope::~rope() = default;

rope::metrics const& rope::size() const noexcept { return root_->m; }

void rope::insert(std::uint64_t at, std::string_view text) {
  if (text.empty()) return;
  metrics const c = utf8::count(text);
  std::vector<node_ptr> spill;
  insert_into(*root_, at, text, c, spill);
  while (!spill.empty()) {
    std::vector<node_ptr> kids;
    kids.reserve(spill.size() + 1);
    kids.push_back(std::move(root_));
    for (auto& s : spill) kids.push_back(std::move(s));
    spill.clear();
    auto top = make_inner(std::move(kids));
    split_inner(*top, spill);
    root_ = std::move(top);
  }
}

void rope::erase(std::uint64_t at, std::uint64_t count) {
  if (count == 0) return;
  erase_from(*root_, at, count);
  while (!root_->leaf && root_->kids.size() == 1) root_ = std::move(root_->kids.front());
  if (!root_->leaf && root_->kids.empty()) root_ = make_leaf({});
}

std::string rope::substr(std::uint64_t at, std::uint64_t count) const {
  std::string out;
  std::uint64_t const len = length();
  if (at >= len) return out;
  count = std::min(count, len - at);
  auto append = [&out](std::string_view piece) {
    out.append(piece);
    return true;
  };
  visit(*root_, at, count, append);
  return out;
}

bool rope::matches_at(std::uint64_t at, std::string_view text) const {
  std::uint64_t const cps = utf8::code_points(text);
  if (at > length() || cps > length() - at) return false;
  std::size_t offset = 0;
  bool same = true;
  auto compare = [&](std::string_view piece) {
    same = text.substr(offset, piece.size()) == piece;
    offset += piece.size();
    return same;
  };
  visit(*root_, at, cps, compare);
  return same && offset == text.size();
}

std::string rope::to_string() const {
  std::string out;
  out.reserve(static_cast<std::size_t>(size().bytes));
  chunks(*root_, [&out](std::string_view piece) { out.append(piece); });
  return out;
}

void rope::for_each_chunk(std::function<void(std::string_view)> const& fn) const {
  chunks(*root_, fn);
}

rope::metrics rope::prefix_by_cp(std::uint64_t cp) const {
  return prefix_by(unit::code_points, cp);
}

std::uint64_t rope::cp_from_utf16(std::uint64_t units) const {
  return prefix_by(unit::utf16_units, units).code_points;
}

std::uint64_t rope::cp_from_byte(std::uint64_t byte) const {
  return prefix_by(unit::bytes, byte).code_points;
}

std::uint64_t rope::line_start(std::uint64_t line) const {
  if (line == 0) return 0;
  if (line > size().newlines) return length();
  // The longest prefix with line - 1 newlines ends just before the line-th newline.
  return prefix_by(unit::newlines, line - 1).code_points + 1;
}

// The counts of the longest prefix whose size in unit u is at most `value`.
rope::metrics rope::prefix_by(unit u, std::uint64_t value) const {
  auto get = [u](metrics const& m) {
    switch (u) {
      case unit::bytes: return m.bytes;
      case unit::code_points: return m.code_points;
      case unit::utf16_units: return m.utf16_units;
      case unit::newlines: return m.newlines;
    }
    return m.code_points;
  };
  metrics acc;
  node const* n = root_.get();
  while (!n->leaf) {
    node const* next = nullptr;
    for (auto const& k : n->kids) {
      if (get(acc) + get(k->m) > value) {
        next = k.get();
        break;
      }
      acc += k->m;
    }
    if (next == nullptr) return acc;
    n = next;
  }
  if (get(acc) + get(n->m) <= value) {
    acc += n->m;
    return acc;
  }
  std::string_view const text = n->text;
  if (u == unit::code_points && is_ascii(*n)) {
    std::size_t const k = static_cast<std::size_t>(value - acc.code_points);
    acc.bytes += k;
    acc.code_points += k;
    acc.utf16_units += k;
    acc.newlines += static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + k, '\n'));
    return acc;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t const len = utf8::sequence_length(static_cast<unsigned char>(text[i]));
    metrics step;
    step.bytes = len;
    step.code_points = 1;
    step.utf16_units = len == 4 ? 2 : 1;
    step.newlines = text[i] == '\n' ? 1 : 0;
    if (get(acc) + get(step) > value) break;
    acc += step;
    i += len;
  }
  return acc;
}

std::string rope::check_invariants() const {
  std::string why;
  check_node(*root_, true, why);
  return why;
}

int rope::height() const noexcept {
  int h = 1;
  for (node const* n = root_.get(); !n->leaf; n = n->kids.front().get()) ++h;
  return h;
}

}  // namespace arena::drafts::ot
