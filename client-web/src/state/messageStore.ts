// The client's copy of one channel's messages: a list sorted by seq with no two entries for the
// same seq (the key is channel_id + seq; a log holds one channel). History pages, subscribe
// answers and live events all go through mergeMessages, so arrival order never matters and a
// message is never shown twice. An update (edit, delete, reaction) replaces the entry.
// No DOM, no network: the sync layer (net/chatSync.ts) feeds it.
import type { ChatMessage } from '../protocol/chat';

export interface ChannelLog {
  channelId: number;
  /** Sorted by seq ascending, unique by seq. */
  messages: ChatMessage[];
  /** Highest seq the server said exists (from subscribe answers and events). */
  lastSeq: number;
  /** Whether older messages exist before messages[0]. */
  hasMoreBefore: boolean;
}

export function emptyLog(channelId: number): ChannelLog {
  return { channelId, messages: [], lastSeq: 0, hasMoreBefore: false };
}

/** Which of two copies of one message is the newer: deleted beats all, then the later edit. */
function newer(a: ChatMessage, b: ChatMessage): ChatMessage {
  if (a.deleted !== b.deleted) return a.deleted ? a : b;
  return b;
}

/**
 * Merges messages into a sorted, seq-unique list. Messages of another channel are ignored.
 * For the same seq the incoming copy wins (it is the later state), except that a tombstone
 * is never brought back by an older copy.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[], channelId: number): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const bySeq = new Map<number, ChatMessage>();
  for (const m of current) bySeq.set(m.seq, m);
  let changed = false;
  for (const m of incoming) {
    if (m.channel_id !== channelId || !Number.isInteger(m.seq) || m.seq < 1) continue;
    const old = bySeq.get(m.seq);
    const next = old ? newer(old, m) : m;
    if (next !== old) {
      bySeq.set(m.seq, next);
      changed = true;
    }
  }
  if (!changed) return current as ChatMessage[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held with no hole below it down to the first held message (0 when empty). */
export function contiguousTop(messages: readonly ChatMessage[]): number {
  if (messages.length === 0) return 0;
  let top = messages[0]!.seq;
  for (let i = 1; i < messages.length; i++) {
    const seq = messages[i]!.seq;
    if (seq !== top + 1) break;
    top = seq;
  }
  return top;
}

export interface Gap {
  /** Missing seqs are after..before, exclusive on both ends. */
  after: number;
  before: number;
}

/** Holes in the held range, plus one at the end when lastSeq is above the highest held seq. */
export function findGaps(log: Pick<ChannelLog, 'messages' | 'lastSeq'>): Gap[] {
  const gaps: Gap[] = [];
  const ms = log.messages;
  for (let i = 1; i < ms.length; i++) {
    const a = ms[i - 1]!.seq;
    const b = ms[i]!.seq;
    if (b > a + 1) gaps.push({ after: a, before: b });
  }
  const top = ms.length > 0 ? ms[ms.length - 1]!.seq : 0;
  if (log.lastSeq > top && ms.length > 0) gaps.push({ after: top, before: log.lastSeq + 1 });
  return gaps;
}

/** Adds a page of older history (before the first held message). */
export function addOlderPage(log: ChannelLog, page: readonly ChatMessage[], hasMoreBefore: boolean): ChannelLog {
  const messages = mergeMessages(log.messages, page, log.channelId);
  const top = messages.length > 0 ? messages[messages.length - 1]!.seq : 0;
  return { ...log, messages, hasMoreBefore, lastSeq: Math.max(log.lastSeq, top) };
}

/** Replaces the log with the latest page (first load, or after `resync`). */
export function latestPage(channelId: number, page: readonly ChatMessage[], lastSeq: number, hasMoreBefore?: boolean): ChannelLog {
  const messages = mergeMessages([], page, channelId);
  const first = messages[0]?.seq ?? lastSeq + 1;
  const top = messages.length > 0 ? messages[messages.length - 1]!.seq : 0;
  return {
    channelId,
    messages,
    lastSeq: Math.max(lastSeq, top),
    hasMoreBefore: hasMoreBefore ?? first > 1,
  };
}

/** Adds messages that are newer or updated (subscribe replay, live events, gap fills). */
export function addMessages(log: ChannelLog, incoming: readonly ChatMessage[], lastSeq = 0): ChannelLog {
  const messages = mergeMessages(log.messages, incoming, log.channelId);
  const top = messages.length > 0 ? messages[messages.length - 1]!.seq : 0;
  const nextLast = Math.max(log.lastSeq, lastSeq, top);
  if (messages === log.messages && nextLast === log.lastSeq) return log;
  const first = messages[0]?.seq;
  return {
    ...log,
    messages,
    lastSeq: nextLast,
    hasMoreBefore: log.messages.length === 0 && first !== undefined ? first > 1 : log.hasMoreBefore,
  };
}

/** Messages of one topic (by topic_id when known, else by name). */
export function topicMessages(messages: readonly ChatMessage[], topic: { id?: number; name: string }): ChatMessage[] {
  const name = topic.name.toLocaleLowerCase('nb');
  return messages.filter((m) => (topic.id !== undefined && topic.id > 0 ? m.topic_id === topic.id : m.topic.toLocaleLowerCase('nb') === name));
}

/** A new client_msg_id (8..64 characters). */
export function newClientMsgId(random: () => number = Math.random, now: number = Date.now()): string {
  let s = `c${now.toString(36)}`;
  while (s.length < 24) s += Math.floor(random() * 36).toString(36);
  return s;
}
