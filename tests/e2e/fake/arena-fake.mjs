#!/usr/bin/env node
// A stand-in for the Arena server, in memory, written from docs/PROTOCOL.md. It exists so the
// web client and the browser tests can be developed while the C++ server is being written:
//   scripts/run-e2e tests/e2e/fake/arena-fake.mjs
// It is not the product and not a reference: where it and the real server differ, the real
// server and PROTOCOL.md win, and the difference is a question for the protocol.
// Same command line as the real binary: serve --bind H --port P --data-dir D --static-dir S.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { installChat } from './chat.mjs';

const args = parseArgs(process.argv.slice(2));
const STATIC_DIR = path.resolve(args['static-dir'] ?? 'client-web/dist');
// State survives a restart (SIGTERM) through this file, like the real server's database.
const STATE_FILE = args['data-dir'] ? path.join(args['data-dir'], 'fake-state.json') : null;
const BIND = args.bind ?? '127.0.0.1';
const PORT = Number(args.port ?? 0);
const COOKIE = 'arena_session';
const LOGIN_FAILURES_BEFORE_LIMIT = 5;
const LOGIN_LIMIT_SECONDS = 30;
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1], i++;
  }
  return out;
}

// ---- state ----
const now = () => new Date().toISOString();
const token = () => randomBytes(18).toString('base64url');
const saved = loadState();
let nextId = saved?.nextId ?? 1;
const id = () => nextId++;
const setupToken = saved?.setupToken ?? token();
let setupUsed = saved?.setupUsed ?? false;
const orgs = saved?.orgs ?? [];
const users = saved?.users ?? []; // + password, created_at
const sessions = new Map(saved?.sessions ?? []); // token -> { userId, kind, id, name, created_at, last_seen_at }
const teams = saved?.teams ?? [
  ['bygg', 'Bygg og anlegg', 'Kategoriteam for bygg og anlegg: møtes jevnlig, utvikler egne krav og diskuterer risikotemaer i bransjen.'],
  ['ikt', 'IKT', 'Felles innsats på IKT-produkter og -tjenester.'],
  ['tekstil', 'Tekstil', 'Felles innsats på arbeidstøy, fottøy og tekstil.'],
  ['medisinsk', 'Medisinsk materiell', 'Felles innsats på medisinsk utstyr og forbruksmateriell.'],
].map(([slug, name, description]) => ({ id: id(), slug, name, description, archived: false }));
const memberships = saved?.memberships ?? []; // { team_id, user_id, role, since }
const invitations = saved?.invitations ?? []; // + token
const loginFailures = new Map(); // email -> count
const sockets = new Set(); // { ws, sessionToken, userId }

function loadState() {
  try {
    return STATE_FILE ? JSON.parse(readFileSync(STATE_FILE, 'utf8')) : null;
  } catch {
    return null;
  }
}

function saveState() {
  if (!STATE_FILE) return;
  const state = { nextId, setupToken, setupUsed, orgs, users, sessions: [...sessions], teams, memberships, invitations, chat: chat.state };
  writeFileSync(STATE_FILE, JSON.stringify(state));
}

class OpError extends Error {
  constructor(code, message, extra = {}) { super(message); this.code = code; this.extra = extra; }
}
const STATUS = { too_large: 413, bad_request: 400, invalid_json: 400, unknown_op: 404, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, gone: 410, rate_limited: 429, internal: 500 };

