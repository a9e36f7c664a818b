#include "drafts/drafts.hpp"

#include "chat/search.hpp"
#include "drafts/ot/utf8.hpp"
#include "util/clock.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace arena::drafts {

namespace {

constexpr std::array<std::string_view, 5> statuses = {"utkast", "til_gjennomgang", "godkjent", "publisert", "arkivert"};
constexpr std::array<std::string_view, 5> kinds = {"kvalifikasjonskrav", "tildelingskriterium", "kontraktsvilkar", "kravspesifikasjon", "annet"};
constexpr std::array<std::string_view, 10> categories = {"ikt", "tekstil", "medisinsk", "bygg", "mat", "moebler", "leker", "kontor", "transport", "renhold"};

constexpr char const* draft_select =
    "SELECT d.id, d.team_id, t.name, t.code, t.slug, d.number, d.title, d.kind, d.category, d.status, d.version, d.length_cp, "
    "d.created_by, coalesce(u.display_name, ''), d.created_at, d.updated_at, d.source_draft_id, d.source_version, "
    "d.published_version, s.number, st.code, st.slug, st.name "
    "FROM drafts d JOIN teams t ON t.id = d.team_id LEFT JOIN users u ON u.id = d.created_by "
    "LEFT JOIN drafts s ON s.id = d.source_draft_id LEFT JOIN teams st ON st.id = s.team_id ";

std::string code_of(std::string const& code, std::string const& slug) {
  if (!code.empty()) return code;
  std::string out;
  for (char c : slug) {
    if (out.size() == 3) break;
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else if (c >= '0' && c <= '9') out += c;
  }
  return out.empty() ? "K" : out;
}

std::string identifier(std::string const& code, std::int64_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%03lld", static_cast<long long>(number));
  return code + buf;
}

std::vector<std::string> tags_of(store::connection& db, std::int64_t draft_id) {
  std::vector<std::string> out;
  auto s = db.prepare("SELECT tag FROM draft_tags WHERE draft_id = ? ORDER BY tag");
  s.bind(1, draft_id);
  while (s.step()) out.push_back(s.col_text(0));
  return out;
}

draft read_draft(store::statement_ref const& s) {
  draft d;
  d.id = s.col_int(0);
  d.team_id = s.col_int(1);
  d.team_name = s.col_text(2);
  d.identifier = identifier(code_of(s.col_text(3), s.col_text(4)), s.col_int(5));
  d.title = s.col_text(6);
  d.kind = s.col_text(7);
  d.category = s.col_text_opt(8);
  d.state = parse_status(s.col_text(9)).value_or(draft_status::utkast);
  d.version = s.col_int(10);
  d.length = s.col_int(11);
  d.created_by = s.col_int_opt(12).value_or(0);
  d.created_by_name = s.col_text(13);
  d.created_at = s.col_int(14);
  d.updated_at = s.col_int(15);
  if (auto src = s.col_int_opt(16); src && !s.is_null(19))
    d.source = source_ref{*src, identifier(code_of(s.col_text(20), s.col_text(21)), s.col_int(19)), s.col_text(22), s.col_int_opt(17).value_or(0)};
  d.published_version = s.col_int_opt(18);
  return d;
}

std::vector<draft> with_tags(store::connection& db, std::vector<draft> ds) {
  for (auto& d : ds) d.tags = tags_of(db, d.id);
  return ds;
}

status validate_title(std::string const& t) {
  auto n = ot::utf8::code_points(t);
  if (!ot::utf8::valid(t) || n < 1 || n > 200) return make_error(errc::bad_request, "title: 1 to 200 characters");
  return {};
}

status validate_tags(std::vector<std::string> const& tags) {
  if (tags.size() > 10) return make_error(errc::bad_request, "tags: at most 10");
  for (auto const& t : tags) {
    auto n = ot::utf8::code_points(t);
    if (!ot::utf8::valid(t) || n < 1 || n > 40) return make_error(errc::bad_request, "tags: each 1 to 40 characters");
  }
  return {};
}

status validate_kind_category(std::optional<std::string> const& kind, std::optional<std::string> const& category) {
  if (kind && !valid_kind(*kind)) return make_error(errc::bad_request, "kind: one of kvalifikasjonskrav, tildelingskriterium, kontraktsvilkar, kravspesifikasjon, annet");
  if (category && !valid_category(*category)) return make_error(errc::bad_request, "category: not a category of the high-risk list");
  return {};
}

void store_tags(store::connection& w, std::int64_t draft_id, std::vector<std::string> const& tags) {
  w.prepare("DELETE FROM draft_tags WHERE draft_id = ?").bind(1, draft_id).run();
  for (auto const& t : tags) w.prepare("INSERT OR IGNORE INTO draft_tags (draft_id, tag) VALUES (?, ?)").bind(1, draft_id).bind(2, t).run();
}

std::string joined(std::vector<std::string> const& v) {
  std::string out;
  for (auto const& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// Keeps library_fts in step with a published draft (and drops others).
void index_library(store::connection& w, draft const& d, std::string const* text) {
  if (d.state != draft_status::publisert) {
    w.prepare("DELETE FROM library_fts WHERE rowid = ?").bind(1, d.id).run();
    return;
  }
  std::string body;
  if (text) {
    body = *text;
  } else {
    auto s = w.prepare("SELECT body FROM library_fts WHERE rowid = ?");
    s.bind(1, d.id);
    if (s.step()) body = s.col_text(0);
  }
  w.prepare("DELETE FROM library_fts WHERE rowid = ?").bind(1, d.id).run();
  w.prepare("INSERT INTO library_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)").bind(1, d.id).bind(2, d.title).bind(3, joined(d.tags)).bind(4, body).run();
}

bool facilitator_move(draft_status from, draft_status to) {
  if (to == draft_status::godkjent || to == draft_status::publisert || to == draft_status::arkivert) return true;
  return from == draft_status::godkjent || from == draft_status::publisert || from == draft_status::arkivert;
}

bool allowed_move(draft_status from, draft_status to) {
  switch (to) {
    case draft_status::utkast: return from != draft_status::utkast;
    case draft_status::til_gjennomgang: return from == draft_status::utkast;
    case draft_status::godkjent: return from == draft_status::til_gjennomgang;
    case draft_status::publisert: return from == draft_status::godkjent;
    case draft_status::arkivert: return from != draft_status::arkivert;
  }
  return false;
}

}  // namespace

std::string_view to_string(draft_status s) noexcept { return statuses[static_cast<std::size_t>(s)]; }

std::optional<draft_status> parse_status(std::string_view s) noexcept {
  for (std::size_t i = 0; i < statuses.size(); ++i)
    if (statuses[i] == s) return static_cast<draft_status>(i);
  return std::nullopt;
}

bool valid_kind(std::string_view k) noexcept { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); }
bool valid_category(std::string_view c) noexcept { return std::find(categories.begin(), categories.end(), c) != categories.end(); }

std::string color_of(std::int64_t user_id) {
  // Twelve colours that keep 4.5:1 contrast on white for names and read as distinct carets.
  static constexpr std::array<char const*, 12> palette = {"#b3261e", "#1d6fb8", "#2e7d32", "#8e24aa", "#c75b00", "#00796b",
                                                          "#ad1457", "#5d4037", "#3949ab", "#6d6d00", "#00838f", "#7b1fa2"};
  return palette[static_cast<std::size_t>(user_id < 0 ? -user_id : user_id) % palette.size()];
}

std::string display_name_of(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare("SELECT display_name FROM users WHERE id = ?");
  s.bind(1, user_id);
  return s.step() ? s.col_text(0) : std::string();
}

status validate(create_input const& in) {
  if (auto st = validate_title(in.title); !st) return st;
  if (auto st = validate_kind_category(in.kind, in.category); !st) return st;
  if (auto st = validate_tags(in.tags); !st) return st;
  if (in.body.size() > max_text_bytes) return make_error(errc::too_large, "body: at most 1 MiB");
  if (!ot::utf8::valid(in.body)) return make_error(errc::bad_request, "body: not valid UTF-8");
  return {};
}

status validate(meta_input const& in) {
  if (in.title)
    if (auto st = validate_title(*in.title); !st) return st;
  if (auto st = validate_kind_category(in.kind, in.category ? *in.category : std::nullopt); !st) return st;
  if (in.tags)
    if (auto st = validate_tags(*in.tags); !st) return st;
  return {};
}

result<draft> create_draft(store::connection& w, create_input const& in) {
  if (auto st = validate(in); !st) return st.error();
  std::int64_t number = 0;
  {
    auto s = w.prepare("UPDATE teams SET last_draft_number = last_draft_number + 1 WHERE id = ? RETURNING last_draft_number");
    s.bind(1, in.team_id);
    if (!s.step()) return make_error(errc::not_found, "no such team");
    number = s.col_int(0);
  }
  auto const now = util::now_ms();
  auto const counts = ot::utf8::count(in.body);
  w.prepare(
       "INSERT INTO drafts (team_id, number, title, kind, category, status, version, length_cp, bytes, created_by, created_at, "
       "updated_at, source_draft_id, source_version) VALUES (?, ?, ?, ?, ?, 'utkast', 0, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, in.team_id)
      .bind(2, number)
      .bind(3, in.title)
      .bind(4, in.kind)
      .bind(5, in.category)
      .bind(6, static_cast<std::int64_t>(counts.code_points))
      .bind(7, static_cast<std::int64_t>(counts.bytes))
      .bind(8, in.user_id)
      .bind(9, now)
      .bind(10, now)
      .bind(11, in.source_draft_id)
      .bind(12, in.source_version)
      .run();
  auto const id = w.last_insert_rowid();
  store_tags(w, id, in.tags);
  w.prepare("INSERT INTO draft_snapshots (draft_id, version, text) VALUES (?, 0, ?)").bind(1, id).bind(2, in.body).run();
  return find_draft(w, in.team_id, id);
}

result<draft> find_draft(store::connection& db, std::int64_t team_id, std::int64_t draft_id) {
  auto d = find_any_draft(db, draft_id);
  if (!d || d->team_id != team_id) return make_error(errc::not_found, "no such draft in this team");
  return d;
}

result<draft> find_any_draft(store::connection& db, std::int64_t draft_id) {
  std::optional<draft> d;
  {
    auto s = db.prepare(std::string(draft_select) + "WHERE d.id = ?");
    s.bind(1, draft_id);
    if (s.step()) d = read_draft(s);
  }
  if (!d) return make_error(errc::not_found, "no such draft");
  d->tags = tags_of(db, d->id);
  return std::move(*d);
}

std::vector<draft> list_drafts(store::connection& db, std::int64_t team_id, bool include_archived) {
  std::vector<draft> out;
  {
    auto s = db.prepare(std::string(draft_select) + "WHERE d.team_id = ? AND (? OR d.status <> 'arkivert') ORDER BY d.updated_at DESC, d.id DESC");
    s.bind(1, team_id).bind(2, include_archived);
    while (s.step()) out.push_back(read_draft(s));
  }
  return with_tags(db, std::move(out));
}

result<draft> update_meta(store::connection& w, std::int64_t team_id, std::int64_t draft_id, meta_input const& in) {
  if (auto st = validate(in); !st) return st.error();
  auto d = find_draft(w, team_id, draft_id);
  if (!d) return d.error();
  if (in.title) w.prepare("UPDATE drafts SET title = ? WHERE id = ?").bind(1, *in.title).bind(2, draft_id).run();
  if (in.kind) w.prepare("UPDATE drafts SET kind = ? WHERE id = ?").bind(1, *in.kind).bind(2, draft_id).run();
  if (in.category) w.prepare("UPDATE drafts SET category = ? WHERE id = ?").bind(1, *in.category).bind(2, draft_id).run();
  if (in.tags) store_tags(w, draft_id, *in.tags);
  w.prepare("UPDATE drafts SET updated_at = ? WHERE id = ?").bind(1, util::now_ms()).bind(2, draft_id).run();
  auto after = find_draft(w, team_id, draft_id);
  if (after) index_library(w, *after, nullptr);
  return after;
}

result<draft> set_status(store::connection& w, status_input const& in, std::string const& text) {
  auto d = find_draft(w, in.team_id, in.draft_id);
  if (!d) return d.error();
  if (in.comment.size() > 8000 || !ot::utf8::valid(in.comment)) return make_error(errc::bad_request, "comment: at most 8000 bytes of text");
  auto const from = d->state;
  if (from == in.to) return make_error(errc::conflict, "the draft already has that status");
  if (facilitator_move(from, in.to) && !in.facilitator) return make_error(errc::forbidden, "only a facilitator may make this change of status");
  if (!allowed_move(from, in.to))
    return make_error(errc::conflict, "cannot go from " + std::string(to_string(from)) + " to " + std::string(to_string(in.to)));
  auto const now = util::now_ms();
  w.prepare("UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?").bind(1, to_string(in.to)).bind(2, now).bind(3, in.draft_id).run();
  if (in.to == draft_status::publisert) {
    w.prepare("UPDATE drafts SET published_version = version, published_at = ? WHERE id = ?").bind(1, now).bind(2, in.draft_id).run();
    w.prepare("INSERT OR REPLACE INTO draft_snapshots (draft_id, version, text) VALUES (?, ?, ?)").bind(1, in.draft_id).bind(2, d->version).bind(3, text).run();
  }
  w.prepare("INSERT INTO draft_status_changes (draft_id, from_status, to_status, by_user, at, comment, version) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, in.draft_id)
      .bind(2, to_string(from))
      .bind(3, to_string(in.to))
      .bind(4, in.user_id)
      .bind(5, now)
      .bind(6, in.comment)
      .bind(7, d->version)
      .run();
  add_version(w, in.draft_id, d->version, std::string(to_string(in.to)), "status", in.user_id);
  auto after = find_draft(w, in.team_id, in.draft_id);
  if (after) index_library(w, *after, &text);
  return after;
}

std::vector<status_change> status_history(store::connection& db, std::int64_t draft_id) {
  std::vector<status_change> out;
  auto s = db.prepare(
      "SELECT c.from_status, c.to_status, coalesce(c.by_user, 0), coalesce(u.display_name, ''), c.at, c.comment, c.version "
      "FROM draft_status_changes c LEFT JOIN users u ON u.id = c.by_user WHERE c.draft_id = ? ORDER BY c.id");
  s.bind(1, draft_id);
  while (s.step()) out.push_back({s.col_text(0), s.col_text(1), s.col_int(2), s.col_text(3), s.col_int(4), s.col_text(5), s.col_int(6)});
  return out;
}

std::vector<version_entry> list_versions(store::connection& db, std::int64_t draft_id) {
  std::vector<version_entry> out;
  auto s = db.prepare(
      "SELECT v.id, v.version, v.label, v.kind, coalesce(v.created_by, 0), coalesce(u.display_name, ''), v.created_at "
      "FROM draft_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.draft_id = ? ORDER BY v.id DESC");
  s.bind(1, draft_id);
  while (s.step()) out.push_back({s.col_int(0), s.col_int(1), s.col_text(2), s.col_text(3), s.col_int(4), s.col_text(5), s.col_int(6)});
  return out;
}

version_entry add_version(store::connection& w, std::int64_t draft_id, std::int64_t version, std::string const& label, std::string const& kind,
                          std::int64_t by) {
  auto const now = util::now_ms();
  w.prepare("INSERT INTO draft_versions (draft_id, version, label, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, draft_id)
      .bind(2, version)
      .bind(3, label)
      .bind(4, kind)
      .bind(5, by == 0 ? std::optional<std::int64_t>() : std::optional<std::int64_t>(by))
      .bind(6, now)
      .run();
  return {w.last_insert_rowid(), version, label, kind, by, by == 0 ? std::string() : display_name_of(w, by), now};
}

result<std::vector<library_hit>> search_library(store::connection& db, std::string const& q, std::optional<std::string> const& kind,
                                                std::optional<std::string> const& category, int limit) {
  if (auto st = validate_kind_category(kind, category); !st) return st.error();
  std::vector<std::pair<std::int64_t, std::string>> ids;
  if (!q.empty()) {
    // Every word is a prefix: "leveran" finds "leverandør".
    std::string words;
    for (std::size_t i = 0; i < q.size();) {
      auto j = q.find_first_of(" \t\r\n", i);
      if (j == std::string::npos) j = q.size();
      if (j > i) {
        auto w = q.substr(i, j - i);
        if (w.back() != '*') w += '*';
        words += (words.empty() ? "" : " ") + w;
      }
      i = j + 1;
    }
    auto fts = chat::fts_query(words);
    if (!fts) return make_error(errc::bad_request, "q: nothing to search for");
    auto s = db.prepare(
        "SELECT f.rowid, snippet(library_fts, -1, char(57344), char(57345), '…', 16) FROM library_fts f JOIN drafts d ON d.id = f.rowid "
        "WHERE library_fts MATCH ? AND (? IS NULL OR d.kind = ?) AND (? IS NULL OR d.category = ?) ORDER BY bm25(library_fts, 5.0, 3.0, 1.0) LIMIT ?");
    s.bind(1, *fts).bind(2, kind).bind(3, kind).bind(4, category).bind(5, category).bind(6, limit);
    while (s.step()) ids.emplace_back(s.col_int(0), chat::mark_snippet(s.col_text(1)));
  } else {
    auto s = db.prepare(
        "SELECT d.id, substr(f.body, 1, 200) FROM drafts d JOIN library_fts f ON f.rowid = d.id WHERE d.status = 'publisert' "
        "AND (? IS NULL OR d.kind = ?) AND (? IS NULL OR d.category = ?) ORDER BY d.published_at DESC, d.id DESC LIMIT ?");
    s.bind(1, kind).bind(2, kind).bind(3, category).bind(4, category).bind(5, limit);
    while (s.step()) ids.emplace_back(s.col_int(0), chat::mark_snippet(s.col_text(1)));
  }
  std::vector<library_hit> out;
  for (auto& [id, snip] : ids)
    if (auto d = find_any_draft(db, id); d && d->state == draft_status::publisert) out.push_back({std::move(*d), std::move(snip)});
  return out;
}

result<std::string> published_text(store::connection& db, std::int64_t draft_id) {
  auto s = db.prepare(
      "SELECT sn.text FROM drafts d JOIN draft_snapshots sn ON sn.draft_id = d.id AND sn.version = d.published_version "
      "WHERE d.id = ? AND d.status = 'publisert'");
  s.bind(1, draft_id);
  if (!s.step()) return make_error(errc::not_found, "no such published requirement");
  return s.col_text(0);
}

}  // namespace arena::drafts
