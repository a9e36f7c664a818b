// Full-text search over messages (SQLite FTS5, external content kept in step by triggers; see
// db/migrations/0002_channels.sql). Only messages of the caller's teams are searched.
//
// The user's text never reaches FTS5's query syntax: each word becomes a quoted string (a
// trailing * keeps its prefix meaning), so no input can make a query error. Snippets are built
// with private-use sentinels around the hits; the text is HTML-escaped and only then are the
// sentinels turned into <mark> and </mark>.
#pragma once

#include "chat/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::chat {

struct search_query {
  std::string text;
  std::optional<std::int64_t> team_id, channel_id, author_id;
  std::optional<std::string> topic;
  std::optional<std::int64_t> from_ms, to_ms;  // [from, to)
  bool by_time = false;                        // else by relevance
  int limit = 50;
};

struct search_hit {
  message msg;
  std::string snippet;
};

// The FTS5 query for the user's words, or nullopt when there are none.
std::optional<std::string> fts_query(std::string_view text);
// HTML-escapes the snippet and turns the sentinels into <mark>…</mark>.
std::string mark_snippet(std::string_view raw);

// REQUIRES: viewer_id is the caller; all_teams for administrators.
result<std::vector<search_hit>> search(store::connection& db, std::int64_t viewer_id, bool all_teams, search_query const& q);

}  // namespace arena::chat
