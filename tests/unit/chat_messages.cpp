// Messages: contiguous seqs (also across a failed job), idempotent sends, edits and their
// history, tombstones, reactions, pins; default channels.
#include "unit/chat_fixture.hpp"

#include <thread>

using namespace arena;

TEST_CASE("every team, seeded or new, has the two default channels") {
  test::chat_fixture f;
  for (std::int64_t team = 1; team <= 4; ++team) {
    auto cs = chat::list_channels(f.rd, team, 0);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].name == "Generelt");
    CHECK(cs[1].name == "Erfaringsutveksling");
  }
  auto t = store::write_sync(f.db.write(), [&](store::connection& w) {
    return teams::create_team(w, teams::team_input{std::string("Mat og drikke"), std::string("mat"), std::nullopt, std::nullopt});
  });
  REQUIRE(t);
  auto cs = chat::list_channels(f.rd, t->id, 0);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].name == "Generelt");
}

TEST_CASE("seqs are contiguous from 1, and a failed job takes its number back") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ch = f.channel(1, "Generelt");
  REQUIRE(f.send(1, ch, kari, "én", "cmid-0001"));
  REQUIRE(f.send(1, ch, kari, "to", "cmid-0002"));
  // A job that stores a message and then fails is rolled back, seq included.
  auto failed = store::write_sync(f.db.write(), [&](store::connection& w) -> result<chat::sent> {
    auto s = chat::send_message(w, chat::send_input{1, ch, kari, "Emne", "tre", "cmid-0003", {}});
    REQUIRE(s);
    CHECK(s->msg.seq == 3);
    return make_error(errc::internal, "fails after storing");
  });
  CHECK_FALSE(failed);
  auto again = f.send(1, ch, kari, "tre igjen", "cmid-0004");
  REQUIRE(again);
  CHECK(again->msg.seq == 3);
  // Many concurrent sends still number 1..n without a hole.
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) REQUIRE(f.send(1, ch, kari, "x", "par-" + std::to_string(t) + "-" + std::to_string(i) + "-id"));
    });
  for (auto& t : ts) t.join();
  auto all = chat::all_messages(f.rd, ch);
  REQUIRE(all.size() == 43);
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].seq == static_cast<std::int64_t>(i + 1));
  CHECK(chat::find_channel(f.rd, 1, ch)->last_seq == 43);
  CHECK_FALSE(chat::find_channel(f.rd, 2, ch));  // another team's id: not found
}

TEST_CASE("a retried client_msg_id returns the original and stores nothing") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto ch = f.channel(1, "Generelt");
  auto first = f.send(1, ch, kari, "hei", "same-id-1");
  REQUIRE(first);
  CHECK_FALSE(first->existing);
  std::vector<std::thread> ts;
  std::atomic<int> same{0};
  for (int t = 0; t < 8; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto r = f.send(1, ch, kari, "hei (igjen)", "same-id-1");
        REQUIRE(r);
        CHECK(r->existing);
        if (r->msg.id == first->msg.id && r->msg.body == "hei") ++same;
      }
    });
  for (auto& t : ts) t.join();
  CHECK(same == 200);
  // Another author may use the same id.
  auto other = f.send(1, ch, ola, "hallo", "same-id-1");
  REQUIRE(other);
  CHECK_FALSE(other->existing);
  CHECK(chat::all_messages(f.rd, ch).size() == 2);
  // Reusing an id in another channel is a conflict, not a silent success.
  auto elsewhere = f.send(1, f.channel(1, "Erfaringsutveksling"), kari, "hei", "same-id-1");
  REQUIRE_FALSE(elsewhere);
  CHECK(elsewhere.error().code == errc::conflict);
}

TEST_CASE("archived channels take no messages") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ch = f.channel(1, "Generelt");
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::update_channel(w, 1, ch, {std::nullopt, std::nullopt, true}); }));
  auto r = f.send(1, ch, kari, "hei", "cmid-arch1");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::conflict);
  CHECK(chat::find_channel(f.rd, 1, ch)->last_seq == 0);
}

TEST_CASE("edits keep history; deletion leaves a tombstone; reactions and flags") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto ch = f.channel(1, "Generelt");
  auto m = f.send(1, ch, kari, "første utkast", "cmid-edit1");
  REQUIRE(m);
  auto id = m->msg.id;
  auto e1 = store::write_sync(f.db.write(), [&](store::connection& w) { return chat::edit_message(w, ch, id, "andre utkast", {}); });
  REQUIRE(e1);
  CHECK(e1->body == "andre utkast");
  CHECK(e1->edited_at);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::edit_message(w, ch, id, "tredje", {{ola}, false}); }));
  auto h = chat::edit_history(f.rd, id);
  REQUIRE(h.size() == 2);
  CHECK(h[0].body == "første utkast");
  CHECK(h[1].body == "andre utkast");
  CHECK(chat::find_message(f.rd, ch, id)->mentions == std::vector<std::int64_t>{ola});

  auto r1 = store::write_sync(f.db.write(), [&](store::connection& w) { return chat::react(w, ch, id, ola, "👍", true); });
  REQUIRE(r1);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::react(w, ch, id, kari, "👍", true); }));
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::react(w, ch, id, ola, "👍", true); }));  // twice: once
  auto seen = chat::find_message(f.rd, ch, id, ola);
  REQUIRE(seen);
  REQUIRE(seen->reactions.size() == 1);
  CHECK(seen->reactions[0].count == 2);
  CHECK(seen->reactions[0].mine);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::react(w, ch, id, ola, "👍", false); }));
  seen = chat::find_message(f.rd, ch, id, ola);
  CHECK(seen->reactions[0].count == 1);
  CHECK_FALSE(seen->reactions[0].mine);

  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::set_flag(w, ch, id, chat::flag::pinned, true); }));
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::set_flag(w, ch, id, chat::flag::archive_worthy, true); }));
  CHECK(chat::pinned_messages(f.rd, ch).size() == 1);
  CHECK(chat::find_message(f.rd, ch, id)->archive_worthy);

  REQUIRE(f.send(1, ch, ola, "svar", "cmid-edit2"));
  auto d = store::write_sync(f.db.write(), [&](store::connection& w) { return chat::delete_message(w, ch, id); });
  REQUIRE(d);
  CHECK(d->deleted);
  CHECK(d->body.empty());
  CHECK(d->seq == 1);
  CHECK(d->reactions.empty());
  CHECK(d->mentions.empty());
  CHECK(chat::edit_history(f.rd, id).empty());
  CHECK(chat::pinned_messages(f.rd, ch).empty());
  auto all = chat::all_messages(f.rd, ch);
  REQUIRE(all.size() == 2);
  CHECK(all[0].deleted);
  CHECK(all[1].seq == 2);
  auto again = store::write_sync(f.db.write(), [&](store::connection& w) { return chat::edit_message(w, ch, id, "nytt", {}); });
  REQUIRE_FALSE(again);
  CHECK(again.error().code == errc::conflict);
  // A message looked up through the wrong channel is not found.
  CHECK(chat::find_message(f.rd, f.channel(1, "Erfaringsutveksling"), id).error().code == errc::not_found);
}

