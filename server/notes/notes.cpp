#include "notes/notes.hpp"

#include "chat/search.hpp"
#include "drafts/model.hpp"
#include "drafts/ot/utf8.hpp"
#include "suppliers/register.hpp"
#include "suppliers/visibility.hpp"
#include "suppliers/vocabulary.hpp"
#include "util/clock.hpp"
#include "util/orgnr.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace arena::notes {

namespace {

using suppliers::viewer;

// Visible to the viewer: ?90 admin, ?92 member, ?93 user id (as suppliers::bind_viewer binds).
constexpr char const* visible =
    "(?90 OR n.author_id = ?93 OR (n.visibility = 'all' AND ?92) OR EXISTS (SELECT 1 FROM note_teams nt JOIN memberships vm ON "
    "vm.team_id = nt.team_id AND vm.user_id = ?93 WHERE nt.note_id = n.id))";

constexpr char const* note_select =
    "SELECT n.id, n.title, n.body, n.category, n.country, n.supplier_id, coalesce(s.name, ''), n.case_id, n.visibility, n.author_id, "
    "u.display_name, n.created_at, n.updated_at, (SELECT COUNT(*) FROM note_useful x WHERE x.note_id = n.id), "
    "EXISTS (SELECT 1 FROM note_useful x WHERE x.note_id = n.id AND x.user_id = ?93), "
    "(SELECT COUNT(*) FROM note_comments k WHERE k.note_id = n.id) "
    "FROM notes n JOIN users u ON u.id = n.author_id LEFT JOIN suppliers s ON s.id = n.supplier_id ";

note read_note(store::statement_ref const& q) {
  note n;
  n.id = q.col_int(0);
  n.title = q.col_text(1);
  n.body = q.col_text(2);
  n.category = q.col_text_opt(3);
  n.country = q.col_text_opt(4);
  if (!q.is_null(5)) n.supplier_id = q.col_int(5);
  n.supplier_name = q.col_text(6);
  if (!q.is_null(7)) n.case_id = q.col_int(7);
  n.visibility = q.col_text(8);
  n.author_id = q.col_int(9);
  n.author_name = q.col_text(10);
  n.created_at = q.col_int(11);
  n.updated_at = q.col_int(12);
  n.useful = static_cast<int>(q.col_int(13));
  n.marked_useful = q.col_int(14) != 0;
  n.comment_count = static_cast<int>(q.col_int(15));
  return n;
}

void load_tags(store::connection& db, note& n) {
  {
    auto q = db.prepare("SELECT t.id, t.name FROM note_teams nt JOIN teams t ON t.id = nt.team_id WHERE nt.note_id = ? ORDER BY t.name");
    q.bind(1, n.id);
    while (q.step()) n.teams.emplace_back(q.col_int(0), q.col_text(1));
  }
  auto q = db.prepare("SELECT theme FROM note_themes WHERE note_id = ? ORDER BY theme");
  q.bind(1, n.id);
  while (q.step()) n.themes.push_back(q.col_text(0));
}

status apply(store::connection& db, viewer const& v, note& n, std::vector<std::int64_t>& team_ids, note_input const& in) {
  if (in.title) n.title = util::trimmed(*in.title);
  if (auto st = util::check_chars(n.title, "title", 1, 200); !st) return st;
  if (in.body) n.body = *in.body;
  if (auto st = util::check_chars(n.body, "body", 0, 50000); !st) return st;
  if (in.visibility) {
    if (!suppliers::one_of(*in.visibility, {"team", "all"})) return make_error(errc::bad_request, "visibility: team or all");
    n.visibility = *in.visibility;
  }
  if (in.category) {
    n.category = *in.category;
    if (n.category && !drafts::valid_category(*n.category)) return make_error(errc::bad_request, "category: not a category of the high-risk list");
  }
  if (in.country) {
    n.country = *in.country;
    if (n.country) {
      for (auto& c : *n.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!util::valid_country_code(*n.country)) return make_error(errc::bad_request, "country: an ISO 3166-1 code such as NO or CN", "country_unknown");
    }
  }
  if (in.themes) {
    std::set<std::string> s;
    for (auto const& t : *in.themes) {
      if (!suppliers::valid_theme(db, t)) return make_error(errc::bad_request, "themes: not a risk theme: " + t);
      s.insert(t);
    }
    n.themes.assign(s.begin(), s.end());
  }
  if (in.team_ids) {
    std::set<std::int64_t> s(in.team_ids->begin(), in.team_ids->end());
    if (s.empty()) return make_error(errc::bad_request, "team_ids: at least one team");
    for (auto t : s)
      if (!v.is_admin && !v.in_team(t)) return make_error(errc::bad_request, "team_ids: teams you belong to");
    team_ids.assign(s.begin(), s.end());
  }
  if (in.supplier_id) n.supplier_id = *in.supplier_id;
  if (in.case_id) n.case_id = *in.case_id;
  if (n.supplier_id) {
    auto q = db.prepare("SELECT 1 FROM suppliers WHERE id = ?");
    q.bind(1, *n.supplier_id);
    if (!q.step()) return make_error(errc::not_found, "supplier_id: no such supplier");
  }
  if (n.case_id) {
    if (!suppliers::can_see_case(db, v, *n.case_id)) return make_error(errc::not_found, "case_id: no such follow-up case");
    auto q = db.prepare("SELECT supplier_id FROM followup_cases WHERE id = ?");
    q.bind(1, *n.case_id);
    if (q.step()) n.supplier_id = q.col_int(0);
  }
  return {};
}

void write_tags(store::connection& w, std::int64_t id, std::vector<std::int64_t> const* team_ids, std::vector<std::string> const& themes) {
  if (team_ids) {
    w.prepare("DELETE FROM note_teams WHERE note_id = ?").bind(1, id).run();
    for (auto t : *team_ids) w.prepare("INSERT INTO note_teams (note_id, team_id) VALUES (?, ?)").bind(1, id).bind(2, t).run();
  }
  w.prepare("DELETE FROM note_themes WHERE note_id = ?").bind(1, id).run();
  for (auto const& t : themes) w.prepare("INSERT INTO note_themes (note_id, theme) VALUES (?, ?)").bind(1, id).bind(2, t).run();
}

}  // namespace

