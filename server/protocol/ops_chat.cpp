// Live team channels (docs/PROTOCOL.md, "Live team channels"). The op table checks team access
// (auth/policy); these handlers check that the channel belongs to the team and the message to
// the channel (not_found otherwise) and who may edit or delete.
//
// Ordering: every write is one writer job whose `done` publishes the event. `done` runs on the
// writer thread in commit order, so each channel's events leave in seq order, after COMMIT.
// channel.subscribe is a writer job too: it reads the backlog on the writer's connection (which
// sees every commit), and its `done` subscribes the socket and queues the answer itself; every
// later commit's event is published after that, so the client sees no gap and no duplicate.
#include "chat/channels.hpp"
#include "chat/export.hpp"
#include "chat/messages.hpp"
#include "chat/notifications.hpp"
#include "suppliers/register.hpp"
#include "suppliers/visibility.hpp"
#include "chat/oslo_time.hpp"
#include "chat/read_state.hpp"
#include "chat/search.hpp"
#include "protocol/args.hpp"
#include "protocol/commit.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"
#include "protocol/views_chat.hpp"
#include "teams/teams.hpp"
#include "util/clock.hpp"

#include <future>

namespace arena::protocol {

// Each notification goes to its user alone (after COMMIT, like every event).
void publish_notifications(services& svc, std::vector<chat::notification> const& notes) {
  for (auto const& n : notes)
    svc.hub.publish(bus::user_topic(n.user_id), encode_shared(json{{"ev", "notification"}, {"notification", to_json(n)}}));
}

namespace {

constexpr int subscribe_page = 50;
constexpr int resync_after = 1000;

void publish_new_message(services& svc, chat::message const& m) {
  svc.hub.publish(chat::channel_topic(m.channel_id),
                  encode_shared(json{{"ev", "message.new"}, {"channel_id", m.channel_id}, {"message", to_new_message_json(m)}}));
}

void publish_updated_message(services& svc, chat::message const& m) {
  svc.hub.publish(chat::channel_topic(m.channel_id),
                  encode_shared(json{{"ev", "message.updated"}, {"channel_id", m.channel_id}, {"message", to_json(m)}}));
}

result<std::string> topic_field(json const& a, char const* field) {
  ARENA_TRY(t, args::string(a, field, 1, 240));
  if (chat::code_points(t) > 60) return make_error(errc::bad_request, std::string(field) + ": 1 to 60 characters");
  return t;
}

result<std::string> body_field(json const& a) {
  auto it = a.find("body");
  if (it != a.end() && it->is_string() && it->get_ref<std::string const&>().size() > chat::max_body_bytes)
    return make_error(errc::too_large, "body: at most 16 KiB");
  return args::string(a, "body", 1, chat::max_body_bytes);
}

chat::parsed_mentions mentions_in(store::connection& db, std::int64_t team_id, std::string const& body) {
  // Every mention starts with '@': most messages have none and need no member list.
  if (body.find('@') == std::string::npos) return {};
  std::vector<chat::person_name> people;
  for (auto const& m : teams::list_members(db, team_id)) people.push_back({m.user_id, m.display_name});
  return chat::parse_mentions(body, people);
}

struct target {
  std::int64_t team_id;
  std::int64_t channel_id;
};

result<target> channel_target(call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(channel_id, args::id(a, "channel_id"));
  if (auto ch = chat::find_channel(*c.db, team_id, channel_id); !ch) return ch.error();
  return target{team_id, channel_id};
}

json messages_json(std::vector<chat::message> const& ms) {
  json out = json::array();
  for (auto const& m : ms) out.push_back(to_json(m));
  return out;
}

// The subscribe answer: the latest page, everything after since_seq, or resync.
json backlog(store::connection& db, std::int64_t channel_id, std::int64_t last_seq, std::optional<std::int64_t> since, std::int64_t viewer) {
  if (!since) return {{"last_seq", last_seq}, {"messages", messages_json(chat::messages_before(db, channel_id, 0, subscribe_page, {}, viewer))}};
  if (last_seq - *since > resync_after) return {{"resync", true}, {"last_seq", last_seq}};
  return {{"last_seq", last_seq}, {"messages", messages_json(chat::messages_after(db, channel_id, *since, resync_after, viewer))}};
}

result<json> flag_op(services& svc, call& c, json const& a, chat::flag f) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(message_id, args::id(a, "message_id"));
  ARENA_TRY(on, args::opt_bool(a, "on"));
  if (!on) return make_error(errc::bad_request, "on: true or false is required");
  struct flagged {
    chat::message msg;
    std::vector<chat::notification> notes;
  };
  auto const actor = c.who->user_id;
  auto r = commit_then<flagged>(
      svc,
      [&](store::connection& w) -> result<flagged> {
        auto before = chat::find_message(w, t.channel_id, message_id);
        bool const was = before && before->pinned;
        auto m = chat::set_flag(w, t.channel_id, message_id, f, *on);
        if (!m) return m.error();
        flagged out{std::move(*m), {}};
        if (f == chat::flag::pinned && *on && !was) out.notes = chat::notify_pin(w, out.msg, actor);
        return out;
      },
      [&](flagged const& r) {
        publish_updated_message(svc, r.msg);
        publish_notifications(svc, r.notes);
      });
  if (!r) return r.error();
  return answer(json{{"message", to_json(r->msg)}});
}

}  // namespace