function orgnrValid(s) {
  if (!/^\d{9}$/.test(s)) return false;
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = w.reduce((a, x, i) => a + x * Number(s[i]), 0);
  let c = 11 - (sum % 11);
  if (c === 11) c = 0;
  return c !== 10 && c === Number(s[8]);
}
const userView = (u) => {
  const org = orgs.find((o) => o.id === u.org_id);
  return { id: u.id, email: u.email, display_name: u.display_name, org_id: u.org_id, org_name: org?.name ?? null, language: u.language, is_admin: u.is_admin, disabled: u.disabled, created_at: u.created_at };
};
const roleOf = (teamId, userId) => memberships.find((m) => m.team_id === teamId && m.user_id === userId)?.role ?? null;
const teamView = (t, userId) => ({ ...t, my_role: userId ? roleOf(t.id, userId) : null, member_count: memberships.filter((m) => m.team_id === t.id).length });
const memberView = (m) => {
  const u = users.find((x) => x.id === m.user_id);
  return { user_id: u.id, display_name: u.display_name, email: u.email, org_name: userView(u).org_name, role: m.role, since: m.since };
};
const str = (f, name, max = 1000) => {
  const v = f[name];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new OpError('bad_request', `${name}: a non-empty string is required`);
  return v.trim();
};
const int = (f, name) => {
  if (!Number.isInteger(f[name])) throw new OpError('bad_request', `${name}: an integer is required`);
  return f[name];
};
const role = (f) => {
  if (!['facilitator', 'member', 'observer'].includes(f.role)) throw new OpError('bad_request', 'role');
  return f.role;
};
const password = (f, name) => {
  const p = str(f, name);
  if (p.length < 10) throw new OpError('bad_request', `${name}: at least 10 characters`);
  return p;
};
function orgFields(f) {
  const name = str(f, 'name', 200);
  if (f.orgnr !== undefined) {
    if (typeof f.orgnr !== 'string' || !orgnrValid(f.orgnr)) throw new OpError('bad_request', 'orgnr: invalid');
    return { name, orgnr: f.orgnr, foreign_id: null, country: 'NO' };
  }
  return { name, orgnr: null, foreign_id: str(f, 'foreign_id', 40), country: str(f, 'country', 2).toUpperCase() };
}
function findTeam(f) {
  const t = teams.find((x) => x.id === int(f, 'team_id'));
  if (!t) throw new OpError('not_found', 'team');
  return t;
}
function newUser(f, orgId) {
  const email = str(f, 'email', 254);
  if (users.some((u) => u.email.toLowerCase() === email.toLowerCase())) throw new OpError('conflict', 'email exists');
  const u = { id: id(), email, display_name: str(f, 'display_name', 100), org_id: orgId ?? null, language: f.language === 'en' ? 'en' : 'nb', is_admin: f.is_admin === true, disabled: false, created_at: now(), password: password(f, 'password') };
  users.push(u);
  return u;
}
function startSession(ctx, userId) {
  const t = token();
  sessions.set(t, { userId, kind: 'session' });
  ctx.setCookie = `${COOKIE}=${t}; HttpOnly; SameSite=Strict; Path=/`;
}
function addMember(teamId, userId, r) {
  if (roleOf(teamId, userId)) throw new OpError('conflict', 'already a member');
  const m = { team_id: teamId, user_id: userId, role: r, since: now() };
  memberships.push(m);
  emitTeam(teamId, { ev: 'team.member_added', team_id: teamId, member: memberView(m) }, [userId]);
  return m;
}
function emitTeam(teamId, frame, extraUsers = []) {
  const to = new Set([...memberships.filter((m) => m.team_id === teamId).map((m) => m.user_id), ...extraUsers]);
  const data = JSON.stringify(frame);
  for (const s of sockets) if (to.has(s.userId)) s.ws.send(data);
}
function closeSockets(pred) {
  for (const s of [...sockets]) if (pred(s)) s.ws.close(1008, 'session ended');
}

// Access levels of PROTOCOL.md.
const isFacilitator = (me, teamId) => me.is_admin || roleOf(teamId, me.id) === 'facilitator';
function need(ok) { if (!ok) throw new OpError('forbidden', 'not allowed'); }

