#include "drafts/ot/utf8.hpp"

namespace arena::drafts::ot::utf8 {

bool valid(std::string_view s) noexcept {
  auto const* p = reinterpret_cast<unsigned char const*>(s.data());
  std::size_t const n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char const b = p[i];
    if (b < 0x80u) {
      ++i;
      continue;
    }
    // The second byte's allowed range depends on the lead byte: that is where overlong forms,
    // surrogates and values above U+10FFFF are excluded.
    std::size_t len = 0;
    unsigned char lo = 0x80u, hi = 0xBFu;
    if (b >= 0xC2u && b <= 0xDFu) {
      len = 2;
    } else if (b == 0xE0u) {
      len = 3, lo = 0xA0u;
    } else if (b >= 0xE1u && b <= 0xECu) {
      len = 3;
    } else if (b == 0xEDu) {
      len = 3, hi = 0x9Fu;  // ED A0..BF would be a surrogate
    } else if (b >= 0xEEu && b <= 0xEFu) {
      len = 3;
    } else if (b == 0xF0u) {
      len = 4, lo = 0x90u;
    } else if (b >= 0xF1u && b <= 0xF3u) {
      len = 4;
    } else if (b == 0xF4u) {
      len = 4, hi = 0x8Fu;
    } else {
      return false;  // continuation byte as lead, C0/C1 (overlong), F5..FF
    }
    if (n - i < len) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if (!is_continuation(p[i + k])) return false;
    }
    i += len;
  }
  return true;
}

counts count(std::string_view s) noexcept {
  counts c;
  c.bytes = s.size();
  std::uint64_t cont = 0, four = 0, nl = 0;
  for (char ch : s) {
    auto const b = static_cast<unsigned char>(ch);
    cont += is_continuation(b);
    four += b >= 0xF0u;
    nl += b == '\n';
  }
  c.code_points = c.bytes - cont;
  c.utf16_units = c.code_points + four;
  c.newlines = nl;
  return c;
}

std::uint64_t code_points(std::string_view s) noexcept {
  std::uint64_t cont = 0;
  for (char ch : s) cont += is_continuation(static_cast<unsigned char>(ch));
  return s.size() - cont;
}

std::size_t byte_offset(std::string_view s, std::uint64_t cp) noexcept {
  auto const* p = reinterpret_cast<unsigned char const*>(s.data());
  std::size_t const n = s.size();
  std::size_t i = 0;
  while (cp > 0 && i < n) {
    i += sequence_length(p[i]);
    --cp;
  }
  return i < n ? i : n;
}

}  // namespace arena::drafts::ot::utf8
