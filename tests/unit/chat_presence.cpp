// Presence across a person's sockets, with changes reported exactly once.
#include "chat/presence.hpp"

#include <doctest/doctest.h>

using namespace arena::chat;

TEST_CASE("presence is per person across sockets; changes are reported once") {
  presence_tracker p;
  using S = presence_state;
  CHECK(p.state_of(7, 0) == S::offline);
  CHECK(p.open(7, 1, 0) == S::online);
  CHECK_FALSE(p.open(7, 2, 10));  // still online
  CHECK(p.activity(7, 1, false, 20) == std::nullopt);  // socket 2 is still active
  CHECK(p.activity(7, 2, false, 30) == S::idle);
  CHECK(p.activity(7, 2, true, 40) == S::online);
  // Inactivity turns into idle; the timer's expire() reports it once; the next activity
  // reports online again.
  CHECK(p.state_of(7, 40 + presence_tracker::default_idle_after_ms) == S::idle);
  CHECK(p.expire(39 + presence_tracker::default_idle_after_ms).empty());
  using change = std::pair<std::int64_t, S>;
  CHECK(p.expire(40 + presence_tracker::default_idle_after_ms) == std::vector<change>{{7, S::idle}});
  CHECK(p.expire(45 + presence_tracker::default_idle_after_ms).empty());
  CHECK(p.activity(7, 1, true, 50 + presence_tracker::default_idle_after_ms) == S::online);
  CHECK(p.close(7, 1, 60 + presence_tracker::default_idle_after_ms) == S::idle);  // socket 2 remains, idle by time
  CHECK(p.state_of(7, 60 + presence_tracker::default_idle_after_ms) == S::idle);
  CHECK(p.close(7, 2, 70 + presence_tracker::default_idle_after_ms) == S::offline);
  CHECK_FALSE(p.close(7, 2, 80));  // unknown socket: nothing
  CHECK_FALSE(p.activity(8, 1, true, 0));
  CHECK(to_string(S::idle) == "idle");
  CHECK(p.expire(1'000'000'000).empty());  // nobody is left
}

TEST_CASE("presence: a shorter idle timeout, and a close that leaves an idle socket") {
  presence_tracker p(1000);
  using S = presence_state;
  CHECK(p.open(1, 1, 0) == S::online);
  CHECK(p.open(1, 2, 500) == std::nullopt);
  CHECK(p.expire(1200).empty());  // socket 2 was active 700 ms ago
  CHECK(p.close(1, 2, 1600) == S::idle);  // socket 1 has been quiet for 1.6 s
  CHECK(p.expire(1700).empty());          // already announced
  CHECK(p.activity(1, 1, true, 1800) == S::online);
}
