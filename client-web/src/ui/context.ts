// What the screens are given: the session, the API, the socket's status and events, and the
// navigator. main.tsx provides the browser instances; nothing below imports them directly.
import { createContext, useContext } from 'react';
import type { Api } from '../net/api';
import type { ChatSync } from '../net/chatSync';
import type { FetchFn } from '../net/http';
import type { SocketClient } from '../net/socket';
import type { Session } from '../state/session';
import type { Navigator } from './navigation';

export interface AppServices {
  session: Session;
  api: Api;
  socket: Pick<SocketClient, 'status' | 'onStatus' | 'on' | 'request'>;
  navigator: Navigator;
  /** Channel subscriptions and message logs (net/chatSync.ts). */
  chat: ChatSync;
  clipboard: (text: string) => Promise<void>;
  /** Raw HTTP for uploads with a file body (net/upload.ts). */
  fetch: FetchFn;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext missing');
  return services;
}
