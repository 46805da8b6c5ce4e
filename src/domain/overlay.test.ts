import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlay } from './overlay.ts';

test('fields sent replace, nested objects merge, lists and named maps are taken whole', () => {
  const base = {
    name: 'a', n: 1, list: [1, 2], settings: { x: 1, y: 2, deep: { p: 1, q: 2 } }, attrs: { k1: 'v1', k2: 'v2' },
  };
  const out = overlay(base, { n: 2, list: [3], settings: { y: 3, deep: { q: 4 } }, attrs: { k3: 'v3' }, extra: true }, new Set(['attrs']));
  assert.deepEqual(out, {
    name: 'a', n: 2, list: [3], settings: { x: 1, y: 3, deep: { p: 1, q: 4 } }, attrs: { k3: 'v3' }, extra: true,
  });
  assert.deepEqual(base.settings, { x: 1, y: 2, deep: { p: 1, q: 2 } }, 'the base is not modified');
});

test('undefined keeps the base value; an object over nothing is taken as sent', () => {
  const out = overlay<{ a: number; s?: { x: number } }>({ a: 1 }, { a: undefined, s: { x: 5 } });
  assert.deepEqual(out, { a: 1, s: { x: 5 } });
  assert.equal(overlay(1, undefined), 1);
  assert.equal(overlay(1, 2), 2);
});
