// Turns a failed operation into a message key. Screens may map particular codes to messages of
// their own first (wrong password, email in use...).
import type { MessageKey } from '../i18n/catalogue';
import { isApiError, type ErrorCode, type ErrorReason } from '../protocol/errors';
import type { Translator } from '../state/calendar';

const BY_CODE: Record<ErrorCode, MessageKey> = {
  bad_request: 'error.bad_request',
  invalid_json: 'error.internal',
  too_deep: 'error.internal',
  unknown_op: 'error.internal',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  gone: 'error.gone',
  rate_limited: 'error.rate_limited',
  too_large: 'error.too_large',
  unavailable: 'error.unavailable',
  internal: 'error.internal',
  network: 'error.network',
  timeout: 'error.timeout',
  disconnected: 'error.disconnected',
};

export function errorKey(error: unknown, overrides: Partial<Record<ErrorCode, MessageKey>> = {}): MessageKey {
  if (!isApiError(error)) return 'error.internal';
  return overrides[error.code] ?? BY_CODE[error.code];
}

/** The words for each rule of PROTOCOL.md's `reason` codes ("Errors"). */
export const ERROR_REASON_KEYS: Record<ErrorReason, MessageKey> = {
  time_in_gap: 'meetings.reason_time_in_gap',
  end_before_start: 'meetings.end_before_start',
  longer_than_a_day: 'meetings.reason_longer_than_a_day',
  slot_twice: 'meetings.reason_slot_twice',
  start_not_on_rule_weekday: 'meetings.reason_start_not_on_rule_weekday',
  until_before_start: 'meetings.reason_until_before_start',
  series_too_long: 'meetings.reason_series_too_long',
  series_too_many: 'meetings.reason_series_too_many',
  rule_misses_start: 'meetings.reason_rule_misses_start',
  orgnr_check_digit: 'error.reason_orgnr_check_digit',
  country_unknown: 'error.reason_country_unknown',
  document_type: 'documents.reason_document_type',
  filename_chars: 'documents.reason_filename_chars',
  csv_empty: 'import.reason_csv_empty',
  csv_not_utf8: 'import.reason_csv_not_utf8',
  csv_unterminated_quote: 'import.reason_csv_unterminated_quote',
  csv_no_name_column: 'import.reason_csv_no_name_column',
  csv_no_id_column: 'import.reason_csv_no_id_column',
};

/**
 * The reader's words for the rule a bad_request broke, when the server named it with a `reason`
 * the client knows; null otherwise. `{line}` is the CSV line the server's message names.
 */
export function reasonText(t: Translator, error: unknown): string | null {
  if (!isApiError(error, 'bad_request') || error.reason === null) return null;
  if (!Object.prototype.hasOwnProperty.call(ERROR_REASON_KEYS, error.reason)) return null;
  const line = /\bline (\d+)/.exec(error.message)?.[1] ?? '?';
  return t(ERROR_REASON_KEYS[error.reason as ErrorReason], { line });
}
