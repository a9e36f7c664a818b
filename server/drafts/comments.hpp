// Comments on a draft in the store. A thread's first comment carries the anchor (a range of
// the text, kept current by live_documents and written back with its snapshots); replies hang
// off it. Writes take the writer's connection inside a writer job.
#pragma once

#include "drafts/documents.hpp"
#include "drafts/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::drafts {

inline constexpr std::size_t max_comment_bytes = 4000;

status validate_comment_body(std::string const& body);

// A new thread on `a` (current), quoting `quote`, at `version`.
result<comment> create_thread(store::connection& w, std::int64_t draft_id, std::int64_t author_id, std::string const& body, anchor const& a,
                              std::string const& quote, std::int64_t version);
// not_found unless the parent is a thread of this draft.
result<comment> create_reply(store::connection& w, std::int64_t draft_id, std::int64_t author_id, std::string const& body, std::int64_t parent_id);
result<comment> find_comment(store::connection& db, std::int64_t draft_id, std::int64_t comment_id);
// Every comment of the draft, threads in text order then replies in time order.
std::vector<comment> list_comments(store::connection& db, std::int64_t draft_id);
result<comment> edit_comment(store::connection& w, std::int64_t draft_id, std::int64_t comment_id, std::string const& body);
// Resolve or reopen a thread (bad_request on a reply).
result<comment> resolve_thread(store::connection& w, std::int64_t draft_id, std::int64_t comment_id, bool resolved);
status delete_comment(store::connection& w, std::int64_t draft_id, std::int64_t comment_id);

// Overlays live anchors (current positions) on stored comments; `version` is theirs.
void apply_anchors(std::vector<comment>& cs, std::vector<anchor> const& live, std::int64_t version);

}  // namespace arena::drafts
