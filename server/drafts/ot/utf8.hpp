// UTF-8 helpers shared by the rope and the OT engine: strict validation and counting.
//
// Documents and op texts are stored as UTF-8. Positions on the wire count Unicode code points
// (the convention of ot-text-unicode); browsers count UTF-16 units; storage counts bytes. These
// functions measure a piece of text in all of those units at once. Thread-safe (pure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace arena::drafts::ot::utf8 {

// The size of a piece of text in every unit the engine and its clients use.
struct counts {
  std::uint64_t bytes = 0;
  std::uint64_t code_points = 0;
  std::uint64_t utf16_units = 0;  // code points, plus one more for each one above U+FFFF
  std::uint64_t newlines = 0;     // '\n' only

  counts& operator+=(counts const& o) noexcept {
    bytes += o.bytes;
    code_points += o.code_points;
    utf16_units += o.utf16_units;
    newlines += o.newlines;
    return *this;
  }
  counts& operator-=(counts const& o) noexcept {
    bytes -= o.bytes;
    code_points -= o.code_points;
    utf16_units -= o.utf16_units;
    newlines -= o.newlines;
    return *this;
  }
  friend bool operator==(counts const&, counts const&) = default;
};

// True for the bytes that continue a multi-byte sequence (10xxxxxx).
constexpr bool is_continuation(unsigned char b) noexcept { return (b & 0xC0u) == 0x80u; }

// Strict UTF-8: no overlong forms, no encoded surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no truncated sequence. Text that passes is exactly what a JavaScript string without
// lone surrogates turns into, so code point counts agree with the JS side.
bool valid(std::string_view s) noexcept;

// REQUIRES: valid(s).
counts count(std::string_view s) noexcept;

// REQUIRES: valid(s).
std::uint64_t code_points(std::string_view s) noexcept;

// The byte offset of code point `cp` in s; s.size() when cp is at or past the end.
// REQUIRES: valid(s).
std::size_t byte_offset(std::string_view s, std::uint64_t cp) noexcept;

// The length in bytes of the sequence that starts with lead byte b (1 for a stray byte).
constexpr std::size_t sequence_length(unsigned char b) noexcept {
  return b < 0x80u ? 1 : b < 0xE0u ? 2 : b < 0xF0u ? 3 : 4;
}

}  // namespace arena::drafts::ot::utf8
