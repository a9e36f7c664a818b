import { type as textType, type TextOp } from 'ot-text-unicode';
import { describe, expect, it } from 'vitest';
import { DraftSync, mapBack } from '../../src/net/draftSync';
import type { DraftComment } from '../../src/protocol/drafts';
import { rng, Scheduler, SimConnection, SimServer } from './draftSim';

/** A client: its socket, its sync and the text its editor would show. */
class Client {
  text = '';
  readonly conn: SimConnection;
  readonly sync: DraftSync;

  constructor(server: SimServer, sched: Scheduler, random: () => number, readonly userId: number, maxDelay = 20) {
    this.conn = new SimConnection(server, sched, random, userId, maxDelay);
    this.sync = new DraftSync(this.conn, 1, 1, { timers: sched, clientId: `client-${userId}` });
    this.sync.attach({
      reset: (t) => { this.text = t; },
      apply: (op) => { this.text = textType.apply(this.text, op); },
    });
  }

  edit(op: TextOp): void {
    this.text = textType.apply(this.text, op);
    this.sync.local(op);
  }

  type(pos: number, s: string): void {
    this.edit(textType.normalize([pos, s]));
  }

  remove(pos: number, n: number): void {
    this.edit(textType.normalize([pos, { d: n }]));
  }
}

async function openAll(sched: Scheduler, clients: Client[]): Promise<void> {
  const opened = Promise.all(clients.map((c) => c.sync.open()));
  await sched.run();
  await opened;
}

const SAMPLES = ['a', 'æ', 'ø', 'å', 'Æøå ', '😀', '👍🏽', 'krav ', '\n', '𝔘', 'x😀y'];

function randomEdit(c: Client, random: () => number): void {
  const len = [...c.text].length;
  if (len > 0 && random() < 0.35) {
    const pos = Math.floor(random() * len);
    const n = 1 + Math.floor(random() * Math.min(5, len - pos));
    c.remove(pos, n);
  } else {
    const pos = Math.floor(random() * (len + 1));
    c.type(pos, SAMPLES[Math.floor(random() * SAMPLES.length)]!);
  }
}

