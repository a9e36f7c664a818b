// Reconnect delays: exponential growth with a ceiling, then jitter so that many clients that
// lost the server at the same moment do not all come back in the same millisecond.
import {
  RECONNECT_BASE_MS, RECONNECT_FACTOR, RECONNECT_JITTER, RECONNECT_MAX_MS,
} from '../config';

export interface BackoffOptions {
  baseMs: number;
  factor: number;
  maxMs: number;
  /** 0..1: the share of the delay that is random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: RECONNECT_BASE_MS,
  factor: RECONNECT_FACTOR,
  maxMs: RECONNECT_MAX_MS,
  jitter: RECONNECT_JITTER,
};

/**
 * The delay before reconnect attempt number `attempt` (0 for the first).
 * REQUIRES: random() returns a number in [0, 1).
 * The result lies in [cap * (1 - jitter), cap], cap = min(maxMs, baseMs * factor^attempt).
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exp = options.baseMs * Math.pow(options.factor, Math.max(0, attempt));
  const cap = Math.min(options.maxMs, exp);
  const spread = Math.min(1, Math.max(0, options.jitter));
  return Math.round(cap * (1 - spread + random() * spread));
}
