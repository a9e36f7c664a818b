// Full-text search: Norwegian words, prefixes, filters, visibility, escaped snippets.
#include "chat/search.hpp"
#include "unit/chat_fixture.hpp"

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
