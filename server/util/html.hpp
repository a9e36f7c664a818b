// Escaping text for HTML (element content and quoted attribute values).
#pragma once

#include <string>
#include <string_view>

namespace arena::util {

// Appends c, escaped if it is one of & < > " '.
void append_html_escaped(std::string& out, char c);
std::string html_escape(std::string_view s);

}  // namespace arena::util
