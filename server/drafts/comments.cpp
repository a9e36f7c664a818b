#include "drafts/comments.hpp"

#include "drafts/ot/utf8.hpp"
#include "util/clock.hpp"

#include <algorithm>

namespace arena::drafts {

namespace {

constexpr char const* comment_select =
    "SELECT c.id, c.draft_id, c.parent_id, coalesce(c.author_id, 0), coalesce(u.display_name, ''), c.body, c.anchor_start, c.anchor_end, "
    "c.anchor_version, coalesce(c.quote, ''), c.detached, c.resolved, c.created_at, c.edited_at "
    "FROM draft_comments c LEFT JOIN users u ON u.id = c.author_id ";

comment read_comment(store::statement_ref const& s) {
  comment c;
  c.id = s.col_int(0);
  c.draft_id = s.col_int(1);
  c.parent_id = s.col_int_opt(2);
  c.author_id = s.col_int(3);
  c.author_name = s.col_text(4);
  c.body = s.col_text(5);
  c.start = s.col_int_opt(6);
  c.end = s.col_int_opt(7);
  c.anchor_version = s.col_int_opt(8);
  c.quote = s.col_text(9);
  c.detached = s.col_int(10) != 0;
  c.resolved = s.col_int(11) != 0;
  c.created_at = s.col_int(12);
  c.edited_at = s.col_int_opt(13);
  return c;
}

}  // namespace

status validate_comment_body(std::string const& body) {
  if (body.empty() || body.size() > max_comment_bytes || !ot::utf8::valid(body)) return make_error(errc::bad_request, "body: 1 to 4000 bytes of text");
  return {};
}

result<comment> create_thread(store::connection& w, std::int64_t draft_id, std::int64_t author_id, std::string const& body, anchor const& a,
                              std::string const& quote, std::int64_t version) {
  if (auto st = validate_comment_body(body); !st) return st.error();
  w.prepare(
       "INSERT INTO draft_comments (draft_id, author_id, body, anchor_start, anchor_end, anchor_version, quote, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, draft_id)
      .bind(2, author_id)
      .bind(3, body)
      .bind(4, static_cast<std::int64_t>(a.start))
      .bind(5, static_cast<std::int64_t>(a.end))
      .bind(6, version)
      .bind(7, quote)
      .bind(8, util::now_ms())
      .run();
  return find_comment(w, draft_id, w.last_insert_rowid());
}

result<comment> create_reply(store::connection& w, std::int64_t draft_id, std::int64_t author_id, std::string const& body, std::int64_t parent_id) {
  if (auto st = validate_comment_body(body); !st) return st.error();
  auto parent = find_comment(w, draft_id, parent_id);
  if (!parent || parent->parent_id) return make_error(errc::not_found, "parent_id: no such thread on this draft");
  w.prepare("INSERT INTO draft_comments (draft_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, draft_id)
      .bind(2, parent_id)
      .bind(3, author_id)
      .bind(4, body)
      .bind(5, util::now_ms())
      .run();
  return find_comment(w, draft_id, w.last_insert_rowid());
}

result<comment> find_comment(store::connection& db, std::int64_t draft_id, std::int64_t comment_id) {
  auto s = db.prepare(std::string(comment_select) + "WHERE c.id = ? AND c.draft_id = ?");
  s.bind(1, comment_id).bind(2, draft_id);
  if (!s.step()) return make_error(errc::not_found, "no such comment on this draft");
  return read_comment(s);
}

std::vector<comment> list_comments(store::connection& db, std::int64_t draft_id) {
  std::vector<comment> out;
  auto s = db.prepare(std::string(comment_select) + "WHERE c.draft_id = ? ORDER BY c.id");
  s.bind(1, draft_id);
  while (s.step()) out.push_back(read_comment(s));
  return out;
}

result<comment> edit_comment(store::connection& w, std::int64_t draft_id, std::int64_t comment_id, std::string const& body) {
  if (auto st = validate_comment_body(body); !st) return st.error();
  w.prepare("UPDATE draft_comments SET body = ?, edited_at = ? WHERE id = ? AND draft_id = ?").bind(1, body).bind(2, util::now_ms()).bind(3, comment_id).bind(4, draft_id).run();
  return find_comment(w, draft_id, comment_id);
}

result<comment> resolve_thread(store::connection& w, std::int64_t draft_id, std::int64_t comment_id, bool resolved) {
  auto c = find_comment(w, draft_id, comment_id);
  if (!c) return c.error();
  if (c->parent_id) return make_error(errc::bad_request, "resolved: resolve the thread's first comment");
  w.prepare("UPDATE draft_comments SET resolved = ? WHERE id = ?").bind(1, resolved).bind(2, comment_id).run();
  return find_comment(w, draft_id, comment_id);
}

status delete_comment(store::connection& w, std::int64_t draft_id, std::int64_t comment_id) {
  w.prepare("DELETE FROM draft_comments WHERE id = ? AND draft_id = ?").bind(1, comment_id).bind(2, draft_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "no such comment on this draft");
  return {};
}

void apply_anchors(std::vector<comment>& cs, std::vector<anchor> const& live, std::int64_t version) {
  for (auto& c : cs) {
    if (c.parent_id) continue;
    auto it = std::find_if(live.begin(), live.end(), [&](anchor const& a) { return a.comment_id == c.id; });
    if (it == live.end()) continue;
    c.start = static_cast<std::int64_t>(it->start);
    c.end = static_cast<std::int64_t>(it->end);
    c.detached = it->detached;
    c.anchor_version = version;
  }
}

}  // namespace arena::drafts
