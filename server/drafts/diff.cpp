// Word and line differences between two texts.
//
// The texts are cut into tokens (words, whitespace runs and punctuation, or lines), the common
// prefix and suffix of the token sequences are set aside, and only the middle goes to the
// sequence diff. Each distinct middle token is interned as a 32-bit number, so the diff
// compares integers rather than strings.
//
// The sequence diff is Debian's dtl (libdtl-dev, header-only): Wu, Manber and Myers' O(NP)
// algorithm, where P is the number of deletions, so its time grows with the size of the
// change, not of the document. dtl bounds its own search (MAX_CORDINATES_SIZE path points,
// about 48 MB); past that it commits to the best path found so far and continues from there,
// so two large and wholly different texts still diff in bounded memory and a few seconds, at
// the cost of a longer-than-minimal script. dtl builds cleanly at -Wall -Wextra -Wshadow in
// C++20 and is included only here, so its using-declarations and macros stay in this file.
//
// The edit script comes back token by token. A builder glues neighbouring tokens of the same
// kind into one chunk (they are contiguous in their source text, so a chunk is a string_view
// until the end) and puts the deletions of each changed stretch before its insertions.
#include "drafts/diff.hpp"

#include "drafts/ot/utf8.hpp"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace arena::drafts {
namespace {

using kind = diff_chunk::kind_t;

bool is_word_byte(unsigned char c) noexcept {
  return c >= 0x80u || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_space(unsigned char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::vector<std::string_view> tokenize(std::string_view s, diff_granularity g) {
  std::vector<std::string_view> out;
  std::size_t const n = s.size();
  std::size_t i = 0;
  if (g == diff_granularity::line) {
    while (i < n) {
      std::size_t const nl = s.find('\n', i);
      std::size_t const end = nl == std::string_view::npos ? n : nl + 1;
      out.push_back(s.substr(i, end - i));
      i = end;
    }
    return out;
  }
  out.reserve(n / 3 + 1);
  while (i < n) {
    auto const c = static_cast<unsigned char>(s[i]);
    std::size_t j = i + 1;
    if (is_word_byte(c)) {
      while (j < n && is_word_byte(static_cast<unsigned char>(s[j]))) ++j;
    } else if (is_space(c)) {
      while (j < n && is_space(static_cast<unsigned char>(s[j]))) ++j;
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

struct piece {
  kind k;
  std::string_view text;
};

// Collects tokens into pieces: equal runs as they come; within a changed stretch (between two
// equal tokens) all deletions, then all insertions.
class builder {
 public:
  void equal(std::string_view t) {
    flush();
    if (!out_.empty() && out_.back().k == kind::equal) {
      extend(out_.back().text, t);
    } else if (!t.empty()) {
      out_.push_back({kind::equal, t});
    }
  }
  void del(std::string_view t) { extend(del_, t); }
  void ins(std::string_view t) { extend(ins_, t); }
  std::vector<piece> finish() {
    flush();
    return std::move(out_);
  }

 private:
  // Tokens arrive in source order and without gaps, so a run of them is one contiguous view.
  static void extend(std::string_view& run, std::string_view t) noexcept {
    if (t.empty()) return;
    if (run.empty()) {
      run = t;
    } else {
      run = std::string_view(run.data(), static_cast<std::size_t>(t.data() + t.size() - run.data()));
    }
  }
  void flush() {
    if (!del_.empty()) out_.push_back({kind::del, del_});
    if (!ins_.empty()) out_.push_back({kind::insert, ins_});
    del_ = {};
    ins_ = {};
  }

  std::vector<piece> out_;
  std::string_view del_;
  std::string_view ins_;
};

// A view from the start of `first` to the end of `last` (tokens of one text, first <= last).
std::string_view span(std::string_view first, std::string_view last) noexcept {
  return std::string_view(first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data()));
}

// The middle ta[lo_a, hi_a) against tb[lo_b, hi_b), both non-empty, through dtl.
void diff_middle(std::vector<std::string_view> const& ta, std::size_t lo_a, std::size_t hi_a,
                 std::vector<std::string_view> const& tb, std::size_t lo_b, std::size_t hi_b,
                 builder& out) {
  std::unordered_map<std::string_view, std::uint32_t> ids;
  ids.reserve((hi_a - lo_a) + (hi_b - lo_b));
  auto intern = [&ids](std::string_view t) {
    return ids.try_emplace(t, static_cast<std::uint32_t>(ids.size())).first->second;
  };
  std::vector<std::uint32_t> a;
  std::vector<std::uint32_t> b;
  a.reserve(hi_a - lo_a);
  b.reserve(hi_b - lo_b);
  for (std::size_t i = lo_a; i < hi_a; ++i) a.push_back(intern(ta[i]));
  for (std::size_t i = lo_b; i < hi_b; ++i) b.push_back(intern(tb[i]));

  dtl::Diff<std::uint32_t> d(a, b);
  d.compose();
  auto const ses = d.getSes().getSequence();

  // The script must account for every token exactly once; if it ever did not, fall back to
  // "replace the whole middle", which is always correct.
  std::size_t common = 0, dels = 0, adds = 0;
  for (auto const& e : ses) {
    if (e.second.type == dtl::SES_COMMON) ++common;
    else if (e.second.type == dtl::SES_DELETE) ++dels;
    else ++adds;
  }
  if (common + dels != a.size() || common + adds != b.size()) {
    out.del(span(ta[lo_a], ta[hi_a - 1]));
    out.ins(span(tb[lo_b], tb[hi_b - 1]));
    return;
  }
  std::size_t ia = lo_a, ib = lo_b;
  for (auto const& e : ses) {
    if (e.second.type == dtl::SES_COMMON) {
      out.equal(ta[ia++]);
      ++ib;
    } else if (e.second.type == dtl::SES_DELETE) {
      out.del(ta[ia++]);
    } else {
      out.ins(tb[ib++]);
    }
  }
}

std::vector<piece> diff_pieces(std::string_view a, std::string_view b, diff_granularity g) {
  auto const ta = tokenize(a, g);
  auto const tb = tokenize(b, g);
  std::size_t const na = ta.size(), nb = tb.size();
  std::size_t pre = 0;
  while (pre < na && pre < nb && ta[pre] == tb[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < na - pre && suf < nb - pre && ta[na - 1 - suf] == tb[nb - 1 - suf]) ++suf;

  builder out;
  if (pre > 0) out.equal(span(ta[0], ta[pre - 1]));
  std::size_t const hi_a = na - suf, hi_b = nb - suf;
  if (pre == hi_a) {
    if (pre < hi_b) out.ins(span(tb[pre], tb[hi_b - 1]));
  } else if (pre == hi_b) {
    out.del(span(ta[pre], ta[hi_a - 1]));
  } else {
    diff_middle(ta, pre, hi_a, tb, pre, hi_b, out);
  }
  if (suf > 0) out.equal(span(ta[hi_a], ta[na - 1]));
  return out.finish();
}

// Appends "replace d with i" to o, keeping the code points d and i share at either end.
void append_replace(ot::op& o, std::string_view d, std::string_view i) {
  auto const cont = [](std::string_view s, std::size_t k) {
    return k < s.size() && ot::utf8::is_continuation(static_cast<unsigned char>(s[k]));
  };
  std::size_t const shorter = std::min(d.size(), i.size());
  std::size_t p = 0;
  while (p < shorter && d[p] == i[p]) ++p;
  while (p > 0 && (cont(d, p) || cont(i, p))) --p;  // cut between code points
  std::size_t s = 0;
  while (s < shorter - p && d[d.size() - 1 - s] == i[i.size() - 1 - s]) ++s;
  while (s > 0 && cont(d, d.size() - s)) --s;  // the same bytes end i

  ot::append(o, ot::component::skip(ot::utf8::code_points(d.substr(0, p))));
  std::string_view const gone = d.substr(p, d.size() - p - s);
  ot::append(o, ot::component::del(ot::utf8::code_points(gone)));
  std::string_view const added = i.substr(p, i.size() - p - s);
  if (!added.empty()) ot::append(o, ot::component::insert(std::string(added)));
  ot::append(o, ot::component::skip(ot::utf8::code_points(d.substr(d.size() - s))));
}

}  // namespace

std::vector<diff_chunk> diff(std::string_view a, std::string_view b, diff_granularity g) {
  auto const pieces = diff_pieces(a, b, g);
  std::vector<diff_chunk> out;
  out.reserve(pieces.size());
  for (auto const& p : pieces) out.push_back({p.k, std::string(p.text)});
  return out;
}

ot::op diff_op(std::string_view from, std::string_view to) {
  auto const pieces = diff_pieces(from, to, diff_granularity::word);
  ot::op o;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    piece const& p = pieces[k];
    switch (p.k) {
      case kind::equal:
        ot::append(o, ot::component::skip(ot::utf8::code_points(p.text)));
        break;
      case kind::del:
        if (k + 1 < pieces.size() && pieces[k + 1].k == kind::insert) {
          append_replace(o, p.text, pieces[k + 1].text);
          ++k;
        } else {
          ot::append(o, ot::component::del(ot::utf8::code_points(p.text)));
        }
        break;
      case kind::insert:
        ot::append(o, ot::component::insert(std::string(p.text)));
        break;
    }
  }
  ot::trim(o);
  return o;
}

}  // namespace arena::drafts