result<json> channel_list(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  json out = json::array();
  for (auto const& ch : chat::list_channels(*c.db, team_id, c.who->user_id)) out.push_back(to_json(ch));
  return answer(json{{"channels", std::move(out)}});
}

result<json> channel_create(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  chat::channel_input in;
  ARENA_TRY(name, args::string(a, "name", 1, 320));
  ARENA_TRY(desc, args::opt_string(a, "description", 8000));
  in.name = name;
  in.description = desc;
  auto ch = commit_then<chat::channel>(
      svc, [&](store::connection& w) { return chat::create_channel(w, team_id, in); },
      [&](chat::channel const& ch) { svc.hub.publish(bus::team_topic(team_id), encode_shared(json{{"ev", "channel.updated"}, {"channel", to_json(ch)}})); });
  if (!ch) return ch.error();
  (void)c;
  return answer(json{{"channel", to_json(*ch)}});
}

result<json> channel_update(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(channel_id, args::id(a, "channel_id"));
  chat::channel_input in;
  ARENA_TRY(name, args::opt_string(a, "name", 320));
  ARENA_TRY(desc, args::opt_string(a, "description", 8000));
  ARENA_TRY(archived, args::opt_bool(a, "archived"));
  in.name = name;
  in.description = desc;
  in.archived = archived;
  auto ch = commit_then<chat::channel>(
      svc, [&](store::connection& w) { return chat::update_channel(w, team_id, channel_id, in); },
      [&](chat::channel const& ch) { svc.hub.publish(bus::team_topic(team_id), encode_shared(json{{"ev", "channel.updated"}, {"channel", to_json(ch)}})); });
  if (!ch) return ch.error();
  auto mine = chat::find_channel(*c.db, team_id, channel_id, c.who->user_id);
  return answer(json{{"channel", to_json(mine ? *mine : *ch)}});
}

result<json> topic_list(services&, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  json out = json::array();
  for (auto const& tp : chat::list_topics(*c.db, t.channel_id, c.who->user_id)) out.push_back(to_json(tp));
  return answer(json{{"topics", std::move(out)}});
}

result<json> topic_update(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(topic_id, args::id(a, "topic_id"));
  chat::topic_input in;
  ARENA_TRY(name, args::opt_string(a, "name", 240));
  ARENA_TRY(resolved, args::opt_bool(a, "resolved"));
  ARENA_TRY(to, args::opt_id(a, "to_channel_id"));
  in.name = name;
  in.resolved = resolved;
  in.to_channel_id = to;
  struct changed {
    chat::topic_change ch;
    std::vector<chat::message> moved, tombstones;
  };
  auto r = commit_then<changed>(
      svc,
      [&](store::connection& w) -> result<changed> {
        auto ch = chat::update_topic(w, t.team_id, t.channel_id, topic_id, in);
        if (!ch) return ch.error();
        changed out{std::move(*ch), {}, {}};
        for (auto id : out.ch.moved)
          if (auto m = chat::find_message(w, out.ch.result.channel_id, id)) out.moved.push_back(std::move(*m));
        for (auto id : out.ch.tombstones)
          if (auto m = chat::find_message(w, out.ch.from_channel_id, id)) out.tombstones.push_back(std::move(*m));
        return out;
      },
      [&](changed const& r) {
        auto const& res = r.ch.result;
        auto topic_event = [&](std::int64_t channel) {
          svc.hub.publish(chat::channel_topic(channel), encode_shared(json{{"ev", "topic.updated"}, {"channel_id", channel}, {"topic", to_json(res)}}));
        };
        topic_event(r.ch.from_channel_id);
        for (auto const& m : r.tombstones) publish_updated_message(svc, m);
        if (res.channel_id != r.ch.from_channel_id) {
          for (auto const& m : r.moved) publish_new_message(svc, m);
          topic_event(res.channel_id);
        }
      });
  if (!r) return r.error();
  return answer(json{{"topic", to_json(r->ch.result)}});
}

