#include "util/log.hpp"

#include "util/clock.hpp"

#include <atomic>
#include <cerrno>
#include <mutex>

#include <unistd.h>

namespace arena::util::log {
namespace {

std::atomic<level> g_min_level{level::info};

std::mutex g_mutex;  // guards g_sink and serialises every line
sink g_sink;         // empty: stderr

void write_stderr(std::string_view line) {
  char const* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing stderr
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Length of the well-formed UTF-8 sequence starting at s[i] (1..4), with its code point in
// `cp`; 0 if the bytes there are not well-formed (stray continuation, overlong form, surrogate,
// past U+10FFFF, truncated).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (std::size_t i = 0; i < v.size();) {
    char32_t cp;
    std::size_t n = utf8_sequence(v, i, cp);
    if (n == 0 || is_control(cp) || cp == ' ' || cp == '"' || cp == '=' || cp == '\\') return true;
    i += n;
  }
  return false;
}

constexpr char hex_digits[] = "0123456789abcdef";

void append_quoted(std::string& out, std::string_view v) {
  out += '"';
  for (std::size_t i = 0; i < v.size();) {
    char32_t cp;
    std::size_t n = utf8_sequence(v, i, cp);
    if (n == 0) {
      auto b = static_cast<unsigned char>(v[i]);
      out += "\\x";
      out += hex_digits[b >> 4];
      out += hex_digits[b & 0xF];
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (is_control(cp)) {
          out += "\\u00";
          out += hex_digits[(cp >> 4) & 0xF];
          out += hex_digits[cp & 0xF];
        } else {
          out.append(v.substr(i, n));
        }
    }
    i += n;
  }
  out += '"';
}

void append_value(std::string& out, std::string_view v) {
  if (needs_quotes(v)) {
    append_quoted(out, v);
  } else {
    out.append(v);
  }
}

// Keys and event names come from code, but a typo must still not break the line's grammar.
void append_name(std::string& out, std::string_view name) {
  if (name.empty()) {
    out += '_';
    return;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    out += ok ? c : '_';
  }
}

}  // namespace

std::string_view to_string(level l) noexcept {
  switch (l) {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
  }
  return "error";
}

void set_min_level(level l) noexcept { g_min_level.store(l, std::memory_order_relaxed); }

level min_level() noexcept { return g_min_level.load(std::memory_order_relaxed); }

bool enabled(level l) noexcept { return static_cast<int>(l) >= static_cast<int>(min_level()); }

bool parse_level(std::string_view text, level& out) noexcept {
  for (level l : {level::debug, level::info, level::warn, level::error}) {
    if (text == to_string(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void set_sink(sink s) {
  std::lock_guard lock(g_mutex);
  g_sink = std::move(s);
}

std::string render(std::int64_t ts_ms, level l, std::string_view event, fields const& f) {
  std::string line;
  line.reserve(64 + event.size() + f.items().size() * 24);
  line += "ts=";
  line += format_rfc3339_ms(ts_ms);
  line += " level=";
  line += to_string(l);
  line += " event=";
  append_name(line, event);
  for (field const& kv : f.items()) {
    line += ' ';
    append_name(line, kv.key);
    line += '=';
    append_value(line, kv.value);
  }
  line += '\n';
  return line;
}

void write(level l, std::string_view event, fields const& f) noexcept {
  if (!enabled(l)) return;
  try {
    std::string line = render(now_ms(), l, event, f);
    std::lock_guard lock(g_mutex);
    if (g_sink) {
      g_sink(line);
    } else {
      write_stderr(line);
    }
  } catch (...) {
    // Out of memory or a throwing sink: the line is lost, the caller's work is not.
  }
}

}  // namespace arena::util::log
