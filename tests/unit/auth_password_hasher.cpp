// Unit tests for auth/password_hasher: Argon2id with the real parameters (~50 ms a call) and
// the bound on concurrent calls; and the password policy.
#include "auth/password_hasher.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using arena::auth::password_hasher;
using arena::auth::password_problem;

namespace {
// Construction costs a full hash; share one hasher across the functional tests.
password_hasher& shared_hasher() {
  static password_hasher h;
  return h;
}
}  // namespace

TEST_CASE("password_hasher: hash and verify round trip") {
  auto& h = shared_hasher();
  std::string encoded = h.hash("correct horse battery staple");
  CHECK(encoded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(h.verify(encoded, "correct horse battery staple"));
  CHECK_FALSE(h.verify(encoded, "correct horse battery stapl"));
  CHECK_FALSE(h.verify(encoded, "Correct horse battery staple"));
  CHECK_FALSE(h.verify(encoded, ""));
  CHECK_FALSE(password_hasher::needs_rehash(encoded));
  CHECK(h.in_flight() == 0);
}

TEST_CASE("password_hasher: salts differ") {
  auto& h = shared_hasher();
  std::string a = h.hash("same password here");
  std::string b = h.hash("same password here");
  CHECK(a != b);
  CHECK(h.verify(a, "same password here"));
  CHECK(h.verify(b, "same password here"));
}

TEST_CASE("password_hasher: bytes after a NUL count") {
  auto& h = shared_hasher();
  std::string with_nul("abcdefghij\0klm", 14);
  std::string encoded = h.hash(with_nul);
  CHECK(h.verify(encoded, with_nul));
  CHECK_FALSE(h.verify(encoded, "abcdefghij"));
}

TEST_CASE("password_hasher: malformed stored values are false, not errors") {
  auto& h = shared_hasher();
  std::string good = h.hash("a fine password");
  CHECK_FALSE(h.verify("", "a fine password"));
  CHECK_FALSE(h.verify("garbage", "a fine password"));
  CHECK_FALSE(h.verify("$argon2id$garbage", "a fine password"));
  CHECK_FALSE(h.verify(good.substr(0, good.size() - 5), "a fine password"));  // truncated tag
  // Another Argon2 variant: the "$argon2id$" prefix is required.
  std::string as_argon2i = "$argon2i$" + good.substr(10);
  CHECK_FALSE(h.verify(as_argon2i, "a fine password"));
  // A NUL inside the stored value must not make a prefix verify.
  CHECK_FALSE(h.verify(good + std::string("\0junk", 5), "a fine password"));
  CHECK(h.in_flight() == 0);
}

TEST_CASE("password_hasher: over-long passwords never verify") {
  auto& h = shared_hasher();
  std::string longest(arena::auth::max_password_bytes, 'x');
  std::string encoded = h.hash(longest);
  CHECK(h.verify(encoded, longest));
  CHECK_FALSE(h.verify(encoded, longest + "x"));
}

TEST_CASE("password_hasher: verify_dummy runs") {
  auto& h = shared_hasher();
  h.verify_dummy("whatever the user typed");
  h.verify_dummy("");
  CHECK(h.in_flight() == 0);
  CHECK(h.peak_in_flight() >= 1);
}

TEST_CASE("password_hasher: needs_rehash") {
  CHECK(password_hasher::needs_rehash(""));
  CHECK(password_hasher::needs_rehash("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA"));
  CHECK(password_hasher::needs_rehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA"));
  CHECK_FALSE(password_hasher::needs_rehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"));
}

TEST_CASE("password_hasher: concurrency is bounded") {
  // With one permit, four threads hashing and verifying at once are never inside together.
  password_hasher h(1);
  std::string encoded = h.hash("shared password");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h, &encoded, t] {
      if (t % 2 == 0) {
        (void)h.hash("thread password");
      } else {
        (void)h.verify(encoded, "shared password");
      }
      h.verify_dummy("x");
    });
  }
  for (auto& th : threads) th.join();
  CHECK(h.peak_in_flight() == 1);
  CHECK(h.in_flight() == 0);

  password_hasher h2(2);
  std::vector<std::thread> more;
  for (int t = 0; t < 4; ++t) more.emplace_back([&h2] { h2.verify_dummy("y"); });
  for (auto& th : more) th.join();
  CHECK(h2.peak_in_flight() >= 1);
  CHECK(h2.peak_in_flight() <= 2);
  CHECK(h2.in_flight() == 0);
}

TEST_CASE("password_problem: policy") {
  CHECK_FALSE(password_problem("1234567890").has_value());
  CHECK(password_problem("123456789").has_value());
  CHECK(password_problem("").has_value());
  // Ten code points of two bytes each: long enough.
  CHECK_FALSE(password_problem("\xC3\xA6\xC3\xB8\xC3\xA5\xC3\xA6\xC3\xB8\xC3\xA5\xC3\xA6\xC3\xB8"
                               "\xC3\xA5\xC3\xA6")
                  .has_value());
  // Nine emoji: 36 bytes but 9 characters: too short.
  std::string nine_emoji;
  for (int i = 0; i < 9; ++i) nine_emoji += "\xF0\x9F\x98\x80";
  CHECK(password_problem(nine_emoji).has_value());
  CHECK_FALSE(password_problem(nine_emoji + "!").has_value());
  // Length in bytes.
  CHECK_FALSE(password_problem(std::string(1024, 'a')).has_value());
  auto too_long = password_problem(std::string(1025, 'a'));
  REQUIRE(too_long.has_value());
  CHECK(too_long->find("long") != std::string::npos);
  // Not UTF-8.
  CHECK(password_problem("abcdefghij\xFF").has_value());
  CHECK(password_problem("abcdefghij\xC3").has_value());          // truncated
  CHECK(password_problem("abcdefghij\xC0\xAF").has_value());      // overlong
  CHECK(password_problem("abcdefghij\xED\xA0\x80").has_value());  // surrogate
  CHECK(password_problem("abcdefghij\xF4\x90\x80\x80").has_value());  // past U+10FFFF
  CHECK(password_problem("abcdefghij\x80").has_value());          // stray continuation
  auto short_msg = password_problem("short");
  REQUIRE(short_msg.has_value());
  CHECK(short_msg->find("10") != std::string::npos);
}
