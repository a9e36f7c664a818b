#include "util/text.hpp"

namespace arena::util {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

status check_chars(std::string_view v, char const* field, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  for (unsigned char c : v)
    if ((c & 0xC0) != 0x80) ++n;
  if (n < min || n > max)
    return make_error(errc::bad_request, std::string(field) + ": " + std::to_string(min) + ".." + std::to_string(max) + " characters");
  return {};
}

}  // namespace arena::util
