#include "chat/mentions.hpp"

#include <algorithm>

namespace arena::chat {

namespace {

bool is_word_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }

// Lower-cases ASCII and the Latin-1 supplement's capitals (U+00C0..U+00DE except U+00D7).
std::string fold(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + 32);
    else if (c == 0xC3 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

void add(parsed_mentions& out, std::int64_t id) {
  if (std::find(out.user_ids.begin(), out.user_ids.end(), id) == out.user_ids.end()) out.user_ids.push_back(id);
}

}  // namespace

parsed_mentions parse_mentions(std::string_view body, std::vector<person_name> const& people) {
  parsed_mentions out;
  std::vector<std::pair<std::string, std::int64_t>> names;
  names.reserve(people.size());
  for (auto const& p : people)
    if (!p.name.empty()) names.emplace_back(fold(p.name), p.user_id);
  std::string const text = fold(body);  // folding keeps byte offsets
  for (std::size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    if (at > 0 && is_word_byte(static_cast<unsigned char>(text[at - 1]))) continue;
    std::string_view rest = std::string_view(text).substr(at + 1);
    if (!rest.empty() && rest[0] == '"') {
      auto close = rest.find('"', 1);
      if (close == std::string_view::npos) continue;
      auto quoted = rest.substr(1, close - 1);
      for (auto const& [n, id] : names)
        if (n == quoted) add(out, id);
      if (quoted == "team") out.team = true;
      continue;
    }
    auto ends_word = [&](std::size_t len) { return len == rest.size() || !is_word_byte(static_cast<unsigned char>(rest[len])); };
    std::size_t best = 0;
    std::int64_t best_id = 0;
    for (auto const& [n, id] : names)
      if (n.size() > best && rest.substr(0, n.size()) == n && ends_word(n.size())) {
        best = n.size();
        best_id = id;
      }
    if (best > 0) add(out, best_id);
    else if (rest.substr(0, 4) == "team" && ends_word(4)) out.team = true;
  }
  return out;
}

}  // namespace arena::chat
