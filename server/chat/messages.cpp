#include "chat/messages.hpp"

#include "chat/channels.hpp"
#include "util/clock.hpp"

#include <algorithm>

namespace arena::chat {

namespace {

constexpr char const* message_select =
    "SELECT m.id, m.channel_id, c.team_id, m.seq, t.name, m.topic_id, m.author_id, u.display_name, COALESCE(o.name, ''), "
    "m.body, m.created_at, m.edited_at, m.deleted, m.pinned, m.archive_worthy, m.mentions_team "
    "FROM messages m JOIN channels c ON c.id = m.channel_id JOIN topics t ON t.id = m.topic_id "
    "JOIN users u ON u.id = m.author_id LEFT JOIN organisations o ON o.id = u.org_id ";

message read_row(store::statement_ref const& s) {
  message m;
  m.id = s.col_int(0);
  m.channel_id = s.col_int(1);
  m.team_id = s.col_int(2);
  m.seq = s.col_int(3);
  m.topic = s.col_text(4);
  m.topic_id = s.col_int(5);
  m.author_id = s.col_int(6);
  m.author_name = s.col_text(7);
  m.org_name = s.col_text(8);
  m.body = s.col_text(9);
  m.created_at = s.col_int(10);
  m.edited_at = s.col_int_opt(11);
  m.deleted = s.col_int(12) != 0;
  m.pinned = s.col_int(13) != 0;
  m.archive_worthy = s.col_int(14) != 0;
  m.mentions_team = s.col_int(15) != 0;
  return m;
}

void complete(store::connection& db, message& m, std::int64_t viewer_id) {
  {
    auto s = db.prepare("SELECT emoji, user_id FROM reactions WHERE message_id = ? ORDER BY emoji, created_at, user_id");
    s.bind(1, m.id);
    while (s.step()) {
      auto emoji = s.col_text(0);
      auto uid = s.col_int(1);
      if (m.reactions.empty() || m.reactions.back().emoji != emoji) m.reactions.push_back(reaction{emoji, 0, false, {}});
      auto& r = m.reactions.back();
      ++r.count;
      r.mine = r.mine || (viewer_id != 0 && uid == viewer_id);
      r.user_ids.push_back(uid);
    }
  }
  auto s = db.prepare("SELECT user_id FROM mentions WHERE message_id = ? ORDER BY user_id");
  s.bind(1, m.id);
  while (s.step()) m.mentions.push_back(s.col_int(0));
}

std::vector<message> read_all(store::connection& db, store::statement_ref& s, std::int64_t viewer_id) {
  std::vector<message> out;
  while (s.step()) out.push_back(read_row(s));
  s.get().reset();
  for (auto& m : out) complete(db, m, viewer_id);
  return out;
}

void insert_mentions(store::connection& w, std::int64_t message_id, std::vector<std::int64_t> const& user_ids) {
  for (auto uid : user_ids) w.prepare("INSERT OR IGNORE INTO mentions (message_id, user_id) VALUES (?, ?)").bind(1, message_id).bind(2, uid).run();
}

void store_mentions(store::connection& w, std::int64_t message_id, parsed_mentions const& pm) {
  w.prepare("DELETE FROM mentions WHERE message_id = ?").bind(1, message_id).run();
  insert_mentions(w, message_id, pm.user_ids);
  w.prepare("UPDATE messages SET mentions_team = ? WHERE id = ?").bind(1, pm.team).bind(2, message_id).run();
}

// topic_authors (migration 0012) lists those with a live message in a topic. After a delete: the
// author leaves it with their last live message there (a scan of the topic, on deletes only).
void forget_author_if_gone(store::connection& w, std::int64_t topic_id, std::int64_t author_id) {
  w.prepare("DELETE FROM topic_authors WHERE topic_id = ?1 AND user_id = ?2 AND NOT EXISTS ("
            "SELECT 1 FROM messages WHERE topic_id = ?1 AND author_id = ?2 AND deleted = 0)")
      .bind(1, topic_id).bind(2, author_id).run();
}

// After messages changed topic: the topic's authors again, from its live messages.
void recount_authors(store::connection& w, std::int64_t topic_id) {
  w.prepare("DELETE FROM topic_authors WHERE topic_id = ?").bind(1, topic_id).run();
  w.prepare("INSERT OR IGNORE INTO topic_authors (topic_id, user_id) SELECT DISTINCT topic_id, author_id FROM messages WHERE topic_id = ? AND deleted = 0")
      .bind(1, topic_id).run();
}

// Reply notifications name their topic (migration 0013, the key message.send coalesces them by):
// when every message of a topic went to another, so do they.
void retopic_reply_notifications(store::connection& w, std::int64_t from_topic, std::int64_t to_topic) {
  w.prepare("UPDATE notifications SET topic_id = ?1 WHERE kind = 'reply' AND topic_id = ?2").bind(1, to_topic).bind(2, from_topic).run();
}

result<message> live_message(store::connection& w, std::int64_t channel_id, std::int64_t message_id) {
  auto m = find_message(w, channel_id, message_id);
  if (!m) return m;
  if (m->deleted) return make_error(errc::conflict, "the message was deleted");
  return m;
}

}  // namespace

result<sent> send_message(store::connection& w, send_input const& in) {
  {
    auto s = w.prepare("SELECT id, channel_id FROM messages WHERE author_id = ? AND client_msg_id = ?");
    s.bind(1, in.author_id).bind(2, in.client_msg_id);
    if (s.step()) {
      auto id = s.col_int(0);
      auto ch = s.col_int(1);
      s.get().reset();
      if (ch != in.channel_id) return make_error(errc::conflict, "client_msg_id was already used for another channel");
      auto m = find_message(w, ch, id);
      if (!m) return m.error();
      return sent{std::move(*m), true};
    }
  }
  auto const now = util::now_ms();
  // The writer is the only writer, so reading and then writing is atomic here. Plain statements,
  // not RETURNING: SQLite gathers RETURNING rows in a temporary b-tree it opens per execution.
  std::int64_t seq = 0;
  {
    auto s = w.prepare("SELECT last_seq FROM channels WHERE id = ? AND team_id = ? AND archived = 0");
    s.bind(1, in.channel_id).bind(2, in.team_id);
    if (!s.step()) {
      s.get().reset();
      if (auto c = find_channel(w, in.team_id, in.channel_id); !c) return c.error();
      return make_error(errc::conflict, "the channel is archived");
    }
    seq = s.col_int(0) + 1;
  }
  w.prepare("UPDATE channels SET last_seq = ? WHERE id = ?").bind(1, seq).bind(2, in.channel_id).run();
  // The topic: found and touched, or created.
  std::int64_t topic_id = 0;
  {
    auto s = w.prepare("SELECT id FROM topics WHERE channel_id = ? AND name = ?");
    s.bind(1, in.channel_id).bind(2, in.topic);
    if (s.step()) topic_id = s.col_int(0);
  }
  if (topic_id != 0) {
    w.prepare("UPDATE topics SET last_activity_at = ? WHERE id = ?").bind(1, now).bind(2, topic_id).run();
  } else {
    w.prepare("INSERT INTO topics (channel_id, name, last_activity_at) VALUES (?, ?, ?)").bind(1, in.channel_id).bind(2, in.topic).bind(3, now).run();
    topic_id = w.last_insert_rowid();
  }
  w.prepare("INSERT INTO messages (channel_id, seq, topic_id, author_id, client_msg_id, body, created_at, mentions_team) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, in.channel_id).bind(2, seq).bind(3, topic_id).bind(4, in.author_id).bind(5, in.client_msg_id).bind(6, in.body).bind(7, now)
      .bind(8, in.mentions.team).run();
  message m;
  m.id = w.last_insert_rowid();
  insert_mentions(w, m.id, in.mentions.user_ids);
  // Usually there already (a lookup, no write): only a person's first message in a topic adds it.
  w.prepare("INSERT OR IGNORE INTO topic_authors (topic_id, user_id) VALUES (?, ?)").bind(1, topic_id).bind(2, in.author_id).run();
  // The stored message is what was just written: only the author's names are read back (a new
  // message has no reactions, and its mentions are the ones inserted, in user order).
  {
    auto s = w.prepare("SELECT u.display_name, COALESCE(o.name, '') FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?");
    s.bind(1, in.author_id);
    if (!s.step()) return make_error(errc::not_found, "no such user");
    m.author_name = s.col_text(0);
    m.org_name = s.col_text(1);
  }
  m.channel_id = in.channel_id;
  m.team_id = in.team_id;
  m.seq = seq;
  m.topic = in.topic;
  m.topic_id = topic_id;
  m.author_id = in.author_id;
  m.body = in.body;
  m.created_at = now;
  m.mentions_team = in.mentions.team;
  m.mentions = in.mentions.user_ids;
  std::sort(m.mentions.begin(), m.mentions.end());
  m.mentions.erase(std::unique(m.mentions.begin(), m.mentions.end()), m.mentions.end());
  return sent{std::move(m), false};
}

result<message> find_message(store::connection& db, std::int64_t channel_id, std::int64_t message_id, std::int64_t viewer_id) {
  message m;
  {
    auto s = db.prepare(std::string(message_select) + "WHERE m.id = ? AND m.channel_id = ?");
    s.bind(1, message_id).bind(2, channel_id);
    if (!s.step()) return make_error(errc::not_found, "no such message in this channel");
    m = read_row(s);
  }
  complete(db, m, viewer_id);
  return m;
}

std::vector<message> messages_after(store::connection& db, std::int64_t channel_id, std::int64_t after_seq, int limit, std::int64_t viewer_id) {
  auto s = db.prepare(std::string(message_select) + "WHERE m.channel_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?");
  s.bind(1, channel_id).bind(2, after_seq).bind(3, limit);
  return read_all(db, s, viewer_id);
}

std::vector<message> messages_before(store::connection& db, std::int64_t channel_id, std::int64_t before_seq, int limit,
                                     std::optional<std::int64_t> topic_id, std::int64_t viewer_id) {
  auto s = db.prepare(std::string("SELECT * FROM (") + message_select +
                      "WHERE m.channel_id = ?1 AND (?2 = 0 OR m.seq < ?2) AND (?3 IS NULL OR m.topic_id = ?3) ORDER BY m.seq DESC LIMIT ?4) "
                      "ORDER BY 4");
  s.bind(1, channel_id).bind(2, before_seq).bind(3, topic_id).bind(4, limit);
  return read_all(db, s, viewer_id);
}

std::vector<message> all_messages(store::connection& db, std::int64_t channel_id, std::optional<std::int64_t> topic_id) {
  auto s = db.prepare(std::string(message_select) + "WHERE m.channel_id = ?1 AND (?2 IS NULL OR m.topic_id = ?2) ORDER BY m.seq");
  s.bind(1, channel_id).bind(2, topic_id);
  return read_all(db, s, 0);
}

std::vector<message> pinned_messages(store::connection& db, std::int64_t channel_id, std::int64_t viewer_id) {
  auto s = db.prepare(std::string(message_select) + "WHERE m.channel_id = ? AND m.pinned = 1 AND m.deleted = 0 ORDER BY m.seq");
  s.bind(1, channel_id);
  return read_all(db, s, viewer_id);
}

std::optional<std::int64_t> find_topic_id(store::connection& db, std::int64_t channel_id, std::string const& name) {
  auto s = db.prepare("SELECT id FROM topics WHERE channel_id = ? AND name = ?");
  s.bind(1, channel_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return s.col_int(0);
}

result<message> edit_message(store::connection& w, std::int64_t channel_id, std::int64_t message_id, std::string const& body,
                             parsed_mentions const& mentions) {
  auto m = live_message(w, channel_id, message_id);
  if (!m) return m;
  auto const now = util::now_ms();
  w.prepare("INSERT INTO message_edits (message_id, body, edited_at) VALUES (?, ?, ?)").bind(1, message_id).bind(2, m->body).bind(3, now).run();
  w.prepare("UPDATE messages SET body = ?, edited_at = ? WHERE id = ?").bind(1, body).bind(2, now).bind(3, message_id).run();
  store_mentions(w, message_id, mentions);
  return find_message(w, channel_id, message_id);
}

std::vector<edit> edit_history(store::connection& db, std::int64_t message_id) {
  std::vector<edit> out;
  auto s = db.prepare("SELECT body, edited_at FROM message_edits WHERE message_id = ? ORDER BY id");
  s.bind(1, message_id);
  while (s.step()) out.push_back(edit{s.col_text(0), s.col_int(1)});
  return out;
}

result<message> delete_message(store::connection& w, std::int64_t channel_id, std::int64_t message_id) {
  auto m = live_message(w, channel_id, message_id);
  if (!m) return m;
  w.prepare("DELETE FROM message_edits WHERE message_id = ?").bind(1, message_id).run();
  w.prepare("DELETE FROM reactions WHERE message_id = ?").bind(1, message_id).run();
  w.prepare("DELETE FROM mentions WHERE message_id = ?").bind(1, message_id).run();
  w.prepare("UPDATE messages SET body = '', deleted = 1, pinned = 0, mentions_team = 0 WHERE id = ?").bind(1, message_id).run();
  forget_author_if_gone(w, m->topic_id, m->author_id);
  return find_message(w, channel_id, message_id);
}

result<message> react(store::connection& w, std::int64_t channel_id, std::int64_t message_id, std::int64_t user_id,
                      std::string const& emoji, bool on) {
  auto m = live_message(w, channel_id, message_id);
  if (!m) return m;
  if (on)
    w.prepare("INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, message_id).bind(2, user_id).bind(3, emoji).bind(4, util::now_ms()).run();
  else
    w.prepare("DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?").bind(1, message_id).bind(2, user_id).bind(3, emoji).run();
  return find_message(w, channel_id, message_id, user_id);
}

result<message> set_flag(store::connection& w, std::int64_t channel_id, std::int64_t message_id, flag f, bool on) {
  auto m = live_message(w, channel_id, message_id);
  if (!m) return m;
  w.prepare(f == flag::pinned ? "UPDATE messages SET pinned = ? WHERE id = ?" : "UPDATE messages SET archive_worthy = ? WHERE id = ?")
      .bind(1, on).bind(2, message_id).run();
  return find_message(w, channel_id, message_id);
}

namespace {
result<topic> topic_in(store::connection& w, std::int64_t channel_id, std::int64_t topic_id) {
  for (auto& t : list_topics(w, channel_id, 0))
    if (t.id == topic_id) return t;
  return make_error(errc::not_found, "no such topic in this channel");
}
}  // namespace

result<topic_change> update_topic(store::connection& w, std::int64_t team_id, std::int64_t channel_id, std::int64_t topic_id,
                                  topic_input const& in) {
  if (auto c = find_channel(w, team_id, channel_id); !c) return c.error();
  auto t = topic_in(w, channel_id, topic_id);
  if (!t) return t.error();
  if (in.name && (code_points(*in.name) < 1 || code_points(*in.name) > 60)) return make_error(errc::bad_request, "name: 1 to 60 characters");
  topic_change out;
  out.from_channel_id = channel_id;
  std::int64_t id = topic_id;
  if (in.name && *in.name != t->name) {
    auto existing = find_topic_id(w, channel_id, *in.name);
    if (existing) {
      w.prepare("UPDATE messages SET topic_id = ? WHERE topic_id = ?").bind(1, *existing).bind(2, topic_id).run();
      retopic_reply_notifications(w, topic_id, *existing);
      w.prepare("UPDATE topics SET last_activity_at = MAX(last_activity_at, ?) WHERE id = ?").bind(1, t->last_activity_at).bind(2, *existing).run();
      // The merged topic keeps its own binding, or takes the merged one's.
      w.prepare("UPDATE topics SET bound_kind = (SELECT bound_kind FROM topics WHERE id = ?1), bound_id = (SELECT bound_id FROM topics WHERE id = ?1) "
                "WHERE id = ?2 AND bound_kind IS NULL")
          .bind(1, topic_id).bind(2, *existing).run();
      w.prepare("DELETE FROM topics WHERE id = ?").bind(1, topic_id).run();
      recount_authors(w, *existing);
      id = *existing;
    } else {
      w.prepare("UPDATE topics SET name = ? WHERE id = ?").bind(1, *in.name).bind(2, topic_id).run();
    }
  }
  if (in.resolved) w.prepare("UPDATE topics SET resolved = ? WHERE id = ?").bind(1, *in.resolved).bind(2, id).run();
  std::int64_t where = channel_id;
  if (in.to_channel_id && *in.to_channel_id != channel_id) {
    auto target = find_channel(w, team_id, *in.to_channel_id);
    if (!target) return target.error();
    if (target->archived) return make_error(errc::conflict, "the target channel is archived");
    auto src = topic_in(w, channel_id, id);
    if (!src) return src.error();
    auto const now = util::now_ms();
    auto to_topic = topic_id_for(w, target->id, src->name, now);
    w.prepare("UPDATE topics SET resolved = ?, last_activity_at = MAX(last_activity_at, ?) WHERE id = ?")
        .bind(1, src->resolved).bind(2, src->last_activity_at).bind(3, to_topic).run();
    if (src->bound)
      w.prepare("UPDATE topics SET bound_kind = ?, bound_id = ? WHERE id = ? AND bound_kind IS NULL").bind(1, src->bound->kind).bind(2, src->bound->id).bind(3, to_topic).run();
    struct row {
      std::int64_t id, seq, author, created;
      bool deleted;
    };
    std::vector<row> rows;
    {
      auto s = w.prepare("SELECT id, seq, author_id, created_at, deleted FROM messages WHERE topic_id = ? AND client_msg_id NOT LIKE 'moved:%' ORDER BY seq");
      s.bind(1, id);
      while (s.step()) rows.push_back({s.col_int(0), s.col_int(1), s.col_int(2), s.col_int(3), s.col_int(4) != 0});
    }
    for (auto const& r : rows) {
      std::int64_t seq = 0;
      {
        auto s = w.prepare("UPDATE channels SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq");
        s.bind(1, target->id);
        s.step();
        seq = s.col_int(0);
      }
      w.prepare("UPDATE messages SET channel_id = ?, seq = ?, topic_id = ? WHERE id = ?").bind(1, target->id).bind(2, seq).bind(3, to_topic).bind(4, r.id).run();
      w.prepare("INSERT INTO messages (channel_id, seq, topic_id, author_id, client_msg_id, body, created_at, deleted) VALUES (?, ?, ?, ?, ?, '', ?, 1)")
          .bind(1, channel_id).bind(2, r.seq).bind(3, id).bind(4, r.author).bind(5, "moved:" + std::to_string(r.id) + ":" + std::to_string(channel_id) + ":" + std::to_string(r.seq)).bind(6, r.created).run();
      out.moved.push_back(r.id);
      out.tombstones.push_back(w.last_insert_rowid());
    }
    // Every message left for the target topic; the source keeps tombstones, written by no one.
    retopic_reply_notifications(w, id, to_topic);
    recount_authors(w, to_topic);
    recount_authors(w, id);
    where = target->id;
    id = to_topic;
  }
  auto res = topic_in(w, where, id);
  if (!res) return res.error();
  out.result = std::move(*res);
  return out;
}

}  // namespace arena::chat
