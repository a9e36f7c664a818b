// Channel subscriptions over the one socket, and the message logs they fill.
//
// subscribe(team, channel) asks `channel.subscribe` (the answer is the latest page) and from
// then on applies `message.new` / `message.updated` events to that channel's log. After the
// socket comes back from a drop every subscription is renewed with `since_seq` = the highest
// seq held, so the server replays what was missed; `resync: true` (too far behind) reloads the
// latest page instead. A live message whose seq skips ahead (a lost event) triggers a
// `channel.history` fetch of the hole. Every path merges by seq (state/messageStore.ts), so a
// message is never shown twice whatever the order of answers and events.
import { CHAT_HISTORY_MAX, CHAT_PAGE_SIZE } from '../config';
import type { ChatMessage } from '../protocol/chat';
import type { Op, Req, Res, EventMap, EventName } from '../protocol/ops';
import {
  addMessages, addOlderPage, emptyLog, findGaps, latestPage, type ChannelLog,
} from '../state/messageStore';
import { createStore, type Store } from '../state/store';
import type { ConnectionStatus } from './socket';

export interface ChatSocket {
  readonly status: ConnectionStatus;
  request<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>>;
  on<K extends EventName>(event: K, listener: (value: EventMap[K]) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

interface Subscription {
  teamId: number;
  /** A renewal in flight (reconnect or gap fill), to avoid running two at once. */
  busy: Promise<void> | null;
}

/** Bounds the hole-filling loop (each round fetches up to CHAT_HISTORY_MAX messages). */
const MAX_GAP_ROUNDS = 10;

export type NewMessageListener = (message: ChatMessage) => void;

export class ChatSync {
  private readonly logs = new Map<number, Store<ChannelLog>>();
  private readonly subs = new Map<number, Subscription>();
  private readonly newListeners = new Set<NewMessageListener>();
  private readonly resyncListeners = new Set<(channelId: number) => void>();
  private readonly unlisten: (() => void)[] = [];

  constructor(private readonly socket: ChatSocket) {
    let previous = socket.status;
    this.unlisten.push(
      socket.onStatus((status) => {
        if (status === 'online' && previous === 'reconnecting') this.resumeAll();
        previous = status;
      }),
      socket.on('message.new', (ev) => this.onEvent(ev.channel_id, ev.message, true)),
      socket.on('message.updated', (ev) => this.onEvent(ev.channel_id, ev.message, false)),
    );
  }

  /** The log of a channel (empty until subscribed). */
  log(channelId: number): Store<ChannelLog> {
    let store = this.logs.get(channelId);
    if (!store) {
      store = createStore(emptyLog(channelId));
      this.logs.set(channelId, store);
    }
    return store;
  }

  isSubscribed(channelId: number): boolean {
    return this.subs.has(channelId);
  }

  /** Called for each message that arrives live and was not held before. */
  onNewMessage(listener: NewMessageListener): () => void {
    this.newListeners.add(listener);
    return () => this.newListeners.delete(listener);
  }

  /** Called when a channel was reloaded from the latest page after `resync`. */
  onResync(listener: (channelId: number) => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async subscribe(teamId: number, channelId: number): Promise<void> {
    if (this.subs.has(channelId)) return;
    const sub: Subscription = { teamId, busy: null };
    this.subs.set(channelId, sub);
    try {
      await this.run(channelId, sub, () => this.renew(channelId, sub));
    } catch (e) {
      this.subs.delete(channelId);
      throw e;
    }
  }

  async unsubscribe(channelId: number): Promise<void> {
    const sub = this.subs.get(channelId);
    if (!sub) return;
    this.subs.delete(channelId);
    this.logs.delete(channelId);
    await this.socket.request('channel.unsubscribe', { team_id: sub.teamId, channel_id: channelId }).catch(() => {});
  }

  /** Drops every subscription (leaving the team page). */
  async unsubscribeAll(): Promise<void> {
    await Promise.all([...this.subs.keys()].map((id) => this.unsubscribe(id)));
  }

  /** Loads the page before the oldest held message. */
  async loadOlder(channelId: number): Promise<void> {
    const sub = this.subs.get(channelId);
    const store = this.log(channelId);
    const log = store.get();
    if (!sub || !log.hasMoreBefore) return;
    const first = log.messages[0]?.seq;
    const ans = await this.socket.request('channel.history', {
      team_id: sub.teamId,
      channel_id: channelId,
      ...(first !== undefined ? { before_seq: first } : {}),
      limit: CHAT_PAGE_SIZE,
    });
    if (!this.subs.has(channelId)) return;
    store.set(addOlderPage(store.get(), ans.messages, ans.has_more_before));
  }

  dispose(): void {
    for (const u of this.unlisten) u();
    this.unlisten.length = 0;
    this.subs.clear();
  }

  /** Runs one renewal at a time per channel. */
  private run(channelId: number, sub: Subscription, fn: () => Promise<void>): Promise<void> {
    const previous = sub.busy ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => {
      if (this.subs.get(channelId) !== sub) return undefined;
      return fn();
    });
    sub.busy = next.finally(() => {
      if (sub.busy === tracked) sub.busy = null;
    });
    const tracked = sub.busy;
    return next;
  }

  /** channel.subscribe, with since_seq when we hold messages; resync reloads the latest page. */
  private async renew(channelId: number, sub: Subscription): Promise<void> {
    const store = this.log(channelId);
    const held = store.get().messages;
    const since = held.length > 0 ? held[held.length - 1]!.seq : undefined;
    const base = { team_id: sub.teamId, channel_id: channelId };
    const ans = await this.socket.request('channel.subscribe', since !== undefined ? { ...base, since_seq: since } : base);
    if (this.subs.get(channelId) !== sub) return;
    if (ans.resync) {
      const fresh = await this.socket.request('channel.subscribe', base);
      if (this.subs.get(channelId) !== sub) return;
      store.set(latestPage(channelId, fresh.messages ?? [], fresh.last_seq));
      for (const l of [...this.resyncListeners]) l(channelId);
      return;
    }
    if (since === undefined) {
      store.set(latestPage(channelId, ans.messages ?? [], ans.last_seq));
    } else {
      const before = store.get();
      const after = addMessages(before, ans.messages ?? [], ans.last_seq);
      store.set(after);
      this.announce(before, ans.messages ?? []);
    }
    await this.fillGaps(channelId, sub);
  }

  private async fillGaps(channelId: number, sub: Subscription): Promise<void> {
    const store = this.log(channelId);
    for (let round = 0; round < MAX_GAP_ROUNDS; round++) {
      const gap = findGaps(store.get()).pop();
      if (!gap) return;
      const missing = gap.before - gap.after - 1;
      const ans = await this.socket.request('channel.history', {
        team_id: sub.teamId,
        channel_id: channelId,
        before_seq: gap.before,
        limit: Math.min(CHAT_HISTORY_MAX, Math.max(1, missing)),
      });
      if (this.subs.get(channelId) !== sub) return;
      const before = store.get();
      const after = addMessages(before, ans.messages);
      store.set(after);
      this.announce(before, ans.messages);
      if (after === before) return; // the server has nothing for that hole (e.g. moved away)
    }
  }

  private onEvent(channelId: number, message: ChatMessage, isNew: boolean): void {
    const sub = this.subs.get(channelId);
    if (!sub) return;
    const store = this.log(channelId);
    const before = store.get();
    const top = before.messages.length > 0 ? before.messages[before.messages.length - 1]!.seq : 0;
    const after = addMessages(before, [isNew ? message : keepMine(message, before.messages)]);
    store.set(after);
    if (isNew) this.announce(before, [message]);
    if (isNew && top > 0 && message.seq > top + 1) {
      void this.run(channelId, sub, () => this.fillGaps(channelId, sub)).catch(() => {});
    }
  }

  /** Tells listeners about messages that were not in `before` and are newer than its top. */
  private announce(before: ChannelLog, incoming: readonly ChatMessage[]): void {
    const top = before.messages.length > 0 ? before.messages[before.messages.length - 1]!.seq : 0;
    const held = new Set(before.messages.map((m) => m.seq));
    for (const m of incoming) {
      if (m.seq > top && !held.has(m.seq) && !m.deleted) {
        held.add(m.seq);
        for (const l of [...this.newListeners]) l(m);
      }
    }
  }

  private resumeAll(): void {
    for (const [channelId, sub] of this.subs) {
      void this.run(channelId, sub, () => this.renew(channelId, sub)).catch(() => {});
    }
  }
}

/**
 * Events are encoded once for every recipient, so their reactions carry `mine: false`
 * (CHAT_PROTOCOL.md fan-out); our own reactions come from the answers to our requests. Keep
 * the held copy's `mine` for each emoji still present.
 */
export function keepMine(message: ChatMessage, held: readonly ChatMessage[]): ChatMessage {
  const old = held.find((m) => m.seq === message.seq);
  if (!old || message.reactions.length === 0) return message;
  const mine = new Set(old.reactions.filter((r) => r.mine).map((r) => r.emoji));
  if (mine.size === 0) return message;
  return { ...message, reactions: message.reactions.map((r) => (r.mine || !mine.has(r.emoji) ? r : { ...r, mine: true })) };
}
