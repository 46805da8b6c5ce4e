// When to retry an ERS call and how long to wait: 429, 5xx and transport
// failures (timeouts, resets, refused connections) are retried with
// exponential backoff and full jitter, honouring Retry-After; every other
// status (a 4xx validation error above all) is final.

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff step, ms. */
  baseMs: number;
  /** Longest single wait, ms. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseMs: 250, maxMs: 30_000 };

/** Statuses worth another attempt. */
export function retryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

const TRANSPORT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Errors that come from the transport (worth retrying), as opposed to TLS or programming errors. */
export function retryableError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code !== undefined && TRANSPORT_CODES.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `attempt` (1-based): a server's Retry-After
 * wins (capped at maxMs); otherwise a uniformly random wait in
 * [0, min(maxMs, baseMs * 2^(attempt-1))] ("full jitter").
 */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, retryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
