// Live team channels: two people chat live; edits, reactions, typing, read state, pins,
// exports, channel management, unsubscribe.
#include "integration/chat_support.hpp"

using namespace arena::itest;

TEST_CASE("two members chat live in a channel") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari Nordmann");
  auto ola = site.add_person("ola@example.no", "Ola Øren");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "member");

  auto list = kari.http->post("channel.list", {{"team_id", team}});
  REQUIRE(list.status == 200);
  REQUIRE(list.body_json["channels"].size() == 2);
  CHECK(list.body_json["channels"][0]["name"] == "Generelt");
  CHECK(list.body_json["channels"][1]["name"] == "Erfaringsutveksling");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto const other = channel_id(*kari.http, team, "Erfaringsutveksling");

  auto wk = site.socket_for(*kari.http);
  auto wo = site.socket_for(*ola.http);
  auto sk = chat_subscribe(*wk, team, ch);
  REQUIRE(sk["ok"] == true);
  CHECK(sk["last_seq"] == 0);
  CHECK(sk["messages"].empty());
  REQUIRE(chat_subscribe(*wo, team, ch)["ok"] == true);

  auto sent = chat_send(*wk, team, ch, "Hei @Ola Øren, se **dette**", "kari-msg-0001");
  REQUIRE(sent["ok"] == true);
  auto const& m = sent["message"];
  CHECK(m["seq"] == 1);
  CHECK(m["topic"] == "Emne");
  CHECK(m["author_id"] == kari.id);
  CHECK(m["author_name"] == "Kari Nordmann");
  CHECK(m["mentions"] == json::array({ola.id}));
  CHECK(m["deleted"] == false);
  auto const mid = m["id"].get<std::int64_t>();
  auto ev = wo->wait_event("message.new");
  CHECK(ev["channel_id"] == ch);
  CHECK(ev["message"]["id"] == mid);
  CHECK(ev["message"]["body"] == "Hei @Ola Øren, se **dette**");
  // message.new's form: the fields at their default are left out, channel_id is the event's;
  // the mention is not at its default, so it is there.
  for (auto const* absent : {"channel_id", "edited_at", "deleted", "reactions", "pinned", "archive_worthy", "mentions_team"})
    CHECK_MESSAGE(!ev["message"].contains(absent), absent);
  CHECK(ev["message"]["mentions"] == m["mentions"]);
  CHECK(!ev["message"]["mentions"].empty());
  CHECK(wk->wait_event("message.new")["message"]["id"] == mid);
  auto note = wo->wait_event("notification")["notification"];
  CHECK(note["kind"] == "mention");
  CHECK(note["message_id"] == mid);
  CHECK(note["actor_name"] == "Kari Nordmann");
  CHECK(note["read"] == false);
  auto notes = ola.http->post("notification.list");
  REQUIRE(notes.status == 200);
  CHECK(notes.body_json["unread"] == 1);
  REQUIRE(notes.body_json["notifications"].size() == 1);
  CHECK(ola.http->post("notification.read", {{"ids", {note["id"]}}}).body_json["unread"] == 0);
  CHECK(ola.http->post("notification.read").status == 400);

  // Typing is ephemeral and goes to the channel's other subscribers (and the typist's own sockets).
  CHECK(wo->request("chat.typing", {{"team_id", team}, {"channel_id", ch}, {"topic", "Emne"}})["ok"] == true);
  auto typing = wk->wait_event("typing");
  CHECK(typing["user_id"] == ola.id);
  CHECK(typing["display_name"] == "Ola Øren");

  auto react = wo->request("message.react", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"emoji", "👍"}, {"on", true}});
  REQUIRE(react["ok"] == true);
  CHECK(react["message"]["reactions"][0]["mine"] == true);
  auto upd = wk->wait_event("message.updated");
  CHECK(upd["message"]["reactions"][0]["count"] == 1);
  CHECK(upd["message"]["reactions"][0]["users"] == json::array({ola.id}));
  CHECK(wo->wait_event("message.updated")["message"]["reactions"][0]["mine"] == false);  // events are the same for all

  auto edit = wk->request("message.edit", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"body", "Hei igjen"}});
  REQUIRE(edit["ok"] == true);
  CHECK(edit["message"]["edited_at"].is_string());
  CHECK(wo->wait_event("message.updated")["message"]["body"] == "Hei igjen");
  auto hist = wo->request("message.history_of", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}});
  REQUIRE(hist["edits"].size() == 1);
  CHECK(hist["edits"][0]["body"] == "Hei @Ola Øren, se **dette**");
  auto not_author = wo->request("message.edit", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"body", "kapret"}});
  CHECK(not_author["error"]["code"] == "forbidden");
  auto wrong_channel = wo->request("message.history_of", {{"team_id", team}, {"channel_id", other}, {"message_id", mid}});
  CHECK(wrong_channel["error"]["code"] == "not_found");

  // Unread counts, then the read marker with an event to the reader's sockets.
  auto unread = ola.http->post("chat.unread");
  REQUIRE(unread.status == 200);
  for (auto const& c : unread.body_json["channels"])
    if (c["channel_id"] == ch) {
      CHECK(c["unread"] == 1);
      CHECK(c["mentions"] == 0);  // the edit removed the mention
    }
  REQUIRE(wo->request("channel.read", {{"team_id", team}, {"channel_id", ch}, {"seq", 1}})["ok"] == true);
  auto read = wo->wait_event("channel.read");
  CHECK(read["seq"] == 1);
  CHECK(read["unread"] == 0);

  // Pins are the facilitators'; archive-worthy is anyone's who writes.
  CHECK(wk->request("message.pin", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"on", true}})["error"]["code"] == "forbidden");
  auto pin = site.admin.post("message.pin", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"on", true}});
  REQUIRE(pin.status == 200);
  CHECK(pin.body_json["message"]["pinned"] == true);
  CHECK(wo->wait_event("message.updated")["message"]["pinned"] == true);
  CHECK(wo->wait_event("notification")["notification"]["kind"] == "pin");
  CHECK(wo->request("message.archive_worthy", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}, {"on", true}})["message"]["archive_worthy"] == true);
  CHECK(wo->request("channel.pins", {{"team_id", team}, {"channel_id", ch}})["messages"].size() == 1);

  auto topics = wo->request("topic.list", {{"team_id", team}, {"channel_id", ch}});
  REQUIRE(topics["topics"].size() == 1);
  CHECK(topics["topics"][0]["name"] == "Emne");
  CHECK(topics["topics"][0]["message_count"] == 1);

  for (int i = 2; i <= 5; ++i) REQUIRE(chat_send(*wk, team, ch, "melding " + std::to_string(i), "kari-msg-000" + std::to_string(i), "Andre")["ok"] == true);
  auto page = wo->request("channel.history", {{"team_id", team}, {"channel_id", ch}, {"limit", 2}});
  REQUIRE(page["messages"].size() == 2);
  CHECK(page["messages"][0]["seq"] == 4);
  CHECK(page["has_more_before"] == true);
  auto older = wo->request("channel.history", {{"team_id", team}, {"channel_id", ch}, {"before_seq", 4}, {"limit", 10}});
  REQUIRE(older["messages"].size() == 3);
  CHECK(older["messages"][0]["seq"] == 1);
  CHECK(older["has_more_before"] == false);
  CHECK(older["has_more_after"] == true);
  auto around = wo->request("channel.history", {{"team_id", team}, {"channel_id", ch}, {"around_message_id", mid}, {"limit", 3}});
  REQUIRE(around["messages"].size() == 3);
  CHECK(around["messages"][0]["seq"] == 1);
  CHECK(around["has_more_after"] == true);
  auto by_topic = wo->request("channel.history", {{"team_id", team}, {"channel_id", ch}, {"topic", "Andre"}});
  CHECK(by_topic["messages"].size() == 4);

  auto md = wo->request("channel.export", {{"team_id", team}, {"channel_id", ch}, {"format", "markdown"}});
  REQUIRE(md["ok"] == true);
  CHECK(md["filename"] == "Generelt.md");
  CHECK(md["content"].get<std::string>().find("Kari Nordmann") != std::string::npos);
  auto js = wo->request("channel.export", {{"team_id", team}, {"channel_id", ch}, {"topic", "Emne"}, {"format", "json"}});
  REQUIRE(js["ok"] == true);
  auto doc = json::parse(js["content"].get<std::string>());
  CHECK(doc["channel"]["name"] == "Generelt");
  REQUIRE(doc["messages"].size() == 1);
  CHECK(doc["messages"][0]["archive_worthy"] == true);

  // Deleting leaves a tombstone with the seq.
  REQUIRE(wk->request("message.delete", {{"team_id", team}, {"channel_id", ch}, {"message_id", mid}})["ok"] == true);
  auto gone = wo->wait_event("message.updated");
  while (gone["message"]["deleted"] != true) gone = wo->wait_event("message.updated");
  CHECK(gone["message"]["body"] == "");
  CHECK(gone["message"]["seq"] == 1);

  // Channels: facilitators manage them; the team hears of it.
  auto refused = kari.http->post("channel.create", {{"team_id", team}, {"name", "Prat"}});
  CHECK(refused.status == 403);
  auto created = site.admin.post("channel.create", {{"team_id", team}, {"name", "Prat"}, {"description", "Løst og fast"}});
  REQUIRE(created.status == 200);
  auto const prat = created.body_json["channel"]["id"].get<std::int64_t>();
  CHECK(wo->wait_event("channel.updated")["channel"]["name"] == "Prat");
  CHECK(site.admin.post("channel.create", {{"team_id", team}, {"name", "Prat"}}).error_code() == "conflict");
  REQUIRE(site.admin.post("channel.update", {{"team_id", team}, {"channel_id", prat}, {"archived", true}}).status == 200);
  CHECK(chat_send(*wk, team, prat, "hallo?", "kari-msg-arch")["error"]["code"] == "conflict");

  // After unsubscribing, Generelt's events stop while another channel's still come.
  REQUIRE(chat_subscribe(*wo, team, other)["ok"] == true);
  REQUIRE(wo->request("channel.unsubscribe", {{"team_id", team}, {"channel_id", ch}})["ok"] == true);
  while (wo->has_queued_event("message.new")) wo->wait_event("message.new");
  REQUIRE(chat_send(*wk, team, ch, "ikke til Ola", "kari-msg-0010")["ok"] == true);
  REQUIRE(chat_send(*wk, team, other, "til Ola", "kari-msg-0011")["ok"] == true);
  auto next = wo->wait_event("message.new");
  CHECK(next["channel_id"] == other);

  // Over HTTP, subscribe just returns the backlog.
  auto http_sub = ola.http->post("channel.subscribe", {{"team_id", team}, {"channel_id", ch}, {"since_seq", 4}});
  REQUIRE(http_sub.status == 200);
  CHECK(http_sub.body_json["last_seq"] == 6);
  CHECK(http_sub.body_json["messages"].size() == 2);
}

