// Client routes: plain paths (the server answers index.html for any unknown non-API path).
// Secrets (setup and invitation tokens) travel in the fragment, which never reaches a server log.

export type AdminTab = 'users' | 'organisations' | 'teams';
export const ADMIN_TABS: readonly AdminTab[] = ['users', 'organisations', 'teams'];

export type Route =
  | { name: 'teams' }
  | { name: 'login'; next: string | null }
  | { name: 'setup'; token: string | null }
  | { name: 'invite'; token: string | null }
  | { name: 'team'; id: number }
  | { name: 'team_search'; id: number }
  | { name: 'draft'; teamId: number; draftId: number }
  | { name: 'library' }
  | { name: 'admin'; tab: AdminTab }
  | { name: 'profile' }
  | { name: 'not_found' };

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
    case 'library': return '/library';
    case 'admin': return route.tab === 'users' ? '/admin' : `/admin/${route.tab}`;
    case 'profile': return '/profile';
    case 'not_found': return '/';
  }
}

/** Only same-site paths may be a post-login destination (no open redirect). */
export function isSafeNext(next: string): boolean {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
}
