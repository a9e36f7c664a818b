// Unit tests for auth/throttle: exponential lock-outs with an injected clock.
#include "auth/throttle.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using arena::auth::login_throttle;
using arena::auth::throttle_config;

namespace {
constexpr std::int64_t t0 = 1'795'597'200'000;  // 2026-11-25T09:00:00Z
constexpr std::int64_t minute = 60'000;
}  // namespace

TEST_CASE("throttle: keys") {
  CHECK(login_throttle::account_key("  Kari.Nordmann@Example.NO ") ==
        "account:kari.nordmann@example.no");
  CHECK(login_throttle::account_key("\xC3\x85se@x.no") == "account:\xC3\x85se@x.no");  // ASCII only
  CHECK(login_throttle::addr_key("192.0.2.1") == "addr:192.0.2.1");
}

TEST_CASE("throttle: four free failures, then 1 s, 2 s, 4 s ...") {
  login_throttle th;
  std::string key = login_throttle::account_key("a@b.no");
  std::int64_t now = t0;
  for (int i = 1; i <= 4; ++i) {
    CHECK_FALSE(th.retry_after_s(key, now).has_value());
    th.failure(key, now);
    now += 10;
  }
  CHECK_FALSE(th.retry_after_s(key, now).has_value());
  th.failure(key, now);  // 5th: 2^0 s
  CHECK(th.retry_after_s(key, now) == 1);
  CHECK(th.retry_after_s(key, now + 999) == 1);
  CHECK_FALSE(th.retry_after_s(key, now + 1000).has_value());

  now += 1000;
  th.failure(key, now);  // 6th: 2 s
  CHECK(th.retry_after_s(key, now) == 2);
  CHECK(th.retry_after_s(key, now + 1001) == 1);  // rounds up
  CHECK_FALSE(th.retry_after_s(key, now + 2000).has_value());

  now += 2000;
  th.failure(key, now);  // 7th: 4 s
  CHECK(th.retry_after_s(key, now) == 4);
}

TEST_CASE("throttle: the lock is capped at 15 minutes") {
  login_throttle th;
  std::string key = "addr:192.0.2.7";
  std::int64_t now = t0;
  int expected[] = {0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900};
  for (int n = 1; n <= 17; ++n) {
    CAPTURE(n);
    th.failure(key, now);
    int want = expected[n - 1];
    if (want == 0) {
      CHECK_FALSE(th.retry_after_s(key, now).has_value());
    } else {
      CHECK(th.retry_after_s(key, now) == want);
    }
    now += std::int64_t{want} * 1000;  // wait out the lock, as a patient attacker would
  }
}

TEST_CASE("throttle: a refused attempt does not extend the lock") {
  login_throttle th;
  std::string key = "account:x@y.no";
  for (int i = 0; i < 6; ++i) th.failure(key, t0);
  CHECK(th.retry_after_s(key, t0) == 2);
  for (int i = 0; i < 100; ++i) CHECK(th.retry_after_s(key, t0 + 1000).has_value());
  CHECK_FALSE(th.retry_after_s(key, t0 + 2000).has_value());
}

TEST_CASE("throttle: failures are forgotten after the window") {
  login_throttle th;
  std::string key = "account:w@y.no";
  for (int i = 0; i < 5; ++i) th.failure(key, t0);
  CHECK(th.retry_after_s(key, t0) == 1);

  // Exactly at the window's end the count is still remembered: the 6th failure locks 2 s.
  {
    login_throttle th2;
    for (int i = 0; i < 5; ++i) th2.failure(key, t0);
    th2.failure(key, t0 + 15 * minute);
    CHECK(th2.retry_after_s(key, t0 + 15 * minute) == 2);
  }
  // One millisecond later it is forgotten: a failure is the first again.
  th.failure(key, t0 + 15 * minute + 1);
  CHECK_FALSE(th.retry_after_s(key, t0 + 15 * minute + 1).has_value());
  CHECK(th.size() == 1);
  for (int i = 0; i < 3; ++i) th.failure(key, t0 + 15 * minute + 1);
  CHECK_FALSE(th.retry_after_s(key, t0 + 15 * minute + 1).has_value());  // 4 so far
  th.failure(key, t0 + 15 * minute + 1);
  CHECK(th.retry_after_s(key, t0 + 15 * minute + 1) == 1);  // 5th
}

