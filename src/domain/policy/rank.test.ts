import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ranked } from './rank.ts';
import { maxRank, ordered, place, remove } from './rank.ts';

interface Item { id: string; rank: number; default: boolean }
const R: Ranked<Item> = { rank: (x) => x.rank, isDefault: (x) => x.default, id: (x) => x.id, withRank: (x, rank) => ({ ...x, rank }) };
const list: Item[] = [{ id: 'D', rank: 0, default: true }, { id: 'b', rank: 1, default: false }, { id: 'a', rank: 0, default: false }];
const show = (xs: Item[]) => xs.map((x) => `${x.id}${x.rank}`).join(' ');

test('ranks: evaluation order, insert, append, move, keep, remove', () => {
  assert.equal(show(ordered(list, R)), 'a0 b1 D0');
  assert.equal(maxRank(list, R), 2);
  assert.equal(show(place(list, { id: 'n', rank: 0, default: false }, 1, R)), 'a0 n1 b2 D3');
  assert.equal(show(place(list, { id: 'n', rank: 0, default: false }, undefined, R)), 'a0 b1 n2 D3');
  assert.equal(show(place(list, { id: 'b', rank: 1, default: false }, 0, R)), 'b0 a1 D2');
  assert.equal(show(place(list, { id: 'a', rank: 0, default: false }, undefined, R)), 'a0 b1 D2');
  assert.equal(show(place(list, { id: 'D', rank: 0, default: true }, undefined, R)), 'a0 b1 D2');
  assert.equal(show(remove(list, 'a', R)), 'b0 D1');
});
