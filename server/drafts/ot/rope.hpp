// A draft's text: a balanced tree of UTF-8 chunks, edited in place by code-point position.
//
// Confined to the strand of the document that owns it; not thread-safe. The structure and its
// invariants are explained at the top of rope.cpp.
#pragma once

#include "drafts/ot/utf8.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace arena::drafts::ot {

namespace detail {
struct rope_node;
}

class rope {
 public:
  using metrics = utf8::counts;

  // Tuning: a leaf holds at most max_leaf_bytes, and (unless it is the root) at least
  // min_leaf_bytes; an inner node has at most max_children and (unless root) min_children.
  static constexpr std::size_t max_leaf_bytes = 1024;
  static constexpr std::size_t min_leaf_bytes = 256;
  static constexpr std::size_t max_children = 16;
  static constexpr std::size_t min_children = max_children / 2;

  rope();
  // REQUIRES: utf8::valid(text).
  explicit rope(std::string_view text);
  rope(rope const& other);
  rope& operator=(rope const& other);
  rope(rope&& other) noexcept;
  rope& operator=(rope&& other) noexcept;
  ~rope();

  // Sizes of the whole text, in every unit.
  metrics const& size() const noexcept;
  std::uint64_t length() const noexcept { return size().code_points; }  // in code points
  bool empty() const noexcept { return size().bytes == 0; }

  // Inserts text before code point `at`.
  // REQUIRES: at <= length(); utf8::valid(text).
  void insert(std::uint64_t at, std::string_view text);

  // Removes `count` code points starting at code point `at`.
  // REQUIRES: at + count <= length().
  void erase(std::uint64_t at, std::uint64_t count);

  // The `count` code points starting at `at` (clamped to the end of the text).
  std::string substr(std::uint64_t at, std::uint64_t count) const;
  // True when the text at code point `at` starts with `text` (compared byte for byte).
  bool matches_at(std::uint64_t at, std::string_view text) const;
  std::string to_string() const;

  // Calls fn with each chunk, in order; the chunks concatenate to to_string().
  void for_each_chunk(std::function<void(std::string_view)> const& fn) const;

  // Position conversions. The *_from_* functions that take a position in a finer unit round
  // down to the start of the code point that contains it (e.g. a UTF-16 offset between the two
  // halves of a surrogate pair maps to the code point of the pair); positions past the end
  // clamp to the end.
  std::uint64_t utf16_from_cp(std::uint64_t cp) const { return prefix_by_cp(cp).utf16_units; }
  std::uint64_t byte_from_cp(std::uint64_t cp) const { return prefix_by_cp(cp).bytes; }
  std::uint64_t cp_from_utf16(std::uint64_t units) const;
  std::uint64_t cp_from_byte(std::uint64_t byte) const;
  // Zero-based line of code point `cp` (the number of '\n' before it).
  std::uint64_t line_of(std::uint64_t cp) const { return prefix_by_cp(cp).newlines; }
  // Code point at which zero-based line `line` starts; length() past the last line.
  std::uint64_t line_start(std::uint64_t line) const;

  // The sizes of the first `cp` code points (clamped to the whole text).
  metrics prefix_by_cp(std::uint64_t cp) const;

  // For tests: an empty string when every invariant holds, else a description of the first
  // broken one. Walks the whole tree.
  std::string check_invariants() const;
  int height() const noexcept;

 private:
  enum class unit { bytes, code_points, utf16_units, newlines };
  metrics prefix_by(unit u, std::uint64_t value) const;

  std::unique_ptr<detail::rope_node> root_;
};

}  // namespace arena::drafts::ot
