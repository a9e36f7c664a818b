// Notifications: mentions (people and @team), replies in a topic one wrote in, pins; read state;
// only teams one still belongs to.
#include "chat/notifications.hpp"
#include "unit/chat_fixture.hpp"

using namespace arena;

namespace {

// Renames (or merges), resolves or moves the topic named `from` in `channel` of team 1.
void change_topic(test::chat_fixture& f, std::int64_t channel, std::string const& from, chat::topic_input const& in) {
  auto id = chat::find_topic_id(f.rd, channel, from);
  REQUIRE(id);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> result<chat::topic_change> { return chat::update_topic(w, 1, channel, *id, in); }));
}

}  // namespace

TEST_CASE("mentions, replies and pins notify the right people once") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto åse = f.add_user("ase@example.no", "Åse");
  auto outsider = f.add_user("per@example.no", "Per", 2);
  auto ch = f.channel(1, "Generelt");
  auto notify = [&](result<chat::sent> const& s) {
    REQUIRE(s);
    return store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<chat::notification>> { return chat::notify_message(w, s->msg); });
  };
  // Kari starts a topic mentioning Ola (and an outsider, who is not notified).
  auto n1 = notify(f.send(1, ch, kari, "@Ola se her", "cmid-n-001", "Tema", {{ola, outsider}, false}));
  REQUIRE(n1->size() == 1);
  CHECK(n1->at(0).user_id == ola);
  CHECK(n1->at(0).kind == "mention");
  CHECK(n1->at(0).actor_name == "Kari");
  CHECK(n1->at(0).topic == "Tema");
  // Ola answers in the topic: Kari gets a reply notification.
  auto n2 = notify(f.send(1, ch, ola, "svar", "cmid-n-002", "Tema"));
  REQUIRE(n2->size() == 1);
  CHECK(n2->at(0).user_id == kari);
  CHECK(n2->at(0).kind == "reply");
  // Åse writes @team in the topic: Kari and Ola get mentions, not also replies.
  auto n3 = notify(f.send(1, ch, åse, "@team møte", "cmid-n-003", "Tema", {{}, true}));
  REQUIRE(n3->size() == 2);
  for (auto const& n : *n3) CHECK(n.kind == "mention");
  auto pinned = chat::find_message(f.rd, ch, n3->at(0).message_id);
  auto n4 = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<chat::notification>> { return chat::notify_pin(w, *pinned, kari); });
  CHECK(n4->size() == 2);  // Ola and Åse

  CHECK(chat::unread_notifications(f.rd, kari) == 2);
  auto list = chat::list_notifications(f.rd, kari, false, 50);
  REQUIRE(list.size() == 2);
  CHECK(list[0].kind == "mention");  // newest first
  auto left = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, kari, {list[1].id}, false); });
  CHECK(*left == 1);
  CHECK(chat::list_notifications(f.rd, kari, true, 50).size() == 1);
  // Nobody marks another's notifications.
  CHECK(*store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, ola, {list[0].id}, false); }) == 3);
  CHECK(*store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, kari, {}, true); }) == 0);
  // Leaving the team hides its notifications.
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> status { return teams::remove_member(w, 1, ola); }));
  CHECK(chat::list_notifications(f.rd, ola, false, 50).empty());
  CHECK(chat::unread_notifications(f.rd, ola) == 0);
  CHECK(chat::excerpt(std::string(139, 'a') + "ø") == std::string(139, 'a') + "…");
}

TEST_CASE("reply notifications: one unread per person and topic") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto ch = f.channel(1, "Generelt");
  auto notify = [&](result<chat::sent> const& s) {
    REQUIRE(s);
    auto n = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<chat::notification>> { return chat::notify_message(w, s->msg); });
    REQUIRE(n);
    return *n;
  };
  CHECK(notify(f.send(1, ch, kari, "spørsmål", "cmid-r-01", "Tema")).empty());
  auto first = notify(f.send(1, ch, ola, "svar 1", "cmid-r-02", "Tema"));
  REQUIRE(first.size() == 1);
  CHECK(first[0].user_id == kari);
  CHECK(first[0].kind == "reply");
  // Kari has not read it: more replies in the topic add nothing.
  CHECK(notify(f.send(1, ch, ola, "svar 2", "cmid-r-03", "Tema")).empty());
  CHECK(notify(f.send(1, ch, ola, "svar 3", "cmid-r-04", "Tema")).empty());
  // Another topic Kari wrote in is its own: one there too.
  CHECK(notify(f.send(1, ch, kari, "annet", "cmid-r-05", "Annet")).empty());
  CHECK(notify(f.send(1, ch, ola, "svar annet", "cmid-r-06", "Annet")).size() == 1);
  CHECK(chat::unread_notifications(f.rd, kari) == 2);
  // Ola wrote after Kari in both topics: no reply of Kari's came after his, so nothing for him.
  CHECK(chat::unread_notifications(f.rd, ola) == 0);
  // Once read, the next reply notifies again.
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, kari, {first[0].id}, false); }));
  auto again = notify(f.send(1, ch, ola, "svar 4", "cmid-r-07", "Tema"));
  REQUIRE(again.size() == 1);
  CHECK(again[0].user_id == kari);
  CHECK(chat::unread_notifications(f.rd, kari) == 2);
}

