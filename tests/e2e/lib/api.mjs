// The server's HTTP API (POST /api/<op>) as the tests' people: `cookies` maps a name to that
// person's "cookie=value" (set by the test after signing in); a null name calls without one.
import assert from 'node:assert/strict';

/** Calls over `baseUrl()` (a function: the server starts after the module is loaded). */
export function createApi(baseUrl, cookies) {
  /** The answer as { status, body, setCookie }; never throws on an error answer. */
  async function call(who, op, fields = {}) {
    const response = await fetch(`${baseUrl()}/api/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(who && cookies[who] ? { Cookie: cookies[who] } : {}) },
      body: JSON.stringify(fields),
    });
    const body = await response.json().catch(() => ({ ok: false, error: { code: 'internal' } }));
    return { status: response.status, body, setCookie: response.headers.get('set-cookie') };
  }

  /** The answer's body; fails the test with the status and error when it is not ok. */
  async function must(who, op, fields) {
    const { status, body } = await call(who, op, fields);
    assert.equal(body.ok, true, `POST /api/${op} → ${status} ${JSON.stringify(body.error)}`);
    return body;
  }

  /** Which of `ops` the server does not know (an empty request answers bad_request etc., not unknown_op). */
  async function unknownOps(who, ops) {
    const out = [];
    for (const op of ops) {
      const { body } = await call(who, op, {});
      if (body.ok === false && body.error?.code === 'unknown_op') out.push(op);
    }
    return out;
  }

  return { call, must, unknownOps };
}
