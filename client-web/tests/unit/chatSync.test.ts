import { describe, expect, it } from 'vitest';
import { ChatSync, keepMine, type ChatSocket } from '../../src/net/chatSync';
import type { ConnectionStatus } from '../../src/net/socket';
import type { ChatMessage } from '../../src/protocol/chat';

function msg(seq: number): ChatMessage {
  return {
    id: 1000 + seq, channel_id: 7, seq, topic: 'Krav', topic_id: 1, author_id: 2, author_name: 'Ola', org_name: null,
    body: `m${seq}`, created_at: '2026-11-25T09:00:00.000Z', edited_at: null, deleted: false, reactions: [],
    pinned: false, archive_worthy: false, mentions: [], mentions_team: false,
  };
}

/** A socket whose answers the test scripts per op. */
class ScriptedSocket implements ChatSocket {
  status: ConnectionStatus = 'online';
  calls: { op: string; fields: Record<string, unknown> }[] = [];
  answers: Record<string, (fields: Record<string, unknown>) => unknown> = {};
  private events = new Map<string, Set<(v: unknown) => void>>();
  private statusListeners = new Set<(s: ConnectionStatus) => void>();

  request(op: string, fields: unknown): Promise<never> {
    this.calls.push({ op, fields: fields as Record<string, unknown> });
    const a = this.answers[op];
    return Promise.resolve((a ? a(fields as Record<string, unknown>) : {}) as never);
  }
  on(event: string, l: (v: never) => void): () => void {
    let s = this.events.get(event);
    if (!s) this.events.set(event, (s = new Set()));
    s.add(l as (v: unknown) => void);
    return () => s!.delete(l as (v: unknown) => void);
  }
  onStatus(l: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }
  emit(event: string, value: unknown): void {
    for (const l of this.events.get(event) ?? []) l(value);
  }
  setStatus(s: ConnectionStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const seqs = (sync: ChatSync) => sync.log(7).get().messages.map((m) => m.seq);

describe('ChatSync', () => {
  it('subscribes, applies live events once, and resubscribes with since_seq after a reconnect', async () => {
    const socket = new ScriptedSocket();
    socket.answers['channel.subscribe'] = (f) => (f.since_seq === undefined
      ? { last_seq: 3, messages: [msg(1), msg(2), msg(3)] }
      : { last_seq: 6, messages: [msg(4), msg(5), msg(6)] });
    const sync = new ChatSync(socket as unknown as ChatSocket);
    const announced: number[] = [];
    sync.onNewMessage((m) => announced.push(m.seq));
    await sync.subscribe(1, 7);
    socket.emit('message.new', { channel_id: 7, message: msg(4) });
    socket.emit('message.new', { channel_id: 7, message: msg(4) });
    expect(seqs(sync)).toEqual([1, 2, 3, 4]);
    socket.setStatus('reconnecting');
    socket.setStatus('online');
    await flush();
    await flush();
    const resub = socket.calls.filter((c) => c.op === 'channel.subscribe');
    expect(resub[1]!.fields).toEqual({ team_id: 1, channel_id: 7, since_seq: 4 });
    expect(seqs(sync)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(announced).toEqual([4, 5, 6]);
  });

  it('reloads the latest page on resync', async () => {
    const socket = new ScriptedSocket();
    let round = 0;
    socket.answers['channel.subscribe'] = (f) => {
      round++;
      if (round === 1) return { last_seq: 2, messages: [msg(1), msg(2)] };
      if (f.since_seq !== undefined) return { resync: true, last_seq: 5000 };
      return { last_seq: 5000, messages: [msg(4999), msg(5000)].map((m) => ({ ...m })) };
    };
    const sync = new ChatSync(socket as unknown as ChatSocket);
    const resynced: number[] = [];
    sync.onResync((c) => resynced.push(c));
    await sync.subscribe(1, 7);
    socket.setStatus('reconnecting');
    socket.setStatus('online');
    for (let i = 0; i < 5; i++) await flush();
    expect(seqs(sync)).toEqual([4999, 5000]);
    expect(sync.log(7).get().hasMoreBefore).toBe(true);
    expect(resynced).toEqual([7]);
  });

  it('fills a hole with channel.history when a live event skips ahead', async () => {
    const socket = new ScriptedSocket();
    socket.answers['channel.subscribe'] = () => ({ last_seq: 2, messages: [msg(1), msg(2)] });
    socket.answers['channel.history'] = (f) => {
      const before = f.before_seq as number;
      const limit = f.limit as number;
      const out = [];
      for (let s = Math.max(1, before - limit); s < before; s++) out.push(msg(s));
      return { messages: out, has_more_before: false, has_more_after: true };
    };
    const sync = new ChatSync(socket as unknown as ChatSocket);
    await sync.subscribe(1, 7);
    socket.emit('message.new', { channel_id: 7, message: msg(6) });
    for (let i = 0; i < 5; i++) await flush();
    expect(seqs(sync)).toEqual([1, 2, 3, 4, 5, 6]);
    const hist = socket.calls.find((c) => c.op === 'channel.history')!;
    expect(hist.fields).toMatchObject({ before_seq: 6, limit: 3 });
  });

  it('loads older pages with before_seq', async () => {
    const socket = new ScriptedSocket();
    socket.answers['channel.subscribe'] = () => ({ last_seq: 60, messages: [msg(59), msg(60)] });
    socket.answers['channel.history'] = () => ({ messages: [msg(57), msg(58), msg(59)], has_more_before: false, has_more_after: true });
    const sync = new ChatSync(socket as unknown as ChatSocket);
    await sync.subscribe(1, 7);
    await sync.loadOlder(7);
    expect(socket.calls.at(-1)!.fields).toMatchObject({ before_seq: 59 });
    expect(seqs(sync)).toEqual([57, 58, 59, 60]);
    expect(sync.log(7).get().hasMoreBefore).toBe(false);
  });
});

describe('keepMine', () => {
  it('keeps our own reaction flags when an event (encoded once, mine: false) updates the counts', () => {
    const held = [{ ...msg(1), reactions: [{ emoji: '👍', count: 1, mine: true }] }];
    const ev = { ...msg(1), reactions: [{ emoji: '👍', count: 2, mine: false }, { emoji: '🎉', count: 1, mine: false }] };
    expect(keepMine(ev, held).reactions).toEqual([{ emoji: '👍', count: 2, mine: true }, { emoji: '🎉', count: 1, mine: false }]);
    expect(keepMine({ ...msg(1), reactions: [] }, held).reactions).toEqual([]);
  });
});
