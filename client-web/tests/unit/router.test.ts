import { describe, expect, it } from 'vitest';
import { isSafeNext, parseRoute, routeHref, tokenFromHash } from '../../src/state/router';

describe('routes', () => {
  it('parses the plain paths', () => {
    expect(parseRoute('/', '', '')).toEqual({ name: 'teams' });
    expect(parseRoute('/teams/12', '', '')).toEqual({ name: 'team', id: 12 });
    expect(parseRoute('/teams/0', '', '')).toEqual({ name: 'not_found' });
    expect(parseRoute('/admin', '', '')).toEqual({ name: 'admin', tab: 'users' });
    expect(parseRoute('/admin/organisations', '', '')).toEqual({ name: 'admin', tab: 'organisations' });
    expect(parseRoute('/admin/nope', '', '')).toEqual({ name: 'not_found' });
    expect(parseRoute('/profile/', '', '')).toEqual({ name: 'profile' });
    expect(parseRoute('/elsewhere', '', '')).toEqual({ name: 'not_found' });
  });

  it('reads tokens from the fragment', () => {
    expect(parseRoute('/setup', '', '#token=abc123')).toEqual({ name: 'setup', token: 'abc123' });
    expect(parseRoute('/invite', '', '#token=x-y_z')).toEqual({ name: 'invite', token: 'x-y_z' });
    expect(parseRoute('/invite', '', '')).toEqual({ name: 'invite', token: null });
    expect(tokenFromHash('#main')).toBeNull();
  });

  it('keeps a safe post-login destination only', () => {
    expect(parseRoute('/login', '?next=%2Fteams%2F2', '')).toEqual({ name: 'login', next: '/teams/2' });
    expect(parseRoute('/login', '?next=https%3A%2F%2Fevil.example', '')).toEqual({ name: 'login', next: null });
    expect(isSafeNext('//evil.example')).toBe(false);
    expect(isSafeNext('/\\evil.example')).toBe(false);
  });

  it('round-trips through routeHref', () => {
    const inviteHref = routeHref({ name: 'invite', token: 'tok' });
    expect(inviteHref).toBe('/invite#token=tok');
    const login = routeHref({ name: 'login', next: inviteHref });
    const url = new URL(login, 'http://x');
    expect(parseRoute(url.pathname, url.search, url.hash)).toEqual({ name: 'login', next: inviteHref });
  });
});