const OPS = {
  'server.info': { access: 'public', run: () => ({ version: '0.1.0-fake', needs_setup: !users.some((u) => u.is_admin), languages: ['nb', 'en'] }) },
  'setup.complete': { access: 'public', http: true, run: (f, ctx) => {
    if (setupUsed || f.token !== setupToken) throw new OpError('gone', 'setup token used or unknown');
    const o = orgFields(f.organisation ?? {});
    if (o.orgnr && orgs.some((x) => x.orgnr === o.orgnr)) throw new OpError('conflict', 'orgnr');
    const org = { id: id(), ...o };
    orgs.push(org);
    const u = newUser({ ...f, is_admin: true }, org.id);
    setupUsed = true;
    startSession(ctx, u.id);
    return { user: userView(u) };
  } },
  'auth.login': { access: 'public', http: true, run: (f, ctx) => {
    const email = String(f.email ?? '').toLowerCase();
    const fails = loginFailures.get(email) ?? 0;
    if (fails >= LOGIN_FAILURES_BEFORE_LIMIT) throw new OpError('rate_limited', 'too many attempts', { retry_after: LOGIN_LIMIT_SECONDS });
    const u = users.find((x) => x.email.toLowerCase() === email);
    if (!u || u.disabled || u.password !== f.password) {
      loginFailures.set(email, fails + 1);
      throw new OpError('unauthorized', 'wrong credentials');
    }
    loginFailures.delete(email);
    startSession(ctx, u.id);
    return { user: userView(u) };
  } },
  'auth.logout': { access: 'user', run: (f, ctx) => {
    sessions.delete(ctx.sessionToken);
    ctx.setCookie = `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
    closeSockets((s) => s.sessionToken === ctx.sessionToken);
    return {};
  } },
  'auth.me': { access: 'user', run: (f, { me }) => ({ user: userView(me), memberships: memberships.filter((m) => m.user_id === me.id).map((m) => ({ team_id: m.team_id, role: m.role })) }) },
  'profile.update': { access: 'user', run: (f, { me }) => {
    if (f.display_name !== undefined) me.display_name = str(f, 'display_name', 100);
    if (f.language !== undefined) {
      if (!['nb', 'en'].includes(f.language)) throw new OpError('bad_request', 'language');
      me.language = f.language;
    }
    return { user: userView(me) };
  } },
  'profile.password': { access: 'user', run: (f, { me, sessionToken }) => {
    if (f.current_password !== me.password) throw new OpError('unauthorized', 'wrong password');
    me.password = password(f, 'new_password');
    for (const [t, s] of sessions) if (s.userId === me.id && s.kind === 'session' && t !== sessionToken) sessions.delete(t);
    closeSockets((s) => s.userId === me.id && s.sessionToken !== sessionToken);
    return {};
  } },
  'token.create': { access: 'user', run: (f, { me }) => {
    const t = `arena_${token()}`;
    const info = { id: id(), name: str(f, 'name', 100), created_at: now(), last_seen_at: null };
    sessions.set(t, { userId: me.id, kind: 'api', ...info });
    return { token: t, info };
  } },
  'token.list': { access: 'user', run: (f, { me }) => ({ tokens: [...sessions.values()].filter((s) => s.kind === 'api' && s.userId === me.id).map(({ id: i, name, created_at, last_seen_at }) => ({ id: i, name, created_at, last_seen_at })) }) },
  'token.revoke': { access: 'user', run: (f, { me }) => {
    for (const [t, s] of sessions) if (s.kind === 'api' && s.userId === me.id && s.id === f.id) { sessions.delete(t); return {}; }
    throw new OpError('not_found', 'token');
  } },
  'user.list': { access: 'admin', run: () => ({ users: users.map(userView) }) },
  'user.create': { access: 'admin', run: (f) => ({ user: userView(newUser(f, f.org_id ?? null)) }) },
  'user.update': { access: 'admin', run: (f) => {
    const u = users.find((x) => x.id === int(f, 'id'));
    if (!u) throw new OpError('not_found', 'user');
    if (f.display_name !== undefined) u.display_name = str(f, 'display_name', 100);
    if (f.org_id !== undefined) {
      if (f.org_id !== null && !orgs.some((o) => o.id === f.org_id)) throw new OpError('bad_request', 'org_id');
      u.org_id = f.org_id;
    }
    if (f.language !== undefined) u.language = f.language;
    if (f.is_admin !== undefined) u.is_admin = f.is_admin === true;
    if (f.disabled !== undefined) {
      u.disabled = f.disabled === true;
      if (u.disabled) {
        for (const [t, s] of sessions) if (s.userId === u.id) sessions.delete(t);
        closeSockets((s) => s.userId === u.id);
      }
    }
    return { user: userView(u) };
  } },
  'org.list': { access: 'user', run: () => ({ organisations: orgs }) },
  'org.create': { access: 'admin', run: (f) => {
    const o = orgFields(f);
    if (o.orgnr && orgs.some((x) => x.orgnr === o.orgnr)) throw new OpError('conflict', 'orgnr');
    const org = { id: id(), ...o };
    orgs.push(org);
    return { organisation: org };
  } },
  'org.update': { access: 'admin', run: (f) => {
    const org = orgs.find((x) => x.id === int(f, 'id'));
    if (!org) throw new OpError('not_found', 'organisation');
    Object.assign(org, orgFields(f));
    return { organisation: org };
  } },
  'team.list': { access: 'user', run: (f, { me }) => ({ teams: teams.map((t) => teamView(t, me.id)) }) },
  'team.get': { access: 'user', run: (f, { me }) => ({ team: teamView(findTeam(f), me.id) }) },
  'team.create': { access: 'admin', run: (f, { me }) => {
    const t = { id: id(), slug: str(f, 'slug', 40), name: str(f, 'name', 100), description: typeof f.description === 'string' ? f.description : '', archived: false };
    if (teams.some((x) => x.slug === t.slug || x.name === t.name)) throw new OpError('conflict', 'team exists');
    teams.push(t);
    return { team: teamView(t, me.id) };
  } },
  'team.update': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(isFacilitator(me, t.id));
    if ((f.name !== undefined || f.archived !== undefined) && !me.is_admin) throw new OpError('forbidden', 'admin only');
    if (f.name !== undefined) t.name = str(f, 'name', 100);
    if (f.description !== undefined) t.description = String(f.description);
    if (f.archived !== undefined) t.archived = f.archived === true;
    emitTeam(t.id, { ev: 'team.updated', team: teamView(t, null) });
    return { team: teamView(t, me.id) };
  } },
  'team.members': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(me.is_admin || roleOf(t.id, me.id));
    return { members: memberships.filter((m) => m.team_id === t.id).map(memberView) };
  } },
  'team.add_member': { access: 'admin', run: (f) => {
    const t = findTeam(f);
    const u = users.find((x) => x.id === int(f, 'user_id'));
    if (!u) throw new OpError('not_found', 'user');
    return { member: memberView(addMember(t.id, u.id, role(f))) };
  } },
  'team.set_role': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(isFacilitator(me, t.id));
    const m = memberships.find((x) => x.team_id === t.id && x.user_id === f.user_id);
    if (!m) throw new OpError('not_found', 'member');
    m.role = role(f);
    emitTeam(t.id, { ev: 'team.member_updated', team_id: t.id, member: memberView(m) });
    return { member: memberView(m) };
  } },
  'team.remove_member': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(isFacilitator(me, t.id));
    const at = memberships.findIndex((x) => x.team_id === t.id && x.user_id === f.user_id);
    if (at < 0) throw new OpError('not_found', 'member');
    emitTeam(t.id, { ev: 'team.member_removed', team_id: t.id, user_id: f.user_id });
    memberships.splice(at, 1);
    return {};
  } },
  'invite.create': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(isFacilitator(me, t.id));
    const hours = f.valid_hours ?? 168;
    if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new OpError('bad_request', 'valid_hours');
    const tok = token();
    const inv = { id: id(), team_id: t.id, role: role(f), email: f.email ?? null, created_by: me.id, created_at: now(), expires_at: new Date(Date.now() + hours * 3600e3).toISOString(), used_at: null, revoked_at: null, token: tok };
    invitations.push(inv);
    const { token: _t, ...view } = inv;
    return { invitation: view, token: tok, path: `/invite#token=${tok}` };
  } },
  'invite.list': { access: 'user', run: (f, { me }) => {
    const t = findTeam(f);
    need(isFacilitator(me, t.id));
    return { invitations: invitations.filter((i) => i.team_id === t.id).map(({ token: _t, ...v }) => v) };
  } },
  'invite.revoke': { access: 'user', run: (f, { me }) => {
    const inv = invitations.find((i) => i.id === f.id);
    if (!inv) throw new OpError('not_found', 'invitation');
    need(isFacilitator(me, inv.team_id));
    inv.revoked_at = now();
    return {};
  } },
  'invite.info': { access: 'public', run: (f) => {
    const inv = usableInvitation(f.token);
    const t = teams.find((x) => x.id === inv.team_id);
    return { team: { id: t.id, name: t.name }, role: inv.role, email: inv.email, expires_at: inv.expires_at };
  } },
  'invite.accept': { access: 'public', http: true, run: (f, ctx) => {
    const inv = usableInvitation(f.token);
    let u = ctx.me;
    if (!u) {
      u = newUser(f, f.org_id ?? null);
      startSession(ctx, u.id);
    }
    addMember(inv.team_id, u.id, inv.role);
    inv.used_at = now();
    return { user: userView(u), team_id: inv.team_id };
  } },
};

