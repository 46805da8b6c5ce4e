import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, parseRetryAfter, retryableError, retryableStatus } from './retry.ts';

const policy = { retries: 5, baseMs: 100, maxMs: 2000 };

test('retryable statuses: 429, 408 and 5xx; never a 4xx validation error', () => {
  for (const s of [429, 408, 500, 502, 503, 504]) assert.equal(retryableStatus(s), true, String(s));
  for (const s of [200, 201, 400, 401, 403, 404, 405, 415]) assert.equal(retryableStatus(s), false, String(s));
  assert.equal(retryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
  assert.equal(retryableError(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })), false);
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(['7']), 7000);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('backoff: full jitter under an exponential ceiling, capped; Retry-After wins', () => {
  assert.equal(backoffMs(policy, 1, undefined, () => 1), 100);
  assert.equal(backoffMs(policy, 3, undefined, () => 1), 400);
  assert.equal(backoffMs(policy, 10, undefined, () => 1), 2000);
  assert.equal(backoffMs(policy, 3, undefined, () => 0.5), 200);
  assert.equal(backoffMs(policy, 3, undefined, () => 0), 0);
  assert.equal(backoffMs(policy, 1, 1500), 1500);
  assert.equal(backoffMs(policy, 1, 60_000), 2000);
});
