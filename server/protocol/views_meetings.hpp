// Meeting objects on the wire (docs/PROTOCOL.md, "Meetings").
#pragma once

#include "meetings/minutes.hpp"
#include "meetings/model.hpp"
#include "meetings/polls.hpp"
#include "protocol/codec.hpp"

namespace arena::protocol {

json to_json(meetings::meeting const& m);
json to_json(meetings::occurrence const& o);
json to_json(meetings::answer const& a);
json to_json(meetings::action_item const& a);
json to_json(meetings::poll const& p);

}  // namespace arena::protocol
