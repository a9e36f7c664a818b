#include "util/text.hpp"

namespace arena::util {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string first_chars(std::string_view s, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) return std::string(s.substr(0, i));
  return std::string(s);
}

status check_chars(std::string_view v, char const* field, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  for (unsigned char c : v)
    if ((c & 0xC0) != 0x80) ++n;
  if (n < min || n > max)
    return make_error(errc::bad_request, std::string(field) + ": " + std::to_string(min) + ".." + std::to_string(max) + " characters");
  return {};
}

status check_web_url(std::string_view v, char const* field) {
  if (v.empty()) return {};
  if (v.size() > 500) return make_error(errc::bad_request, std::string(field) + ": at most 500 characters");
  if (!v.starts_with("https://") && !v.starts_with("http://"))
    return make_error(errc::bad_request, std::string(field) + ": an http(s) address");
  for (char c : v)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
      return make_error(errc::bad_request, std::string(field) + ": an http(s) address without spaces or quotes");
  return {};
}

}  // namespace arena::util
