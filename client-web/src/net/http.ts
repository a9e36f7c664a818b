// POST /api/<op>: the HTTP form of every operation. Used for the ops that set or clear the
// session cookie and for anything asked before the WebSocket is up.
import { API_PREFIX } from '../config';
import { ApiError, errorFromWire } from '../protocol/errors';
import type { Op, Req, Res } from '../protocol/ops';

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export type HttpRequestFn = <K extends Op>(op: K, fields: Req<K>) => Promise<Res<K>>;

export function createHttpClient(fetchFn: FetchFn): HttpRequestFn {
  return async function httpRequest<K extends Op>(op: K, fields: Req<K>): Promise<Res<K>> {
    let response: Response;
    try {
      response = await fetchFn(API_PREFIX + op, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(fields ?? {}),
      });
    } catch (e) {
      throw new ApiError('network', e instanceof Error ? e.message : 'network error');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // A proxy error page or an empty body: keep the HTTP status as the best information.
      throw statusError(response);
    }
    if (typeof body !== 'object' || body === null) throw statusError(response);
    const answer = body as Record<string, unknown>;
    if (answer.ok === true && response.ok) {
      const { ok: _ok, ...rest } = answer;
      return rest as Res<K>;
    }
    if (answer.error !== undefined) {
      throw errorFromWire(answer.error, response.headers.get('Retry-After'));
    }
    throw statusError(response);
  };
}

function statusError(response: Response): ApiError {
  const code =
    response.status === 401 ? 'unauthorized'
    : response.status === 403 ? 'forbidden'
    : response.status === 404 ? 'not_found'
    : response.status === 413 ? 'too_large'
    : response.status === 429 ? 'rate_limited'
    : response.status === 503 ? 'unavailable'
    : 'internal';
  return errorFromWire({ code, message: `HTTP ${response.status}` }, response.headers.get('Retry-After'));
}
