// Structured logging: one logfmt line per event, on stderr.
//
//   ts=2026-11-25T09:00:00.000Z level=info event=http.request rid=7f3a method=GET status=200 ms=3
//
// Every line starts with ts, level and event, then the caller's fields in the order given.
// Events are dotted lower-case names ("http.request", "auth.login_failed") chosen in code, so
// they are grep-able and stable; everything that varies goes in fields. A value is written bare
// when it is a non-empty run of printable ASCII or valid UTF-8 without space, '"', '=' or '\';
// otherwise it is double-quoted with \" \\ \n \r \t and \u00XX (other control characters, C0,
// DEL and C1) escapes, and any byte that is not part of valid UTF-8 becomes \xHH. So a value can
// never start a new line or forge a key: log injection stays impossible whatever a client sends.
// Keys and event names are code constants; characters outside [A-Za-z0-9_.-] in them become '_'.
// There is no JSON here: only protocol/ knows JSON.
//
// THE RULE: never log a password, a session or setup token, a token hash, a cookie, an
// Authorization header, or a request or message body. Log ids (user id, request id) instead.
// There is no redact() helper on purpose: a secret that never reaches a field cannot leak.
//
// Thread-safety: thread-safe. Each line is rendered into one buffer first and then handed to
// the sink under a mutex, so lines from different threads never interleave; the default sink
// writes each line with a single write(2) on fd 2 (looping only on a short write or EINTR).
// Logging does blocking I/O on stderr: keep io-thread logging to one line per request or
// connection event, never per frame.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arena::util::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

std::string_view to_string(level l) noexcept;

// One key=value pair. The key is a string_view: pass a string literal (it must outlive the
// call). The value is copied; integers are formatted in decimal, bool as true/false. Other
// types (double, pointers) do not compile: format them yourself.
struct field {
  field(std::string_view k, std::string v) : key(k), value(std::move(v)) {}
  field(std::string_view k, std::string_view v) : key(k), value(v) {}
  field(std::string_view k, char const* v) : key(k), value(v ? v : "") {}
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  field(std::string_view k, T v) : key(k), value(std::to_string(v)) {}
  // A template, so that a double or a pointer does not quietly convert to bool.
  template <std::same_as<bool> B>
  field(std::string_view k, B v) : key(k), value(v ? "true" : "false") {}
  field(std::string_view k, char v) = delete;  // say std::string(1, c) if you mean it

  std::string_view key;
  std::string value;
};

// The fields of one event. Only list-initialisation ({{"k", v}, ...}) and add(): unlike a bare
// std::vector, `{"a", "b"}` cannot silently become an iterator-pair constructor call.
class fields {
 public:
  fields() = default;
  fields(std::initializer_list<field> init) : items_(init) {}
  fields& add(field f) {
    items_.push_back(std::move(f));
    return *this;
  }
  std::vector<field> const& items() const noexcept { return items_; }

 private:
  std::vector<field> items_;
};

// Lines below the minimum level are dropped before rendering. Default: info.
void set_min_level(level l) noexcept;
level min_level() noexcept;
bool enabled(level l) noexcept;

// Parses "debug" | "info" | "warn" | "error" (for a --log-level flag). False if unknown.
bool parse_level(std::string_view text, level& out) noexcept;

// Receives each complete line, with its trailing '\n'. Called under the logger's mutex, so a
// sink needs no locking of its own but must not log. nullptr restores the stderr sink.
using sink = std::function<void(std::string_view line)>;
void set_sink(sink s);

// The line that write() would emit at instant `ts_ms` (ms since epoch), with its trailing '\n'.
std::string render(std::int64_t ts_ms, level l, std::string_view event, fields const& f);

// Renders with the current time and hands the line to the sink, if `l` is enabled. Never
// throws: a line that cannot be rendered or written (out of memory, a throwing sink) is dropped.
void write(level l, std::string_view event, fields const& f = {}) noexcept;

inline void debug(std::string_view event, fields const& f = {}) noexcept {
  write(level::debug, event, f);
}
inline void info(std::string_view event, fields const& f = {}) noexcept {
  write(level::info, event, f);
}
inline void warn(std::string_view event, fields const& f = {}) noexcept {
  write(level::warn, event, f);
}
inline void error(std::string_view event, fields const& f = {}) noexcept {
  write(level::error, event, f);
}

}  // namespace arena::util::log
