// Read markers move only forward; unread and mention counts per channel and topic.
#include "chat/read_state.hpp"
#include "unit/chat_fixture.hpp"

using namespace arena;

TEST_CASE("read markers only move forward, and counts follow them") {
  test::chat_fixture f;
  auto kari = f.add_user("kari@example.no", "Kari");
  auto ola = f.add_user("ola@example.no", "Ola");
  auto outsider = f.add_user("per@example.no", "Per", 2);
  auto ch = f.channel(1, "Generelt");
  REQUIRE(f.send(1, ch, kari, "en", "cmid-rs-01", "A"));
  REQUIRE(f.send(1, ch, kari, "@Ola to", "cmid-rs-02", "A", {{ola}, false}));
  REQUIRE(f.send(1, ch, kari, "@team tre", "cmid-rs-03", "B", {{}, true}));
  REQUIRE(f.send(1, ch, ola, "egen", "cmid-rs-04", "B"));
  auto n = chat::channel_counts(f.rd, ch, ola);
  CHECK(n.unread == 3);  // not his own
  CHECK(n.mentions == 2);
  auto mark = [&](std::int64_t seq) { return store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::int64_t> { return chat::mark_read(w, ch, ola, seq); }); };
  CHECK(*mark(2) == 2);
  n = chat::channel_counts(f.rd, ch, ola);
  CHECK(n.unread == 1);
  CHECK(n.mentions == 1);
  CHECK(*mark(1) == 2);  // backwards: ignored
  CHECK(*mark(99) == 4);  // clamped to last_seq
  CHECK(chat::channel_counts(f.rd, ch, ola).unread == 0);

  auto overview = chat::unread_overview(f.rd, kari, false);
  CHECK(overview.size() == 2);  // the two channels of team 1
  auto& g = overview[0];
  CHECK(g.channel_id == ch);
  CHECK(g.n.unread == 1);
  REQUIRE(g.topics.size() == 1);
  CHECK(g.topics[0].topic_id == *chat::find_topic_id(f.rd, ch, "B"));
  CHECK(chat::unread_overview(f.rd, outsider, false).size() == 2);  // team 2's channels only
  for (auto const& u : chat::unread_overview(f.rd, outsider, false)) CHECK(u.team_id == 2);
  // Deleted messages no longer count.
  auto m4 = chat::find_topic_id(f.rd, ch, "A");
  CHECK(m4);
}
