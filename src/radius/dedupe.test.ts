import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuplicateCache } from './dedupe.ts';

const dg = (id: number, fill: number) => {
  const b = Buffer.alloc(20, fill);
  b[0] = 1; b[1] = id;
  return b;
};

test('a retransmission while in progress is in flight; after the answer it gets the cached reply', () => {
  const c = new DuplicateCache(1000);
  const k = DuplicateCache.key('10.0.0.1', 1645, dg(7, 0xaa));
  assert.deepEqual(c.begin(k, 0), { kind: 'new' });
  assert.deepEqual(c.begin(k, 10), { kind: 'inflight' });
  c.answered(k, Buffer.from('reply'), 20);
  const again = c.begin(k, 30);
  assert.equal(again.kind, 'answered');
  assert.equal(again.kind === 'answered' && again.reply.toString(), 'reply');
});

test('different source port, identifier or authenticator is a new request', () => {
  const c = new DuplicateCache(1000);
  c.begin(DuplicateCache.key('10.0.0.1', 1645, dg(7, 0xaa)), 0);
  assert.equal(c.begin(DuplicateCache.key('10.0.0.1', 1646, dg(7, 0xaa)), 0).kind, 'new');
  assert.equal(c.begin(DuplicateCache.key('10.0.0.1', 1645, dg(8, 0xaa)), 0).kind, 'new');
  assert.equal(c.begin(DuplicateCache.key('10.0.0.1', 1645, dg(7, 0xbb)), 0).kind, 'new');
});

test('entries expire after the window and the table is bounded', () => {
  const c = new DuplicateCache(100, 10);
  const k = DuplicateCache.key('10.0.0.1', 1, dg(1, 1));
  c.begin(k, 0);
  c.answered(k, Buffer.from('r'), 0);
  assert.equal(c.begin(k, 500).kind, 'new');
  for (let i = 0; i < 50; i++) c.begin(DuplicateCache.key('10.0.0.2', i, dg(i, 2)), 600);
  assert.ok(c.size <= 10);
});

test('a forgotten key begun again expires with its new entry, not the old one', () => {
  const c = new DuplicateCache(100);
  const k = DuplicateCache.key('10.0.0.1', 1, dg(1, 1));
  c.begin(k, 0);
  c.forget(k);
  assert.equal(c.begin(k, 50).kind, 'new');
  c.answered(k, Buffer.from('r'), 60);
  // The first entry's time has passed; the second one (answered at 60) still holds.
  c.begin(DuplicateCache.key('10.0.0.2', 2, dg(2, 2)), 120);
  assert.equal(c.begin(k, 130).kind, 'answered');
  assert.equal(c.begin(k, 200).kind, 'new');
});

test('eviction keeps up over many windows', () => {
  const c = new DuplicateCache(100, 1000);
  for (let i = 0; i < 20_000; i++) c.begin(DuplicateCache.key('10.0.0.3', i & 0xffff, dg(i & 0xff, i >> 8)), i);
  assert.ok(c.size <= 101, `size ${c.size}`);
});