result<json> topic_bind(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(topic_id, args::id(a, "topic_id"));
  if (!a.contains("bound")) return make_error(errc::bad_request, "bound: {\"kind\", \"id\"} or null is required");
  std::optional<chat::binding> b;
  if (auto const& bj = a["bound"]; !bj.is_null()) {
    if (!bj.is_object()) return make_error(errc::bad_request, "bound: {\"kind\", \"id\"} or null");
    ARENA_TRY(kind, args::string(bj, "kind", 1, 20));
    ARENA_TRY(id, args::id(bj, "id"));
    // A follow-up case is bound only by someone who may see it (its label names the supplier).
    if (kind == "case" && !suppliers::can_see_case(*c.db, suppliers::viewer_of(*c.db, c.who->user_id, c.who->is_admin), id))
      return make_error(errc::not_found, "bound.id: no such follow-up case");
    b = chat::binding{kind, id, {}};
  }
  auto r = commit_then<chat::topic>(
      svc, [&](store::connection& w) { return chat::bind_topic(w, t.team_id, t.channel_id, topic_id, b); },
      [&](chat::topic const& tp) {
        svc.hub.publish(chat::channel_topic(t.channel_id), encode_shared(json{{"ev", "topic.updated"}, {"channel_id", t.channel_id}, {"topic", to_json(tp)}}));
      });
  if (!r) return r.error();
  return answer(json{{"topic", to_json(*r)}});
}

result<json> message_send(services& svc, call& c, json const& a) {
  // Over WebSocket this runs on the io thread that read it (op_def::direct), so it reads
  // nothing here: the writer job checks the team and the channel, and finds the mentions, on
  // the writer's connection, whose page cache no other connection's commit empties.
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(channel_id, args::id(a, "channel_id"));
  target const t{team_id, channel_id};
  ARENA_TRY(topic, topic_field(a, "topic"));
  ARENA_TRY(body, body_field(a));
  ARENA_TRY(client_msg_id, args::string(a, "client_msg_id", 8, 64));
  auto v = svc.chat_limits->on_send(c.who->user_id, c.socket ? c.socket->id : 0, client_msg_id, util::now_ms());
  if (v.close_socket && c.socket) c.socket->close(1008, "too many messages");
  if (!v.ok) {
    error e = make_error(errc::rate_limited, "too many messages; wait a moment");
    e.retry_after_s = v.retry_after_s;
    return e;
  }
  chat::send_input in;
  in.team_id = t.team_id;
  in.channel_id = t.channel_id;
  in.author_id = c.who->user_id;
  in.topic = std::move(topic);
  in.body = std::move(body);
  in.client_msg_id = std::move(client_msg_id);
  struct stored {
    chat::sent s;
    std::vector<chat::notification> notes;
  };
  auto const who = *c.who;
  // Answered from the writer's `done` (after the events), so no thread waits for the fsync:
  // many sends share one group commit.
  return write_and_answer<stored>(
      svc, c,
      [in = std::move(in), who](store::connection& w) mutable -> result<stored> {
        if (auto st = team_check_in_job(w, who, in.team_id, auth::access::team_write); !st) return st.error();
        if (auto ch = chat::find_channel(w, in.team_id, in.channel_id); !ch) return ch.error();
        in.mentions = mentions_in(w, in.team_id, in.body);  // the job runs once
        auto s = chat::send_message(w, in);
        if (!s) return s.error();
        stored out{std::move(*s), {}};
        if (!out.s.existing) out.notes = chat::notify_message(w, out.s.msg);
        return out;
      },
      [&svc](stored const& r) {
        if (!r.s.existing) {
          publish_new_message(svc, r.s.msg);
          publish_notifications(svc, r.notes);
        }
        return json{{"message", to_json(r.s.msg)}};
      });
}

