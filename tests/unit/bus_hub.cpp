#include "bus/hub.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
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

TEST_CASE("subscribing and unsubscribing during a publish leaves that publish's list alone") {
  // The list is copy-on-write: a publish walks the snapshot it took, changes go to a copy.
  struct joiner : subscriber {
    hub* h = nullptr;
    std::shared_ptr<subscriber> newcomer;
    subscriber const* leaver = nullptr;
    int got = 0;
    void deliver(std::shared_ptr<const std::string> const&, bool) override {
      ++got;
      if (newcomer) h->subscribe(team_topic(1), newcomer);
      if (leaver) h->unsubscribe(team_topic(1), leaver);
      newcomer.reset();
      leaver = nullptr;
    }
  };
  hub h;
  auto first = std::make_shared<joiner>();
  auto second = std::make_shared<recorder>();
  auto late = std::make_shared<recorder>();
  first->h = &h;
  first->newcomer = late;
  first->leaver = second.get();
  h.subscribe(team_topic(1), first);
  h.subscribe(team_topic(1), second);
  CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("x")) == 2);
  CHECK(first->got == 1);
  CHECK(second->got.size() == 1);  // it was in the snapshot
  CHECK(late->got.empty());        // it was not
  CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("y")) == 2);
  CHECK(second->got.size() == 1);
  REQUIRE(late->got.size() == 1);
  CHECK(*late->got[0] == "y");
}

TEST_CASE("a new subscriber at the address of a dead one is subscribed") {
  hub h;
  subscriber const* old_addr = nullptr;
  {
    auto a = std::make_shared<recorder>();
    old_addr = a.get();
    h.subscribe(team_topic(1), a);
  }
  // Allocate until the address comes back (it usually does at once); either way, subscribe.
  std::vector<std::shared_ptr<recorder>> keep;
  for (int i = 0; i < 64; ++i) {
    keep.push_back(std::make_shared<recorder>());
    if (keep.back().get() == old_addr) break;
  }
  h.subscribe(team_topic(1), keep.back());
  CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("x")) == 1);
  CHECK(keep.back()->got.size() == 1);
}

TEST_CASE("many subscribers joining and leaving in any order: each present one gets every frame once") {
  // Several chunks' worth, so that leavers in early chunks are replaced from the last one and
  // the records of the moved subscribers must follow them.
  hub h;
  std::vector<std::shared_ptr<recorder>> subs;
  for (int i = 0; i < 300; ++i) subs.push_back(std::make_shared<recorder>());
  std::vector<bool> in(subs.size(), false);
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 40; ++round) {
    for (int step = 0; step < 50; ++step) {
      std::size_t i = next() % subs.size();
      if (next() % 3 == 0) {
        h.unsubscribe(team_topic(1), subs[i].get());
        in[i] = false;
      } else {
        h.subscribe(team_topic(1), subs[i]);
        in[i] = true;
      }
      if (next() % 10 == 0) h.subscribe(user_topic(static_cast<std::int64_t>(i)), subs[i]);
    }
    std::vector<std::size_t> before(subs.size());
    for (std::size_t i = 0; i < subs.size(); ++i) before[i] = subs[i]->got.size();
    auto expected = static_cast<std::size_t>(std::count(in.begin(), in.end(), true));
    CHECK(h.publish(team_topic(1), std::make_shared<const std::string>("f")) == expected);
    for (std::size_t i = 0; i < subs.size(); ++i) CHECK(subs[i]->got.size() - before[i] == (in[i] ? 1u : 0u));
  }
  for (auto const& s : subs) h.unsubscribe_all(s.get());
  CHECK(h.topic_count() == 0);
}
