// Small text rules shared by the domains: trimming what people typed, and length limits counted
// in characters (Unicode code points), each a bad_request that names the field.
#pragma once

#include "util/error.hpp"

#include <string>
#include <string_view>

namespace arena::util {

// Without leading and trailing ASCII spaces, tabs and line breaks.
std::string trimmed(std::string_view s);

// The first `n` characters (code points) of `s`, never cutting one in half.
// REQUIRES: s is valid UTF-8.
std::string first_chars(std::string_view s, std::size_t n);

// bad_request "<field>: <min>..<max> characters" unless `v` has that many code points.
// REQUIRES: v is valid UTF-8 (the protocol checks every string it decodes).
status check_chars(std::string_view v, char const* field, std::size_t min, std::size_t max);

// An optional web address people click (a video link, a supplier's statement): empty, or an
// http(s) URL of at most 500 bytes with no space, control character, quote, angle bracket or
// backslash (it ends up in href attributes and calendar files). bad_request naming the field.
status check_web_url(std::string_view v, char const* field);

}  // namespace arena::util
