// Who is signed in, and the language the UI speaks. No DOM: the transports and the storage
// are passed in.
//
// The client cannot read its HttpOnly cookie, so it asks: `auth.me` over HTTP answers the user
// or 401. Signing in (login, setup, invitation) happens over HTTP because only an HTTP answer
// can set the cookie; then the socket is started. When the socket closes and the reconnect
// guard's `auth.me` says 401, the session is over (logged out elsewhere, disabled, password
// changed): the socket stops and the state becomes signed out with `ended` set.
import type { Api } from '../net/api';
import type { HttpRequestFn } from '../net/http';
import type { SocketClient } from '../net/socket';
import { isApiError } from '../protocol/errors';
import type { Req } from '../protocol/ops';
import type { Language, Membership, User } from '../protocol/types';
import { storeLanguage, storedLanguage, type KeyValueStorage } from './language';
import { createStore, type Store } from './store';

export type SessionPhase = 'loading' | 'signed_out' | 'signed_in';

export interface SessionState {
  phase: SessionPhase;
  user: User | null;
  memberships: Membership[];
  /** From server.info: no administrator exists yet. */
  needsSetup: boolean;
  /** The session was ended from elsewhere (not by this page's logout). */
  ended: boolean;
  language: Language;
  /** A start-up failure other than "not signed in" (server unreachable). */
  loadError: boolean;
}

export interface SessionDeps {
  api: Api;
  http: HttpRequestFn;
  socket: Pick<SocketClient, 'start' | 'stop' | 'setReconnectGuard' | 'on'>;
  storage: KeyValueStorage | null;
}

export interface Session {
  store: Store<SessionState>;
  init(): Promise<void>;
  login(email: string, password: string): Promise<void>;
  completeSetup(fields: Req<'setup.complete'>): Promise<void>;
  acceptInvite(fields: Req<'invite.accept'>): Promise<number>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  setUser(user: User): void;
  setLanguage(language: Language): Promise<void>;
}

export function createSession(deps: SessionDeps): Session {
  const store = createStore<SessionState>({
    phase: 'loading',
    user: null,
    memberships: [],
    needsSetup: false,
    ended: false,
    language: storedLanguage(deps.storage),
    loadError: false,
  });

  function signedOut(ended: boolean): void {
    deps.socket.stop();
    store.update((s) => ({ ...s, phase: 'signed_out', user: null, memberships: [], ended }));
  }

  function setUser(user: User): void {
    storeLanguage(deps.storage, user.language);
    store.update((s) => ({ ...s, user, language: user.language }));
  }

  /** Reads the session with auth.me; true when signed in. */
  async function loadMe(): Promise<boolean> {
    try {
      const me = await deps.http('auth.me', {});
      setUser(me.user);
      store.update((s) => ({
        ...s, phase: 'signed_in', memberships: me.memberships, ended: false, loadError: false,
      }));
      deps.socket.start();
      return true;
    } catch (e) {
      if (isApiError(e, 'unauthorized')) {
        signedOut(false);
        return false;
      }
      throw e;
    }
  }

  deps.socket.setReconnectGuard(async () => {
    try {
      await deps.http('auth.me', {});
      return true;
    } catch (e) {
      if (!isApiError(e, 'unauthorized')) return true; // server away: keep trying
      signedOut(true);
      return false;
    }
  });

  deps.socket.on('hello', (hello) => setUser(hello.user));

  return {
    store,
    setUser,
    async init() {
      try {
        const info = await deps.http('server.info', {});
        store.update((s) => ({ ...s, needsSetup: info.needs_setup }));
        await loadMe();
      } catch {
        store.update((s) => ({ ...s, phase: 'signed_out', loadError: true }));
      }
    },
    async login(email, password) {
      await deps.http('auth.login', { email, password });
      await loadMe();
    },
    async completeSetup(fields) {
      await deps.http('setup.complete', fields);
      store.update((s) => ({ ...s, needsSetup: false }));
      await loadMe();
    },
    async acceptInvite(fields) {
      const answer = await deps.http('invite.accept', fields);
      await loadMe();
      return answer.team_id;
    },
    async logout() {
      try {
        await deps.http('auth.logout', {});
      } catch (e) {
        if (!isApiError(e, 'unauthorized')) throw e; // already signed out is fine
      }
      signedOut(false);
    },
    async refresh() {
      await loadMe();
    },
    async setLanguage(language) {
      storeLanguage(deps.storage, language);
      store.update((s) => ({ ...s, language }));
      if (store.get().phase !== 'signed_in') return;
      const answer = await deps.api.request('profile.update', { language });
      setUser(answer.user);
    },
  };
}
