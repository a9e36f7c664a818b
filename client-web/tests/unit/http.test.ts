import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/net/http';
import { createApi } from '../../src/net/api';
import { ApiError } from '../../src/protocol/errors';

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const http = createHttpClient(async (url, init) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  });
  return { http, calls };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected failure');
}

describe('HTTP transport', () => {
  it('POSTs JSON to /api/<op> and strips ok from the answer', async () => {
    const { http, calls } = respond(200, { ok: true, user: { id: 1 } });
    expect(await http('auth.login', { email: 'a@b.no', password: 'x' })).toEqual({ user: { id: 1 } });
    expect(calls[0]!.url).toBe('/api/auth.login');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ email: 'a@b.no', password: 'x' });
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns an error answer into ApiError, with Retry-After as a fallback', async () => {
    const { http } = respond(429, { ok: false, error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '30' });
    const e = await failure(http('auth.login', { email: 'a@b.no', password: 'x' }));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfter).toBe(30);
  });

  it('prefers retry_after from the error object', async () => {
    const { http } = respond(429, { ok: false, error: { code: 'rate_limited', message: '', retry_after: 12 } }, { 'Retry-After': '30' });
    expect((await failure(http('auth.login', { email: 'a@b.no', password: 'x' }))).retryAfter).toBe(12);
  });

  it('maps a non-JSON answer by its status', async () => {
    expect((await failure(respond(401, 'Unauthorized').http('auth.me', {}))).code).toBe('unauthorized');
    expect((await failure(respond(502, '<html>').http('auth.me', {}))).code).toBe('internal');
  });

  it('reports a failed fetch as network', async () => {
    const http = createHttpClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await failure(http('auth.me', {}))).code).toBe('network');
  });
});

describe('transport choice', () => {
  function make(status: 'online' | 'offline') {
    const used: string[] = [];
    const api = createApi(
      {
        status,
        request: (async (op: string) => {
          used.push(`ws:${op}`);
          return {};
        }) as never,
      },
      (async (op: string) => {
        used.push(`http:${op}`);
        return {};
      }) as never,
    );
    return { api, used };
  }

  it('uses the socket when online, except for cookie-setting ops', async () => {
    const { api, used } = make('online');
    await api.request('team.list', {});
    await api.request('auth.login', { email: 'a@b.no', password: 'p' });
    await api.request('auth.logout', {});
    await api.request('invite.accept', { token: 't' });
    await api.request('setup.complete', {
      token: 't', email: 'a@b.no', display_name: 'A', password: 'p', organisation: { name: 'X', orgnr: '983974880' },
    });
    expect(used).toEqual(['ws:team.list', 'http:auth.login', 'http:auth.logout', 'http:invite.accept', 'http:setup.complete']);
  });

  it('uses HTTP while the socket is not online', async () => {
    const { api, used } = make('offline');
    await api.request('team.list', {});
    expect(used).toEqual(['http:team.list']);
  });
});
