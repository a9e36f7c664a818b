// @mentions in a message body: `@Display Name`, `@"Display Name"` and `@team`.
//
// An unquoted mention matches the longest member name that follows the @ and ends at a word
// boundary, so "@Kari Nordmann, se her" finds "Kari Nordmann" even when "Kari" is also a member.
// Names compare case-insensitively for ASCII and for the Latin-1 letters (Æ/æ, Ø/ø, Å/å, ...).
// An @ right after a letter or digit (an e-mail address) is not a mention. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arena::chat {

struct person_name {
  std::int64_t user_id = 0;
  std::string name;
};

struct parsed_mentions {
  std::vector<std::int64_t> user_ids;  // distinct, in order of first mention
  bool team = false;                   // @team
};

parsed_mentions parse_mentions(std::string_view body, std::vector<person_name> const& people);

}  // namespace arena::chat
