// Experience notes: what a buyer learned (Markdown), tagged with teams, product category,
// country, risk themes and optionally a supplier or a follow-up case; visible to the members of
// its teams or to every member; comments and "useful" marks; full-text search (FTS5) over what
// the reader may see.
#pragma once

#include "store/connection.hpp"
#include "suppliers/model.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace arena::notes {

struct note {
  std::int64_t id = 0;
  std::string title, body;
  std::vector<std::pair<std::int64_t, std::string>> teams;  // id, name
  std::optional<std::string> category, country;
  std::vector<std::string> themes;
  std::optional<std::int64_t> supplier_id, case_id;
  std::string supplier_name;
  std::string visibility;
  std::int64_t author_id = 0;
  std::string author_name;
  std::int64_t created_at = 0, updated_at = 0;
  int useful = 0;
  bool marked_useful = false;
  int comment_count = 0;
  std::string snippet;  // search hits: HTML-escaped with <mark>
};

struct comment {
  std::int64_t id = 0;
  std::int64_t author_id = 0;
  std::string author_name, body;
  std::int64_t created_at = 0;
};

struct note_input {
  std::optional<std::string> title, body, visibility;
  std::optional<std::vector<std::int64_t>> team_ids;
  std::optional<std::optional<std::string>> category, country;
  std::optional<std::vector<std::string>> themes;
  std::optional<std::optional<std::int64_t>> supplier_id, case_id;
};

struct list_query {
  std::optional<std::string> q, category, country, theme;
  std::optional<std::int64_t> team_id, supplier_id;
  bool by_useful = false;
  int limit = 50;
};

result<note> create_note(store::connection& w, suppliers::viewer const& v, note_input const& in);
result<note> update_note(store::connection& w, suppliers::viewer const& v, std::int64_t id, note_input const& in);
status delete_note(store::connection& w, suppliers::viewer const& v, std::int64_t id);
// not_found unless the viewer may see it.
result<note> find_note(store::connection& db, suppliers::viewer const& v, std::int64_t id);
result<std::vector<note>> list_notes(store::connection& db, suppliers::viewer const& v, list_query const& q);
std::vector<comment> comments_of(store::connection& db, std::int64_t note_id);
result<comment> add_comment(store::connection& w, suppliers::viewer const& v, std::int64_t note_id, std::string const& body);
result<note> mark_useful(store::connection& w, suppliers::viewer const& v, std::int64_t note_id, bool on);
bool can_edit(suppliers::viewer const& v, note const& n);
// Users who may see the note (for events).
std::vector<std::int64_t> audience(store::connection& db, std::int64_t note_id);

}  // namespace arena::notes
