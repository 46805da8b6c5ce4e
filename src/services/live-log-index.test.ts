import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveLogIndex } from './live-log-index.ts';

test('ids per key newest first, bounded below; pruned rows disappear', () => {
  const ix = new LiveLogIndex();
  for (let id = 1; id <= 10; id++) ix.add({ id, mac: id % 2 ? 'AA' : 'BB', userName: id <= 5 ? 'alice' : '' });
  assert.deepEqual([...ix.ids('mac', 'AA')], [9, 7, 5, 3, 1]);
  assert.deepEqual([...ix.ids('mac', 'BB', 6)], [10, 8, 6]);
  assert.deepEqual([...ix.ids('user', 'alice')], [5, 4, 3, 2, 1]);
  assert.deepEqual([...ix.ids('user', 'bob')], []);
  ix.pruneBelow(6);
  assert.deepEqual([...ix.ids('user', 'alice')], []);
  assert.deepEqual([...ix.ids('mac', 'AA')], [9, 7]);
  assert.equal(ix.keyCount, 2);
  ix.add({ id: 11, mac: 'AA', userName: 'alice' });
  assert.deepEqual([...ix.ids('user', 'alice')], [11]);
});
