import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from './rate-limiter.ts';
import { runPool } from './pool.ts';

test('rate limiter: 0 is unlimited; otherwise calls are spaced at the rate', async () => {
  assert.equal(new RateLimiter(0).unlimited, true);
  const limiter = new RateLimiter(50);
  const t0 = performance.now();
  for (let i = 0; i < 26; i++) await limiter.take();
  const ms = performance.now() - t0;
  assert.ok(ms >= 450 && ms < 5000, `26 takes at 50/s took ${ms} ms`);
});

test('pool: never more than the limit in flight, pulls the source lazily, rethrows a failure', async () => {
  let inFlight = 0;
  let peak = 0;
  let pulled = 0;
  function* source() { for (let i = 0; i < 20; i++) { pulled++; yield i; } }
  await runPool(source(), 3, async (i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    assert.equal(pulled, i + 1, 'the source is read only as far as the started tasks');
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
  });
  assert.equal(peak, 3);
  assert.equal(pulled, 20);
  let started = 0;
  await assert.rejects(runPool(source(), 2, async (i) => { started++; if (i === 3) throw new Error('boom'); await new Promise((r) => setTimeout(r, 5)); }), /boom/);
  assert.ok(started < 20, 'stops pulling after a failure');
});
