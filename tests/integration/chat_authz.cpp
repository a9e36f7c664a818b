// The authorisation matrix of live channels: every chat operation and event for a member, an
// observer, a non-member and a removed member.
#include "integration/chat_support.hpp"

using namespace arena::itest;

namespace {

enum class level { read, write, facilitator };

struct op_case {
  std::string op;
  json fields;
  level need;
};

}  // namespace

TEST_CASE("authorisation matrix: member, observer, non-member, removed member") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto const other_team = site.team_id("Tekstil");
  auto member = site.add_person("member@example.no", "Mia Medlem");
  auto observer = site.add_person("observer@example.no", "Otto Observatør");
  auto outsider = site.add_person("outsider@example.no", "Ulla Utenfor");
  auto removed = site.add_person("removed@example.no", "Rolf Fjernet");
  site.add_member(team, member.id, "member");
  site.add_member(team, observer.id, "observer");
  site.add_member(team, removed.id, "member");
  site.add_member(other_team, outsider.id, "member");
  auto const ch = channel_id(*member.http, team, "Generelt");

  auto wm = site.socket_for(*member.http);
  auto wr = site.socket_for(*removed.http);
  auto wo = site.socket_for(*observer.http);
  auto wu = site.socket_for(*outsider.http);
  REQUIRE(chat_subscribe(*wr, team, ch)["ok"] == true);
  REQUIRE(chat_subscribe(*wo, team, ch)["ok"] == true);
  auto first = chat_send(*wm, team, ch, "tvangsarbeid er tema", "authz-0001");
  REQUIRE(first["ok"] == true);
  CHECK(wo->wait_event("message.new")["message"]["seq"] == 1);  // observers read live
  CHECK(wr->wait_event("message.new")["message"]["seq"] == 1);

  // Removal stops delivery at once: the socket's channel subscription ends with the membership.
  auto rm = site.admin.post("team.remove_member", {{"team_id", team}, {"user_id", removed.id}});
  REQUIRE(rm.status == 200);
  REQUIRE(chat_send(*wm, team, ch, "etter fjerningen", "authz-0002")["ok"] == true);
  CHECK(wo->wait_event("message.new")["message"]["seq"] == 2);
  // Anything published before the answer to this request was queued before it.
  REQUIRE(wr->request("auth.me")["ok"] == true);
  CHECK_FALSE(wr->has_queued_event("message.new"));

  auto const mid = first["message"]["id"].get<std::int64_t>();
  auto cases = [&](std::string const& who) {
    json base = {{"team_id", team}, {"channel_id", ch}};
    auto with = [&](json extra) {
      json f = base;
      for (auto& [k, v] : extra.items()) f[k] = v;
      return f;
    };
    return std::vector<op_case>{
        {"channel.list", {{"team_id", team}}, level::read},
        {"channel.create", {{"team_id", team}, {"name", "Ny " + who}}, level::facilitator},
        {"channel.update", with({{"description", "x"}}), level::facilitator},
        {"topic.list", base, level::read},
        {"channel.subscribe", base, level::read},
        {"channel.history", base, level::read},
        {"channel.pins", base, level::read},
        {"channel.read", with({{"seq", 1}}), level::read},
        {"channel.export", with({{"format", "json"}}), level::read},
        {"message.history_of", with({{"message_id", mid}}), level::read},
        {"channel.unsubscribe", base, level::read},
        {"message.send", with({{"topic", "Emne"}, {"body", "hei"}, {"client_msg_id", "authz-send-" + who}}), level::write},
        {"chat.typing", with({{"topic", "Emne"}}), level::write},
        {"message.react", with({{"message_id", mid}, {"emoji", "👍"}, {"on", true}}), level::write},
        {"message.archive_worthy", with({{"message_id", mid}, {"on", true}}), level::write},
        {"message.pin", with({{"message_id", mid}, {"on", true}}), level::facilitator},
        {"topic.update", with({{"topic_id", 1}, {"resolved", true}}), level::facilitator},
        {"presence.list", {{"team_id", team}}, level::read},
    };
  };
  struct role_case {
    std::string name;
    ws_client* ws;
    int rank;  // 0 none, 1 read, 2 write
  };
  for (auto const& rc : {role_case{"member", wm.get(), 2}, role_case{"observer", wo.get(), 1}, role_case{"outsider", wu.get(), 0},
                         role_case{"removed", wr.get(), 0}}) {
    for (auto const& c : cases(rc.name)) {
      auto a = rc.ws->request(c.op, c.fields);
      INFO(rc.name, " ", c.op, " → ", a.dump());
      bool const may = (c.need == level::read && rc.rank >= 1) || (c.need == level::write && rc.rank >= 2);
      if (may) CHECK(a["ok"] == true);
      else CHECK(a["error"]["code"] == "forbidden");
    }
  }
  // Own-message operations: the member edits and deletes their own; an observer cannot.
  auto own = chat_send(*wm, team, ch, "min egen", "authz-0003");
  auto const own_id = own["message"]["id"].get<std::int64_t>();
  json f = {{"team_id", team}, {"channel_id", ch}, {"message_id", own_id}};
  for (auto* ws : {wo.get(), wu.get(), wr.get()}) {
    auto e = f;
    e["body"] = "endret";
    CHECK(ws->request("message.edit", e)["error"]["code"] == "forbidden");
    CHECK(ws->request("message.delete", f)["error"]["code"] == "forbidden");
  }
  auto e = f;
  e["body"] = "endret";
  CHECK(wm->request("message.edit", e)["ok"] == true);
  CHECK(wm->request("message.delete", f)["ok"] == true);
  // A channel of another team named with this team's id is not found, even for a member.
  auto const foreign = channel_id(*outsider.http, other_team, "Generelt");
  CHECK(wm->request("channel.history", {{"team_id", team}, {"channel_id", foreign}})["error"]["code"] == "not_found");

  // Search and unread counts never reveal the team to those outside it.
  for (auto* p : {&outsider, &removed}) {
    auto s = p->http->post("chat.search", {{"query", "tvangsarbeid"}});
    REQUIRE(s.status == 200);
    CHECK(s.body_json["results"].empty());
    CHECK(p->http->post("chat.search", {{"query", "tvangsarbeid"}, {"team_id", team}}).status == 403);
    auto unread = p->http->post("chat.unread");  // kept: a range-for over a temporary's member dangles
    for (auto const& c : unread.body_json["channels"]) CHECK(c["team_id"] != team);
  }
  CHECK(observer.http->post("chat.search", {{"query", "tvangsarbeid"}}).body_json["results"].size() == 1);
  // Events: outsiders and the removed member got none of the team's chat events.
  REQUIRE(wu->request("auth.me")["ok"] == true);
  REQUIRE(wr->request("auth.me")["ok"] == true);
  for (auto* ws : {wu.get(), wr.get()})
    for (auto const* ev : {"message.new", "message.updated", "typing", "channel.updated"}) CHECK_FALSE(ws->has_queued_event(ev));
}
