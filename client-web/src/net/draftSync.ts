// One open draft, kept in step with the server by operational transformation (ShareDB's client
// model, docs/PROTOCOL.md, "Requirement drafts").
//
// The text we show is the server's text at `version`, plus our op in flight (sent, not yet
// acknowledged), plus our pending op (typed meanwhile, composed into one). At most one op is
// in flight. All ops and positions are in code points (ot-text-unicode); the editor binding
// converts from and to UTF-16.
//
// - A local edit is applied by the editor, then given to local(): it joins the pending op and
//   goes out when nothing is in flight (`draft.submit` with base_version = version and a
//   client_seq that only grows for this client_id).
// - A `draft.op` event with our client_id and the in-flight client_seq is the acknowledgement:
//   the version moves on, the pending op goes out. Any other op is someone else's: our
//   in-flight and pending ops are transformed past it (transform(mine, theirs, 'left')) and it
//   is transformed past them (transform(theirs, mine, 'right')) before the editor applies it.
//   Events at or below our version are duplicates and skipped; one that skips a version means
//   we missed something and we catch up (draft.open with since_version).
// - After a reconnect (or a timeout) we open again with since_version: the answer's ops are
//   handled like events, which acknowledges our in-flight op if the server stored it; if not,
//   it is sent again with the same client_seq (the server answers `duplicate` if it had it).
// - `reload` (too far behind), `gone` (base version no longer in the log) and a refused op
//   (bad_request, too_large, conflict, forbidden...) load the text afresh: unacknowledged local
//   edits are lost, and a problem is reported so the screen can say so.
//
// Remote cursors and comment anchors are held in local coordinates: positions that arrive at
// server version V go through the server ops after V (a short log), then our in-flight and
// pending ops; every op applied to the text, ours or theirs, moves them on. Our own cursor is
// sent throttled, mapped back from local to server coordinates. No DOM here.
import { type as textType, type TextOp } from 'ot-text-unicode';
import { CURSOR_SEND_INTERVAL_MS, DRAFT_OP_LOG_MAX } from '../config';
import type { Draft, DraftComment, DraftCursor, DraftOpenAnswer, OpRecord } from '../protocol/drafts';
import { ApiError, isApiError } from '../protocol/errors';
import type { EventMap, EventName, Op, Req, Res } from '../protocol/ops';
import { createStore, type Store } from '../state/store';
import type { ConnectionStatus } from './socket';

