// Unit tests for util/log: logfmt rendering, escaping, levels, the sink, whole lines.
#include "util/log.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace ulog = arena::util::log;

namespace {

constexpr char const* ts0 = "ts=1970-01-01T00:00:00.000Z ";

std::string line_with(std::string_view key, std::string value) {
  return ulog::render(0, ulog::level::info, "t", {{key, std::move(value)}});
}

// The rendered form of one value.
std::string value_of(std::string value) {
  std::string line = line_with("k", std::move(value));
  auto pos = line.find(" k=");
  REQUIRE(pos != std::string::npos);
  return line.substr(pos + 3, line.size() - pos - 4);  // drop " k=" and '\n'
}

// Restores the global logger state after a test changes it.
struct logger_guard {
  ~logger_guard() {
    ulog::set_sink(nullptr);
    ulog::set_min_level(ulog::level::info);
  }
};

}  // namespace

TEST_CASE("log: render a request line") {
  std::string rid = "7f3a";
  std::string line = ulog::render(1795597200000, ulog::level::info, "http.request",
                                 {{"rid", rid}, {"method", "GET"}, {"status", 200}, {"ms", 3}});
  CHECK(line ==
        "ts=2026-11-25T09:00:00.000Z level=info event=http.request rid=7f3a method=GET "
        "status=200 ms=3\n");
}

TEST_CASE("log: levels and value types") {
  CHECK(ulog::render(0, ulog::level::debug, "e", {}) == std::string(ts0) + "level=debug event=e\n");
  CHECK(ulog::render(0, ulog::level::warn, "e", {}) == std::string(ts0) + "level=warn event=e\n");
  CHECK(ulog::render(0, ulog::level::error, "e", {{"ok", true}, {"n", -42}, {"u", 7u}}) ==
        std::string(ts0) + "level=error event=e ok=true n=-42 u=7\n");
  std::string_view sv = "view";
  ulog::fields f;
  f.add({"a", sv}).add({"b", std::string("str")});
  CHECK(ulog::render(0, ulog::level::info, "e", f) == std::string(ts0) + "level=info event=e a=view b=str\n");
}

TEST_CASE("log: values that need quoting") {
  CHECK(value_of("plain-value_1.2:/x") == "plain-value_1.2:/x");
  CHECK(value_of("") == "\"\"");
  CHECK(value_of("two words") == "\"two words\"");
  CHECK(value_of("a=b") == "\"a=b\"");
  CHECK(value_of("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(value_of("back\\slash") == "\"back\\\\slash\"");
  CHECK(value_of("line1\nline2") == "\"line1\\nline2\"");
  CHECK(value_of("cr\rtab\t") == "\"cr\\rtab\\t\"");
  CHECK(value_of(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
  CHECK(value_of("bell\x07") == "\"bell\\u0007\"");
  CHECK(value_of("del\x7f") == "\"del\\u007f\"");
  CHECK(value_of("esc\x1b[31m") == "\"esc\\u001b[31m\"");
}

TEST_CASE("log: UTF-8 passes, invalid bytes and C1 controls are escaped") {
  CHECK(value_of("bl\xC3\xA5\xC3\xA6r") == "bl\xC3\xA5\xC3\xA6r");        // blåær, bare
  CHECK(value_of("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");              // U+1F600
  CHECK(value_of("x\xFFy") == "\"x\\xffy\"");                            // not UTF-8
  CHECK(value_of("\xC3") == "\"\\xc3\"");                                // truncated
  CHECK(value_of("\xC0\xAF") == "\"\\xc0\\xaf\"");                        // overlong '/'
  CHECK(value_of("\xED\xA0\x80") == "\"\\xed\\xa0\\x80\"");               // surrogate
  CHECK(value_of("c1\xC2\x85") == "\"c1\\u0085\"");                      // U+0085 NEL
  CHECK(value_of("caf\xC3\xA9 au lait") == "\"caf\xC3\xA9 au lait\"");  // quoted for space
}

TEST_CASE("log: a value cannot forge a line or a field") {
  std::string evil = "x\nts=1970-01-01T00:00:00.000Z level=error event=auth.login user=admin";
  std::string line = line_with("email", evil);
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
  CHECK(line.back() == '\n');
  CHECK(line ==
        std::string(ts0) +
            "level=info event=t email=\"x\\nts=1970-01-01T00:00:00.000Z level=error "
            "event=auth.login user=admin\"\n");
  // Every unescaped '"' in the value part is a delimiter: exactly two of them.
  std::string v = value_of("a\" b=\"c");
  CHECK(v == "\"a\\\" b=\\\"c\"");
}

TEST_CASE("log: keys and event names are sanitised") {
  CHECK(ulog::render(0, ulog::level::info, "bad event\n", {{"bad key=", "v"}, {"", "w"}}) ==
        std::string(ts0) + "level=info event=bad_event_ bad_key_=v _=w\n");
}

TEST_CASE("log: parse_level") {
  ulog::level l = ulog::level::info;
  CHECK(ulog::parse_level("debug", l));
  CHECK(l == ulog::level::debug);
  CHECK(ulog::parse_level("error", l));
  CHECK(l == ulog::level::error);
  CHECK_FALSE(ulog::parse_level("verbose", l));
  CHECK_FALSE(ulog::parse_level("INFO", l));
  CHECK(l == ulog::level::error);
}

TEST_CASE("log: sink receives whole lines at or above the minimum level") {
  logger_guard guard;
  std::vector<std::string> lines;
  ulog::set_sink([&](std::string_view line) { lines.emplace_back(line); });

  ulog::info("first", {{"k", "v"}});
  ulog::debug("dropped");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(" level=info event=first k=v\n") != std::string::npos);
  CHECK(lines[0].starts_with("ts="));

  ulog::set_min_level(ulog::level::warn);
  CHECK_FALSE(ulog::enabled(ulog::level::info));
  CHECK(ulog::enabled(ulog::level::error));
  ulog::info("dropped");
  ulog::warn("second");
  ulog::error("third");
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].find("level=warn event=second\n") != std::string::npos);
  CHECK(lines[2].find("level=error event=third\n") != std::string::npos);
}

TEST_CASE("log: a throwing sink does not reach the caller") {
  logger_guard guard;
  ulog::set_sink([](std::string_view) { throw std::runtime_error("disk full"); });
  ulog::error("boom");  // must not throw (write is noexcept: a throw would terminate)
  CHECK(true);
}

TEST_CASE("log: lines from many threads never interleave") {
  logger_guard guard;
  std::vector<std::string> lines;  // the sink runs under the logger's mutex
  ulog::set_sink([&](std::string_view line) { lines.emplace_back(line); });
  constexpr int threads = 4, per_thread = 250;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([t] {
      for (int i = 0; i < per_thread; ++i) ulog::info("tick", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& th : pool) th.join();
  REQUIRE(lines.size() == threads * per_thread);
  std::vector<int> next(threads, 0);
  for (auto const& line : lines) {
    REQUIRE(std::count(line.begin(), line.end(), '\n') == 1);
    auto tpos = line.find(" thread=");
    auto ipos = line.find(" i=");
    REQUIRE(tpos != std::string::npos);
    REQUIRE(ipos != std::string::npos);
    int t = std::stoi(line.substr(tpos + 8));
    int i = std::stoi(line.substr(ipos + 3));
    CHECK(i == next[t]++);  // each thread's lines arrive whole and in order
  }
}
