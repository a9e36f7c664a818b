#include "bus/hub.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace arena::bus;

namespace {
struct recorder : subscriber {
  std::vector<std::shared_ptr<const std::string>> got;
  void deliver(std::shared_ptr<const std::string> const& f, bool) override { got.push_back(f); }
};
}  // namespace

TEST_CASE("publish reaches each subscriber of the topic once, with the same buffer") {
  hub h;
  auto a = std::make_shared<recorder>(), b = std::make_shared<recorder>(), c = std::make_shared<recorder>();
  h.subscribe(team_topic(1), a);
  h.subscribe(team_topic(1), b);
  h.subscribe(team_topic(1), b);  // twice: still once
  h.subscribe(team_topic(2), c);
  auto frame = std::make_shared<const std::string>("x");
  CHECK(h.publish(team_topic(1), frame) == 2);
  REQUIRE(a->got.size() == 1);
  REQUIRE(b->got.size() == 1);
  CHECK(a->got[0].get() == frame.get());
  CHECK(b->got[0].get() == frame.get());
  CHECK(c->got.empty());
}

TEST_CASE("unsubscribe stops delivery at once; unsubscribe_all forgets every topic") {
  hub h;
  auto a = std::make_shared<recorder>();
  h.subscribe(team_topic(1), a);
  h.subscribe(user_topic(9), a);
  h.unsubscribe(team_topic(1), a.get());
  CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("x")) == 0);
  CHECK(h.publish(user_topic(9), std::make_shared<const std::string>("y")) == 1);
  h.unsubscribe_all(a.get());
  CHECK(h.publish(user_topic(9), std::make_shared<const std::string>("z")) == 0);
  CHECK(h.topic_count() == 0);
}

TEST_CASE("a subscriber that is gone is skipped") {
  hub h;
  {
    auto a = std::make_shared<recorder>();
    h.subscribe(team_topic(1), a);
  }
  CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("x")) == 0);
}
