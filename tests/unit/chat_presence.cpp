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
  // Inactivity turns into idle without a call; the next activity reports online again.
  CHECK(p.state_of(7, 40 + presence_tracker::idle_after_ms) == S::idle);
  CHECK(p.activity(7, 1, true, 50 + presence_tracker::idle_after_ms) == S::online);
  CHECK(p.close(7, 1, 60 + presence_tracker::idle_after_ms) == S::idle);  // socket 2 remains, idle by time
  CHECK(p.state_of(7, 60 + presence_tracker::idle_after_ms) == S::idle);
  CHECK(p.close(7, 2, 70 + presence_tracker::idle_after_ms) == S::offline);
  CHECK_FALSE(p.close(7, 2, 80));  // unknown socket: nothing
  CHECK_FALSE(p.activity(8, 1, true, 0));
  CHECK(to_string(S::idle) == "idle");
}
