import { describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT, RECONNECT_BASE_MS, RECONNECT_MAX_MS, RECONNECT_STABLE_MS, REQUEST_TIMEOUT_MS } from '../../src/config';
import { ApiError } from '../../src/protocol/errors';
import { SocketClient, socketUrl, type ConnectionStatus } from '../../src/net/socket';
import { FakeClock, FakeSocket, flush } from './fakes';

function setup(options: { random?: () => number; guard?: (code: number) => Promise<boolean> } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const statuses: ConnectionStatus[] = [];
  const client = new SocketClient({
    url: () => 'ws://arena.test/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    clock,
    random: options.random ?? (() => 0.5),
    ...(options.guard ? { shouldReconnect: options.guard } : {}),
  });
  client.onStatus((s) => statuses.push(s));
  const last = () => sockets[sockets.length - 1]!;
  return { clock, sockets, statuses, client, last };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('SocketClient requests', () => {
  it('correlates answers with requests by rid, in any order', async () => {
    const { client, last } = setup();
    client.start();
    last().open();
    const a = client.request('team.get', { team_id: 1 });
    const b = client.request('team.get', { team_id: 2 });
    const [first, second] = last().sent;
    expect(first).toMatchObject({ op: 'team.get', team_id: 1 });
    expect(second).toMatchObject({ op: 'team.get', team_id: 2 });
    expect(first!.rid).not.toEqual(second!.rid);
    last().receive({ re: second!.rid, ok: true, team: { id: 2 } });
    last().receive({ re: first!.rid, ok: true, team: { id: 1 } });
    expect(await a).toEqual({ team: { id: 1 } });
    expect(await b).toEqual({ team: { id: 2 } });
  });

  it('rejects with the server error code and retry_after', async () => {
    const { client, last } = setup();
    client.start();
    last().open();
    const p = client.request('team.members', { team_id: 3 });
    const rid = last().sent[0]!.rid;
    last().receive({ re: rid, ok: false, error: { code: 'forbidden', message: 'no', retry_after: 4 } });
    const e = await rejection(p);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('forbidden');
    expect(e.retryAfter).toBe(4);
  });

  it('keeps at most MAX_IN_FLIGHT requests on the wire and sends the rest, in order, as answers come', async () => {
    const { client, last, clock } = setup();
    client.start();
    last().open();
    const total = MAX_IN_FLIGHT * 2 + 3;
    const calls = Array.from({ length: total }, (_, i) => client.request('team.get', { team_id: i + 1 }));
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT);
    // One answer frees one place: exactly the next request goes out.
    last().receive({ re: last().sent[0]!.rid, ok: true, team: { id: 1 } });
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT + 1);
    expect(last().sent[MAX_IN_FLIGHT]).toMatchObject({ team_id: MAX_IN_FLIGHT + 1 });
    // A timeout frees its place too: as the sent requests time out, the waiting ones go out, in order.
    clock.advance(REQUEST_TIMEOUT_MS);
    await Promise.allSettled(calls);
    expect(last().sent).toHaveLength(total);
    expect(last().sent.map((f) => f.team_id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('answers in any order keep the window full, and a reconnect starts with an empty window', async () => {
    const { client, last, sockets, clock } = setup();
    client.start();
    last().open();
    const calls = Array.from({ length: MAX_IN_FLIGHT + 4 }, (_, i) => client.request('team.get', { team_id: i + 1 }));
    for (const frame of last().sent.slice(0, 4).reverse()) last().receive({ re: frame.rid, ok: true, team: {} });
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT + 4);
    // The connection drops: the requests on the wire fail; the window is empty on the next socket.
    last().drop();
    for (const p of calls.slice(4)) expect((await rejection(p)).code).toBe('disconnected');
    clock.advance(RECONNECT_MAX_MS);
    await flush();
    expect(sockets).toHaveLength(2);
    const later = Array.from({ length: MAX_IN_FLIGHT + 2 }, (_, i) => client.request('team.get', { team_id: 100 + i }));
    last().open();
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT);
    last().receive({ re: last().sent[0]!.rid, ok: true, team: {} });
    expect(await later[0]).toEqual({ team: {} });
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT + 1);
    client.stop();
    await Promise.allSettled(later);
  });

  it('holds requests made while connecting and sends them on open', async () => {
    const { client, last } = setup();
    client.start();
    const p = client.request('team.list', {});
    expect(last().sent).toHaveLength(0);
    last().open();
    expect(last().sent).toHaveLength(1);
    last().receive({ re: last().sent[0]!.rid, ok: true, teams: [] });
    expect(await p).toEqual({ teams: [] });
  });

  it('times out a request without an answer', async () => {
    const { client, last, clock } = setup();
    client.start();
    last().open();
    const p = client.request('team.list', {});
    clock.advance(REQUEST_TIMEOUT_MS - 1);
    let settled = false;
    p.catch(() => { settled = true; });
    await flush();
    expect(settled).toBe(false);
    clock.advance(1);
    expect((await rejection(p)).code).toBe('timeout');
  });

  it('rejects sent requests with disconnected when the socket drops, and ignores late answers', async () => {
    const { client, last } = setup();
    client.start();
    const socket = last();
    socket.open();
    const p = client.request('team.list', {});
    socket.drop(1006);
    expect((await rejection(p)).code).toBe('disconnected');
    socket.receive({ re: 1, ok: true, teams: [] }); // detached: no effect, no throw
  });

  it('refuses requests when offline', async () => {
    const { client } = setup();
    expect((await rejection(client.request('team.list', {}))).code).toBe('disconnected');
  });

  it('ignores frames that are not JSON objects or answer nothing pending', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({ data: '42' });
    last().receive({ re: 999, ok: true });
    expect(client.status).toBe('online');
  });
});

