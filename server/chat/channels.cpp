#include "chat/channels.hpp"

#include "chat/read_state.hpp"
#include "util/clock.hpp"

namespace arena::chat {

namespace {

constexpr char const* channel_select = "SELECT id, team_id, name, description, archived, last_seq FROM channels ";

channel read_channel(store::statement_ref const& s) {
  channel c;
  c.id = s.col_int(0);
  c.team_id = s.col_int(1);
  c.name = s.col_text(2);
  c.description = s.col_text(3);
  c.archived = s.col_int(4) != 0;
  c.last_seq = s.col_int(5);
  return c;
}

void add_counts(store::connection& db, channel& c, std::int64_t viewer_id) {
  if (viewer_id == 0) return;
  auto n = channel_counts(db, c.id, viewer_id);
  c.unread = n.unread;
  c.mentions = n.mentions;
}

status validate(channel_input const& in) {
  if (in.name && (code_points(*in.name) < 1 || code_points(*in.name) > 80)) return make_error(errc::bad_request, "name: 1 to 80 characters");
  if (in.description && code_points(*in.description) > 2000) return make_error(errc::bad_request, "description: at most 2000 characters");
  return {};
}

bool name_taken(store::connection& w, std::int64_t team_id, std::string const& name, std::int64_t except_id) {
  auto s = w.prepare("SELECT 1 FROM channels WHERE team_id = ? AND name = ? AND id <> ?");
  s.bind(1, team_id).bind(2, name).bind(3, except_id);
  return s.step();
}

}  // namespace

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string channel_topic(std::int64_t channel_id) { return "channel:" + std::to_string(channel_id); }

std::vector<channel> list_channels(store::connection& db, std::int64_t team_id, std::int64_t viewer_id) {
  std::vector<channel> out;
  {
    auto s = db.prepare(std::string(channel_select) + "WHERE team_id = ? ORDER BY archived, id");
    s.bind(1, team_id);
    while (s.step()) out.push_back(read_channel(s));
  }
  for (auto& c : out) add_counts(db, c, viewer_id);
  return out;
}

result<channel> find_channel(store::connection& db, std::int64_t team_id, std::int64_t channel_id, std::int64_t viewer_id) {
  channel c;
  {
    auto s = db.prepare(std::string(channel_select) + "WHERE id = ? AND team_id = ?");
    s.bind(1, channel_id).bind(2, team_id);
    if (!s.step()) return make_error(errc::not_found, "no such channel in this team");
    c = read_channel(s);
  }
  add_counts(db, c, viewer_id);
  return c;
}

void create_default_channels(store::connection& w, std::int64_t team_id) {
  for (auto const* name : default_channels)
    w.prepare("INSERT INTO channels (team_id, name, created_at) VALUES (?, ?, ?)").bind(1, team_id).bind(2, name).bind(3, util::now_ms()).run();
}

result<channel> create_channel(store::connection& w, std::int64_t team_id, channel_input const& in) {
  if (!in.name) return make_error(errc::bad_request, "name: required");
  if (auto st = validate(in); !st) return st.error();
  if (name_taken(w, team_id, *in.name, 0)) return make_error(errc::conflict, "a channel of that name exists in this team");
  w.prepare("INSERT INTO channels (team_id, name, description, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, team_id).bind(2, *in.name).bind(3, in.description.value_or("")).bind(4, util::now_ms()).run();
  return find_channel(w, team_id, w.last_insert_rowid());
}

result<channel> update_channel(store::connection& w, std::int64_t team_id, std::int64_t channel_id, channel_input const& in) {
  if (auto c = find_channel(w, team_id, channel_id); !c) return c.error();
  if (auto st = validate(in); !st) return st.error();
  if (in.name && name_taken(w, team_id, *in.name, channel_id)) return make_error(errc::conflict, "a channel of that name exists in this team");
  if (in.name) w.prepare("UPDATE channels SET name = ? WHERE id = ?").bind(1, *in.name).bind(2, channel_id).run();
  if (in.description) w.prepare("UPDATE channels SET description = ? WHERE id = ?").bind(1, *in.description).bind(2, channel_id).run();
  if (in.archived) w.prepare("UPDATE channels SET archived = ? WHERE id = ?").bind(1, *in.archived).bind(2, channel_id).run();
  return find_channel(w, team_id, channel_id);
}

namespace {

// The columns every topic read selects, after t.id .. t.last_activity_at and the two counts.
constexpr char const* binding_columns =
    "t.bound_kind, t.bound_id, "
    "CASE t.bound_kind WHEN 'draft' THEN (SELECT printf('%s-%03d %s', coalesce(nullif(tm.code, ''), upper(substr(tm.slug, 1, 3))), d.number, d.title) "
    "  FROM drafts d JOIN teams tm ON tm.id = d.team_id WHERE d.id = t.bound_id) "
    "WHEN 'meeting' THEN (SELECT mt.title FROM meetings mt WHERE mt.id = t.bound_id) "
    "WHEN 'supplier' THEN (SELECT sp.name FROM suppliers sp WHERE sp.id = t.bound_id) END, t.bound_case_id ";

topic read_topic(store::statement_ref const& s) {
  topic t;
  t.id = s.col_int(0);
  t.channel_id = s.col_int(1);
  t.name = s.col_text(2);
  t.resolved = s.col_int(3) != 0;
  t.last_activity_at = s.col_int(4);
  t.message_count = s.col_int(5);
  t.unread = s.col_int(6);
  if (auto kind = s.col_text_opt(7)) t.bound = binding{*kind, s.col_int(8), s.col_text_opt(9).value_or("")};
  // A follow-up case is stored as its supplier plus the case (see 0006_suppliers.sql).
  if (t.bound && !s.is_null(10)) {
    t.bound->kind = "case";
    t.bound->label += " – sak " + std::to_string(s.col_int(10));
    t.bound->id = s.col_int(10);
  }
  return t;
}

}  // namespace

std::vector<topic> list_topics(store::connection& db, std::int64_t channel_id, std::int64_t viewer_id) {
  std::vector<topic> out;
  auto s = db.prepare(
      "SELECT t.id, t.channel_id, t.name, t.resolved, t.last_activity_at, "
      "(SELECT COUNT(*) FROM messages m WHERE m.topic_id = t.id AND m.deleted = 0), "
      "(SELECT COUNT(*) FROM messages m WHERE m.topic_id = t.id AND m.deleted = 0 AND m.author_id <> ?1 AND m.seq > "
      " COALESCE((SELECT r.seq FROM read_markers r WHERE r.user_id = ?1 AND r.channel_id = t.channel_id), 0)), " +
      std::string(binding_columns) + "FROM topics t WHERE t.channel_id = ?2 ORDER BY t.last_activity_at DESC, t.id DESC");
  s.bind(1, viewer_id).bind(2, channel_id);
  while (s.step()) out.push_back(read_topic(s));
  return out;
}

result<topic> bind_topic(store::connection& w, std::int64_t team_id, std::int64_t channel_id, std::int64_t topic_id,
                         std::optional<binding> const& b) {
  if (auto c = find_channel(w, team_id, channel_id); !c) return c.error();
  {
    auto s = w.prepare("SELECT 1 FROM topics WHERE id = ? AND channel_id = ?");
    s.bind(1, topic_id).bind(2, channel_id);
    if (!s.step()) return make_error(errc::not_found, "no such topic in this channel");
  }
  std::optional<std::int64_t> case_id;
  std::optional<binding> stored = b;
  if (b) {
    if (b->kind == "draft" || b->kind == "meeting") {
      auto s = w.prepare(b->kind == "draft" ? "SELECT 1 FROM drafts WHERE id = ? AND team_id = ?" : "SELECT 1 FROM meetings WHERE id = ? AND team_id = ?");
      s.bind(1, b->id).bind(2, team_id);
      if (!s.step()) return make_error(errc::not_found, "bound.id: no such " + b->kind + " in this team");
    } else if (b->kind == "supplier") {
      // Suppliers are shared by every team.
      auto s = w.prepare("SELECT 1 FROM suppliers WHERE id = ?");
      s.bind(1, b->id);
      if (!s.step()) return make_error(errc::not_found, "bound.id: no such supplier");
    } else if (b->kind == "case") {
      auto s = w.prepare("SELECT supplier_id FROM followup_cases WHERE id = ?");
      s.bind(1, b->id);
      if (!s.step()) return make_error(errc::not_found, "bound.id: no such follow-up case");
      case_id = b->id;
      stored = binding{"supplier", s.col_int(0), {}};
    } else {
      return make_error(errc::bad_request, "bound.kind: draft, meeting, supplier or case");
    }
  }
  w.prepare("UPDATE topics SET bound_kind = ?, bound_id = ?, bound_case_id = ? WHERE id = ?")
      .bind(1, stored ? std::optional<std::string>(stored->kind) : std::nullopt)
      .bind(2, stored ? std::optional<std::int64_t>(stored->id) : std::nullopt)
      .bind(3, case_id)
      .bind(4, topic_id)
      .run();
  for (auto& t : list_topics(w, channel_id, 0))
    if (t.id == topic_id) return t;
  return make_error(errc::not_found, "no such topic in this channel");
}

std::vector<topic> topics_bound_to(store::connection& db, std::int64_t team_id, std::string const& kind, std::int64_t id) {
  std::vector<topic> out;
  auto s = db.prepare(
      "SELECT t.id, t.channel_id, t.name, t.resolved, t.last_activity_at, "
      "(SELECT COUNT(*) FROM messages m WHERE m.topic_id = t.id AND m.deleted = 0), 0, " +
      std::string(binding_columns) + ", c.name FROM topics t JOIN channels c ON c.id = t.channel_id "
      "WHERE c.team_id = ? AND t.bound_kind = ? AND t.bound_id = ? ORDER BY t.last_activity_at DESC, t.id DESC");
  s.bind(1, team_id).bind(2, kind).bind(3, id);
  while (s.step()) {
    out.push_back(read_topic(s));
    out.back().channel_name = s.col_text(11);
  }
  return out;
}

std::int64_t topic_id_for(store::connection& w, std::int64_t channel_id, std::string const& name, std::int64_t now_ms) {
  {
    auto s = w.prepare("SELECT id FROM topics WHERE channel_id = ? AND name = ?");
    s.bind(1, channel_id).bind(2, name);
    if (s.step()) {
      auto id = s.col_int(0);
      return id;
    }
  }
  w.prepare("INSERT INTO topics (channel_id, name, last_activity_at) VALUES (?, ?, ?)").bind(1, channel_id).bind(2, name).bind(3, now_ms).run();
  return w.last_insert_rowid();
}

}  // namespace arena::chat
