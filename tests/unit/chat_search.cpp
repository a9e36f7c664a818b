// Full-text search: Norwegian words, prefixes, filters, visibility, escaped snippets.
#include "chat/search.hpp"
#include "unit/chat_fixture.hpp"

#include <future>

using namespace arena;

TEST_CASE("queries are quoted words; snippets are escaped and marked") {
  CHECK(chat::fts_query("leverandørkjede") == std::optional<std::string>(R"("leverandørkjede")"));
  CHECK(chat::fts_query(R"(  leverand*  "tvang" OR x*y )") == std::optional<std::string>(R"("leverand"* "tvang" "OR" "xy")"));
  CHECK_FALSE(chat::fts_query(" \" * "));
  CHECK(chat::mark_snippet("a <b> & \xEE\x80\x80" "ord\xEE\x80\x81 'x'") == "a &lt;b&gt; &amp; <mark>ord</mark> &#39;x&#39;");
}

TEST_CASE("search finds Norwegian text the caller may read") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto per = f.add_user("per@example.no", "Per", 2);
  auto ch = f.channel(1, "Generelt");
  auto ch2 = f.channel(2, "Generelt");
  REQUIRE(f.send(1, ch, kari, "Risiko i leverandørkjeden: <script>alert(1)</script> tvangsarbeid", "cmid-s-01", "Risiko"));
  REQUIRE(f.send(1, ch, kari, "Leverandører av arbeidstøy", "cmid-s-02", "Tekstil"));
  REQUIRE(f.send(1, ch, kari, "Ingen treff her: leverandorkjede uten ø", "cmid-s-03"));
  REQUIRE(f.send(2, ch2, per, "Tvangsarbeid i IKT-leverandørkjeden", "cmid-s-04"));

  chat::search_query q;
  q.text = "tvangsarbeid";
  auto r = chat::search(f.rd, kari, false, q);
  REQUIRE(r);
  REQUIRE(r->size() == 1);  // team 2's message is not Kari's to read
  CHECK(r->at(0).msg.channel_id == ch);
  CHECK(r->at(0).snippet.find("<mark>tvangsarbeid</mark>") != std::string::npos);
  CHECK(r->at(0).snippet.find("&lt;script&gt;") != std::string::npos);
  CHECK(r->at(0).snippet.find("<script>") == std::string::npos);

  q.text = "leverand*";
  r = chat::search(f.rd, kari, false, q);
  REQUIRE(r);
  CHECK(r->size() == 3);
  q.text = "leverandø*";
  r = chat::search(f.rd, kari, false, q);
  REQUIRE(r);
  CHECK(r->size() == 2);  // leverandørkjeden, Leverandører; not "leverandorkjede"
  q.text = "leverandørkjeden";
  CHECK(chat::search(f.rd, kari, false, q)->size() == 1);
  q.text = "leverandorkjeden";
  CHECK(chat::search(f.rd, kari, false, q)->empty());  // ø is not o
  q.text = "leverand*";
  q.topic = "Tekstil";
  CHECK(chat::search(f.rd, kari, false, q)->size() == 1);
  q.topic.reset();
  q.text = "leverandø*";
  q.by_time = true;
  auto by_time = chat::search(f.rd, kari, false, q);
  REQUIRE(by_time->size() == 2);
  CHECK(by_time->at(0).msg.seq == 2);
  // An administrator reads every team.
  q.by_time = false;
  q.text = "tvangsarbeid";
  CHECK(chat::search(f.rd, kari, true, q)->size() == 2);
  // Deleted messages are gone from the index.
  auto first = chat::all_messages(f.rd, ch)[0];
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return chat::delete_message(w, ch, first.id); }));
  CHECK(chat::search(f.rd, kari, false, q)->empty());
  q.text = "\"";
  CHECK(chat::search(f.rd, kari, false, q).error().code == errc::bad_request);
}

