// util/text: trimming and the shared field rules.
#include "result_printing.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

using arena::util::check_web_url;
using arena::util::first_chars;
using arena::util::trimmed;

TEST_CASE("trimmed drops ASCII blanks at both ends only") {
  CHECK(trimmed("  a b\t\n") == "a b");
  CHECK(trimmed("") == "");
  CHECK(trimmed(" \r\n\t ") == "");
}

TEST_CASE("first_chars counts code points and never cuts one in half") {
  CHECK(first_chars("Leverandør", 8) == "Leverand");
  CHECK(first_chars("Leverandør", 9) == "Leverandø");  // ø is two bytes, kept whole
  CHECK(first_chars("Leverandør", 10) == "Leverandør");
  CHECK(first_chars("Leverandør", 80) == "Leverandør");
  CHECK(first_chars("a\xF0\x9F\x98\x80" "b", 2) == "a\xF0\x9F\x98\x80");  // an astral emoji is one
  CHECK(first_chars("æøå", 0) == "");
  CHECK(first_chars("", 3) == "");
}

TEST_CASE("check_web_url: empty or one clean http(s) address, the field named in the error") {
  CHECK(check_web_url("", "video_url"));
  CHECK(check_web_url("https://meet.example.no/room?id=4&pw=x#y", "video_url"));
  CHECK(check_web_url("http://intranett.kommune.no/sak/12", "statement_url"));
  CHECK(check_web_url("https://x.no/" + std::string(487, 'a'), "video_url"));  // 500 bytes
  struct bad_case {
    std::string value, needle;
  };
  for (auto const& [value, needle] : std::initializer_list<bad_case>{
           {"ftp://x.no", "an http(s) address"},
           {"javascript:alert(1)", "an http(s) address"},
           {"HTTPS://x.no", "an http(s) address"},
           {"https://x.no/" + std::string(488, 'a'), "at most 500"},
           {"https://x.no/a b", "without spaces"},
           {"https://x.no/\"q", "without spaces"},
           {"https://x.no/<a>", "without spaces"},
           {"https://x.no/a\\b", "without spaces"},
           {"https://x.no/\x7f", "without spaces"},
           {"https://x.no/\n", "without spaces"}}) {
    auto st = check_web_url(value, "statement_url");
    REQUIRE_MESSAGE(!st, value);
    CHECK(st.error().code == arena::errc::bad_request);
    CHECK_MESSAGE(st.error().message.rfind("statement_url: ", 0) == 0, st.error().message);
    CHECK_MESSAGE(st.error().message.find(needle) != std::string::npos, st.error().message);
  }
}
