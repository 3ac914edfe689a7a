/**
 * Retry decisions of the Aura API client, pure so they get table tests. The API asks for exponential
 * backoff with a limited number of retries, a slower pace on 429 and no resend of other 4xx; only
 * idempotent methods are safe to resend after a 5xx (docs/vendor-facts.md: Aura API, retries).
 */

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Upper bound of one computed delay (Retry-After may ask for more; it is honoured up to the deadline). */
  capMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000, maxRetries: 5 };

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 * Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT") and the obsolete forms Node accepts.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

export type RetryKind = "rate-limited" | "server-error" | "network";

/** Whether a response (or a network failure, status null) may be retried for this method. */
export function retryKind(status: number | null, idempotent: boolean): RetryKind | null {
  // 429: the request was refused before it was processed, so even a POST may be sent again.
  if (status === 429) return "rate-limited";
  if (status === null) return idempotent ? "network" : null;
  if (status >= 500 && status <= 599) return idempotent ? "server-error" : null;
  return null;
}

/**
 * Delay before retry number `retry` (1-based): full-jitter exponential backoff, never shorter than the
 * server's Retry-After. `random` is injected so the result is reproducible in tests.
 */
export function backoffDelayMs(retry: number, retryAfterMs: number | null, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  // Half fixed, half random: spreads parallel pipelines without ever collapsing to zero.
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}
