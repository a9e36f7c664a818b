// The browser's instances: the one SocketClient of the page and the Api over it.
// Everything that touches window, WebSocket or fetch for networking is here.
import { SOCKET_PATH } from '../config';
import { createApi } from './api';
import { createHttpClient } from './http';
import { SocketClient, socketUrl, type SocketLike } from './socket';

export const socketClient = new SocketClient({
  url: () => socketUrl(window.location, SOCKET_PATH),
  createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  clock: {
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    now: () => Date.now(),
  },
  random: Math.random,
});

export const http = createHttpClient((input, init) => window.fetch(input, init));

export const api = createApi(socketClient, http);

// Coming back online: try at once instead of waiting out the backoff.
window.addEventListener('online', () => socketClient.reconnectNow());
