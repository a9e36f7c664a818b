// A simulated drafts server and network for the DraftSync tests. The server does what
// docs/PROTOCOL.md says: draft.submit transforms the op against every op after base_version
// (the submitted op on the left), stores it, sends draft.op to every subscriber (the submitter
// included) and then answers; a stored (client_id, client_seq) answers duplicate. Each
// connection delivers in order (like TCP) with random delays; a drop loses what is in transit
// towards the client, and what is in transit towards the server arrives or not at random.
import { type as textType, type TextOp } from 'ot-text-unicode';
import type { DraftSocket, Timers } from '../../src/net/draftSync';
import type { ConnectionStatus } from '../../src/net/socket';
import type { OpRecord } from '../../src/protocol/drafts';
import { ApiError } from '../../src/protocol/errors';

/** A seeded PRNG (mulberry32) so a failing run can be repeated. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Simulated time: tasks run in time order; promise callbacks run between tasks. */
export class Scheduler implements Timers {
  now = 0;
  private seq = 0;
  private tasks: { at: number; seq: number; fn: () => void }[] = [];

  at(delay: number, fn: () => void): unknown {
    const task = { at: this.now + Math.max(0, delay), seq: this.seq++, fn };
    this.tasks.push(task);
    return task;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return this.at(ms, fn);
  }

  clearTimeout(handle: unknown): void {
    this.tasks = this.tasks.filter((t) => t !== handle);
  }

  /** Runs tasks until none are left (or until `until`). */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await settle();
      if (this.tasks.length === 0) return;
      this.tasks.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.tasks[0]!;
      if (next.at > until) {
        this.now = until;
        return;
      }
      this.tasks.shift();
      this.now = next.at;
      next.fn();
    }
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

type Answer = { ok: true; [k: string]: unknown } | { ok: false; code: string };

export class SimServer {
  text: string;
  version = 0;
  log: OpRecord[] = [];
  private stored = new Map<string, number>();
  readonly subscribers = new Set<SimConnection>();
  submits = 0;

  constructor(text = '') {
    this.text = text;
  }

  handle(conn: SimConnection, op: string, f: Record<string, unknown>): Answer {
    switch (op) {
      case 'draft.open': {
        this.subscribers.add(conn);
        const draft = { id: 1, status: 'utkast' };
        if (typeof f.since_version === 'number') {
          return { ok: true, draft, socket: conn.socketId, version: this.version, ops: this.log.filter((r) => r.version > (f.since_version as number)) };
        }
        return { ok: true, draft, socket: conn.socketId, version: this.version, text: this.text, cursors: [], comments: [] };
      }
      case 'draft.close':
        this.subscribers.delete(conn);
        return { ok: true };
      case 'draft.cursor': {
        // Like the server: brought to the latest version and sent to every subscriber, the
        // sender's own socket included.
        let anchor = f.anchor as number;
        let head = f.head as number;
        for (const r of this.log) {
          if (r.version > (f.version as number)) {
            anchor = textType.transformPosition(anchor, r.op);
            head = textType.transformPosition(head, r.op);
          }
        }
        const ev = {
          ev: 'draft.cursor', draft_id: 1, version: this.version, socket: conn.socketId, user_id: conn.userId,
          display_name: `user ${conn.userId}`, color: '#336699', anchor, head,
        };
        for (const s of this.subscribers) s.deliver(ev);
        return { ok: true };
      }
      case 'draft.submit': {
        this.submits++;
        const key = `${String(f.client_id)}:${String(f.client_seq)}`;
        const had = this.stored.get(key);
        if (had !== undefined) return { ok: true, version: had, duplicate: true };
        const base = f.base_version as number;
        if (base > this.version) return { ok: false, code: 'bad_request' };
        let o = f.text_op as TextOp;
        for (const r of this.log) if (r.version > base) o = textType.transform(o, r.op, 'left');
        try {
          textType.checkOp(o);
          this.text = textType.apply(this.text, o);
        } catch {
          return { ok: false, code: 'bad_request' };
        }
        this.version++;
        const rec: OpRecord = {
          version: this.version, op: o, user_id: conn.userId, client_id: String(f.client_id),
          client_seq: f.client_seq as number, at: '2026-11-25T09:00:00.000Z',
        };
        this.log.push(rec);
        this.stored.set(key, this.version);
        for (const s of this.subscribers) s.deliver({ ev: 'draft.op', draft_id: 1, ...rec });
        return { ok: true, version: this.version };
      }
      default:
        return { ok: false, code: 'unknown_op' };
    }
  }
}

