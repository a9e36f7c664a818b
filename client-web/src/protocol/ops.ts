// The operation table of docs/PROTOCOL.md as types: each op's request fields and its answer
// (without `ok`/`re`). `request(op, fields)` in net/ is typed by this map, so a misspelt op or
// field is a compile error.
import type {
  Channel, ChannelUnread, ChatMessage, ChatNotification, HistoryAnswer, PresenceState, SearchResult,
  BoundTopic, SubscribeAnswer, Topic,
} from './chat';
import type {
  AuthorshipAnswer, DiffChunk, Draft, DraftCategory, DraftComment, DraftCursor, DraftKind, DraftOpenAnswer,
  DraftStatus, DraftVersion, ExportAnswer, ExportFormat, LibraryResult, OpRecord, StatusChange, TextOp,
} from './drafts';
import type { MeetingEventMap, MeetingOpMap } from './meetings';
import type { SupplierEventMap, SupplierOpMap } from './suppliers';
import type {
  ApiToken, InviteInfo, Invitation, Language, Member, Membership, Org, OrgFields, Team,
  TeamRole, User,
} from './types';

type Empty = Record<string, never>;

export interface OpMap extends MeetingOpMap, SupplierOpMap {
  'server.info': { req: Empty; res: { version: string; needs_setup: boolean; languages: Language[] } };
  'setup.complete': {
    req: { token: string; email: string; display_name: string; password: string; organisation: OrgFields };
    res: { user: User };
  };
  'auth.login': { req: { email: string; password: string }; res: { user: User } };
  'auth.logout': { req: Empty; res: Empty };
  'auth.me': { req: Empty; res: { user: User; memberships: Membership[] } };
  'profile.update': { req: { display_name?: string; language?: Language }; res: { user: User } };
  'profile.password': { req: { current_password: string; new_password: string }; res: Empty };
  'token.create': { req: { name: string }; res: { token: string; info: ApiToken } };
  'token.list': { req: Empty; res: { tokens: ApiToken[] } };
  'token.revoke': { req: { id: number }; res: Empty };
  'user.list': { req: Empty; res: { users: User[] } };
  'user.create': {
    req: {
      email: string; display_name: string; password: string; org_id?: number | null;
      is_admin?: boolean; language?: Language;
    };
    res: { user: User };
  };
  'user.update': {
    req: {
      id: number; display_name?: string; org_id?: number | null; is_admin?: boolean;
      disabled?: boolean; language?: Language;
    };
    res: { user: User };
  };
  'org.list': { req: Empty; res: { organisations: Org[] } };
  'org.create': { req: OrgFields; res: { organisation: Org } };
  'org.update': { req: OrgFields & { id: number }; res: { organisation: Org } };
  'team.list': { req: Empty; res: { teams: Team[] } };
  'team.get': { req: { team_id: number }; res: { team: Team } };
  'team.create': { req: { name: string; slug: string; description?: string }; res: { team: Team } };
  'team.update': {
    req: { team_id: number; name?: string; description?: string; archived?: boolean };
    res: { team: Team };
  };
  'team.members': { req: { team_id: number }; res: { members: Member[] } };
  'team.add_member': { req: { team_id: number; user_id: number; role: TeamRole }; res: { member: Member } };
  'team.set_role': { req: { team_id: number; user_id: number; role: TeamRole }; res: { member: Member } };
  'team.remove_member': { req: { team_id: number; user_id: number }; res: Empty };
  'invite.create': {
    req: { team_id: number; role: TeamRole; email?: string; valid_hours?: number };
    res: { invitation: Invitation; token: string; path: string };
  };
  'invite.list': { req: { team_id: number }; res: { invitations: Invitation[] } };
  'invite.revoke': { req: { id: number }; res: Empty };
  'invite.info': { req: { token: string }; res: InviteInfo };
  'invite.accept': {
    req:
      | { token: string }
      | { token: string; email: string; display_name: string; password: string; org_id?: number };
    res: { user: User; team_id: number };
  };
  // Chat (docs/drafts/CHAT_PROTOCOL.md).
  'channel.list': { req: { team_id: number }; res: { channels: Channel[] } };
  'channel.create': { req: { team_id: number; name: string; description?: string }; res: { channel: Channel } };
  'channel.update': {
    req: { team_id: number; channel_id: number; name?: string; description?: string; archived?: boolean };
    res: { channel: Channel };
  };
  'topic.list': { req: { team_id: number; channel_id: number }; res: { topics: Topic[] } };
  'topic.update': {
    req: {
      team_id: number; channel_id: number; topic_id: number; name?: string; resolved?: boolean;
      to_channel_id?: number;
    };
    res: { topic: Topic };
  };
  'topic.bind': {
    req: { team_id: number; channel_id: number; topic_id: number; bound: { kind: 'draft' | 'meeting' | 'supplier' | 'case'; id: number } | null };
    res: { topic: Topic };
  };
  'message.send': {
    req: { team_id: number; channel_id: number; topic: string; body: string; client_msg_id: string };
    res: { message: ChatMessage };
  };
  'message.edit': { req: ChatMessageRef & { body: string }; res: { message: ChatMessage } };
  'message.history_of': { req: ChatMessageRef; res: { edits: { body: string; edited_at: string }[] } };
  'message.delete': { req: ChatMessageRef; res: Empty };
  'message.react': { req: ChatMessageRef & { emoji: string; on: boolean }; res: { message: ChatMessage } };
  'message.pin': { req: ChatMessageRef & { on: boolean }; res: { message: ChatMessage } };
  'message.archive_worthy': { req: ChatMessageRef & { on: boolean }; res: { message: ChatMessage } };
  'channel.pins': { req: { team_id: number; channel_id: number }; res: { messages: ChatMessage[] } };
  'channel.subscribe': { req: { team_id: number; channel_id: number; since_seq?: number }; res: SubscribeAnswer };
  'channel.unsubscribe': { req: { team_id: number; channel_id: number }; res: Empty };
  'channel.history': {
    req: {
      team_id: number; channel_id: number; before_seq?: number; around_message_id?: number;
      topic?: string; limit?: number;
    };
    res: HistoryAnswer;
  };
  'channel.read': { req: { team_id: number; channel_id: number; seq: number }; res: Empty };
  'chat.unread': { req: Empty; res: { channels: ChannelUnread[] } };
  'chat.typing': { req: { team_id: number; channel_id: number; topic: string }; res: Empty };
  'presence.list': { req: { team_id: number }; res: { presence: { user_id: number; state: PresenceState }[] } };
  'presence.set': { req: { state: 'online' | 'idle' }; res: Empty };
  'notification.list': {
    req: { unread_only?: boolean; limit?: number };
    res: { notifications: ChatNotification[]; unread: number };
  };
  'notification.read': { req: { ids: number[] } | { all: true }; res: { unread: number } };
  'chat.search': {
    req: {
      query: string; team_id?: number; channel_id?: number; topic?: string; author_id?: number;
      from?: string; to?: string; order?: 'relevance' | 'time'; limit?: number;
    };
    res: { results: SearchResult[] };
  };
  'channel.export': {
    req: { team_id: number; channel_id: number; topic?: string; format: 'markdown' | 'json' };
    res: { filename: string; content: string };
  };
  // Requirement drafts (docs/PROTOCOL.md, "Requirement drafts").
  'draft.list': { req: { team_id: number; include_archived?: boolean }; res: { drafts: Draft[] } };
  'draft.create': {
    req: {
      team_id: number; title: string; kind: DraftKind; category?: DraftCategory | null; tags?: string[];
      body?: string;
    };
    res: { draft: Draft };
  };
  'draft.get': { req: DraftRef; res: { draft: Draft; status_history: StatusChange[]; topics: BoundTopic[] } };
  'draft.update': {
    req: DraftRef & { title?: string; kind?: DraftKind; category?: DraftCategory | null; tags?: string[] };
    res: { draft: Draft };
  };
  'draft.set_status': { req: DraftRef & { status: DraftStatus; comment?: string }; res: { draft: Draft } };
  'draft.open': { req: DraftRef & { since_version?: number }; res: DraftOpenAnswer };
  'draft.close': { req: DraftRef; res: Empty };
  'draft.submit': {
    req: DraftRef & { base_version: number; text_op: TextOp; client_id: string; client_seq: number };
    res: { version: number; duplicate?: boolean };
  };
  'draft.cursor': { req: DraftRef & { version: number; anchor: number; head: number }; res: Empty };
  'draft.versions': { req: DraftRef; res: { versions: DraftVersion[] } };
  'draft.version_create': { req: DraftRef & { label: string }; res: { version: DraftVersion } };
  'draft.text': { req: DraftRef & { version: number }; res: { text: string; version: number } };
  'draft.diff': {
    req: DraftRef & { from: number; to: number; granularity: 'word' | 'line' };
    res: { chunks: DiffChunk[] };
  };
  'draft.authorship': { req: DraftRef & { version?: number }; res: AuthorshipAnswer };
  'draft.restore': { req: DraftRef & { version: number }; res: { version: number } };
  'draft.export': { req: DraftRef & { format: ExportFormat; version?: number }; res: ExportAnswer };
  'comment.list': { req: DraftRef; res: { version: number; comments: DraftComment[] } };
  'comment.create': {
    req:
      | (DraftRef & { body: string; version: number; start: number; end: number })
      | (DraftRef & { body: string; parent_id: number });
    res: { comment: DraftComment };
  };
  'comment.update': {
    req: DraftRef & { comment_id: number; body?: string; resolved?: boolean };
    res: { comment: DraftComment };
  };
  'comment.delete': { req: DraftRef & { comment_id: number }; res: Empty };
  'library.search': {
    req: { q?: string; kind?: DraftKind; category?: DraftCategory; limit?: number };
    res: { results: LibraryResult[] };
  };
  'library.get': { req: { draft_id: number }; res: { draft: Draft; text: string } };
  'library.copy': { req: { team_id: number; draft_id: number }; res: { draft: Draft } };
}