TEST_CASE("search finds Norwegian text, with marked and escaped snippets, only in the caller's teams") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto const ikt = site.team_id("IKT");
  auto const tekstil = site.team_id("Tekstil");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto per = site.add_person("per@example.no", "Per");
  site.add_member(ikt, kari.id, "member");
  site.add_member(tekstil, per.id, "member");
  auto wk = site.socket_for(*kari.http);
  auto wp = site.socket_for(*per.http);
  auto const ch = channel_id(*kari.http, ikt, "Generelt");
  auto const ch2 = channel_id(*per.http, tekstil, "Generelt");
  REQUIRE(chat_send(*wk, ikt, ch, "Risiko for tvangsarbeid i leverandørkjeden <b>nå</b>", "search-0001", "Risiko")["ok"] == true);
  REQUIRE(chat_send(*wk, ikt, ch, "Leverandører må svare innen fredag", "search-0002")["ok"] == true);
  REQUIRE(chat_send(*wp, tekstil, ch2, "Tvangsarbeid i bomullsproduksjon", "search-0003")["ok"] == true);

  auto r = kari.http->post("chat.search", {{"query", "tvangsarbeid"}});
  REQUIRE(r.status == 200);
  REQUIRE(r.body_json["results"].size() == 1);
  auto snippet = r.body_json["results"][0]["snippet"].get<std::string>();
  CHECK(snippet.find("<mark>tvangsarbeid</mark>") != std::string::npos);
  CHECK(snippet.find("&lt;b&gt;nå&lt;/b&gt;") != std::string::npos);
  CHECK(r.body_json["results"][0]["message"]["channel_id"] == ch);
  auto prefix = kari.http->post("chat.search", {{"query", "leverandø*"}, {"order", "time"}});
  REQUIRE(prefix.body_json["results"].size() == 2);
  CHECK(prefix.body_json["results"][0]["message"]["seq"] == 2);
  CHECK(kari.http->post("chat.search", {{"query", "leverandørkjeden"}, {"topic", "Risiko"}}).body_json["results"].size() == 1);
  CHECK(kari.http->post("chat.search", {{"query", "leverandorkjeden"}}).body_json["results"].empty());
  CHECK(kari.http->post("chat.search", {{"query", "leverand*"}, {"from", "2000-01-01"}, {"to", "2999-12-31"}}).body_json["results"].size() == 2);
  CHECK(kari.http->post("chat.search", {{"query", "leverand*"}, {"to", "2000-01-01"}}).body_json["results"].empty());
  // Per sees only Tekstil's message; naming a team he is not in is forbidden.
  auto pr = per.http->post("chat.search", {{"query", "tvangsarbeid"}});
  REQUIRE(pr.body_json["results"].size() == 1);
  CHECK(pr.body_json["results"][0]["message"]["channel_id"] == ch2);
  CHECK(per.http->post("chat.search", {{"query", "tvangsarbeid"}, {"team_id", ikt}}).status == 403);
}