TEST_CASE("history pages and topics") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ch = f.channel(1, "Generelt");
  for (int i = 1; i <= 10; ++i) REQUIRE(f.send(1, ch, kari, "m" + std::to_string(i), "cmid-page-" + std::to_string(i), i % 2 ? "Odde" : "Par"));
  auto last3 = chat::messages_before(f.rd, ch, 0, 3);
  REQUIRE(last3.size() == 3);
  CHECK(last3[0].seq == 8);
  CHECK(last3[2].seq == 10);
  auto before5 = chat::messages_before(f.rd, ch, 5, 2);
  REQUIRE(before5.size() == 2);
  CHECK(before5[0].seq == 3);
  auto after7 = chat::messages_after(f.rd, ch, 7, 100);
  REQUIRE(after7.size() == 3);
  CHECK(after7[0].seq == 8);
  auto odd = chat::find_topic_id(f.rd, ch, "Odde");
  REQUIRE(odd);
  auto odds = chat::messages_before(f.rd, ch, 0, 100, odd);
  CHECK(odds.size() == 5);
  auto topics = chat::list_topics(f.rd, ch, kari);
  REQUIRE(topics.size() == 2);
  CHECK(topics[0].name == "Par");  // latest activity first
  CHECK(topics[0].message_count == 5);
}

TEST_CASE("topics: rename merges, resolve, and a move keeps both sequences contiguous") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ch = f.channel(1, "Generelt");
  auto other = f.channel(1, "Erfaringsutveksling");
  REQUIRE(f.send(1, ch, kari, "a1", "cmid-topic-1", "A"));
  REQUIRE(f.send(1, ch, kari, "b1", "cmid-topic-2", "B"));
  REQUIRE(f.send(1, ch, kari, "a2", "cmid-topic-3", "A"));
  REQUIRE(f.send(1, other, kari, "x1", "cmid-topic-4", "X"));
  auto a = *chat::find_topic_id(f.rd, ch, "A");
  auto b = *chat::find_topic_id(f.rd, ch, "B");
  auto upd = [&](std::int64_t channel, std::int64_t topic, chat::topic_input in) {
    return store::write_sync(f.db.write(), [&](store::connection& w) { return chat::update_topic(w, 1, channel, topic, in); });
  };
  auto r = upd(ch, b, {std::string("A"), true, std::nullopt});  // merge B into A, resolved
  REQUIRE(r);
  CHECK(r->result.id == a);
  CHECK(r->result.message_count == 3);
  CHECK(r->result.resolved);
  CHECK_FALSE(chat::find_topic_id(f.rd, ch, "B"));
  auto renamed = upd(ch, a, {std::string("Alfa"), std::nullopt, std::nullopt});
  REQUIRE(renamed);
  CHECK(renamed->result.name == "Alfa");
  auto moved = upd(ch, a, {std::nullopt, std::nullopt, other});
  REQUIRE(moved);
  CHECK(moved->result.channel_id == other);
  CHECK(moved->result.name == "Alfa");
  CHECK(moved->moved.size() == 3);
  auto there = chat::all_messages(f.rd, other);
  REQUIRE(there.size() == 4);
  for (std::size_t i = 0; i < there.size(); ++i) CHECK(there[i].seq == static_cast<std::int64_t>(i + 1));
  CHECK(there[1].body == "a1");
  auto here = chat::all_messages(f.rd, ch);
  REQUIRE(here.size() == 3);
  for (auto const& m : here) CHECK(m.deleted);
  CHECK(chat::find_channel(f.rd, 1, ch)->last_seq == 3);
  // A new message in the old channel continues after the tombstones.
  CHECK(f.send(1, ch, kari, "ny", "cmid-topic-5", "A")->msg.seq == 4);
  auto left = upd(ch, a, {});  // the old topic stays, holding only tombstones
  REQUIRE(left);
  CHECK(left->result.message_count == 0);
  CHECK(upd(other, moved->result.id, {std::nullopt, std::nullopt, f.channel(2, "Generelt")}).error().code == errc::not_found);
}