describe('DraftSync against a simulated server', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`three clients with random delays converge (seed ${seed})`, async () => {
      const random = rng(seed);
      const sched = new Scheduler();
      const server = new SimServer('Krav: leverandøren skal 🚚 levere.');
      const clients = [1, 2, 3].map((id) => new Client(server, sched, random, id, 5 + id * 10));
      await openAll(sched, clients);
      for (let round = 0; round < 60; round++) {
        const c = clients[Math.floor(random() * clients.length)]!;
        randomEdit(c, random);
        // Let some of the network run between edits, sometimes none.
        await sched.run(sched.now + random() * 15);
        if (seed % 2 === 0 && round === 30) {
          clients[0]!.conn.drop();
          await sched.run(sched.now + 10);
          clients[0]!.conn.reconnect();
        }
      }
      await sched.run();
      for (const c of clients) {
        expect(c.text).toBe(server.text);
        expect(c.sync.state.get().synced).toBe(true);
        expect(c.sync.state.get().version).toBe(server.version);
      }
      // Every edit arrived exactly once: 60 edits, some composed while in flight.
      expect(server.log.length).toBeLessThanOrEqual(60);
      expect(server.log.length).toBeGreaterThan(0);
    });
  }

  it('composes ops typed while one is in flight and keeps one in flight', async () => {
    const sched = new Scheduler();
    const server = new SimServer('');
    const a = new Client(server, sched, () => 0.5, 1);
    await openAll(sched, [a]);
    for (const ch of 'Hei på deg 😀') a.type([...a.text].length, ch);
    const submits = () => a.conn.requests.filter((r) => r.op === 'draft.submit').length;
    expect(submits()).toBe(1);
    expect(a.sync.state.get().synced).toBe(false);
    await sched.run();
    expect(submits()).toBe(2); // the first character, then everything typed meanwhile
    expect(server.text).toBe('Hei på deg 😀');
    expect(a.sync.state.get().synced).toBe(true);
  });

  it('a reconnect while the op was stored but not acknowledged: recognised, not resent', async () => {
    const sched = new Scheduler();
    const server = new SimServer('abc');
    const a = new Client(server, sched, () => 0.5, 1);
    const b = new Client(server, sched, () => 0.3, 2);
    await openAll(sched, [a, b]);
    a.conn.deaf = true; // the server gets the op; its event and answer are lost
    a.type(3, 'æøå😀');
    await sched.run();
    expect(server.text).toBe('abcæøå😀');
    b.type(0, '>> ');
    await sched.run();
    a.conn.drop();
    a.conn.reconnect();
    await sched.run();
    expect(a.text).toBe('>> abcæøå😀');
    expect(server.text).toBe('>> abcæøå😀');
    const submitted = a.conn.requests.filter((r) => r.op === 'draft.submit');
    expect(submitted.length).toBe(1);
    expect(server.log.filter((r) => r.client_id === 'client-1').length).toBe(1);
    expect(a.sync.state.get().synced).toBe(true);
  });

  it('a reconnect when the op never reached the server: sent again with the same client_seq', async () => {
    const sched = new Scheduler();
    const server = new SimServer('abc');
    const a = new Client(server, sched, () => 0.5, 1);
    const b = new Client(server, sched, () => 0.3, 2);
    await openAll(sched, [a, b]);
    a.conn.dropUp.add('draft.submit');
    a.type(0, 'X');
    await sched.run();
    b.type(3, 'Y');
    await sched.run();
    expect(server.text).toBe('abcY');
    a.type(1, 'Z'); // pending behind the lost one
    a.conn.drop();
    a.conn.reconnect();
    await sched.run();
    const seqs = a.conn.requests.filter((r) => r.op === 'draft.submit').map((r) => r.fields.client_seq);
    expect(seqs).toEqual([1, 1, 2]);
    expect(server.text).toBe('XZabcY');
    expect(a.text).toBe(server.text);
    expect(b.text).toBe(server.text);
  });

  it('a resubmission of a stored op is a duplicate and changes nothing', async () => {
    const sched = new Scheduler();
    const server = new SimServer('');
    const a = new Client(server, sched, () => 0.5, 1);
    await openAll(sched, [a]);
    a.type(0, 'én gang');
    await sched.run();
    const before = server.text;
    const conn = new SimConnection(server, sched, () => 0.5, 1);
    const ans = conn.request('draft.submit', { team_id: 1, draft_id: 1, base_version: 0, text_op: ['én gang'], client_id: 'client-1', client_seq: 1 });
    await sched.run();
    expect(await ans).toMatchObject({ duplicate: true, version: 1 });
    expect(server.text).toBe(before);
  });

  it('reload when the server says so: the text is loaded afresh and the loss reported', async () => {
    const sched = new Scheduler();
    const server = new SimServer('gammel');
    const a = new Client(server, sched, () => 0.5, 1);
    await openAll(sched, [a]);
    const problems: string[] = [];
    a.sync.onProblem((p) => problems.push(p.kind));
    // The server forgot everything before its current version.
    const handle = server.handle.bind(server);
    server.handle = (conn, op, f) => (op === 'draft.open' && typeof f.since_version === 'number'
      ? { ok: true, reload: true, version: server.version }
      : handle(conn, op, f));
    a.conn.dropUp.add('draft.submit');
    a.type(0, 'tapt ');
    await sched.run();
    server.text = 'ny tekst';
    server.version = 50;
    a.conn.drop();
    a.conn.reconnect();
    await sched.run();
    expect(a.text).toBe('ny tekst');
    expect(a.sync.state.get().version).toBe(50);
    expect(problems).toEqual(['reloaded']);
  });

  it('a refused op (too_large) reloads the text and reports a typed problem', async () => {
    const sched = new Scheduler();
    const server = new SimServer('tekst');
    const a = new Client(server, sched, () => 0.5, 1);
    await openAll(sched, [a]);
    const handle = server.handle.bind(server);
    server.handle = (conn, op, f) => (op === 'draft.submit' ? { ok: false, code: 'too_large' } : handle(conn, op, f));
    const problems: { kind: string; code?: string }[] = [];
    a.sync.onProblem((p) => problems.push({ kind: p.kind, ...(p.kind === 'rejected' ? { code: p.error.code } : {}) }));
    a.type(0, 'for mye ');
    await sched.run();
    expect(a.text).toBe('tekst');
    expect(problems).toEqual([{ kind: 'rejected', code: 'too_large' }]);
  });

  it('remote cursors and comment anchors follow the text', async () => {
    const sched = new Scheduler();
    const server = new SimServer('Leverandøren skal dokumentere 😀 sporbarhet.');
    const a = new Client(server, sched, () => 0.5, 1);
    const b = new Client(server, sched, () => 0.2, 2);
    await openAll(sched, [a, b]);
    const start = [...a.text].indexOf('s', 20); // "sporbarhet"
    const comment: DraftComment = {
      id: 9, draft_id: 1, parent_id: null, author_id: 2, author_name: 'Ola', body: 'Presiser', start, end: start + 10,
      version: server.version, quote: 'sporbarhet', detached: false, resolved: false, created_at: '', edited_at: null,
    };
    a.sync.putComment(comment);
    // A cursor at the same version, placed on "sporbarhet".
    a.conn.deliver({ ev: 'draft.cursor', draft_id: 1, version: server.version, socket: 's2', user_id: 2, display_name: 'Ola', color: '#aa3300', anchor: start, head: start + 10 });
    await sched.run();
    b.type(0, '👍 Nytt: ');
    a.type(0, 'Æ');
    await sched.run();
    const cp = [...a.text];
    const c = a.sync.state.get().comments.find((x) => x.id === 9)!;
    expect(cp.slice(c.start!, c.end!).join('')).toBe('sporbarhet');
    const cur = a.sync.state.get().cursors[0]!;
    expect(cp.slice(cur.anchor, cur.head).join('')).toBe('sporbarhet');
    // Deleting the words detaches the comment.
    a.remove(c.start!, 10);
    expect(a.sync.state.get().comments.find((x) => x.id === 9)!.detached).toBe(true);
  });

  it('shows the other person\'s cursor but not its own, which the server echoes to every subscriber', async () => {
    const sched = new Scheduler();
    const server = new SimServer('Leverandøren skal dokumentere sporbarhet.');
    const a = new Client(server, sched, () => 0.5, 1);
    const b = new Client(server, sched, () => 0.2, 2);
    await openAll(sched, [a, b]);
    a.sync.setSelection(2, 5);
    await sched.run();
    expect(a.conn.requests.filter((r) => r.op === 'draft.cursor').length).toBe(1);
    expect(a.sync.state.get().cursors).toEqual([]);
    expect(b.sync.state.get().cursors).toMatchObject([{ socket: String(a.conn.socketId), userId: 1, anchor: 2, head: 5 }]);
    // After a reconnect (a new socket), the new id is ours and is skipped as well.
    a.conn.drop();
    await sched.run();
    a.conn.reconnect();
    await sched.run();
    a.sync.setSelection(1, 1);
    await sched.run();
    expect(a.sync.state.get().cursors).toEqual([]);
    expect(b.sync.state.get().cursors.find((c) => c.socket === String(a.conn.socketId))).toMatchObject({ anchor: 1, head: 1 });
  });

  it('sends its cursor throttled, in server coordinates', async () => {
    const sched = new Scheduler();
    const server = new SimServer('abc');
    const a = new Client(server, sched, () => 0.5, 1);
    await openAll(sched, [a]);
    a.conn.dropUp.add('draft.submit');
    a.type(0, 'XY'); // in flight, never acknowledged
    for (let i = 0; i < 10; i++) a.sync.setSelection(4, 5);
    await sched.run();
    const cursors = a.conn.requests.filter((r) => r.op === 'draft.cursor');
    expect(cursors.length).toBe(1);
    expect(cursors[0]!.fields).toMatchObject({ version: 0, anchor: 2, head: 3 });
  });

  it('mapBack inverts positions through an op', () => {
    const op: TextOp = [2, 'ab', { d: 3 }];
    expect(mapBack(0, op)).toBe(0);
    expect(mapBack(3, op)).toBe(2);
    expect(mapBack(4, op)).toBe(2);
    expect(mapBack(5, op)).toBe(6);
  });
});