const chat = installChat({ OPS, OpError, memberships, users, teams, sockets, now, id, roleOf, userView, saved });

function usableInvitation(tok) {
  const inv = invitations.find((i) => i.token === tok);
  if (!inv) throw new OpError('not_found', 'invitation');
  if (inv.used_at || inv.revoked_at || Date.parse(inv.expires_at) < Date.now()) throw new OpError('gone', 'invitation');
  return inv;
}

function sessionFrom(req) {
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const t = bearer ?? cookie?.slice(COOKIE.length + 1);
  const s = t ? sessions.get(t) : null;
  const me = s ? users.find((u) => u.id === s.userId && !u.disabled) : null;
  return me ? { me, sessionToken: t } : { me: null, sessionToken: null };
}

function run(opName, fields, ctx, overSocket) {
  const op = OPS[opName];
  if (!op) throw new OpError('unknown_op', opName);
  if (overSocket && op.http) throw new OpError('bad_request', `${opName} is HTTP only`);
  if (op.access !== 'public' && !ctx.me) throw new OpError('unauthorized', 'sign in');
  if (op.access === 'admin' && !ctx.me.is_admin) throw new OpError('forbidden', 'admin only');
  return op.run(fields, ctx);
}

function errorBody(e) {
  const code = e instanceof OpError ? e.code : 'internal';
  if (!(e instanceof OpError)) console.error(e);
  return { code, message: e.message, ...(e.extra ?? {}) };
}

