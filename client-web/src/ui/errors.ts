// Turns a failed operation into a message key. Screens may map particular codes to messages of
// their own first (wrong password, email in use...).
import type { MessageKey } from '../i18n/catalogue';
import { isApiError, type ErrorCode } from '../protocol/errors';

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
