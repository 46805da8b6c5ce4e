import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRadiusThreads, loadConfig } from './config.ts';

test('RADIUS threads by default: one fewer than the cores, from 1 to 4', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 16].map(defaultRadiusThreads), [1, 1, 2, 3, 4, 4, 4]);
});

test('--radius-threads and GATEHOUSE_RADIUS_THREADS override the default, the flag winning', () => {
  assert.equal(loadConfig({ 'data-dir': '/nonexistent', 'radius-threads': 3 }, {}).radiusThreads, 3);
  assert.equal(loadConfig({ 'data-dir': '/nonexistent' }, { GATEHOUSE_RADIUS_THREADS: '1' }).radiusThreads, 1);
  assert.equal(loadConfig({ 'data-dir': '/nonexistent', 'radius-threads': 2 }, { GATEHOUSE_RADIUS_THREADS: '1' }).radiusThreads, 2);
});
