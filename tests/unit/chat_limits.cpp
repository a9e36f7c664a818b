// Send rate per user, free idempotent retries, the abuse rule, the typing throttle.
#include "chat/limits.hpp"

#include <doctest/doctest.h>

using namespace arena::chat;

TEST_CASE("a user gets a burst of 20, then 2 per second, across sockets") {
  live_limits l;
  for (int i = 0; i < 20; ++i) CHECK(l.on_send(7, 1 + i % 2, "id-" + std::to_string(i), 1000).ok);
  auto v = l.on_send(7, 2, "id-x", 1000);
  CHECK_FALSE(v.ok);
  CHECK(v.retry_after_s == 1);
  CHECK(l.on_send(8, 3, "id-x", 1000).ok);  // another user has their own bucket
  CHECK(l.on_send(7, 1, "id-x", 1500).ok);  // one token back after 0.5 s
  CHECK(l.on_send(7, 1, "id-3", 1500).ok);  // a retry of a charged id is free
}

TEST_CASE("a socket that keeps sending while refused is to be closed") {
  live_limits l;
  for (int i = 0; i < 20; ++i) l.on_send(7, 1, "id-" + std::to_string(i), 0);
  int closes = 0;
  for (int i = 0; i < 50; ++i) closes += l.on_send(7, 1, "more-" + std::to_string(i), 10 + i).close_socket;
  CHECK(closes == 1);
}

TEST_CASE("typing is throttled per socket") {
  live_limits l;
  CHECK(l.allow_typing(1, 0));
  CHECK_FALSE(l.allow_typing(1, 1999));
  CHECK(l.allow_typing(2, 1999));
  CHECK(l.allow_typing(1, 2000));
}
