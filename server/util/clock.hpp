// Wall-clock time as Arena stores and sends it: milliseconds since the Unix epoch, UTC.
//
// The wire and the database carry instants as RFC 3339 strings with millisecond precision and
// a literal "Z" ("2026-11-25T09:00:00.000Z"); everything in memory is an int64 count of
// milliseconds. Leap seconds do not exist here (POSIX time): parse_rfc3339 rejects a ":60"
// second rather than guessing what it meant.
//
// Thread-safety: every function is pure or reads only the system clock; all are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace arena::util {

// Milliseconds since 1970-01-01T00:00:00Z from the system (wall) clock. Not monotonic: use
// std::chrono::steady_clock for measuring durations.
std::int64_t now_ms();

// "YYYY-MM-DDTHH:MM:SS.mmmZ", always 24 characters. Instants outside the years 0000..9999
// cannot be written in that shape; they are clamped to the nearest representable instant.
std::string format_rfc3339_ms(std::int64_t ms);

// Parses an RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)". 'T' and 'Z'
// may be lower case. Digits of the fraction past the third are truncated (toward the past).
// Returns nullopt for anything else: missing parts, out-of-range fields (month 13, February 30,
// hour 24, second 60), offsets beyond 23:59, or trailing characters.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace arena::util