describe('SocketClient events', () => {
  it('delivers events to subscribers until they unsubscribe', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    const seen: unknown[] = [];
    const off = client.on('team.member_removed', (ev) => seen.push(ev));
    last().receive({ ev: 'team.member_removed', team_id: 1, user_id: 9 });
    last().receive({ ev: 'team.updated', team: {} });
    off();
    last().receive({ ev: 'team.member_removed', team_id: 1, user_id: 10 });
    expect(seen).toEqual([{ team_id: 1, user_id: 9 }]);
  });

  it('fills in what message.new leaves out, and keeps what it sends', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    const seen: unknown[] = [];
    client.on('message.new', (ev) => seen.push(ev));
    const base = {
      id: 5, seq: 2, topic: 'Krav', topic_id: 3, author_id: 9, author_name: 'Kari', org_name: 'Sykehuset',
      body: 'Hei', created_at: '2026-11-27T10:00:00.000Z',
    };
    last().receive({ ev: 'message.new', channel_id: 7, message: base });
    last().receive({ ev: 'message.new', channel_id: 7, message: { ...base, id: 6, seq: 3, mentions: [4], pinned: true } });
    const defaults = {
      channel_id: 7, edited_at: null, deleted: false, reactions: [], pinned: false, archive_worthy: false,
      mentions: [], mentions_team: false,
    };
    expect(seen).toEqual([
      { channel_id: 7, message: { ...defaults, ...base } },
      { channel_id: 7, message: { ...defaults, ...base, id: 6, seq: 3, mentions: [4], pinned: true } },
    ]);
  });
});

describe('SocketClient connection and reconnect', () => {
  it('reports connecting, online, reconnecting and offline', () => {
    const { client, last, statuses, clock } = setup();
    client.start();
    last().open();
    last().drop();
    clock.advance(RECONNECT_MAX_MS);
    client.stop();
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'offline']);
  });

  it('backs off exponentially with a ceiling', async () => {
    const { client, sockets, clock, last } = setup({ random: () => 0.999999 });
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      last().drop();
      delays.push(clock.pendingDelays()[0]!);
      clock.advance(delays[i]!);
      await flush();
    }
    expect(sockets).toHaveLength(11);
    expect(delays.slice(0, 4)).toEqual([
      RECONNECT_BASE_MS, RECONNECT_BASE_MS * 2, RECONNECT_BASE_MS * 4, RECONNECT_BASE_MS * 8,
    ]);
    expect(Math.max(...delays)).toBe(RECONNECT_MAX_MS);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
  });

  it('applies jitter: random 0 gives half the delay', () => {
    const { client, clock, last } = setup({ random: () => 0 });
    client.start();
    last().drop();
    expect(clock.pendingDelays()[0]).toBe(RECONNECT_BASE_MS / 2);
  });

  it('resets the backoff after a connection that stayed up', async () => {
    const { client, clock, last } = setup({ random: () => 0.999999 });
    client.start();
    last().drop();
    clock.advance(clock.pendingDelays()[0]!);
    await flush();
    last().drop();
    expect(clock.pendingDelays()[0]).toBe(RECONNECT_BASE_MS * 2);
    clock.advance(clock.pendingDelays()[0]!);
    await flush();
    last().open();
    clock.advance(RECONNECT_STABLE_MS);
    last().drop();
    expect(clock.pendingDelays()[0]).toBe(RECONNECT_BASE_MS);
  });

  it('does not reset the backoff when the server drops at once after accepting', async () => {
    const { client, clock, last } = setup({ random: () => 0.999999 });
    client.start();
    last().open();
    last().drop();
    clock.advance(clock.pendingDelays()[0]!);
    await flush();
    last().open();
    last().drop();
    expect(clock.pendingDelays()[0]).toBe(RECONNECT_BASE_MS * 2);
  });

  it('asks the guard before reconnecting and goes offline when it says no', async () => {
    const codes: number[] = [];
    const { client, clock, last, sockets } = setup({
      guard: async (code) => {
        codes.push(code);
        return false;
      },
    });
    client.start();
    last().open();
    last().drop(1008);
    clock.advance(RECONNECT_MAX_MS);
    await flush();
    expect(codes).toEqual([1008]);
    expect(client.status).toBe('offline');
    expect(sockets).toHaveLength(1);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('sends queued requests after reconnecting', async () => {
    const { client, clock, last } = setup();
    client.start();
    last().open();
    last().drop();
    const p = client.request('team.list', {});
    clock.advance(clock.pendingDelays()[0]!);
    await flush();
    last().open();
    expect(last().sent).toHaveLength(1);
    last().receive({ re: last().sent[0]!.rid, ok: true, teams: [] });
    expect(await p).toEqual({ teams: [] });
  });

  it('reconnectNow skips the wait', async () => {
    const { client, clock, last, sockets } = setup();
    client.start();
    last().drop();
    client.reconnectNow();
    await flush();
    expect(sockets).toHaveLength(2);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('stop closes the socket, rejects everything and never reconnects', async () => {
    const { client, clock, last, sockets } = setup();
    client.start();
    const p = client.request('team.list', {});
    const socket = last();
    client.stop();
    expect(socket.closed?.code).toBe(1000);
    expect((await rejection(p)).code).toBe('disconnected');
    clock.advance(RECONNECT_MAX_MS * 2);
    expect(sockets).toHaveLength(1);
  });
});

describe('socketUrl', () => {
  it('follows the page protocol', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, '/ws')).toBe('ws://127.0.0.1:8080/ws');
    expect(socketUrl({ protocol: 'https:', host: 'arena.example' }, '/ws')).toBe('wss://arena.example/ws');
  });
});
