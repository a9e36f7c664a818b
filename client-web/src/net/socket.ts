// The one owner of the WebSocket to /ws.
//
// Requests carry a client-chosen `rid` (a counter) and are matched with the answer's `re`;
// each request() returns a promise that settles with the answer's fields, with an ApiError for
// `ok: false`, or with a client error (`timeout`, `disconnected`) when no answer can come.
// Frames with `ev` are events, handed to subscribers by name in the shapes of EventMap
// (protocol/events.ts fills in what a wire form leaves out).
//
// Connection life:
//   start() -> connecting -> (open) online -> (unexpected close) reconnecting -> ... -> online
//   stop() or a refused reconnect -> offline
// Requests made while connecting/reconnecting wait in an outbox and go out on open (their
// timeout runs from the call). At most MAX_IN_FLIGHT requests are on the wire at once (the
// server refuses more than 32 per connection with rate_limited); the rest wait in the outbox, in
// call order, and go out as answers come back, so a screen that subscribes to many channels at
// once is never refused. A request that was already sent when the socket closed is
// rejected with `disconnected` and never re-sent: the server may or may not have applied it.
//
// Before every reconnect attempt the owner may veto it (shouldReconnect), which is how the
// session layer stops when the close meant "session ended" (1008) and auth.me says 401.
// The backoff step resets only after a connection stayed open RECONNECT_STABLE_MS, so a server
// that accepts and drops at once is not hammered.
//
// No DOM here: the socket constructor, timers and randomness are injected, so tests drive it
// with a fake socket and a fake clock.
import { MAX_IN_FLIGHT, RECONNECT_STABLE_MS, REQUEST_TIMEOUT_MS } from '../config';
import { ApiError, errorFromWire } from '../protocol/errors';
import { decodeEvent } from '../protocol/events';
import type { EventMap, EventName, Op, Req, Res } from '../protocol/ops';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'reconnecting';

/** What the client needs of a WebSocket (a subset of the DOM WebSocket). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface SocketClientOptions {
  url: () => string;
  createSocket: (url: string) => SocketLike;
  clock: Clock;
  random: () => number;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Asked before each reconnect attempt with the last close code; false goes offline. */
  shouldReconnect?: (closeCode: number) => Promise<boolean>;
}

/** Close code the client uses when it closes on purpose. */
const NORMAL_CLOSURE = 1000;

interface Pending {
  op: Op;
  frame: string;
  sent: boolean;
  timer: unknown;
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: ApiError) => void;
}

type Listener<T> = (value: T) => void;

export class SocketClient {
  private readonly opts: Required<Omit<SocketClientOptions, 'shouldReconnect'>>;
  private shouldReconnect: SocketClientOptions['shouldReconnect'];
  private socket: SocketLike | null = null;
  private statusValue: ConnectionStatus = 'offline';
  private nextRid = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<string, Set<Listener<unknown>>>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private attempt = 0;
  private openedAt: number | null = null;
  private reconnectTimer: unknown = null;
  /** Bumped on start/stop so that callbacks of an older socket or timer are ignored. */
  private generation = 0;
  /** Requests sent on the current socket and not yet answered (or timed out). */
  private inFlight = 0;

  constructor(options: SocketClientOptions) {
    this.opts = {
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      backoff: DEFAULT_BACKOFF,
      ...options,
    };
    this.shouldReconnect = options.shouldReconnect;
  }

  /** Sets the veto asked before each reconnect attempt (see the file comment). */
  setReconnectGuard(guard: (closeCode: number) => Promise<boolean>): void {
    this.shouldReconnect = guard;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** Opens the connection (no-op when already started). */
  start(): void {
    if (this.statusValue !== 'offline') return;
    this.generation++;
    this.attempt = 0;
    this.setStatus('connecting');
    this.open();
  }

  /** Closes the connection for good; every waiting request is rejected. */
  stop(): void {
    this.generation++;
    this.clearReconnectTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detach(socket);
      socket.close(NORMAL_CLOSURE, 'client stop');
    }
    this.failAll(new ApiError('disconnected', 'connection closed'), () => true);
    this.setStatus('offline');
  }

