// Who is calling: the authenticated user behind a session or an API token.
#pragma once

#include <cstdint>
#include <string>

namespace arena::auth {

struct principal {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;  // sessions.id (a cookie session or an API token)
  bool api_token = false;
  bool is_admin = false;
  std::string email;
  std::string display_name;
  std::string language = "nb";
};

}  // namespace arena::auth
