#include "protocol/codec.hpp"
#include "unit/result_printing.hpp"

#include <doctest/doctest.h>

using arena::errc;
using namespace arena::protocol;

namespace {
std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
std::string nested_in_object(int depth) { return "{\"a\":" + nested(depth - 1) + "}"; }
}  // namespace

TEST_CASE("parse_object accepts an object and keeps its fields") {
  auto r = parse_object(R"({"op":"team.list","rid":7,"x":"æøå"})");
  REQUIRE(r);
  CHECK((*r)["op"] == "team.list");
  CHECK((*r)["rid"] == 7);
  CHECK((*r)["x"] == "æøå");
}

TEST_CASE("parse_object rejects malformed JSON and non-objects with invalid_json") {
  for (char const* bad : {"", "{", "{\"a\":}", "[1,2]", "\"s\"", "42", "null", "{\"a\":1} trailing", "{'a':1}"}) {
    INFO(bad);
    auto r = parse_object(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_json);
  }
}

TEST_CASE("parse_object rejects invalid UTF-8 and lone surrogate escapes") {
  CHECK(parse_object("{\"a\":\"\xC3\x28\"}").error().code == errc::invalid_json);
  CHECK(parse_object(R"({"a":"\ud800"})").error().code == errc::invalid_json);
  CHECK(parse_object(R"({"a":"\ud83d\ude00"})"));  // a valid pair
}

TEST_CASE("depth 64 is allowed, 65 is too_deep, and a huge depth fails fast") {
  CHECK(parse_object(nested_in_object(64)));
  auto r65 = parse_object(nested_in_object(65));
  REQUIRE_FALSE(r65);
  CHECK(r65.error().code == errc::too_deep);
  auto huge = parse_object(nested_in_object(1'000'000));
  REQUIRE_FALSE(huge);
  CHECK(huge.error().code == errc::too_deep);
  std::string objs;
  for (int i = 0; i < 100000; ++i) objs += "{\"a\":";
  objs += "1";
  objs += std::string(100000, '}');
  CHECK(parse_object(objs).error().code == errc::too_deep);
}

TEST_CASE("answers and errors have the documented shape") {
  auto a = make_answer(3, json{{"teams", json::array()}});
  CHECK(a["re"] == 3);
  CHECK(a["ok"] == true);
  CHECK(a["teams"].is_array());
  arena::error e = arena::make_error(errc::rate_limited, "slow down");
  e.retry_after_s = 9;
  auto ea = make_error_answer("r1", e);
  CHECK(ea["re"] == "r1");
  CHECK(ea["ok"] == false);
  CHECK(ea["error"]["code"] == "rate_limited");
  CHECK(ea["error"]["retry_after"] == 9);
  CHECK_FALSE(ea["error"].contains("reason"));
  // A reason, when the rule broken has one, travels beside the message.
  auto eb = make_error_answer(4, arena::make_error(errc::bad_request, "end: must be after start", "end_before_start"));
  CHECK(eb["error"]["reason"] == "end_before_start");
  CHECK(eb["error"]["message"] == "end: must be after start");
  CHECK_FALSE(eb["error"].contains("retry_after"));
  CHECK(http_status(errc::rate_limited) == 429);
  CHECK(http_status(errc::unauthorized) == 401);
  CHECK(http_status(errc::too_large) == 413);
  CHECK(http_status(errc::gone) == 410);
}

TEST_CASE("encode_shared gives one buffer to share") {
  auto b = encode_shared(json{{"ev", "x"}});
  CHECK(*b == R"({"ev":"x"})");
}