/** The fields that name one draft. */
export interface DraftRef {
  team_id: number;
  draft_id: number;
}

/** The fields that name one message. */
export interface ChatMessageRef {
  team_id: number;
  channel_id: number;
  message_id: number;
}

export type Op = keyof OpMap;
export type Req<K extends Op> = OpMap[K]['req'];
export type Res<K extends Op> = OpMap[K]['res'];

/**
 * Ops that set or clear the session cookie go over HTTP only: a WebSocket frame cannot set a
 * cookie (PROTOCOL.md: auth.login is HTTP only; setup.complete and invite.accept start a session).
 */
export const HTTP_ONLY_OPS: ReadonlySet<Op> = new Set<Op>([
  'auth.login', 'auth.logout', 'setup.complete', 'invite.accept',
]);

/** Events pushed by the server (PROTOCOL.md "Events"). */
export interface EventMap extends MeetingEventMap, SupplierEventMap {
  hello: { user: User; server_version: string };
  'team.updated': { team: Team };
  'team.member_added': { team_id: number; member: Member };
  'team.member_updated': { team_id: number; member: Member };
  'team.member_removed': { team_id: number; user_id: number };
  'message.new': { channel_id: number; message: ChatMessage };
  'message.updated': { channel_id: number; message: ChatMessage };
  'channel.updated': { channel: Channel };
  'topic.updated': { channel_id: number; topic: Topic };
  'channel.read': { channel_id: number; seq: number; unread: number; mentions: number };
  typing: { channel_id: number; topic: string; user_id: number; display_name: string };
  presence: { user_id: number; state: PresenceState };
  notification: { notification: ChatNotification };
  'draft.updated': { draft: Draft };
  'draft.op': OpRecord & { draft_id: number };
  'draft.cursor': DraftCursor & { draft_id: number; version: number };
  'draft.comment': { draft_id: number; comment: DraftComment };
  'draft.comment_deleted': { draft_id: number; comment_id: number };
  'draft.version': { draft_id: number; version: DraftVersion };
}
export type EventName = keyof EventMap;
