// Client routes: plain paths (the server answers index.html for any unknown non-API path).
// Secrets (setup and invitation tokens) travel in the fragment, which never reaches a server log.

import { CALENDAR_VIEWS, isLocalDate, type CalendarView } from './calendar';
import { noteFilterFromQuery, noteFilterQuery, supplierFilterFromQuery, supplierFilterQuery, type NoteListFilter, type SupplierListFilter } from './suppliers';

export type AdminTab = 'users' | 'organisations' | 'teams' | 'suppliers';
export const ADMIN_TABS: readonly AdminTab[] = ['users', 'organisations', 'teams', 'suppliers'];

export type Route =
  | { name: 'teams' }
  | { name: 'login'; next: string | null }
  | { name: 'setup'; token: string | null }
  | { name: 'invite'; token: string | null }
  | { name: 'team'; id: number }
  | { name: 'team_search'; id: number }
  | { name: 'draft'; teamId: number; draftId: number }
  | { name: 'meetings'; teamId: number; view: CalendarView; date: string | null }
  | { name: 'meeting'; teamId: number; meetingId: number; occurrence: string | null }
  | { name: 'meeting_new'; teamId: number; date: string | null }
  | { name: 'meeting_edit'; teamId: number; meetingId: number; scope: MeetingEditScope; occurrence: string | null }
  | { name: 'poll'; teamId: number; pollId: number }
  | { name: 'poll_new'; teamId: number }
  | { name: 'library' }
  | { name: 'suppliers'; filter: SupplierListFilter }
  | { name: 'supplier_priorities' }
  | { name: 'supplier_new' }
  | { name: 'supplier_import' }
  | { name: 'supplier'; id: number }
  | { name: 'supplier_edit'; id: number }
  | { name: 'case_new'; supplierId: number }
  | { name: 'case'; id: number }
  | { name: 'notes'; filter: NoteListFilter }
  | { name: 'note_new'; supplierId: number | null; caseId: number | null }
  | { name: 'note'; id: number }
  | { name: 'note_edit'; id: number }
  | { name: 'admin'; tab: AdminTab }
  | { name: 'profile' }
  | { name: 'not_found' };

export type MeetingEditScope = 'series' | 'occurrence' | 'following';
const EDIT_SCOPES: readonly MeetingEditScope[] = ['series', 'occurrence', 'following'];

/** A `YYYY-MM-DD` query parameter, or null when missing or not a real day. */
function dateParam(q: URLSearchParams, name: string): string | null {
  const v = q.get(name);
  return v !== null && isLocalDate(v) ? v : null;
}

/** Routes that work without a session. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'login' || route.name === 'setup' || route.name === 'invite';
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

export function parseRoute(pathname: string, search: string, hash: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/teams') return { name: 'teams' };
  if (path === '/login') {
    const next = new URLSearchParams(search).get('next');
    return { name: 'login', next: next !== null && isSafeNext(next) ? next : null };
  }
  if (path === '/setup') return { name: 'setup', token: tokenFromHash(hash) };
  if (path === '/invite') return { name: 'invite', token: tokenFromHash(hash) };
  if (path === '/profile') return { name: 'profile' };
  if (path === '/library') return { name: 'library' };
  if (path === '/admin') return { name: 'admin', tab: 'users' };
  const admin = /^\/admin\/([a-z]+)$/.exec(path);
  if (admin && (ADMIN_TABS as readonly string[]).includes(admin[1]!)) {
    return { name: 'admin', tab: admin[1] as AdminTab };
  }
  const team = /^\/teams\/([1-9][0-9]{0,15})$/.exec(path);
  if (team) return { name: 'team', id: Number(team[1]) };
  const searchPath = /^\/teams\/([1-9][0-9]{0,15})\/search$/.exec(path);
  if (searchPath) return { name: 'team_search', id: Number(searchPath[1]) };
  const draft = /^\/teams\/([1-9][0-9]{0,15})\/drafts\/([1-9][0-9]{0,15})$/.exec(path);
  if (draft) return { name: 'draft', teamId: Number(draft[1]), draftId: Number(draft[2]) };
  const meetingRoute = parseMeetingRoute(path, new URLSearchParams(search));
  if (meetingRoute) return meetingRoute;
  const supplierRoute = parseSupplierRoute(path, new URLSearchParams(search));
  if (supplierRoute) return supplierRoute;
  return { name: 'not_found' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'teams': return '/';
    case 'login': return route.next ? `/login?next=${encodeURIComponent(route.next)}` : '/login';
    case 'setup': return route.token ? `/setup#token=${encodeURIComponent(route.token)}` : '/setup';
    case 'invite': return route.token ? `/invite#token=${encodeURIComponent(route.token)}` : '/invite';
    case 'team': return `/teams/${route.id}`;
    case 'team_search': return `/teams/${route.id}/search`;
    case 'draft': return `/teams/${route.teamId}/drafts/${route.draftId}`;
    case 'meetings': {
      const q = new URLSearchParams();
      if (route.view !== 'month') q.set('view', route.view);
      if (route.date) q.set('date', route.date);
      const qs = q.toString();
      return `/teams/${route.teamId}/meetings${qs ? `?${qs}` : ''}`;
    }
    case 'meeting': return `/teams/${route.teamId}/meetings/${route.meetingId}${route.occurrence ? `?occurrence=${route.occurrence}` : ''}`;
    case 'meeting_new': return `/teams/${route.teamId}/meetings/new${route.date ? `?date=${route.date}` : ''}`;
    case 'meeting_edit': {
      const q = new URLSearchParams();
      if (route.scope !== 'series') q.set('scope', route.scope);
      if (route.occurrence) q.set('occurrence', route.occurrence);
      const qs = q.toString();
      return `/teams/${route.teamId}/meetings/${route.meetingId}/edit${qs ? `?${qs}` : ''}`;
    }
    case 'poll': return `/teams/${route.teamId}/polls/${route.pollId}`;
    case 'poll_new': return `/teams/${route.teamId}/polls/new`;
    case 'library': return '/library';
    case 'suppliers': return withQuery('/suppliers', supplierFilterQuery(route.filter));
    case 'supplier_priorities': return '/suppliers/priorities';
    case 'supplier_new': return '/suppliers/new';
    case 'supplier_import': return '/suppliers/import';
    case 'supplier': return `/suppliers/${route.id}`;
    case 'supplier_edit': return `/suppliers/${route.id}/edit`;
    case 'case_new': return `/suppliers/${route.supplierId}/cases/new`;
    case 'case': return `/cases/${route.id}`;
    case 'notes': return withQuery('/notes', noteFilterQuery(route.filter));
    case 'note_new': {
      const q = new URLSearchParams();
      if (route.supplierId !== null) q.set('supplier_id', String(route.supplierId));
      if (route.caseId !== null) q.set('case_id', String(route.caseId));
      return withQuery('/notes/new', q);
    }
    case 'note': return `/notes/${route.id}`;
    case 'note_edit': return `/notes/${route.id}/edit`;
    case 'admin': return route.tab === 'users' ? '/admin' : `/admin/${route.tab}`;
    case 'profile': return '/profile';
    case 'not_found': return '/';
  }
}

const ID = '([1-9][0-9]{0,15})';

function withQuery(path: string, q: URLSearchParams): string {
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A positive integer query parameter, or null. */
function idParam(q: URLSearchParams, name: string): number | null {
  const v = q.get(name);
  return v !== null && /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : null;
}