// Migration 0012: replies notify those with a live message in the topic (topic_authors), kept in
// step through deletes, merges and moves.
TEST_CASE("reply notifications follow deletes, merges and moves of the topic's messages") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto åse = f.add_user("ase@example.no", "Åse");
  auto ch = f.channel(1, "Generelt");
  auto ch2 = f.channel(1, "Erfaringsutveksling");
  auto notified = [&](result<chat::sent> const& s) {
    REQUIRE(s);
    auto n = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<chat::notification>> { return chat::notify_message(w, s->msg); });
    REQUIRE(n);
    std::vector<std::int64_t> who;
    for (auto const& x : *n) who.push_back(x.user_id);
    // Read at once, so that the next reply in the topic notifies again.
    REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, kari, {}, true); }));
    REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, åse, {}, true); }));
    return who;
  };
  auto del = [&](std::int64_t channel, result<chat::sent> const& s) {
    REQUIRE(s);
    REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::delete_message(w, channel, s->msg.id); }));
  };
  using ids = std::vector<std::int64_t>;
  // A person whose only message there was deleted is no longer an author of the topic...
  del(ch, f.send(1, ch, kari, "feil tråd", "cmid-t-01", "Slettet"));
  CHECK(notified(f.send(1, ch, ola, "svar", "cmid-t-02", "Slettet")) == ids{});
  // ...while one live message is enough.
  auto k1 = f.send(1, ch, kari, "en", "cmid-t-03", "Levende");
  REQUIRE(f.send(1, ch, kari, "to", "cmid-t-04", "Levende"));
  del(ch, k1);
  CHECK(notified(f.send(1, ch, ola, "svar", "cmid-t-05", "Levende")) == ids{kari});
  // Merging a topic into another by renaming it brings its authors along.
  REQUIRE(f.send(1, ch, kari, "egen", "cmid-t-06", "Kilde"));
  REQUIRE(f.send(1, ch, åse, "mål", "cmid-t-07", "Mål"));
  chat::topic_input merge;
  merge.name = "Mål";
  change_topic(f, ch, "Kilde", merge);
  CHECK(notified(f.send(1, ch, ola, "svar", "cmid-t-08", "Mål")) == ids{kari, åse});
  // Moving a topic to another channel: its authors follow it; the tombstones left behind have none.
  REQUIRE(f.send(1, ch, kari, "flyttes", "cmid-t-09", "Flytt"));
  chat::topic_input move;
  move.to_channel_id = ch2;
  change_topic(f, ch, "Flytt", move);
  CHECK(notified(f.send(1, ch2, ola, "svar", "cmid-t-10", "Flytt")) == ids{kari});
  CHECK(notified(f.send(1, ch, ola, "svar", "cmid-t-11", "Flytt")) == ids{});
}

// Migration 0013: a reply notification keeps its topic, so the "one unread per person and topic"
// check still holds for it after the topic was merged into another or moved to another channel;
// unread replies elsewhere do not count.
TEST_CASE("reply notifications: one unread per topic after merges and moves, whatever is unread elsewhere") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto ch = f.channel(1, "Generelt");
  auto ch2 = f.channel(1, "Erfaringsutveksling");
  int n = 0;
  auto send = [&](std::int64_t channel, std::int64_t who, std::string const& topic) {
    auto s = f.send(1, channel, who, "tekst", "cmid-m-" + std::to_string(++n), topic);
    REQUIRE(s);
    auto out = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<chat::notification>> { return chat::notify_message(w, s->msg); });
    REQUIRE(out);
    std::vector<std::int64_t> who_got;
    for (auto const& x : *out) who_got.push_back(x.user_id);
    return who_got;
  };
  using ids = std::vector<std::int64_t>;
  // Kari has unread replies in ten other topics: they do not hold back a reply in an eleventh.
  for (int i = 0; i < 10; ++i) {
    send(ch, kari, "Annet " + std::to_string(i));
    CHECK(send(ch, ola, "Annet " + std::to_string(i)) == ids{kari});
  }
  send(ch, kari, "Kilde");
  CHECK(send(ch, ola, "Kilde") == ids{kari});
  // Merged into "Mål" (where Kari also wrote) with that reply unread: a reply in "Mål" adds none.
  send(ch, kari, "Mål");
  chat::topic_input merge;
  merge.name = "Mål";
  change_topic(f, ch, "Kilde", merge);
  CHECK(send(ch, ola, "Mål") == ids{});
  // Moved to another channel, still unread: a reply there adds none either.
  chat::topic_input move;
  move.to_channel_id = ch2;
  change_topic(f, ch, "Mål", move);
  CHECK(send(ch2, ola, "Mål") == ids{});
  CHECK(chat::unread_notifications(f.rd, kari) == 11);
  // Once everything is read, the next reply notifies again.
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_notifications_read(w, kari, {}, true); }));
  CHECK(send(ch2, ola, "Mål") == ids{kari});
}