TEST_CASE("presence follows a person across sockets and reaches their teams") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto ola = site.add_person("ola@example.no", "Ola");
  auto per = site.add_person("per@example.no", "Per");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "observer");
  auto wk = site.socket_for(*kari.http);
  auto state_of = [&](std::int64_t uid) {
    auto r = wk->request("presence.list", {{"team_id", team}});
    REQUIRE(r["ok"] == true);
    for (auto const& p : r["presence"])
      if (p["user_id"] == uid) return p["state"].get<std::string>();
    return std::string("absent");
  };
  CHECK(state_of(ola.id) == "offline");
  CHECK(state_of(per.id) == "absent");  // not in the team
  auto wo1 = site.socket_for(*ola.http);
  auto ev = wk->wait_event("presence");
  while (ev["user_id"] != ola.id) ev = wk->wait_event("presence");
  CHECK(ev["state"] == "online");
  CHECK(state_of(ola.id) == "online");
  auto wo2 = site.socket_for(*ola.http);
  REQUIRE(wo1->request("presence.set", {{"state", "idle"}})["ok"] == true);
  CHECK(state_of(ola.id) == "online");  // the second socket is active
  REQUIRE(wo2->request("presence.set", {{"state", "idle"}})["ok"] == true);
  ev = wk->wait_event("presence");
  CHECK(ev["user_id"] == ola.id);
  CHECK(ev["state"] == "idle");
  REQUIRE(wo2->request("team.list")["ok"] == true);  // activity
  CHECK(wk->wait_event("presence")["state"] == "online");
  CHECK(wo2->request("presence.set", {{"state", "away"}})["error"]["code"] == "bad_request");
  wo1.reset();
  wo2->close();
  wo2.reset();
  ev = wk->wait_event("presence");
  while (ev["state"] != "offline") ev = wk->wait_event("presence");
  CHECK(ev["user_id"] == ola.id);
  CHECK(state_of(ola.id) == "offline");
  // Outsiders neither list nor hear it.
  auto wp = site.socket_for(*per.http);
  CHECK(wp->request("presence.list", {{"team_id", team}})["error"]["code"] == "forbidden");
  REQUIRE(wp->request("auth.me")["ok"] == true);
  CHECK_FALSE(wp->has_queued_event("presence"));
}

