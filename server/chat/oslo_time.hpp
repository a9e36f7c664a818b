// Europe/Oslo local time without a time-zone database: CET (UTC+1) with EU summer time (UTC+2
// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October), the
// rule in force since 1996. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace arena::chat {

// The offset from UTC at that instant, in milliseconds.
std::int64_t oslo_offset_ms(std::int64_t utc_ms);
// "yyyy-mm-dd HH:MM" in Oslo time.
std::string format_oslo(std::int64_t utc_ms);
// The instant of Oslo midnight starting the date "yyyy-mm-dd", or nullopt when malformed.
std::optional<std::int64_t> oslo_midnight(std::string_view date);

}  // namespace arena::chat