export interface DraftSocket {
  readonly status: ConnectionStatus;
  request<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>>;
  on<K extends EventName>(event: K, listener: (value: EventMap[K]) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** What the sync needs of the editor. */
export interface DraftTextPort {
  /** Replaces the whole text (open, reload). */
  reset(text: string): void;
  /** Applies an op from the server, already transformed past our local ops. */
  apply(op: TextOp): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type DraftProblem =
  /** The server refused our op; the text was reloaded. */
  | { kind: 'rejected'; error: ApiError; lost: boolean }
  /** The server no longer has our base version (reload/gone); the text was reloaded. */
  | { kind: 'reloaded'; lost: boolean }
  /** Opening failed (forbidden, not_found, unknown_op...). */
  | { kind: 'failed'; error: ApiError };

export interface RemoteCursor {
  socket: string;
  userId: number;
  name: string;
  color: string;
  anchor: number;
  head: number;
}

export interface DraftSyncState {
  phase: 'opening' | 'open' | 'failed' | 'closed';
  draft: Draft | null;
  /** The server version our text is based on. */
  version: number;
  /** Nothing in flight, nothing pending. */
  synced: boolean;
  cursors: RemoteCursor[];
  /** Comments with anchors in local coordinates (replies: null anchors). */
  comments: DraftComment[];
  error: ApiError | null;
}

interface InFlight {
  op: TextOp;
  seq: number;
}

/** A range the caller wants moved along with the text (e.g. a selection being commented). */
export interface TrackedRange {
  start: number;
  end: number;
}

/** Position in the text before `op` of a position in the text after it. */
export function mapBack(pos: number, op: TextOp): number {
  let oldPos = 0;
  let newPos = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      if (pos <= newPos + c) return oldPos + (pos - newPos);
      oldPos += c;
      newPos += c;
    } else if (typeof c === 'string') {
      const len = [...c].length;
      if (pos <= newPos + len) return oldPos;
      newPos += len;
    } else {
      oldPos += typeof c.d === 'number' ? c.d : [...c.d].length;
    }
  }
  return oldPos + (pos - newPos);
}

function randomClientId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const REFUSALS = new Set(['bad_request', 'too_large', 'conflict', 'forbidden', 'not_found', 'unknown_op', 'internal', 'invalid_json', 'too_deep']);

export interface DraftSyncOptions {
  timers?: Timers;
  clientId?: string;
  cursorIntervalMs?: number;
}

export class DraftSync {
  readonly clientId: string;
  readonly state: Store<DraftSyncState>;
  private port: DraftTextPort | null = null;
  private version = 0;
  private inflight: InFlight | null = null;
  private pending: TextOp | null = null;
  private nextSeq = 1;
  /** Server ops by version (the latest DRAFT_OP_LOG_MAX), to bring old positions forward. */
  private log: { version: number; op: TextOp }[] = [];
  private loaded = false;
  private closed = false;
  private opening: Promise<void> | null = null;
  private readonly unlisten: (() => void)[] = [];
  private readonly problemListeners = new Set<(p: DraftProblem) => void>();
  private readonly syncedWaiters: (() => void)[] = [];
  private readonly trackers = new Set<TrackedRange>();
  private cursors = new Map<string, RemoteCursor>();
  /** This socket's id as cursor events name it (from the draft.open answer): our own cursor. */
  private mySocket: string | null = null;
  private comments = new Map<number, DraftComment>();
  private readonly timers: Timers;
  private readonly cursorInterval: number;
  private cursorTimer: unknown = null;
  private cursorLastSent = -Infinity;
  private selection: { anchor: number; head: number } | null = null;
  private now = () => Date.now();
  /** What to report after the next full reload (a refused op), instead of 'reloaded'. */
  private reloadProblem: DraftProblem | null = null;

  constructor(private readonly socket: DraftSocket, readonly teamId: number, readonly draftId: number, options: DraftSyncOptions = {}) {
    this.clientId = options.clientId ?? randomClientId();
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.cursorInterval = options.cursorIntervalMs ?? CURSOR_SEND_INTERVAL_MS;
    this.state = createStore<DraftSyncState>({
      phase: 'opening', draft: null, version: 0, synced: true, cursors: [], comments: [], error: null,
    });
    let previous = socket.status;
    this.unlisten.push(
      socket.onStatus((status) => {
        if (status === 'online' && previous !== 'online' && this.loaded) void this.reopen();
        previous = status;
      }),
      socket.on('draft.op', (ev) => {
        if (ev.draft_id === this.draftId) this.receive(ev);
      }),
      socket.on('draft.cursor', (ev) => {
        if (ev.draft_id === this.draftId) this.onCursor(ev, ev.version);
      }),
      socket.on('draft.comment', (ev) => {
        if (ev.draft_id === this.draftId) this.putComment(ev.comment);
      }),
      socket.on('draft.comment_deleted', (ev) => {
        if (ev.draft_id !== this.draftId) return;
        for (const [id, c] of this.comments) if (id === ev.comment_id || c.parent_id === ev.comment_id) this.comments.delete(id);
        this.publish();
      }),
      socket.on('draft.updated', (ev) => {
        if (ev.draft.id === this.draftId) this.state.update((s) => ({ ...s, draft: ev.draft }));
      }),
    );
  }

