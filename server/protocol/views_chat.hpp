// Chat objects on the wire (docs/PROTOCOL.md, "Live team channels").
#pragma once

#include "chat/model.hpp"
#include "chat/notifications.hpp"
#include "protocol/codec.hpp"

namespace arena::protocol {

json to_json(chat::channel const& c);
json to_json(chat::topic const& t);
// `mine` in reactions is relative to the viewer the message was read for (false in events,
// which are encoded once for everyone; `users` lets each client work it out).
json to_json(chat::message const& m);
json to_json(chat::notification const& n);

}  // namespace arena::protocol
