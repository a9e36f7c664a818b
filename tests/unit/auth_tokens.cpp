// Unit tests for auth/tokens: random tokens, base64url, SHA-256, constant-time comparison.
#include "auth/tokens.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace arena::auth;

namespace {
bool base64url_alphabet_only(std::string const& s) {
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("tokens: base64url_encode matches RFC 4648 vectors, without padding") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("foob") == "Zm9vYg");
  CHECK(base64url_encode("fooba") == "Zm9vYmE");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  // Standard base64 of FB FF BF is "+/+/": the URL alphabet uses '-' and '_' instead.
  CHECK(base64url_encode("\xFB\xFF\xBF") == "-_-_");
  CHECK(base64url_encode(std::string("\0\0\0", 3)) == "AAAA");
}

TEST_CASE("tokens: random_token length and alphabet") {
  std::string t = random_token();
  CHECK(t.size() == 43);  // ceil(32 * 4 / 3)
  CHECK(base64url_alphabet_only(t));
  CHECK(random_token(16).size() == 22);
  CHECK(random_token(24).size() == 32);
  CHECK(random_token(1).size() == 2);
  CHECK(random_token(0).empty());
  for (std::size_t n = 1; n <= 64; ++n) {
    std::string s = random_token(n);
    CHECK(s.size() == (4 * n + 2) / 3);
    CHECK(base64url_alphabet_only(s));
  }
}

TEST_CASE("tokens: 1000 tokens are distinct") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random_token());
  CHECK(seen.size() == 1000);
}

TEST_CASE("tokens: random_token uses the whole alphabet") {
  // 43 * 200 = 8600 characters; missing any of 64 symbols by chance is ~64 * e^-134.
  std::set<char> symbols;
  for (int i = 0; i < 200; ++i) {
    for (char c : random_token()) symbols.insert(c);
  }
  CHECK(symbols.size() == 64);
}

TEST_CASE("tokens: sha256_hex known vectors") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string("a\0b", 3)) != sha256_hex("a"));  // length, not C string
}

TEST_CASE("tokens: constant_time_equal") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secreT"));
  CHECK_FALSE(constant_time_equal("Secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secret2"));
  CHECK_FALSE(constant_time_equal("", "x"));
  CHECK_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  CHECK(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  std::string t = random_token();
  CHECK(constant_time_equal(sha256_hex(t), sha256_hex(std::string(t))));
}