  /** Connects the editor; its text is reset at once if the draft is loaded. */
  attach(port: DraftTextPort, currentText?: string): void {
    this.port = port;
    if (currentText !== undefined) port.reset(currentText);
  }

  detach(): void {
    this.port = null;
  }

  onProblem(listener: (p: DraftProblem) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Opens the draft (text, cursors, comments) and subscribes to its events. */
  open(): Promise<void> {
    return this.load(true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unlisten) u();
    this.unlisten.length = 0;
    if (this.cursorTimer !== null) this.timers.clearTimeout(this.cursorTimer);
    this.state.update((s) => ({ ...s, phase: 'closed' }));
    if (this.socket.status === 'online') {
      await this.socket.request('draft.close', { team_id: this.teamId, draft_id: this.draftId }).catch(() => {});
    }
  }

  /** A local edit, already applied to the editor's text. */
  local(op: TextOp): void {
    if (op.length === 0 || this.closed) return;
    this.moveAll(op);
    this.pending = this.pending ? textType.compose(this.pending, op) : op;
    this.flush();
    this.publish();
  }

  /** Our selection changed (local code points); sent throttled. */
  setSelection(anchor: number, head: number): void {
    this.selection = { anchor, head };
    if (this.cursorTimer !== null) return;
    const wait = Math.max(0, this.cursorLastSent + this.cursorInterval - this.now());
    this.cursorTimer = this.timers.setTimeout(() => {
      this.cursorTimer = null;
      this.sendCursor();
    }, wait);
  }

  /** Resolves when nothing is in flight or pending. */
  whenSynced(): Promise<void> {
    if (!this.inflight && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  /** Keeps a range in step with the text until untrack(). */
  track(start: number, end: number): TrackedRange {
    const r = { start, end };
    this.trackers.add(r);
    return r;
  }

  untrack(r: TrackedRange): void {
    this.trackers.delete(r);
  }

  /** Comments on a local range: waits until our edits are acknowledged, then sends server positions. */
  async createComment(body: string, start: number, end: number): Promise<DraftComment> {
    const range = this.track(start, end);
    try {
      await this.whenSynced();
      const ans = await this.socket.request('comment.create', {
        team_id: this.teamId, draft_id: this.draftId, body, version: this.version, start: range.start, end: range.end,
      });
      this.putComment(ans.comment);
      return ans.comment;
    } finally {
      this.untrack(range);
    }
  }

  /** Takes in a comment from an answer or event (anchor at its version). */
  putComment(comment: DraftComment): void {
    this.comments.set(comment.id, this.localComment(comment));
    this.publish();
  }

  removeComment(id: number): void {
    for (const [cid, c] of this.comments) if (cid === id || c.parent_id === id) this.comments.delete(cid);
    this.publish();
  }

  // ---- internals ----

  private problem(p: DraftProblem): void {
    for (const l of [...this.problemListeners]) l(p);
  }

  private publish(): void {
    const synced = !this.inflight && !this.pending;
    this.state.update((s) => ({
      ...s,
      version: this.version,
      synced,
      cursors: [...this.cursors.values()],
      comments: [...this.comments.values()],
    }));
    if (synced && this.syncedWaiters.length > 0) {
      for (const w of this.syncedWaiters.splice(0)) w();
    }
  }

  /** Full open (no since_version) when `full` or nothing is loaded; otherwise catch up. */
  private load(full: boolean): Promise<void> {
    if (this.opening) return this.opening;
    const run = async () => {
      try {
        if (!full && this.loaded) {
          const ok = await this.catchUp();
          if (ok) return;
        }
        await this.fullOpen();
      } finally {
        this.opening = null;
      }
    };
    this.opening = run();
    return this.opening;
  }

  private reopen(): Promise<void> {
    return this.load(false).catch(() => {});
  }

  private async fullOpen(): Promise<void> {
    const lost = this.inflight !== null || this.pending !== null;
    const wasLoaded = this.loaded;
    this.loaded = false;
    let ans: DraftOpenAnswer;
    try {
      ans = await this.socket.request('draft.open', { team_id: this.teamId, draft_id: this.draftId });
    } catch (e) {
      const error = isApiError(e) ? e : new ApiError('internal', String(e));
      if (!wasLoaded) {
        this.state.update((s) => ({ ...s, phase: 'failed', error }));
        this.problem({ kind: 'failed', error });
      }
      this.loaded = wasLoaded;
      throw error;
    }
    if (this.closed || ans.reload === true || ans.text === undefined) return;
    this.inflight = null;
    this.pending = null;
    this.version = ans.version;
    this.log = [];
    this.loaded = true;
    this.mySocket = String(ans.socket);
    this.port?.reset(ans.text);
    this.cursors = new Map();
    for (const c of ans.cursors) this.onCursor(c, ans.version, false);
    this.comments = new Map(ans.comments.map((c) => [c.id, c]));
    this.state.update((s) => ({ ...s, phase: 'open', draft: ans.draft, error: null }));
    this.publish();
    const why = this.reloadProblem ?? { kind: 'reloaded', lost };
    this.reloadProblem = null;
    if (wasLoaded) this.problem(why);
  }

  /** draft.open with since_version; false when the server says reload. */
  private async catchUp(): Promise<boolean> {
    const ans = await this.socket.request('draft.open', {
      team_id: this.teamId, draft_id: this.draftId, since_version: this.version,
    });
    if (this.closed) return true;
    if (ans.reload === true || !ans.ops) return false;
    this.setMySocket(ans.socket);
    for (const rec of ans.ops) this.receive(rec);
    this.state.update((s) => ({ ...s, draft: ans.draft }));
    if (this.inflight) this.send(); // not stored: the same client_seq again
    else this.flush();
    this.publish();
    return true;
  }

  private flush(): void {
    if (this.inflight || !this.pending || !this.loaded || this.closed) return;
    this.inflight = { op: this.pending, seq: this.nextSeq++ };
    this.pending = null;
    this.send();
  }

  private send(): void {
    const inflight = this.inflight;
    if (!inflight || this.socket.status !== 'online') return;
    this.socket.request('draft.submit', {
      team_id: this.teamId, draft_id: this.draftId, base_version: this.version, text_op: inflight.op,
      client_id: this.clientId, client_seq: inflight.seq,
    }).then(
      () => {
        // The draft.op event came first and acknowledged it; if it did not, we missed it.
        if (this.inflight === inflight) void this.reopen();
      },
      (e: unknown) => this.onSubmitError(inflight, e),
    );
  }

  private onSubmitError(inflight: InFlight, e: unknown): void {
    if (this.inflight !== inflight || this.closed) return;
    const error = isApiError(e) ? e : new ApiError('internal', String(e));
    if (error.code === 'disconnected' || error.code === 'network') return; // resent after the reconnect
    if (error.code === 'timeout' || error.code === 'unavailable' || error.code === 'rate_limited') {
      void this.reopen();
      return;
    }
    if (error.code === 'gone') {
      void this.load(true).catch(() => {});
      return;
    }
    if (REFUSALS.has(error.code)) {
      this.inflight = null;
      this.pending = null;
      this.reloadProblem = { kind: 'rejected', error, lost: true };
      void this.load(true).catch(() => {});
    }
  }

  /** A server op (event or catch-up answer). */
  private receive(rec: OpRecord): void {
    if (!this.loaded || this.closed) return;
    if (rec.version <= this.version) return; // already have it
    if (rec.version > this.version + 1) {
      void this.reopen(); // a hole: fetch what is missing
      return;
    }
    this.version = rec.version;
    this.remember(rec.version, rec.op);
    if (this.inflight && rec.client_id === this.clientId && rec.client_seq === this.inflight.seq) {
      this.inflight = null;
      this.flush();
      this.publish();
      return;
    }
    let theirs = rec.op;
    if (this.inflight) {
      const mine = this.inflight.op;
      this.inflight = { ...this.inflight, op: textType.transform(mine, theirs, 'left') };
      theirs = textType.transform(theirs, mine, 'right');
    }
    if (this.pending) {
      const mine = this.pending;
      this.pending = textType.transform(mine, theirs, 'left');
      theirs = textType.transform(theirs, mine, 'right');
    }
    if (theirs.length > 0) {
      this.port?.apply(theirs);
      this.moveAll(theirs);
    }
    this.publish();
  }

  private remember(version: number, op: TextOp): void {
    this.log.push({ version, op });
    if (this.log.length > DRAFT_OP_LOG_MAX) this.log.splice(0, this.log.length - DRAFT_OP_LOG_MAX);
  }

  /** A server position at `version` in local coordinates. */
  private toLocal(pos: number, version: number): number {
    let p = pos;
    if (version < this.version) {
      for (const entry of this.log) if (entry.version > version) p = textType.transformPosition(p, entry.op);
    }
    if (this.inflight) p = textType.transformPosition(p, this.inflight.op);
    if (this.pending) p = textType.transformPosition(p, this.pending);
    return p;
  }

  /** A local position at the server's `version`. */
  private toServer(pos: number): number {
    let p = pos;
    if (this.pending) p = mapBack(p, this.pending);
    if (this.inflight) p = mapBack(p, this.inflight.op);
    return p;
  }

  /** Moves cursors, comment anchors and tracked ranges through an op applied locally. */
  private moveAll(op: TextOp): void {
    for (const c of this.cursors.values()) {
      c.anchor = textType.transformPosition(c.anchor, op);
      c.head = textType.transformPosition(c.head, op);
    }
    for (const [id, c] of this.comments) {
      if (c.start === null || c.end === null || c.detached) continue;
      const start = textType.transformPosition(c.start, op);
      const end = textType.transformPosition(c.end, op);
      this.comments.set(id, { ...c, start, end, detached: end <= start });
    }
    for (const r of this.trackers) {
      r.start = textType.transformPosition(r.start, op);
      r.end = textType.transformPosition(r.end, op);
    }
  }

  private localComment(c: DraftComment): DraftComment {
    if (c.start === null || c.end === null || c.detached || c.version === null) return c;
    const start = this.toLocal(c.start, c.version);
    const end = this.toLocal(c.end, c.version);
    return { ...c, start, end, detached: end <= start };
  }

  /**
   * A new socket (after a reconnect): cursor events of the old one no longer reach us, and its
   * `draft.cursor` with anchor null may have been missed, so its cursor is dropped here.
   */
  private setMySocket(socket: string | number | undefined): void {
    if (socket === undefined) return;
    const id = String(socket);
    if (this.mySocket !== null && this.mySocket !== id) this.cursors.delete(this.mySocket);
    this.mySocket = id;
    this.cursors.delete(id);
  }

  private onCursor(c: DraftCursor, version: number, publish = true): void {
    const key = String(c.socket);
    if (key === this.mySocket) return; // our own cursor, echoed to every subscriber
    if (c.anchor === null || c.head === null) this.cursors.delete(key);
    else {
      this.cursors.set(key, {
        socket: key, userId: c.user_id, name: c.display_name, color: c.color,
        anchor: this.toLocal(c.anchor, version), head: this.toLocal(c.head, version),
      });
    }
    if (publish) this.publish();
  }

  private sendCursor(): void {
    const sel = this.selection;
    if (!sel || !this.loaded || this.closed || this.socket.status !== 'online') return;
    this.cursorLastSent = this.now();
    this.socket.request('draft.cursor', {
      team_id: this.teamId, draft_id: this.draftId, version: this.version,
      anchor: this.toServer(sel.anchor), head: this.toServer(sel.head),
    }).catch(() => {});
  }
}
