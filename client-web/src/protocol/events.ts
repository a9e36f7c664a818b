// Events as the server sends them, turned into the shapes of EventMap (ops.ts) before any
// listener sees them. Only `message.new` has a wire form of its own (PROTOCOL.md): its message
// leaves out the fields at their default.
import { expandNewMessage, type NewMessageWire } from './chat';

export function decodeEvent(name: string, fields: Record<string, unknown>): Record<string, unknown> {
  if (name === 'message.new' && typeof fields.channel_id === 'number' && typeof fields.message === 'object' && fields.message !== null) {
    return { ...fields, message: expandNewMessage(fields.channel_id, fields.message as NewMessageWire) };
  }
  return fields;
}