function securityHeaders(host) {
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://${host}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
  };
}

async function serveStatic(req, res) {
  const url = new URL(req.url, 'http://x');
  let file = path.join(STATIC_DIR, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
  const isFile = await stat(file).then((s) => s.isFile(), () => false);
  if (!isFile) file = path.join(STATIC_DIR, 'index.html');
  const body = await readFile(file);
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', ...securityHeaders(req.headers.host) });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const ctx = sessionFrom(req);
      let status = 200;
      let body;
      try {
        let fields;
        try { fields = JSON.parse(raw || '{}'); } catch { throw new OpError('invalid_json', 'bad JSON'); }
        body = { ok: true, ...run(url.pathname.slice(5), fields, ctx, false) };
      } catch (e) {
        const error = errorBody(e);
        status = STATUS[error.code] ?? 500;
        body = { ok: false, error };
        if (error.retry_after) res.setHeader('Retry-After', String(error.retry_after));
      }
      if (ctx.setCookie) res.setHeader('Set-Cookie', ctx.setCookie);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...securityHeaders(req.headers.host) });
      return void res.end(JSON.stringify(body));
    }
    await serveStatic(req, res);
  } catch (e) {
    console.error(e);
    res.writeHead(500).end();
  }
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const ctx = sessionFrom(req);
  const origin = req.headers.origin;
  if (new URL(req.url, 'http://x').pathname !== '/ws') return void socket.destroy();
  if (origin && origin !== `http://${req.headers.host}`) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  if (!ctx.me) return void socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
  wss.handleUpgrade(req, socket, head, (ws) => {
    const entry = { ws, sessionToken: ctx.sessionToken, userId: ctx.me.id };
    sockets.add(entry);
    chat.onSocketOpen(entry);
    ws.on('close', () => {
      sockets.delete(entry);
      chat.onSocketClose(entry);
    });
    ws.send(JSON.stringify({ ev: 'hello', user: userView(ctx.me), server_version: '0.1.0-fake' }));
    ws.on('message', (data) => {
      let frame;
      try { frame = JSON.parse(String(data)); } catch { return void ws.send(JSON.stringify({ re: null, ok: false, error: { code: 'invalid_json', message: 'bad JSON' } })); }
      const { op, rid, ...fields } = frame;
      const me = users.find((u) => u.id === entry.userId && !u.disabled);
      try {
        ws.send(JSON.stringify({ re: rid, ok: true, ...run(op, fields, { me, sessionToken: entry.sessionToken, socket: entry }, true) }));
      } catch (e) {
        ws.send(JSON.stringify({ re: rid, ok: false, error: errorBody(e) }));
      }
    });
  });
});

server.listen(PORT, BIND, () => {
  const { port } = server.address();
  console.log(`listening on http://${BIND}:${port}`);
  if (!users.some((u) => u.is_admin)) console.log(`setup link: http://${BIND}:${port}/setup#token=${setupToken}`);
});
const shutdown = () => {
  saveState();
  for (const s of sockets) s.ws.close(1001, 'shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