result<json> message_edit(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(message_id, args::id(a, "message_id"));
  ARENA_TRY(body, body_field(a));
  auto before = chat::find_message(*c.db, t.channel_id, message_id);
  if (!before) return before.error();
  if (before->author_id != c.who->user_id) return make_error(errc::forbidden, "only the author edits a message");
  auto mentions = mentions_in(*c.db, t.team_id, body);
  auto m = commit_then<chat::message>(
      svc, [&](store::connection& w) { return chat::edit_message(w, t.channel_id, message_id, body, mentions); },
      [&](chat::message const& m) { publish_updated_message(svc, m); });
  if (!m) return m.error();
  return answer(json{{"message", to_json(*m)}});
}

result<json> message_history_of(services&, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(message_id, args::id(a, "message_id"));
  if (auto m = chat::find_message(*c.db, t.channel_id, message_id); !m) return m.error();
  json out = json::array();
  for (auto const& e : chat::edit_history(*c.db, message_id)) out.push_back({{"body", e.body}, {"edited_at", time_json(e.edited_at)}});
  return answer(json{{"edits", std::move(out)}});
}

result<json> message_delete(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(message_id, args::id(a, "message_id"));
  auto before = chat::find_message(*c.db, t.channel_id, message_id);
  if (!before) return before.error();
  if (before->author_id != c.who->user_id &&
      !auth::allowed(auth::access::facilitator, &*c.who, teams::role_of(*c.db, t.team_id, c.who->user_id)))
    return make_error(errc::forbidden, "only the author or a facilitator deletes a message");
  auto m = commit_then<chat::message>(
      svc, [&](store::connection& w) { return chat::delete_message(w, t.channel_id, message_id); },
      [&](chat::message const& m) { publish_updated_message(svc, m); });
  if (!m) return m.error();
  return answer(json::object());
}

result<json> message_react(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(message_id, args::id(a, "message_id"));
  ARENA_TRY(emoji, args::string(a, "emoji", 1, 32));
  ARENA_TRY(on, args::opt_bool(a, "on"));
  if (!on) return make_error(errc::bad_request, "on: true or false is required");
  auto const uid = c.who->user_id;
  auto m = commit_then<chat::message>(
      svc, [&](store::connection& w) { return chat::react(w, t.channel_id, message_id, uid, emoji, *on); },
      [&](chat::message const& m) {
        chat::message shared = m;  // the event is the same for everyone: no `mine`
        for (auto& r : shared.reactions) r.mine = false;
        publish_updated_message(svc, shared);
      });
  if (!m) return m.error();
  return answer(json{{"message", to_json(*m)}});
}

result<json> message_pin(services& svc, call& c, json const& a) { return flag_op(svc, c, a, chat::flag::pinned); }
result<json> message_archive_worthy(services& svc, call& c, json const& a) { return flag_op(svc, c, a, chat::flag::archive_worthy); }

result<json> channel_pins(services&, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  return answer(json{{"messages", messages_json(chat::pinned_messages(*c.db, t.channel_id, c.who->user_id))}});
}

result<json> channel_subscribe(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(since, args::opt_integer(a, "since_seq", 0, std::numeric_limits<std::int64_t>::max()));
  auto const who = *c.who;
  if (!c.socket) {
    // Over HTTP there is nothing to subscribe: the backlog is the answer.
    auto ch = chat::find_channel(*c.db, t.team_id, t.channel_id);
    if (!ch) return ch.error();
    return answer(backlog(*c.db, t.channel_id, ch->last_seq, since, who.user_id));
  }
  auto link = *c.socket;
  // The answer is encoded in the job: a group commit holds up to a thousand subscribe jobs, and
  // their backlogs kept as JSON trees until the group's `done`s (millions of small nodes in a
  // burst of reconnects) left the heap fragmented long after they were freed.
  auto frame = std::make_shared<std::shared_ptr<const std::string>>();
  c.answered = true;
  svc.db.write().submit(
      {[t, since, who, frame, rid = link.rid](store::connection& w) -> status {
         // The membership as of this commit: a removal committed earlier wins; a later one
         // unsubscribes the socket after this job's done.
         if (!auth::allowed(auth::access::team_read, &who, teams::role_of(w, t.team_id, who.user_id)))
           return make_error(errc::forbidden, "you are not allowed to do this");
         auto ch = chat::find_channel(w, t.team_id, t.channel_id);
         if (!ch) return ch.error();
         *frame = encode_shared(make_answer(rid, backlog(w, t.channel_id, ch->last_seq, since, who.user_id)));
         return {};
       },
       [t, link, frame](status const& st) {
         if (!st) return link.send(encode_shared(make_error_answer(link.rid, st.error())), false);
         link.subscribe(chat::channel_topic(t.channel_id), t.team_id, true);
         link.send(*frame, false);
       }});
  return answer(json::object());
}

