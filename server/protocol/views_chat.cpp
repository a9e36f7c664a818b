#include "protocol/views_chat.hpp"

#include "protocol/views.hpp"

namespace arena::protocol {

json to_json(chat::channel const& c) {
  return {{"id", c.id},         {"team_id", c.team_id},   {"name", c.name},     {"description", c.description},
          {"archived", c.archived}, {"last_seq", c.last_seq}, {"unread", c.unread}, {"mentions", c.mentions}};
}

json to_json(chat::topic const& t) {
  return {{"id", t.id},
          {"channel_id", t.channel_id},
          {"name", t.name},
          {"resolved", t.resolved},
          {"last_activity_at", time_json(t.last_activity_at)},
          {"message_count", t.message_count},
          {"unread", t.unread},
          {"bound", t.bound ? json{{"kind", t.bound->kind}, {"id", t.bound->id}, {"label", t.bound->label}} : json(nullptr)}};
}

namespace {

// Both forms of a message: the whole object, or message.new's, where the fields at their
// default are left out and channel_id is the event's (docs/PROTOCOL.md, "NewMessage").
json message_json(chat::message const& m, bool compact) {
  json j = {{"id", m.id},
            {"seq", m.seq},
            {"topic", m.topic},
            {"topic_id", m.topic_id},
            {"author_id", m.author_id},
            {"author_name", m.author_name},
            {"org_name", m.org_name},
            {"body", m.body},
            {"created_at", time_json(m.created_at)}};
  if (!compact) j["channel_id"] = m.channel_id;
  auto put = [&](char const* key, bool at_default, auto&& value) {
    if (!compact || !at_default) j[key] = std::forward<decltype(value)>(value);
  };
  put("edited_at", !m.edited_at, time_json(m.edited_at));
  put("deleted", !m.deleted, m.deleted);
  if (!compact || !m.reactions.empty()) {
    json reactions = json::array();
    for (auto const& r : m.reactions) reactions.push_back({{"emoji", r.emoji}, {"count", r.count}, {"mine", r.mine}, {"users", r.user_ids}});
    j["reactions"] = std::move(reactions);
  }
  put("pinned", !m.pinned, m.pinned);
  put("archive_worthy", !m.archive_worthy, m.archive_worthy);
  put("mentions", m.mentions.empty(), m.mentions);
  put("mentions_team", !m.mentions_team, m.mentions_team);
  return j;
}

}  // namespace

json to_json(chat::message const& m) { return message_json(m, false); }
json to_new_message_json(chat::message const& m) { return message_json(m, true); }

json to_json(chat::notification const& n) {
  json j = {{"id", n.id},         {"kind", n.kind},       {"team_id", n.team_id},         {"channel_id", n.channel_id},
            {"topic", n.topic},   {"message_id", n.message_id}, {"seq", n.seq},          {"actor_name", n.actor_name},
            {"excerpt", n.excerpt}, {"created_at", time_json(n.created_at)}, {"read", n.read}};
  if (n.meeting_id != 0) {
    j["channel_id"] = nullptr;
    j["message_id"] = nullptr;
    j["seq"] = nullptr;
    j["meeting_id"] = n.meeting_id;
    j["occurrence"] = n.occurrence;
    j["start_utc"] = time_json(n.starts_at);
  }
  if (n.action_id != 0) {
    j["channel_id"] = nullptr;
    j["message_id"] = nullptr;
    j["seq"] = nullptr;
    j["team_id"] = nullptr;
    j["action_id"] = n.action_id;
    j["case_id"] = n.case_id;
    j["supplier_id"] = n.supplier_id;
  }
  return j;
}

}  // namespace arena::protocol