interface Waiting {
  resolve: (v: never) => void;
  reject: (e: ApiError) => void;
}

/** One client's socket to the SimServer. */
export class SimConnection implements DraftSocket {
  status: ConnectionStatus = 'online';
  private epoch = 0;
  private lastUp = 0;
  private lastDown = 0;
  private nextRid = 1;
  private waiting = new Map<number, Waiting>();
  private listeners = new Map<string, Set<(v: unknown) => void>>();
  private statusListeners = new Set<(s: ConnectionStatus) => void>();
  /** When set, requests of these ops vanish on the way up (to script a lost frame). */
  dropUp: Set<string> = new Set();
  /** When set, answers and events vanish on the way down. */
  deaf = false;
  requests: { op: string; fields: Record<string, unknown> }[] = [];

  /** The socket's id as the server names it in cursor events: a new one after each drop. */
  get socketId(): number {
    return this.userId * 1000 + this.epoch;
  }

  constructor(
    private readonly server: SimServer,
    private readonly sched: Scheduler,
    private readonly random: () => number,
    readonly userId: number,
    private readonly maxDelay = 20,
  ) {}

  request(op: string, fields: unknown): Promise<never> {
    if (this.status !== 'online') return Promise.reject(new ApiError('disconnected', 'offline'));
    const rid = this.nextRid++;
    const epoch = this.epoch;
    const f = fields as Record<string, unknown>;
    this.requests.push({ op, fields: f });
    return new Promise<never>((resolve, reject) => {
      this.waiting.set(rid, { resolve, reject });
      const drop = this.dropUp.has(op);
      this.lastUp = Math.max(this.lastUp, this.sched.now + this.random() * this.maxDelay);
      this.sched.at(this.lastUp - this.sched.now, () => {
        if (drop) return;
        // A frame sent before a drop may still reach the server; its answer cannot come back.
        const answer = this.server.handle(this, op, f);
        if (epoch !== this.epoch) return;
        this.down(() => {
          const w = this.waiting.get(rid);
          if (!w) return;
          this.waiting.delete(rid);
          if (answer.ok) {
            const { ok: _ok, ...rest } = answer;
            w.resolve(rest as never);
          } else w.reject(new ApiError(answer.code as never, answer.code));
        });
      });
    });
  }

  deliver(frame: Record<string, unknown>): void {
    this.down(() => {
      const { ev, ...rest } = frame;
      for (const l of [...(this.listeners.get(ev as string) ?? [])]) l(rest);
    });
  }

  private down(fn: () => void): void {
    if (this.deaf) return;
    const epoch = this.epoch;
    this.lastDown = Math.max(this.lastDown, this.sched.now + this.random() * this.maxDelay);
    this.sched.at(this.lastDown - this.sched.now, () => {
      if (epoch === this.epoch && !this.deaf) fn();
    });
  }

  on(event: string, l: (v: never) => void): () => void {
    let s = this.listeners.get(event);
    if (!s) this.listeners.set(event, (s = new Set()));
    s.add(l as (v: unknown) => void);
    return () => s!.delete(l as (v: unknown) => void);
  }

  onStatus(l: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  /** The connection drops: waiting requests fail, the server forgets the subscription. */
  drop(): void {
    this.epoch++;
    this.server.subscribers.delete(this);
    this.setStatus('reconnecting');
    for (const w of this.waiting.values()) w.reject(new ApiError('disconnected', 'closed'));
    this.waiting.clear();
  }

  reconnect(): void {
    this.deaf = false;
    this.dropUp.clear();
    this.setStatus('online');
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    for (const l of [...this.statusListeners]) l(s);
  }
}
