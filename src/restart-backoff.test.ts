import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartBackoff } from './restart-backoff.ts';

test('the delay doubles to its ceiling while the thread keeps dying soon, and starts over after a stable run', () => {
  const b = new RestartBackoff(1000, 5000, 60_000);
  assert.deepEqual([0, 1, 2, 3, 4].map(() => b.delay(0, 10)), [1000, 2000, 4000, 5000, 5000]);
  assert.equal(b.delay(0, 60_000), 1000, 'it ran a minute');
  assert.equal(b.delay(60_000, 60_010), 2000);
});
