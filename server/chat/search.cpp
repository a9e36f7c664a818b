#include "chat/search.hpp"

#include "chat/messages.hpp"
#include "util/html.hpp"

namespace arena::chat {

namespace {
constexpr std::string_view open_mark = "\xEE\x80\x80";   // U+E000
constexpr std::string_view close_mark = "\xEE\x80\x81";  // U+E001
}  // namespace

std::optional<std::string> fts_query(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
    std::string word;
    bool prefix = false;
    for (std::size_t k = i; k < j; ++k) {
      if (text[k] == '"') continue;
      if (text[k] == '*') {
        prefix = k + 1 == j;
        continue;
      }
      word += text[k];
    }
    if (!word.empty()) {
      if (!out.empty()) out += ' ';
      out += '"' + word + '"';
      if (prefix) out += '*';
    }
    i = j;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string mark_snippet(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 32);
  for (std::size_t i = 0; i < raw.size();) {
    if (raw.substr(i, 3) == open_mark) {
      out += "<mark>";
      i += 3;
      continue;
    }
    if (raw.substr(i, 3) == close_mark) {
      out += "</mark>";
      i += 3;
      continue;
    }
    util::append_html_escaped(out, raw[i++]);
  }
  return out;
}

result<std::vector<search_hit>> search(store::connection& db, std::int64_t viewer_id, bool all_teams, search_query const& q) {
  auto match = fts_query(q.text);
  if (!match) return make_error(errc::bad_request, "query: at least one word");
  std::vector<std::pair<std::int64_t, std::int64_t>> ids;  // (channel, message)
  std::vector<std::string> snippets;
  {
    auto s = db.prepare(
        "SELECT m.channel_id, m.id, snippet(messages_fts, 0, char(57344), char(57345), '…', 16) "
        "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid JOIN channels c ON c.id = m.channel_id "
        "WHERE messages_fts MATCH ?1 AND m.deleted = 0 "
        "AND (?2 = 1 OR c.team_id IN (SELECT team_id FROM memberships WHERE user_id = ?3)) "
        "AND (?4 IS NULL OR c.team_id = ?4) AND (?5 IS NULL OR m.channel_id = ?5) AND (?6 IS NULL OR m.author_id = ?6) "
        "AND (?7 IS NULL OR m.topic_id IN (SELECT id FROM topics WHERE name = ?7)) "
        "AND (?8 IS NULL OR m.created_at >= ?8) AND (?9 IS NULL OR m.created_at < ?9) "
        "ORDER BY CASE WHEN ?10 = 1 THEN -m.created_at ELSE messages_fts.rank END, m.id DESC LIMIT ?11");
    s.bind(1, *match).bind(2, all_teams).bind(3, viewer_id).bind(4, q.team_id).bind(5, q.channel_id).bind(6, q.author_id);
    s.bind(7, q.topic).bind(8, q.from_ms).bind(9, q.to_ms).bind(10, q.by_time).bind(11, q.limit);
    while (s.step()) {
      ids.emplace_back(s.col_int(0), s.col_int(1));
      snippets.push_back(s.col_text(2));
    }
  }
  std::vector<search_hit> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto m = find_message(db, ids[i].first, ids[i].second, viewer_id);
    if (m) out.push_back(search_hit{std::move(*m), mark_snippet(snippets[i])});
  }
  return out;
}

}  // namespace arena::chat
