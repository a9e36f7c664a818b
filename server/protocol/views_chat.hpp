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
// The form of `message.new`, which every subscriber of a channel gets for every message: the
// fields at their default (no edit, not deleted, no reactions, not pinned, not archive-worthy,
// no mentions) are left out, and channel_id is the event's. A third less to write to each socket.
json to_new_message_json(chat::message const& m);
json to_json(chat::notification const& n);

}  // namespace arena::protocol