  /** Skips the remaining backoff wait (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (this.statusValue !== 'reconnecting' || this.reconnectTimer === null) return;
    this.clearReconnectTimer();
    void this.attemptReconnect(this.generation, 0);
  }

  request<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>> {
    if (this.statusValue === 'offline') {
      return Promise.reject(new ApiError('disconnected', 'not connected'));
    }
    const rid = this.nextRid++;
    const frame = JSON.stringify({ ...(fields as object), op, rid });
    return new Promise<Res<K>>((resolve, reject) => {
      const entry: Pending = {
        op,
        frame,
        sent: false,
        timer: this.opts.clock.setTimeout(() => {
          this.pending.delete(rid);
          if (entry.sent) this.settled();
          reject(new ApiError('timeout', `${op}: no answer`));
        }, this.opts.requestTimeoutMs),
        resolve: (value) => resolve(value as Res<K>),
        reject,
      };
      this.pending.set(rid, entry);
      if (this.statusValue === 'online') this.pump();
    });
  }

  on<K extends EventName>(event: K, listener: Listener<EventMap[K]>): () => void {
    let set = this.eventListeners.get(event);
    if (!set) {
      set = new Set();
      this.eventListeners.set(event, set);
    }
    set.add(listener as Listener<unknown>);
    return () => set.delete(listener as Listener<unknown>);
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private open(): void {
    const generation = this.generation;
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url());
    } catch {
      this.scheduleReconnect(generation, 0);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.openedAt = this.opts.clock.now();
      this.inFlight = 0;
      this.setStatus('online');
      this.pump();
    };
    socket.onmessage = (ev) => {
      if (generation === this.generation) this.receive(ev.data);
    };
    socket.onerror = () => {
      // The close event that follows carries what we need.
    };
    socket.onclose = (ev) => {
      if (generation !== this.generation || this.socket !== socket) return;
      this.socket = null;
      detach(socket);
      this.onClosed(generation, ev.code);
    };
  }

  private onClosed(generation: number, code: number): void {
    if (this.openedAt !== null && this.opts.clock.now() - this.openedAt >= RECONNECT_STABLE_MS) {
      this.attempt = 0;
    }
    this.openedAt = null;
    this.failAll(new ApiError('disconnected', `connection closed (${code})`), (p) => p.sent);
    this.inFlight = 0;
    this.scheduleReconnect(generation, code);
  }

  private scheduleReconnect(generation: number, code: number): void {
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt, this.opts.random, this.opts.backoff);
    this.attempt++;
    this.reconnectTimer = this.opts.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.attemptReconnect(generation, code);
    }, delay);
  }

  private async attemptReconnect(generation: number, code: number): Promise<void> {
    if (generation !== this.generation) return;
    let again = true;
    if (this.shouldReconnect) {
      try {
        again = await this.shouldReconnect(code);
      } catch {
        again = true;
      }
    }
    if (generation !== this.generation) return;
    if (!again) {
      this.stop();
      return;
    }
    this.open();
  }

  /** Sends waiting requests, oldest first, while the in-flight window has room. */
  private pump(): void {
    if (this.statusValue !== 'online' || !this.socket) return;
    for (const entry of this.pending.values()) {
      if (this.inFlight >= MAX_IN_FLIGHT) return;
      if (!entry.sent && !this.send(entry)) return;
    }
  }

  private send(entry: Pending): boolean {
    try {
      this.socket?.send(entry.frame);
    } catch {
      // The socket is closing; the close handler settles this request.
      return false;
    }
    entry.sent = true;
    this.inFlight++;
    return true;
  }

  /** A sent request got its answer or timed out: its place in the window is free. */
  private settled(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.pump();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const frame = msg as Record<string, unknown>;
    if ('re' in frame) {
      this.answer(frame);
    } else if (typeof frame.ev === 'string') {
      const { ev, ...fields } = frame;
      const listeners = this.eventListeners.get(ev);
      if (!listeners) return;
      const value = decodeEvent(ev, fields);
      for (const l of [...listeners]) l(value);
    }
  }

  private answer(frame: Record<string, unknown>): void {
    const rid = frame.re;
    if (typeof rid !== 'number') return;
    const entry = this.pending.get(rid);
    if (!entry) return;
    this.pending.delete(rid);
    this.opts.clock.clearTimeout(entry.timer);
    if (frame.ok === true) {
      const { re: _re, ok: _ok, ...rest } = frame;
      entry.resolve(rest);
    } else {
      entry.reject(errorFromWire(frame.error));
    }
    if (entry.sent) this.settled();
  }

  private failAll(error: ApiError, which: (p: Pending) => boolean): void {
    for (const [rid, entry] of [...this.pending]) {
      if (!which(entry)) continue;
      this.pending.delete(rid);
      this.opts.clock.clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) {
      this.opts.clock.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const l of [...this.statusListeners]) l(status);
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

/** The socket URL for a page location: same host, ws: or wss: after the page's protocol. */
export function socketUrl(location: { protocol: string; host: string }, path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
