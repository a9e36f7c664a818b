// People and organisations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace arena::accounts {

struct organisation {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> orgnr;       // Norwegian organisation number (9 digits), or
  std::optional<std::string> foreign_id;  // a foreign identifier with
  std::string country = "NO";             // its ISO 3166-1 alpha-2 country
};

struct user {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::optional<std::int64_t> org_id;
  std::string org_name;
  std::string language = "nb";
  bool is_admin = false;
  bool disabled = false;
  std::int64_t created_at = 0;
};

struct api_token_info {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

}  // namespace arena::accounts
