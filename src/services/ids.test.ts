import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeOrderedId } from './ids.ts';
import { isUuid } from '../domain/entity.ts';

test('time-ordered ids: UUID version 7 with the time in front, unique, sorting by creation time', () => {
  const at = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
  const id = timeOrderedId(at);
  assert.ok(isUuid(id), id);
  assert.equal(id[14], '7');
  assert.ok('89ab'.includes(id[19]), id);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
  const ids = Array.from({ length: 1000 }, (_, i) => timeOrderedId(at + i * 7));
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
  assert.notEqual(timeOrderedId(at), timeOrderedId(at));
});