/** The supplier register, follow-up cases and experience notes. */
function parseSupplierRoute(path: string, q: URLSearchParams): Route | null {
  if (path === '/suppliers') return { name: 'suppliers', filter: supplierFilterFromQuery(q) };
  if (path === '/suppliers/priorities') return { name: 'supplier_priorities' };
  if (path === '/suppliers/new') return { name: 'supplier_new' };
  if (path === '/suppliers/import') return { name: 'supplier_import' };
  let m = new RegExp(`^/suppliers/${ID}$`).exec(path);
  if (m) return { name: 'supplier', id: Number(m[1]) };
  m = new RegExp(`^/suppliers/${ID}/edit$`).exec(path);
  if (m) return { name: 'supplier_edit', id: Number(m[1]) };
  m = new RegExp(`^/suppliers/${ID}/cases/new$`).exec(path);
  if (m) return { name: 'case_new', supplierId: Number(m[1]) };
  m = new RegExp(`^/cases/${ID}$`).exec(path);
  if (m) return { name: 'case', id: Number(m[1]) };
  if (path === '/notes') return { name: 'notes', filter: noteFilterFromQuery(q) };
  if (path === '/notes/new') return { name: 'note_new', supplierId: idParam(q, 'supplier_id'), caseId: idParam(q, 'case_id') };
  m = new RegExp(`^/notes/${ID}$`).exec(path);
  if (m) return { name: 'note', id: Number(m[1]) };
  m = new RegExp(`^/notes/${ID}/edit$`).exec(path);
  if (m) return { name: 'note_edit', id: Number(m[1]) };
  return null;
}

/** The team calendar, meeting and poll pages under /teams/<id>/. */
function parseMeetingRoute(path: string, q: URLSearchParams): Route | null {
  let m = new RegExp(`^/teams/${ID}/meetings$`).exec(path);
  if (m) {
    const view = q.get('view');
    return {
      name: 'meetings',
      teamId: Number(m[1]),
      view: view !== null && (CALENDAR_VIEWS as readonly string[]).includes(view) ? (view as CalendarView) : 'month',
      date: dateParam(q, 'date'),
    };
  }
  m = new RegExp(`^/teams/${ID}/meetings/new$`).exec(path);
  if (m) return { name: 'meeting_new', teamId: Number(m[1]), date: dateParam(q, 'date') };
  m = new RegExp(`^/teams/${ID}/meetings/${ID}$`).exec(path);
  if (m) return { name: 'meeting', teamId: Number(m[1]), meetingId: Number(m[2]), occurrence: dateParam(q, 'occurrence') };
  m = new RegExp(`^/teams/${ID}/meetings/${ID}/edit$`).exec(path);
  if (m) {
    const scope = q.get('scope');
    return {
      name: 'meeting_edit',
      teamId: Number(m[1]),
      meetingId: Number(m[2]),
      scope: scope !== null && (EDIT_SCOPES as readonly string[]).includes(scope) ? (scope as MeetingEditScope) : 'series',
      occurrence: dateParam(q, 'occurrence'),
    };
  }
  m = new RegExp(`^/teams/${ID}/polls/new$`).exec(path);
  if (m) return { name: 'poll_new', teamId: Number(m[1]) };
  m = new RegExp(`^/teams/${ID}/polls/${ID}$`).exec(path);
  if (m) return { name: 'poll', teamId: Number(m[1]), pollId: Number(m[2]) };
  return null;
}

/** Only same-site paths may be a post-login destination (no open redirect). */
export function isSafeNext(next: string): boolean {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
}
