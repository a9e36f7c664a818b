// Chooses the transport for each operation: HTTP for the cookie-setting ops and whenever the
// socket is not online (signed out, or still connecting); the socket otherwise.
import { HTTP_ONLY_OPS, type Op, type Req, type Res } from '../protocol/ops';
import type { HttpRequestFn } from './http';
import type { SocketClient } from './socket';

export interface Api {
  request<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>>;
}

export function createApi(socket: Pick<SocketClient, 'status' | 'request'>, http: HttpRequestFn): Api {
  return {
    request<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>> {
      if (HTTP_ONLY_OPS.has(op) || socket.status !== 'online') return http(op, fields);
      return socket.request(op, fields);
    },
  };
}
