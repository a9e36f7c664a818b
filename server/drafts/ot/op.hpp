// Text operations in the format of the npm package ot-text-unicode 4.x, and applying them.
//
// An op is a list of components that walk the document from its start:
//
//   skip N        keep the next N code points            JSON: N (a positive integer)
//   insert "s"    insert s at the current position      JSON: "s" (non-empty)
//   delete N      remove the next N code points          JSON: {"d": N}
//   delete "s"    remove the next code points, which     JSON: {"d": "s"}
//                 must spell s (an invertible delete)
//
// e.g. [3, "hi", 5, {"d": 8}]. Every count is in Unicode code points, never UTF-16 units or
// bytes. The document after the last component is kept as it is, so a normalised op never
// ends with a skip; it has no empty component and no two neighbours of the same kind (two
// skips, two inserts, two deletes). The engine only accepts normalised ops: the package's own
// transform gives a different answer for ["a", "b"] than for ["ab"], so accepting both would
// let clients and server disagree.
//
// This header holds the representation, validation (check), normalise, apply and the
// invertibility helpers; transform.hpp holds transform and compose. Plain data: a value of
// these types is confined to whoever holds it. The JSON form is produced and parsed by
// protocol/ (protocol/ot_json.hpp); this code never sees JSON.
#pragma once

#include "drafts/ot/rope.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arena::drafts::ot {

enum class component_kind : std::uint8_t { skip, insert, del };

// One component of an op; a plain value. `length` is always in code points; for an insert, and
// for a delete that carries its text, it equals the number of code points in `text`.
struct component {
  component_kind kind = component_kind::skip;
  std::uint64_t length = 0;
  std::string text;  // insert: the text; del: the deleted text, or empty when only counted

  static component skip(std::uint64_t n) { return {component_kind::skip, n, {}}; }
  static component insert(std::string s);
  static component del(std::uint64_t n) { return {component_kind::del, n, {}}; }
  static component del_text(std::string s);

  bool is_skip() const noexcept { return kind == component_kind::skip; }
  bool is_insert() const noexcept { return kind == component_kind::insert; }
  bool is_del() const noexcept { return kind == component_kind::del; }
  // A delete that says what it deletes: {"d": "text"} rather than {"d": N}.
  bool has_deleted_text() const noexcept { return is_del() && !text.empty(); }

  friend bool operator==(component const&, component const&) = default;
};

// An op: a list of components; a plain value, not synchronised. A vector in all but name: its
// own type keeps argument-dependent lookup out of namespace std (with a std::vector alias, an
// unqualified apply(doc, o) would find std::apply).
class op {
 public:
  using value_type = component;
  using iterator = std::vector<component>::iterator;
  using const_iterator = std::vector<component>::const_iterator;

  op() = default;
  op(std::initializer_list<component> cs) : components_(cs) {}
  explicit op(std::vector<component> cs) noexcept : components_(std::move(cs)) {}

  std::vector<component> const& components() const noexcept { return components_; }
  bool empty() const noexcept { return components_.empty(); }
  std::size_t size() const noexcept { return components_.size(); }
  component const& operator[](std::size_t i) const noexcept { return components_[i]; }
  component& operator[](std::size_t i) noexcept { return components_[i]; }
  component const& back() const noexcept { return components_.back(); }
  component& back() noexcept { return components_.back(); }
  iterator begin() noexcept { return components_.begin(); }
  iterator end() noexcept { return components_.end(); }
  const_iterator begin() const noexcept { return components_.begin(); }
  const_iterator end() const noexcept { return components_.end(); }
  void push_back(component c) { components_.push_back(std::move(c)); }
  void pop_back() noexcept { components_.pop_back(); }
  void reserve(std::size_t n) { components_.reserve(n); }

  friend bool operator==(op const&, op const&) = default;

 private:
  std::vector<component> components_;
};

// The largest document span (skips plus deletes) an op may cover: 2^53 - 1, the largest
// integer a JSON number carries exactly. Real bounds come from the document's length.
inline constexpr std::uint64_t max_span = (std::uint64_t{1} << 53) - 1;

// How much an op reads and writes, in code points.
struct op_lengths {
  std::uint64_t skipped = 0;
  std::uint64_t inserted = 0;
  std::uint64_t deleted = 0;
  // The shortest document the op applies to.
  std::uint64_t input() const noexcept { return skipped + deleted; }
  // The length after applying the op to a document of doc_length code points.
  // REQUIRES: doc_length >= input().
  std::uint64_t output(std::uint64_t doc_length) const noexcept {
    return doc_length - deleted + inserted;
  }
};
op_lengths measure(op const& o) noexcept;

// The op with empty components dropped, neighbours of the same kind merged and a trailing
// skip removed (the package's normalize). Two deletes merge into a delete with text only if
// both have text; otherwise the text is dropped and only the count kept, as the package does.
op normalise(op o);
// Appends c to o the way normalise builds its result: an empty c is dropped, a c of the same
// kind as o's last component is merged into it. Used to build ops piece by piece.
void append(op& o, component c);
// Drops a trailing skip (after append there is at most one).
void trim(op& o) noexcept;

// Validates the op on its own: every component non-empty, text valid UTF-8 (which rules out
// lone surrogates) with `length` matching it, the op normalised, its span at most max_span.
// Errors are errc::bad_request with a message naming the component.
status check(op const& o);
// check(o), and the op fits `doc`: its span is within doc.length() and every delete with text
// matches the document at that place.
status check(op const& o, rope const& doc);

// Applies o to doc in place. On error (see check(o, doc)) doc is unchanged.
status apply(rope& doc, op const& o);
// REQUIRES: check(o, doc) succeeded. For ops already validated, e.g. replayed from storage.
void apply_unchecked(rope& doc, op const& o);
// Convenience for tests and tools: applies o to a copy of doc, given and returned as UTF-8.
result<std::string> apply_text(std::string_view doc, op const& o);

// The simple ops the editor API sends (the package's insert and remove helpers).
op make_insert(std::uint64_t pos, std::string text);
op make_delete(std::uint64_t pos, std::uint64_t count);
// A delete at pos followed by an insert there: the shape of one patch of an editing trace.
op make_replace(std::uint64_t pos, std::uint64_t del_count, std::string text);

// Invertibility. An op is invertible when every delete carries its text.
bool is_invertible(op const& o) noexcept;
// Replaces each counted delete with a delete of the text it removes from doc.
result<op> make_invertible(op const& o, rope const& doc);
// Turns every counted-text delete back into a counted one.
op strip_invertible(op const& o);
// The op that undoes o: inserts become deletes of their text and vice versa.
// Error (bad_request) if o has a delete without text.
result<op> invert(op const& o);
inline bool is_noop(op const& o) noexcept { return o.empty(); }

// A debugging form that mirrors the JSON one: [3,"hi",{"d":8}] (not for the wire).
std::string to_debug_string(op const& o);
std::ostream& operator<<(std::ostream& os, component const& c);
std::ostream& operator<<(std::ostream& os, op const& o);

}  // namespace arena::drafts::ot
