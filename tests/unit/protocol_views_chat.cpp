#include "protocol/views_chat.hpp"

#include <doctest/doctest.h>

using namespace arena;
using namespace arena::protocol;

namespace {
chat::message plain() {
  chat::message m;
  m.id = 41;
  m.channel_id = 7;
  m.team_id = 3;
  m.seq = 12;
  m.topic = "Krav";
  m.topic_id = 5;
  m.author_id = 9;
  m.author_name = "Kari Nordmann";
  m.org_name = "Sykehuset";
  m.body = "Hei";
  m.created_at = 1'790'000'000'000;
  return m;
}
}  // namespace

TEST_CASE("message.new's form leaves out the fields at their default and the channel") {
  auto const full = to_json(plain());
  auto const compact = to_new_message_json(plain());
  for (auto const* key : {"channel_id", "edited_at", "deleted", "reactions", "pinned", "archive_worthy", "mentions", "mentions_team"}) {
    CHECK_MESSAGE(full.contains(key), key);
    CHECK_MESSAGE(!compact.contains(key), key);
  }
  // What is left is the whole message's.
  for (auto const& [key, value] : compact.items()) CHECK_MESSAGE(full.at(key) == value, key);
  CHECK(compact.size() == 9);
}

TEST_CASE("message.new's form keeps every field that is not at its default") {
  auto m = plain();
  m.edited_at = m.created_at + 1000;
  m.deleted = true;
  m.reactions.push_back({"👍", 2, false, {9, 11}});
  m.pinned = true;
  m.archive_worthy = true;
  m.mentions = {11};
  m.mentions_team = true;
  auto full = to_json(m);
  auto const compact = to_new_message_json(m);
  full.erase("channel_id");
  CHECK(compact == full);
}