result<json> channel_unsubscribe(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(channel_id, args::id(a, "channel_id"));
  if (c.socket) c.socket->subscribe(chat::channel_topic(channel_id), team_id, false);
  return answer(json::object());
}

result<json> channel_history(services&, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(before_seq, args::opt_integer(a, "before_seq", 1, std::numeric_limits<std::int64_t>::max()));
  ARENA_TRY(around, args::opt_id(a, "around_message_id"));
  ARENA_TRY(topic, args::opt_string(a, "topic", 240));
  ARENA_TRY(limit_opt, args::opt_integer(a, "limit", 1, chat::max_page));
  int const limit = static_cast<int>(limit_opt.value_or(50));
  auto const viewer = c.who->user_id;
  std::optional<std::int64_t> topic_id;
  if (topic) {
    topic_id = chat::find_topic_id(*c.db, t.channel_id, *topic);
    if (!topic_id) return answer(json{{"messages", json::array()}, {"has_more_before", false}, {"has_more_after", false}});
  }
  std::vector<chat::message> page;
  bool more_before = false, more_after = false;
  if (around) {
    auto m = chat::find_message(*c.db, t.channel_id, *around);
    if (!m) return m.error();
    int const half = limit / 2;
    page = chat::messages_before(*c.db, t.channel_id, m->seq + 1, half + 2, topic_id, viewer);
    if (static_cast<int>(page.size()) > half + 1) {
      page.erase(page.begin());
      more_before = true;
    }
    auto after = chat::messages_after(*c.db, t.channel_id, m->seq, limit - static_cast<int>(page.size()) + 1, viewer);
    if (topic_id) std::erase_if(after, [&](auto const& x) { return x.topic_id != *topic_id; });
    if (static_cast<int>(page.size() + after.size()) > limit) {
      after.pop_back();
      more_after = true;
    }
    page.insert(page.end(), after.begin(), after.end());
  } else {
    page = chat::messages_before(*c.db, t.channel_id, before_seq.value_or(0), limit + 1, topic_id, viewer);
    if (static_cast<int>(page.size()) > limit) {
      page.erase(page.begin());
      more_before = true;
    }
    if (before_seq && !page.empty()) {
      auto next = chat::messages_before(*c.db, t.channel_id, 0, 1, topic_id, viewer);
      more_after = !next.empty() && next.back().seq > page.back().seq;
    }
  }
  return answer(json{{"messages", messages_json(page)}, {"has_more_before", more_before}, {"has_more_after", more_after}});
}

result<json> channel_read(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(seq, args::integer(a, "seq", 0, std::numeric_limits<std::int64_t>::max()));
  auto const uid = c.who->user_id;
  struct after_read {
    std::int64_t seq;
    chat::counts n;
  };
  auto r = commit_then<after_read>(
      svc,
      [&](store::connection& w) -> result<after_read> {
        auto at = chat::mark_read(w, t.channel_id, uid, seq);
        return after_read{at, chat::channel_counts(w, t.channel_id, uid)};
      },
      [&](after_read const& r) {
        svc.hub.publish(bus::user_topic(uid), encode_shared(json{{"ev", "channel.read"},
                                                                 {"channel_id", t.channel_id},
                                                                 {"seq", r.seq},
                                                                 {"unread", r.n.unread},
                                                                 {"mentions", r.n.mentions}}));
      });
  if (!r) return r.error();
  return answer(json::object());
}