bool can_edit(viewer const& v, note const& n) { return v.is_admin || n.author_id == v.user_id; }

result<note> create_note(store::connection& w, viewer const& v, note_input const& in) {
  if (!v.is_admin && !v.participant) return make_error(errc::forbidden, "observers read notes; members of a team write them");
  if (!in.team_ids) return make_error(errc::bad_request, "team_ids: at least one team");
  note n;
  n.visibility = "team";
  std::vector<std::int64_t> teams;
  if (auto st = apply(w, v, n, teams, in); !st) return st.error();
  auto const now = util::now_ms();
  w.prepare("INSERT INTO notes (title, body, category, country, supplier_id, case_id, visibility, author_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, n.title).bind(2, n.body).bind(3, n.category).bind(4, n.country).bind(5, n.supplier_id).bind(6, n.case_id)
      .bind(7, n.visibility).bind(8, v.user_id).bind(9, now).bind(10, now)
      .run();
  n.id = w.last_insert_rowid();
  write_tags(w, n.id, &teams, n.themes);
  return find_note(w, v, n.id);
}

result<note> update_note(store::connection& w, viewer const& v, std::int64_t id, note_input const& in) {
  ARENA_TRY(n, find_note(w, v, id));
  if (!can_edit(v, n)) return make_error(errc::forbidden, "only the author (or an administrator) changes a note");
  std::vector<std::int64_t> teams;
  if (auto st = apply(w, v, n, teams, in); !st) return st.error();
  w.prepare("UPDATE notes SET title = ?, body = ?, category = ?, country = ?, supplier_id = ?, case_id = ?, visibility = ?, updated_at = ? WHERE id = ?")
      .bind(1, n.title).bind(2, n.body).bind(3, n.category).bind(4, n.country).bind(5, n.supplier_id).bind(6, n.case_id)
      .bind(7, n.visibility).bind(8, util::now_ms()).bind(9, id)
      .run();
  write_tags(w, id, in.team_ids ? &teams : nullptr, n.themes);
  return find_note(w, v, id);
}

status delete_note(store::connection& w, viewer const& v, std::int64_t id) {
  ARENA_TRY(n, find_note(w, v, id));
  if (!can_edit(v, n)) return make_error(errc::forbidden, "only the author (or an administrator) deletes a note");
  w.prepare("DELETE FROM notes WHERE id = ?").bind(1, id).run();
  return {};
}

result<note> find_note(store::connection& db, viewer const& v, std::int64_t id) {
  std::optional<note> n;
  {
    auto q = db.prepare(std::string(note_select) + "WHERE n.id = ?1 AND " + visible);
    q.bind(1, id);
    suppliers::bind_viewer(q, v);
    if (!q.step()) return make_error(errc::not_found, "no such note");
    n = read_note(q);
  }
  load_tags(db, *n);
  return std::move(*n);
}

result<std::vector<note>> list_notes(store::connection& db, viewer const& v, list_query const& lq) {
  std::optional<std::string> match;
  if (lq.q && !util::trimmed(*lq.q).empty()) {
    // Every word is a prefix, as in the library: "kalibrering" finds "Kalibreringsrutiner".
    std::string words;
    std::string cur;
    for (char ch : *lq.q + " ") {
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        if (!cur.empty()) words += (words.empty() ? "" : " ") + cur + (cur.back() == '*' ? "" : "*");
        cur.clear();
      } else {
        cur += ch;
      }
    }
    match = chat::fts_query(words);
    if (!match) return make_error(errc::bad_request, "q: no words to search for");
  }
  std::vector<note> out;
  {
    std::string where = std::string("WHERE ") + visible +
                        " AND (?2 IS NULL OR n.category = ?2) AND (?3 IS NULL OR n.country = ?3) "
                        "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM note_themes th WHERE th.note_id = n.id AND th.theme = ?4)) "
                        "AND (?5 IS NULL OR EXISTS (SELECT 1 FROM note_teams t2 WHERE t2.note_id = n.id AND t2.team_id = ?5)) "
                        "AND (?6 IS NULL OR n.supplier_id = ?6) ";
    std::string select = std::string(note_select);
    std::string snippet_col;
    if (match) {
      select = "SELECT n.id, n.title, n.body, n.category, n.country, n.supplier_id, coalesce(s.name, ''), n.case_id, n.visibility, n.author_id, "
               "u.display_name, n.created_at, n.updated_at, (SELECT COUNT(*) FROM note_useful x WHERE x.note_id = n.id), "
               "EXISTS (SELECT 1 FROM note_useful x WHERE x.note_id = n.id AND x.user_id = ?93), "
               "(SELECT COUNT(*) FROM note_comments k WHERE k.note_id = n.id), "
               "snippet(notes_fts, 1, char(57344), char(57345), '…', 16) "
               "FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid JOIN users u ON u.id = n.author_id "
               "LEFT JOIN suppliers s ON s.id = n.supplier_id ";
      where += "AND notes_fts MATCH ?1 ";
    }
    std::string order = lq.by_useful ? "ORDER BY (SELECT COUNT(*) FROM note_useful x WHERE x.note_id = n.id) DESC, n.created_at DESC, n.id DESC "
                                     : "ORDER BY n.created_at DESC, n.id DESC ";
    auto q = db.prepare(select + where + order + "LIMIT ?7");
    if (match) q.bind(1, *match);
    q.bind(2, lq.category).bind(3, lq.country).bind(4, lq.theme).bind(5, lq.team_id).bind(6, lq.supplier_id).bind(7, lq.limit);
    suppliers::bind_viewer(q, v);
    while (q.step()) {
      out.push_back(read_note(q));
      if (match) out.back().snippet = chat::mark_snippet(q.col_text(16));
    }
  }
  for (auto& n : out) load_tags(db, n);
  return out;
}