// Migrations 0009 and 0011: new messages are indexed once per group commit (db/before_commit.sql),
// those above the mark messages_fts_state.indexed_upto. The index must still match the messages whatever a group does to a message it stored itself.
TEST_CASE("messages are indexed when their group commits, edits and deletes in the same group included") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ch = f.channel(1, "Generelt");
  auto in = [&](std::string body, std::string cmid) { return chat::send_input{1, ch, kari, "Emne", std::move(body), std::move(cmid), {}}; };
  // One group: three sends, an edit of the second and a delete of the third, then a failed job
  // that had sent a fourth (rolled back to its savepoint: its message must not be indexed).
  std::vector<std::promise<status>> done(5);
  std::int64_t second = 0, third = 0, fifth = 0;
  auto& w = f.db.write();
  // The writer takes everything queued into one group: hold it in a job until all five are queued.
  std::promise<void> gate;
  w.submit({[&](store::connection&) -> status { gate.get_future().wait(); return {}; }, {}});
  w.submit({[&](store::connection& c) -> status { auto s = chat::send_message(c, in("solcellepanel fra Kina", "cmid-g-01")); return s ? status{} : status{s.error()}; },
            [&](status const& s) { done[0].set_value(s); }});
  w.submit({[&](store::connection& c) -> status {
              auto s = chat::send_message(c, in("arbeidstøy med feil", "cmid-g-02"));
              if (!s) return s.error();
              second = s->msg.id;
              auto e = chat::edit_message(c, ch, second, "arbeidstøy rettet", {});
              return e ? status{} : status{e.error()};
            },
            [&](status const& s) { done[1].set_value(s); }});
  w.submit({[&](store::connection& c) -> status {
              auto s = chat::send_message(c, in("hemmelig leverandør", "cmid-g-03"));
              if (!s) return s.error();
              third = s->msg.id;
              auto d = chat::delete_message(c, ch, third);
              return d ? status{} : status{d.error()};
            },
            [&](status const& s) { done[2].set_value(s); }});
  w.submit({[&](store::connection& c) -> status {
              auto s = chat::send_message(c, in("forsvunnet melding", "cmid-g-04"));
              if (!s) return s.error();
              return make_error(errc::conflict, "rolled back on purpose");
            },
            [&](status const& s) { done[3].set_value(s); }});
  w.submit({[&](store::connection& c) -> status {
              auto s = chat::send_message(c, in("solcellepanel igjen", "cmid-g-05"));
              if (!s) return s.error();
              fifth = s->msg.id;
              return {};
            },
            [&](status const& s) { done[4].set_value(s); }});
  gate.set_value();
  for (int i = 0; i < 5; ++i) CHECK(static_cast<bool>(done[static_cast<std::size_t>(i)].get_future().get()) == (i != 3));

  auto hits = [&](std::string text) {
    chat::search_query q;
    q.text = std::move(text);
    auto r = chat::search(f.rd, kari, false, q);
    REQUIRE(r);
    return r->size();
  };
  CHECK(hits("solcellepanel") == 2);
  CHECK(hits("rettet") == 1);
  CHECK(hits("feil") == 0);  // the body it had before the edit, in the same group
  CHECK(hits("hemmelig") == 0);
  CHECK(hits("forsvunnet") == 0);
  // The mark is at the newest message, and the index agrees with the table (FTS5's own check).
  auto mark = [&] {
    // Scoped: a statement left stepping would hold the reader on this snapshot.
    auto s = f.rd.prepare("SELECT indexed_upto, (SELECT max(id) FROM messages) FROM messages_fts_state");
    REQUIRE(s.step());
    CHECK(s.col_int(0) == s.col_int(1));
    return s.col_int(0);
  };
  CHECK(mark() == fifth);
  REQUIRE(store::write_sync(w, [&](store::connection& c) -> status {
    c.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    return {};
  }));
  // Later edits and deletes of indexed messages keep the index in step as before.
  auto first = chat::all_messages(f.rd, ch)[0];
  REQUIRE(store::write_sync(w, [&](store::connection& c) { return chat::edit_message(c, ch, first.id, "vindturbin", {}); }));
  CHECK(hits("solcellepanel") == 1);
  CHECK(hits("vindturbin") == 1);
  REQUIRE(store::write_sync(w, [&](store::connection& c) { return chat::delete_message(c, ch, second); }));
  CHECK(hits("rettet") == 0);
  // The server never removes a message row, but a removed newest row would give its id out again:
  // the mark comes down with it, so the next message (reusing the id) is still indexed.
  REQUIRE(store::write_sync(w, [&](store::connection& c) -> status {
    c.prepare("DELETE FROM messages WHERE id = ?").bind(1, fifth).run();
    return {};
  }));
  CHECK(mark() == third);
  std::int64_t reused = 0;
  REQUIRE(store::write_sync(w, [&](store::connection& c) -> status {
    auto s = chat::send_message(c, in("gjenbrukt nummer", "cmid-g-06"));
    if (!s) return s.error();
    reused = s->msg.id;
    return {};
  }));
  CHECK(reused == fifth);
  CHECK(hits("gjenbrukt") == 1);
  CHECK(mark() == reused);
  REQUIRE(store::write_sync(w, [&](store::connection& c) -> status {
    c.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    return {};
  }));
}
