// Test helpers for the OT tests: code point strings, UTF-8 encoding and random ops from a
// fixed seed. Header-only, used by tests/unit/ot_*.cpp.
#pragma once

#include "drafts/ot/op.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace arena::drafts::ot::testing {

// "ok", or the error's code and message: a status doctest can print.
inline std::string outcome(arena::status const& s) {
  return s ? std::string("ok")
           : std::string(arena::to_string(s.error().code)) + ": " + s.error().message;
}

inline std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    auto const v = static_cast<std::uint32_t>(c);
    if (v < 0x80) {
      out += static_cast<char>(v);
    } else if (v < 0x800) {
      out += static_cast<char>(0xC0 | (v >> 6));
      out += static_cast<char>(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
      out += static_cast<char>(0xE0 | (v >> 12));
      out += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (v & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (v >> 18));
      out += static_cast<char>(0x80 | ((v >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (v & 0x3F));
    }
  }
  return out;
}

inline std::uint64_t utf16_length(std::u32string_view s) {
  std::uint64_t n = 0;
  for (char32_t c : s) n += c >= 0x10000 ? 2 : 1;
  return n;
}

// A deterministic source of test data. std::mt19937_64 is specified to the bit, and we avoid
// the standard distributions (whose output differs between libraries).
class random_source {
 public:
  explicit random_source(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }

  // A mix of ASCII, Norwegian letters, a newline, a combining mark, CJK and astral code
  // points (emoji, mathematical letters), so counts in code points, UTF-16 units and bytes
  // all differ.
  char32_t character() {
    static constexpr char32_t pool[] = {
        U'a', U'b', U'c', U'd', U' ', U'\n', U'\u00e6', U'\u00f8', U'\u00e5', U'\u00c6',
        U'\u00d8', U'\u00c5', U'\u0301', U'\u6f22', U'\u20ac', U'\U0001F600', U'\U0001F389',
        U'\U0001D4B3', U'\U00010348', U'\U0001F44D', U'\U0001F3FD', U'\u200d', U'x', U'y'};
    return pool[below(sizeof(pool) / sizeof(pool[0]))];
  }

  std::u32string text(std::uint64_t max_len) {
    std::u32string s;
    std::uint64_t const n = 1 + below(max_len);
    for (std::uint64_t i = 0; i < n; ++i) s += character();
    return s;
  }

  // A random valid (normalised) op against doc, mixing skips, inserts and both kinds of
  // delete.
  op make_op(std::u32string_view doc) {
    op o;
    std::uint64_t pos = 0;
    std::uint64_t const len = doc.size();
    while (!chance(15)) {
      std::uint64_t const left = len - pos;
      switch (below(4)) {
        case 0:
          if (left > 0) {
            std::uint64_t const k = 1 + below(std::min<std::uint64_t>(left, 6));
            append(o, component::skip(k));
            pos += k;
          }
          break;
        case 1: append(o, component::insert(encode(text(4)))); break;
        case 2:
          if (left > 0) {
            std::uint64_t const k = 1 + below(std::min<std::uint64_t>(left, 4));
            append(o, component::del(k));
            pos += k;
          }
          break;
        case 3:
          if (left > 0) {
            std::uint64_t const k = 1 + below(std::min<std::uint64_t>(left, 4));
            append(o, component::del_text(encode(doc.substr(pos, k))));
            pos += k;
          }
          break;
      }
    }
    trim(o);
    return o;
  }

  std::mt19937_64& engine() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

// REQUIRES: s is valid UTF-8.
inline std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto const b = static_cast<unsigned char>(s[i]);
    std::size_t const len = utf8::sequence_length(b);
    std::uint32_t v = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += static_cast<char32_t>(v);
    i += len;
  }
  return out;
}

// The meaning of apply, written the obvious way on code point strings: the reference the
// engine is compared with. REQUIRES: o fits doc.
inline std::u32string apply_reference(std::u32string_view doc, op const& o) {
  std::u32string out;
  std::size_t pos = 0;
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip:
        out += doc.substr(pos, c.length);
        pos += c.length;
        break;
      case component_kind::insert: out += decode(c.text); break;
      case component_kind::del: pos += c.length; break;
    }
  }
  out += doc.substr(pos);
  return out;
}

}  // namespace arena::drafts::ot::testing
