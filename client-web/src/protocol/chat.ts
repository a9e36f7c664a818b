// The chat objects of docs/drafts/CHAT_PROTOCOL.md (moving into docs/PROTOCOL.md as the server
// implements them), as the server sends them.

export interface Channel {
  id: number;
  team_id: number;
  name: string;
  description: string;
  archived: boolean;
  last_seq: number;
  unread: number;
  mentions: number;
}

export interface TopicBinding {
  kind: 'draft' | 'meeting' | 'supplier' | 'case';
  id: number;
  /** The object's identifier and title, e.g. "BA-003 Krav til arbeidsforhold". */
  label: string;
}

/** A topic bound to an object, as that object's page lists it (draft.get). */
export interface BoundTopic extends Topic {
  channel_name: string;
}

export interface Topic {
  id: number;
  channel_id: number;
  name: string;
  resolved: boolean;
  last_activity_at: string;
  message_count: number;
  unread: number;
  bound: TopicBinding | null;
}

export interface Reaction {
  emoji: string;
  count: number;
  /** Relative to the caller in answers; always false in events (encoded once for everyone). */
  mine: boolean;
  /** Who reacted (PROTOCOL.md); compare with your own id. Absent from older servers. */
  users?: number[];
}

/** Whether `userId` has this reaction: from `users` when the server sends it, else `mine`. */
export function reactedBy(r: Reaction, userId: number): boolean {
  return r.users ? r.users.includes(userId) : r.mine;
}

export interface ChatMessage {
  id: number;
  channel_id: number;
  seq: number;
  topic: string;
  topic_id: number;
  author_id: number;
  author_name: string;
  org_name: string | null;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  reactions: Reaction[];
  pinned: boolean;
  archive_worthy: boolean;
  mentions: number[];
  mentions_team: boolean;
}

/** The fields `message.new` leaves out when they hold these values (fresh arrays each call). */
function newMessageDefaults() {
  return {
    edited_at: null,
    deleted: false,
    reactions: [],
    pinned: false,
    archive_worthy: false,
    mentions: [],
    mentions_team: false,
  } satisfies Partial<ChatMessage>;
}

/**
 * A message as `message.new` carries it (PROTOCOL.md "NewMessage"): the fields at their default
 * are left out, and channel_id is the event's. Every subscriber gets one per message, so it is
 * kept small.
 */
export type NewMessageWire = Omit<ChatMessage, 'channel_id' | keyof ReturnType<typeof newMessageDefaults>> & Partial<ChatMessage>;

/** The whole message from `message.new`'s form (a field that is present wins over its default). */
export function expandNewMessage(channelId: number, m: NewMessageWire): ChatMessage {
  return { channel_id: channelId, ...newMessageDefaults(), ...m };
}

export type NotificationKind =
  | 'mention' | 'reply' | 'pin'
  | 'meeting_reminder' | 'meeting_scheduled' | 'meeting_cancelled'
  | 'action_overdue';

export const MEETING_NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'meeting_reminder', 'meeting_scheduled', 'meeting_cancelled',
];

/**
 * A notification. Chat kinds name a message (channel, topic, message); meeting kinds
 * (docs/PROTOCOL.md "Meetings") name an occurrence instead: their message fields are null, the
 * topic empty, and the meeting title is the excerpt. `action_overdue` names a follow-up case.
 */
export interface ChatNotification {
  id: number;
  kind: NotificationKind;
  team_id: number;
  channel_id: number | null;
  topic: string;
  message_id: number | null;
  seq: number | null;
  actor_name: string | null;
  excerpt: string;
  created_at: string;
  read: boolean;
  meeting_id?: number | null;
  occurrence?: string | null;
  start_utc?: string | null;
  /** action_overdue (PROTOCOL.md "Overdue actions"): the case and its action; the action text is the excerpt. */
  supplier_id?: number | null;
  case_id?: number | null;
  action_id?: number | null;
}

export type PresenceState = 'online' | 'idle' | 'offline';

export interface ChannelUnread {
  channel_id: number;
  team_id: number;
  unread: number;
  mentions: number;
  topics: { topic_id: number; unread: number }[];
}

export interface SearchResult {
  message: ChatMessage;
  snippet: string;
}

export interface SubscribeAnswer {
  last_seq: number;
  messages?: ChatMessage[];
  resync?: boolean;
}

export interface HistoryAnswer {
  messages: ChatMessage[];
  has_more_before: boolean;
  has_more_after: boolean;
}
