// @mentions: names with æ ø å, quoted names, longest match, @team, e-mail addresses.
#include "chat/mentions.hpp"

#include <doctest/doctest.h>

using namespace arena::chat;

namespace {
std::vector<person_name> const people = {
    {1, "Kari"}, {2, "Kari Nordmann"}, {3, "Øyvind Ås"}, {4, "Åse Bøe"}, {5, "Jens-Petter"}};
}

TEST_CASE("unquoted mentions take the longest member name at a word boundary") {
  CHECK(parse_mentions("@Kari Nordmann, se her", people).user_ids == std::vector<std::int64_t>{2});
  CHECK(parse_mentions("@Kari se her", people).user_ids == std::vector<std::int64_t>{1});
  CHECK(parse_mentions("@Karianne hei", people).user_ids.empty());
  CHECK(parse_mentions("Takk @Øyvind Ås og @åse bøe!", people).user_ids == std::vector<std::int64_t>{3, 4});
  CHECK(parse_mentions("@ØYVIND ÅS", people).user_ids == std::vector<std::int64_t>{3});
  CHECK(parse_mentions("@Jens-Petter.", people).user_ids == std::vector<std::int64_t>{5});
}

TEST_CASE("quoted mentions, @team, duplicates and e-mail addresses") {
  auto q = parse_mentions(R"(hei @"Åse Bøe" og @"Kari")", people);
  CHECK(q.user_ids == std::vector<std::int64_t>{4, 1});
  CHECK_FALSE(q.team);
  auto t = parse_mentions("@team møte i morgen", people);
  CHECK(t.team);
  CHECK(t.user_ids.empty());
  CHECK(parse_mentions("@teamet", people).team == false);
  CHECK(parse_mentions("@Kari @Kari @kari", people).user_ids == std::vector<std::int64_t>{1});
  CHECK(parse_mentions("skriv til kari@Kari.no", people).user_ids.empty());
  CHECK(parse_mentions(R"(@"Ukjent Person" @"uavsluttet)", people).user_ids.empty());
}
