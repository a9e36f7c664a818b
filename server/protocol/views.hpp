// Domain objects as they appear on the wire (docs/PROTOCOL.md, "Objects").
#pragma once

#include "accounts/model.hpp"
#include "protocol/codec.hpp"
#include "teams/model.hpp"

namespace arena::protocol {

json to_json(accounts::user const& u);
json to_json(accounts::organisation const& o);
json to_json(accounts::api_token_info const& t);
json to_json(teams::team const& t);
json to_json(teams::member const& m);
json to_json(teams::invitation const& i);
json time_json(std::int64_t ms);
json time_json(std::optional<std::int64_t> ms);

}  // namespace arena::protocol
