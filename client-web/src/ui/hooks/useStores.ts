import { useCallback, useSyncExternalStore } from 'react';
import type { MessageKey, MessageParams } from '../../i18n/catalogue';
import { translate } from '../../i18n/catalogue';
import type { ConnectionStatus } from '../../net/socket';
import type { SessionState } from '../../state/session';
import type { LocationState } from '../navigation';
import { useServices } from '../context';

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.store.subscribe, session.store.get);
}

export function useLocationState(): LocationState {
  const { navigator } = useServices();
  return useSyncExternalStore(navigator.store.subscribe, navigator.store.get);
}

export function useConnectionStatus(): ConnectionStatus {
  const { socket } = useServices();
  const subscribe = useCallback((cb: () => void) => socket.onStatus(cb), [socket]);
  return useSyncExternalStore(subscribe, () => socket.status);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The translate function for the current language. */
export function useT(): Translate {
  const { language } = useSession();
  return useCallback<Translate>((key, params) => translate(language, key, params), [language]);
}