result<json> chat_unread(services&, call& c, json const&) {
  json out = json::array();
  for (auto const& u : chat::unread_overview(*c.db, c.who->user_id, c.who->is_admin)) {
    json topics = json::array();
    for (auto const& tu : u.topics) topics.push_back({{"topic_id", tu.topic_id}, {"unread", tu.unread}});
    out.push_back({{"channel_id", u.channel_id}, {"team_id", u.team_id}, {"unread", u.n.unread}, {"mentions", u.n.mentions}, {"topics", std::move(topics)}});
  }
  return answer(json{{"channels", std::move(out)}});
}

result<json> chat_typing(services& svc, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(topic, topic_field(a, "topic"));
  std::uint64_t key = c.socket ? c.socket->id : (std::uint64_t{1} << 63) | static_cast<std::uint64_t>(c.who->user_id);
  if (!svc.chat_limits->allow_typing(key, util::now_ms())) return answer(json::object());
  auto u = teams::find_member(*c.db, t.team_id, c.who->user_id);
  std::string name = u ? u->display_name : std::string();
  svc.hub.publish(chat::channel_topic(t.channel_id),
                  encode_shared(json{{"ev", "typing"}, {"channel_id", t.channel_id}, {"topic", topic}, {"user_id", c.who->user_id}, {"display_name", name}}),
                  true);
  return answer(json::object());
}

result<json> chat_search(services&, call& c, json const& a) {
  chat::search_query q;
  ARENA_TRY(text, args::string(a, "query", 1, 500));
  ARENA_TRY(team_id, args::opt_id(a, "team_id"));
  ARENA_TRY(channel_id, args::opt_id(a, "channel_id"));
  ARENA_TRY(author_id, args::opt_id(a, "author_id"));
  ARENA_TRY(topic, args::opt_string(a, "topic", 240));
  ARENA_TRY(from, args::opt_string(a, "from", 10));
  ARENA_TRY(to, args::opt_string(a, "to", 10));
  ARENA_TRY(order, args::opt_string(a, "order", 20));
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, chat::max_page));
  if (team_id) {
    // Naming a team one may not read is refused outright, like every other operation in it.
    auto tm = teams::find_team(*c.db, *team_id, c.who->user_id);
    if (!tm) return tm.error();
    if (!auth::allowed(auth::access::team_read, &*c.who, tm->my_role)) return make_error(errc::forbidden, "you are not allowed to do this");
  }
  if (from) {
    q.from_ms = chat::oslo_midnight(*from);
    if (!q.from_ms) return make_error(errc::bad_request, "from: a date yyyy-mm-dd");
  }
  if (to) {
    auto d = chat::oslo_midnight(*to);
    if (!d) return make_error(errc::bad_request, "to: a date yyyy-mm-dd");
    // Through the end of that day: the next local midnight (a day of 23 or 25 hours at the switches).
    constexpr std::int64_t day = 24 * 3'600'000;
    q.to_ms = *d + day + chat::oslo_offset_ms(*d) - chat::oslo_offset_ms(*d + day);
  }
  if (order && *order != "relevance" && *order != "time") return make_error(errc::bad_request, "order: relevance or time");
  q.text = text;
  q.team_id = team_id;
  q.channel_id = channel_id;
  q.author_id = author_id;
  q.topic = topic;
  q.by_time = order && *order == "time";
  q.limit = static_cast<int>(limit.value_or(50));
  auto hits = chat::search(*c.db, c.who->user_id, c.who->is_admin, q);
  if (!hits) return hits.error();
  json out = json::array();
  for (auto const& h : *hits) out.push_back({{"message", to_json(h.msg)}, {"snippet", h.snippet}});
  return answer(json{{"results", std::move(out)}});
}