TEST_CASE("throttle: expired keys are swept") {
  login_throttle th;
  th.failure("addr:a", t0);
  th.failure("addr:b", t0 + minute);
  CHECK(th.size() == 2);
  th.retry_after_s("addr:c", t0 + 15 * minute + 1);  // a is past the window
  CHECK(th.size() == 1);
  th.retry_after_s("addr:c", t0 + 16 * minute + 1);
  CHECK(th.size() == 0);
}

TEST_CASE("throttle: success forgets the key, and only that key") {
  login_throttle th;
  std::string account = login_throttle::account_key("u@y.no");
  std::string addr = login_throttle::addr_key("198.51.100.4");
  for (int i = 0; i < 5; ++i) {
    th.failure(account, t0);
    th.failure(addr, t0);
  }
  CHECK(th.retry_after_s(account, t0).has_value());
  th.success(account);
  CHECK_FALSE(th.retry_after_s(account, t0).has_value());
  CHECK(th.retry_after_s(addr, t0) == 1);
  th.success("account:nobody");  // unknown key: no effect
  CHECK(th.size() == 1);
}

TEST_CASE("throttle: keys are independent") {
  login_throttle th;
  for (int i = 0; i < 5; ++i) th.failure("account:a@x.no", t0);
  CHECK(th.retry_after_s("account:a@x.no", t0).has_value());
  CHECK_FALSE(th.retry_after_s("account:b@x.no", t0).has_value());
  CHECK_FALSE(th.retry_after_s("addr:a@x.no", t0).has_value());
}

TEST_CASE("throttle: memory is bounded, oldest evicted first") {
  throttle_config cfg;
  cfg.max_keys = 3;
  login_throttle th(cfg);
  for (int i = 0; i < 5; ++i) th.failure("k1", t0);  // locked, oldest
  th.failure("k2", t0 + 1);
  th.failure("k3", t0 + 2);
  th.failure("k1", t0 + 3);  // touching k1 makes k2 the oldest
  CHECK(th.size() == 3);
  th.failure("k4", t0 + 4);
  CHECK(th.size() == 3);
  CHECK(th.evictions() == 1);
  CHECK(th.retry_after_s("k1", t0 + 4).has_value());  // survived
  // k2 was evicted: five more failures are needed before it locks.
  for (int i = 0; i < 4; ++i) th.failure("k2", t0 + 5);
  CHECK_FALSE(th.retry_after_s("k2", t0 + 5).has_value());
  CHECK(th.size() == 3);
}

TEST_CASE("throttle: expired keys are dropped before live ones are evicted") {
  throttle_config cfg;
  cfg.max_keys = 2;
  login_throttle th(cfg);
  th.failure("old", t0);
  th.failure("live", t0 + 10 * minute);
  th.failure("new", t0 + 15 * minute + 1);  // "old" has expired: no eviction needed
  CHECK(th.evictions() == 0);
  CHECK(th.size() == 2);
}

TEST_CASE("throttle: custom configuration") {
  throttle_config cfg;
  cfg.first_locking_failure = 3;
  cfg.max_lock_ms = 5000;
  login_throttle th(cfg);
  th.failure("k", t0);
  th.failure("k", t0);
  CHECK_FALSE(th.retry_after_s("k", t0).has_value());
  th.failure("k", t0);
  CHECK(th.retry_after_s("k", t0) == 1);
  for (int i = 0; i < 10; ++i) th.failure("k", t0);
  CHECK(th.retry_after_s("k", t0) == 5);
}

TEST_CASE("throttle: concurrent use") {
  login_throttle th;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&th, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string key = "addr:" + std::to_string((i + t) % 50);
        th.failure(key, t0 + i);
        (void)th.retry_after_s(key, t0 + i);
        if (i % 7 == 0) th.success(key);
      }
    });
  }
  for (auto& th_ : threads) th_.join();
  CHECK(th.size() <= 50);
}

TEST_CASE("addr_key counts an IPv6 client by its /64 and IPv4 by its address") {
  using arena::auth::login_throttle;
  CHECK(login_throttle::addr_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == login_throttle::addr_key("2001:db8:1:2::1"));
  CHECK(login_throttle::addr_key("2001:db8:1:2::1") != login_throttle::addr_key("2001:db8:1:3::1"));
  CHECK(login_throttle::addr_key("192.0.2.1") != login_throttle::addr_key("192.0.2.2"));
}
