import { describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../../src/config';
import { ApiError } from '../../src/protocol/errors';
import type { Op } from '../../src/protocol/ops';
import type { User } from '../../src/protocol/types';
import { createSession } from '../../src/state/session';

const USER: User = {
  id: 1, email: 'kari@helse-vest.no', display_name: 'Kari', org_id: null, org_name: null,
  language: 'en', is_admin: true, disabled: false, created_at: '2026-11-25T09:00:00.000Z',
};

function harness(signedIn: boolean) {
  const storage = new Map<string, string>();
  const calls: { op: Op; fields: unknown }[] = [];
  let guard: ((code: number) => Promise<boolean>) | null = null;
  const socket = { started: 0, stopped: 0 };
  let authed = signedIn;
  const answer = async (op: Op, fields: unknown): Promise<never> => {
    calls.push({ op, fields });
    if (op === 'server.info') return { version: '0.1.0', needs_setup: false, languages: ['nb', 'en'] } as never;
    if (op === 'auth.me') {
      if (!authed) throw new ApiError('unauthorized', 'no session');
      return { user: USER, memberships: [] } as never;
    }
    if (op === 'profile.update') return { user: { ...USER, ...(fields as object) } } as never;
    return {} as never;
  };
  const session = createSession({
    api: { request: answer as never },
    http: answer as never,
    socket: {
      start: () => { socket.started++; },
      stop: () => { socket.stopped++; },
      setReconnectGuard: (g) => { guard = g; },
      on: () => () => {},
    },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => { storage.set(k, v); } },
  });
  return { session, storage, calls, socket, guard: () => guard!, signOut: () => { authed = false; } };
}

describe('session', () => {
  it('starts in Norwegian when nothing is stored', async () => {
    const { session } = harness(false);
    await session.init();
    expect(session.store.get()).toMatchObject({ phase: 'signed_out', language: 'nb' });
  });

  it('keeps the language in local storage when signed out', async () => {
    const { session, storage, calls } = harness(false);
    await session.init();
    await session.setLanguage('en');
    expect(storage.get(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(calls.some((c) => c.op === 'profile.update')).toBe(false);
  });

  it('takes the profile language on sign-in and saves changes to the profile', async () => {
    const { session, calls, socket } = harness(true);
    await session.init();
    expect(session.store.get()).toMatchObject({ phase: 'signed_in', language: 'en' });
    expect(socket.started).toBe(1);
    await session.setLanguage('nb');
    expect(calls.find((c) => c.op === 'profile.update')?.fields).toEqual({ language: 'nb' });
    expect(session.store.get().language).toBe('nb');
  });

  it('ends the session when the socket closes and auth.me says 401', async () => {
    const h = harness(true);
    await h.session.init();
    h.signOut();
    expect(await h.guard()(1008)).toBe(false);
    expect(h.session.store.get()).toMatchObject({ phase: 'signed_out', ended: true, user: null });
  });
});