TEST_CASE("facilitators rename, resolve and move topics; subscribers of both channels hear of it") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  site.add_member(team, kari.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto const other = channel_id(*kari.http, team, "Erfaringsutveksling");
  auto wk = site.socket_for(*kari.http);
  REQUIRE(chat_subscribe(*wk, team, ch)["ok"] == true);
  REQUIRE(chat_subscribe(*wk, team, other)["ok"] == true);
  REQUIRE(chat_send(*wk, team, ch, "første", "topic-it-01", "Gammelt")["ok"] == true);
  REQUIRE(chat_send(*wk, team, ch, "andre", "topic-it-02", "Gammelt")["ok"] == true);
  auto topics = wk->request("topic.list", {{"team_id", team}, {"channel_id", ch}});
  auto const tid = topics["topics"][0]["id"].get<std::int64_t>();
  json f = {{"team_id", team}, {"channel_id", ch}, {"topic_id", tid}, {"name", "Nytt"}, {"resolved", true}};
  CHECK(wk->request("topic.update", f)["error"]["code"] == "forbidden");
  auto r = site.admin.post("topic.update", f);
  REQUIRE(r.status == 200);
  CHECK(r.body_json["topic"]["name"] == "Nytt");
  CHECK(r.body_json["topic"]["resolved"] == true);
  CHECK(wk->wait_event("topic.updated")["topic"]["name"] == "Nytt");
  auto moved = site.admin.post("topic.update", {{"team_id", team}, {"channel_id", ch}, {"topic_id", tid}, {"to_channel_id", other}});
  REQUIRE(moved.status == 200);
  CHECK(moved.body_json["topic"]["channel_id"] == other);
  // The old channel gets tombstones at the old seqs, the new one the messages with new seqs.
  while (wk->has_queued_event("message.new")) wk->wait_event("message.new");
  for (int seq = 1; seq <= 2; ++seq) {
    auto t = wk->wait_event("message.updated");
    CHECK(t["channel_id"] == ch);
    CHECK(t["message"]["seq"] == seq);
    CHECK(t["message"]["deleted"] == true);
  }
  for (int seq = 1; seq <= 2; ++seq) {
    auto n = wk->wait_event("message.new");
    CHECK(n["channel_id"] == other);
    CHECK(n["message"]["seq"] == seq);
    CHECK(n["message"]["topic"] == "Nytt");
  }
  auto h = wk->request("channel.history", {{"team_id", team}, {"channel_id", other}});
  REQUIRE(h["messages"].size() == 2);
  CHECK(h["messages"][0]["body"] == "første");
}

TEST_CASE("presence: a person who stops doing anything is pushed as idle by the server's timer") {
  arena_site site(server_options{.extra_args = {"--presence-idle-s", "1"}});
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari Nordmann");
  auto ola = site.add_person("ola@example.no", "Ola Øren");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "member");
  auto wo = site.socket_for(*ola.http);
  auto wk = site.socket_for(*kari.http);
  auto on = wo->wait_event("presence");
  while (on["user_id"] != kari.id) on = wo->wait_event("presence");
  CHECK(on["state"] == "online");
  // Kari does nothing for a second: the server tells her team she is idle, without any request.
  auto idle = wo->wait_event("presence", std::chrono::seconds(20));
  while (idle["user_id"] != kari.id) idle = wo->wait_event("presence", std::chrono::seconds(20));
  CHECK(idle["state"] == "idle");
  CHECK(wk->request("chat.unread")["ok"] == true);  // any request is activity
  auto back = wo->wait_event("presence", std::chrono::seconds(20));
  while (back["user_id"] != kari.id) back = wo->wait_event("presence", std::chrono::seconds(20));
  CHECK(back["state"] == "online");
}