result<json> channel_export(services&, call& c, json const& a) {
  ARENA_TRY(t, channel_target(c, a));
  ARENA_TRY(topic, args::opt_string(a, "topic", 240));
  ARENA_TRY(format, args::string(a, "format", 1, 20));
  if (format != "markdown" && format != "json") return make_error(errc::bad_request, "format: markdown or json");
  auto ch = chat::find_channel(*c.db, t.team_id, t.channel_id);
  if (!ch) return ch.error();
  auto team = teams::find_team(*c.db, t.team_id, 0);
  if (!team) return team.error();
  std::optional<std::int64_t> topic_id;
  if (topic) {
    topic_id = chat::find_topic_id(*c.db, t.channel_id, *topic);
    if (!topic_id) return make_error(errc::not_found, "no such topic in this channel");
  }
  auto ms = chat::all_messages(*c.db, t.channel_id, topic_id);
  if (format == "markdown")
    return answer(json{{"filename", chat::export_filename(*ch, topic, "md")}, {"content", chat::export_markdown(team->name, *ch, topic, ms)}});
  json items = json::array();
  for (auto const& m : ms)
    items.push_back({{"id", m.id},
                     {"seq", m.seq},
                     {"channel", ch->name},
                     {"topic", m.topic},
                     {"author_id", m.author_id},
                     {"author", m.author_name},
                     {"organisation", m.org_name},
                     {"created_at", time_json(m.created_at)},
                     {"time_oslo", chat::format_oslo(m.created_at)},
                     {"edited_at", time_json(m.edited_at)},
                     {"deleted", m.deleted},
                     {"archive_worthy", m.archive_worthy},
                     {"body", m.body}});
  json doc = {{"team", {{"id", team->id}, {"name", team->name}}},
              {"channel", {{"id", ch->id}, {"name", ch->name}, {"description", ch->description}}},
              {"topic", topic ? json(*topic) : json(nullptr)},
              {"exported_at", time_json(util::now_ms())},
              {"messages", std::move(items)}};
  return answer(json{{"filename", chat::export_filename(*ch, topic, "json")}, {"content", encode(doc)}});
}

void publish_presence(services& svc, store::connection& db, std::int64_t user_id, chat::presence_state state) {
  auto frame = encode_shared(json{{"ev", "presence"}, {"user_id", user_id}, {"state", std::string(chat::to_string(state))}});
  for (auto const& [team_id, role] : teams::memberships_of(db, user_id)) svc.hub.publish(bus::team_topic(team_id), frame, true);
}

result<json> presence_list(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  auto const now = util::now_ms();
  json out = json::array();
  for (auto uid : teams::member_ids(*c.db, team_id))
    out.push_back({{"user_id", uid}, {"state", std::string(chat::to_string(svc.presence->state_of(uid, now)))}});
  return answer(json{{"presence", std::move(out)}});
}

result<json> presence_set(services& svc, call& c, json const& a) {
  ARENA_TRY(state, args::string(a, "state", 1, 10));
  if (state != "online" && state != "idle") return make_error(errc::bad_request, "state: online or idle");
  if (!c.socket) return answer(json::object());  // presence belongs to sockets
  if (auto changed = svc.presence->activity(c.who->user_id, c.socket->id, state == "online", util::now_ms()))
    publish_presence(svc, *c.db, c.who->user_id, *changed);
  return answer(json::object());
}

result<json> notification_list(services&, call& c, json const& a) {
  ARENA_TRY(unread_only, args::opt_bool(a, "unread_only"));
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, chat::max_page));
  json out = json::array();
  for (auto const& n : chat::list_notifications(*c.db, c.who->user_id, unread_only.value_or(false), static_cast<int>(limit.value_or(50))))
    out.push_back(to_json(n));
  return answer(json{{"notifications", std::move(out)}, {"unread", chat::unread_notifications(*c.db, c.who->user_id)}});
}

result<json> notification_read(services& svc, call& c, json const& a) {
  ARENA_TRY(all, args::opt_bool(a, "all"));
  std::vector<std::int64_t> ids;
  if (auto it = a.find("ids"); it != a.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 1000) return make_error(errc::bad_request, "ids: an array of at most 1000 ids");
    for (auto const& v : *it) {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1) return make_error(errc::bad_request, "ids: positive integers");
      ids.push_back(v.get<std::int64_t>());
    }
  }
  if (ids.empty() && !all.value_or(false)) return make_error(errc::bad_request, "ids or all is required");
  auto const uid = c.who->user_id;
  auto n = store::write_sync(svc.db.write(), [&](store::connection& w) -> result<std::int64_t> {
    return chat::mark_notifications_read(w, uid, ids, all.value_or(false));
  });
  if (!n) return n.error();
  return answer(json{{"unread", chat::unread_notifications(*c.db, uid)}});
}

}  // namespace arena::protocol
