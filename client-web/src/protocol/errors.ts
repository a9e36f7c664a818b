// Error codes of docs/PROTOCOL.md, plus the client's own (`network`, `timeout`, `disconnected`)
// for failures that never reached an answer.

export const SERVER_ERROR_CODES = [
  'bad_request', 'invalid_json', 'too_deep', 'unknown_op', 'unauthorized', 'forbidden',
  'not_found', 'conflict', 'gone', 'rate_limited', 'too_large', 'unavailable', 'internal',
] as const;
export const CLIENT_ERROR_CODES = ['network', 'timeout', 'disconnected'] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** A failed operation: the server's error object, or a client-side transport failure. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds to wait, for `rate_limited`. */
    readonly retryAfter: number | null = null,
    /** With `bad_request`: the rule the input broke, as a code (PROTOCOL.md "Errors"), if the server gave one. */
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The `reason` codes of PROTOCOL.md "Errors". */
export const ERROR_REASONS = [
  'time_in_gap', 'end_before_start', 'longer_than_a_day', 'slot_twice', 'start_not_on_rule_weekday', 'until_before_start',
  'series_too_long', 'series_too_many', 'rule_misses_start',
  'orgnr_check_digit', 'country_unknown', 'document_type', 'filename_chars',
  'csv_empty', 'csv_not_utf8', 'csv_unterminated_quote', 'csv_no_name_column', 'csv_no_id_column',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

function isKnownCode(code: unknown): code is ServerErrorCode {
  return typeof code === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Builds an ApiError from an answer's `error` field. Unknown codes become `internal` so the UI
 * always has a message to show; `retryAfterHeader` is the HTTP Retry-After, if any.
 */
export function errorFromWire(error: unknown, retryAfterHeader: string | null = null): ApiError {
  const obj = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = isKnownCode(obj.code) ? obj.code : 'internal';
  const message = typeof obj.message === 'string' ? obj.message : String(obj.code ?? 'error');
  let retry: number | null = null;
  if (typeof obj.retry_after === 'number' && Number.isFinite(obj.retry_after)) {
    retry = obj.retry_after;
  } else if (retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader.trim())) {
    retry = Number(retryAfterHeader.trim());
  }
  const reason = typeof obj.reason === 'string' && obj.reason !== '' ? obj.reason : null;
  return new ApiError(code, message, retry, reason);
}
