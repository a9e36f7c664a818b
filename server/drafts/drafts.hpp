// Drafts in the store: metadata, identifiers, status with its history, versions, and the
// library of published requirements. The text and its op log are live_documents' (documents.hpp).
// Writes take the writer's connection inside a writer job; reads take any connection.
#pragma once

#include "drafts/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::drafts {

struct create_input {
  std::int64_t team_id = 0;
  std::int64_t user_id = 0;
  std::string title;
  std::string kind;
  std::optional<std::string> category;
  std::vector<std::string> tags;
  std::string body;
  std::optional<std::int64_t> source_draft_id;  // a library copy
  std::optional<std::int64_t> source_version;
};

struct meta_input {
  std::optional<std::string> title;
  std::optional<std::string> kind;
  std::optional<std::optional<std::string>> category;  // set to a category or to none
  std::optional<std::vector<std::string>> tags;
};

// Field rules (bad_request naming the field): title 1..200 characters; kind and category from
// the vocabulary; at most 10 distinct tags of 1..40 characters; body valid UTF-8 within
// max_text_bytes (too_large).
status validate(create_input const& in);
status validate(meta_input const& in);

// Creates the draft with the next identifier of its team and its text as version 0.
result<draft> create_draft(store::connection& w, create_input const& in);
// not_found unless the draft belongs to the team.
result<draft> find_draft(store::connection& db, std::int64_t team_id, std::int64_t draft_id);
result<draft> find_any_draft(store::connection& db, std::int64_t draft_id);
// Latest change first; archived drafts only when asked.
std::vector<draft> list_drafts(store::connection& db, std::int64_t team_id, bool include_archived);
result<draft> update_meta(store::connection& w, std::int64_t team_id, std::int64_t draft_id, meta_input const& in);

// The status rules of docs/PROTOCOL.md: members move between utkast and til_gjennomgang;
// facilitators approve, publish, archive and reopen. conflict for any other move (forbidden when
// a member tries a facilitator's move). `text` is the draft's text at its current version: a
// publication stores it for the library.
struct status_input {
  std::int64_t team_id = 0;
  std::int64_t draft_id = 0;
  std::int64_t user_id = 0;
  bool facilitator = false;
  draft_status to = draft_status::utkast;
  std::string comment;
};
result<draft> set_status(store::connection& w, status_input const& in, std::string const& text);
std::vector<status_change> status_history(store::connection& db, std::int64_t draft_id);

std::vector<version_entry> list_versions(store::connection& db, std::int64_t draft_id);
version_entry add_version(store::connection& w, std::int64_t draft_id, std::int64_t version, std::string const& label,
                          std::string const& kind, std::int64_t by);

struct library_hit {
  draft d;
  std::string snippet;
};
// Published drafts of every team. q: FTS5 words (prefix search on each); bad_request when it
// holds nothing searchable.
result<std::vector<library_hit>> search_library(store::connection& db, std::string const& q, std::optional<std::string> const& kind,
                                                std::optional<std::string> const& category, int limit);
// The published text (not_found unless the draft is published).
result<std::string> published_text(store::connection& db, std::int64_t draft_id);

std::string display_name_of(store::connection& db, std::int64_t user_id);

}  // namespace arena::drafts
