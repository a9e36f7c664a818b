// Unit tests for auth/token_bucket with an injected clock.
#include "auth/token_bucket.hpp"

#include <doctest/doctest.h>

#include <climits>
#include <initializer_list>

using arena::auth::token_bucket;

namespace {
constexpr std::int64_t t0 = 1'795'597'200'000;
}

TEST_CASE("token_bucket: burst, then the rate") {
  token_bucket b(1.0, 3.0);
  CHECK(b.take(t0));
  CHECK(b.take(t0));
  CHECK(b.take(t0));
  CHECK_FALSE(b.take(t0));
  CHECK(b.retry_after_ms(t0) == 1000);
  CHECK(b.retry_after_ms(t0 + 400) == 600);
  CHECK_FALSE(b.take(t0 + 999));
  CHECK(b.take(t0 + 1000));
  CHECK_FALSE(b.take(t0 + 1000));
}

TEST_CASE("token_bucket: refill is capped at the burst") {
  token_bucket b(10.0, 5.0);
  for (int i = 0; i < 5; ++i) CHECK(b.take(t0));
  CHECK_FALSE(b.take(t0));
  CHECK(b.available(t0 + 3'600'000) == doctest::Approx(5.0));
  for (int i = 0; i < 5; ++i) CHECK(b.take(t0 + 3'600'000));
  CHECK_FALSE(b.take(t0 + 3'600'000));
}

TEST_CASE("token_bucket: waiting retry_after_ms is always enough") {
  // Rates that do not divide 1000 evenly, so the arithmetic is inexact.
  for (double rate : {0.3, 1.0, 3.0, 7.0, 33.3}) {
    token_bucket b(rate, 2.0);
    std::int64_t now = t0;
    int admitted = 0;
    for (int step = 0; step < 200; ++step) {
      if (b.take(now)) {
        ++admitted;
        CHECK(b.retry_after_ms(now) >= 0);
        continue;
      }
      int wait = b.retry_after_ms(now);
      CAPTURE(rate);
      CAPTURE(step);
      REQUIRE(wait >= 1);
      now += wait;
      REQUIRE(b.take(now));
      ++admitted;
    }
    CHECK(admitted == 200);
  }
}

TEST_CASE("token_bucket: costs other than one") {
  token_bucket b(2.0, 4.0);
  CHECK(b.take(t0, 3));
  CHECK_FALSE(b.take(t0, 2));
  CHECK(b.take(t0, 1));
  CHECK(b.take(t0, 0));  // free
  CHECK(b.retry_after_ms(t0, 2) == 1000);
  CHECK(b.take(t0 + 250, 0.5));
  // More than the burst can never be taken.
  CHECK(b.retry_after_ms(t0 + 10'000, 5) == INT_MAX);
  CHECK_FALSE(b.take(t0 + 10'000, 5));
  CHECK(b.take(t0 + 10'000, 4));
}

TEST_CASE("token_bucket: time going backwards adds nothing") {
  token_bucket b(1.0, 1.0);
  CHECK(b.take(t0));
  CHECK_FALSE(b.take(t0 - 5000));
  CHECK_FALSE(b.take(t0 + 999));
  CHECK(b.take(t0 + 1000));
}

TEST_CASE("token_bucket: the first call starts the clock") {
  token_bucket b(1.0, 2.0);
  CHECK(b.available(t0) == doctest::Approx(2.0));  // full from the start
  CHECK(b.take(t0 + 10));  // the 10 ms gained are lost to the cap: the bucket was full
  CHECK(b.available(t0 + 10) == doctest::Approx(1.0));
  CHECK(b.available(t0 + 510) == doctest::Approx(1.5));
}