std::vector<comment> comments_of(store::connection& db, std::int64_t note_id) {
  std::vector<comment> out;
  auto q = db.prepare(
      "SELECT k.id, k.author_id, u.display_name, k.body, k.created_at FROM note_comments k JOIN users u ON u.id = k.author_id "
      "WHERE k.note_id = ? ORDER BY k.id");
  q.bind(1, note_id);
  while (q.step()) out.push_back({q.col_int(0), q.col_int(1), q.col_text(2), q.col_text(3), q.col_int(4)});
  return out;
}

result<comment> add_comment(store::connection& w, viewer const& v, std::int64_t note_id, std::string const& body) {
  ARENA_TRY(n, find_note(w, v, note_id));
  auto b = util::trimmed(body);
  if (auto st = util::check_chars(b, "body", 1, 5000); !st) return st.error();
  w.prepare("INSERT INTO note_comments (note_id, author_id, body, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, n.id).bind(2, v.user_id).bind(3, b).bind(4, util::now_ms())
      .run();
  auto id = w.last_insert_rowid();
  for (auto& c : comments_of(w, note_id))
    if (c.id == id) return c;
  return make_error(errc::internal, "comment not found after writing it");
}

result<note> mark_useful(store::connection& w, viewer const& v, std::int64_t note_id, bool on) {
  ARENA_TRY(n, find_note(w, v, note_id));
  if (on) w.prepare("INSERT OR IGNORE INTO note_useful (note_id, user_id) VALUES (?, ?)").bind(1, n.id).bind(2, v.user_id).run();
  else w.prepare("DELETE FROM note_useful WHERE note_id = ? AND user_id = ?").bind(1, n.id).bind(2, v.user_id).run();
  return find_note(w, v, note_id);
}

std::vector<std::int64_t> audience(store::connection& db, std::int64_t note_id) {
  std::vector<std::int64_t> out;
  auto q = db.prepare(
      "SELECT u.id FROM users u JOIN notes n ON n.id = ?1 WHERE u.disabled = 0 AND (u.is_admin = 1 OR u.id = n.author_id OR "
      "(n.visibility = 'all' AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)) OR EXISTS (SELECT 1 FROM note_teams nt "
      "JOIN memberships m ON m.team_id = nt.team_id AND m.user_id = u.id WHERE nt.note_id = n.id))");
  q.bind(1, note_id);
  while (q.step()) out.push_back(q.col_int(0));
  return out;
}

}  // namespace arena::notes
