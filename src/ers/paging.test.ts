import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchQuery } from '../domain/entity.ts';
import { PageAnchors } from './paging.ts';

const query = (over: Partial<SearchQuery> = {}): SearchQuery => ({
  filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 100, ...over,
});
const keys = (n: number) => ({ first: { value: `first-${n}`, id: `f${n}` }, last: { value: `last-${n}`, id: `l${n}` } });

test('the page after a served page seeks past its last key', () => {
  const a = new PageAnchors();
  const sig = PageAnchors.signature(query());
  assert.equal(a.seekFor(sig, 1), undefined, 'page 1 needs no seek');
  assert.equal(a.seekFor(sig, 2), undefined, 'nothing served yet: offset');
  a.remember(sig, 1, keys(1));
  assert.deepEqual(a.seekFor(sig, 2), { key: { value: 'last-1', id: 'l1' }, dir: 'after' });
});

test('the same page seeks from its first key, the page before from the next page', () => {
  const a = new PageAnchors();
  const sig = PageAnchors.signature(query());
  a.remember(sig, 10_000, keys(10_000));
  assert.deepEqual(a.seekFor(sig, 10_000), { key: { value: 'first-10000', id: 'f10000' }, dir: 'from' });
  assert.deepEqual(a.seekFor(sig, 9_999), { key: { value: 'first-10000', id: 'f10000' }, dir: 'before' });
  assert.deepEqual(a.seekFor(sig, 10_001), { key: { value: 'last-10000', id: 'l10000' }, dir: 'after' });
  assert.equal(a.seekFor(sig, 9_000), undefined, 'a jump with no neighbour falls back to the offset');
});

test('signatures separate filters, sort, mode and page size', () => {
  const base = PageAnchors.signature(query());
  const others = [
    query({ filters: [{ field: 'name', op: 'EQ', value: 'x' }] }),
    query({ sort: { field: 'name', desc: true } }),
    query({ sort: { field: 'description', desc: false } }),
    query({ mode: 'or' }),
    query({ limit: 20 }),
  ].map((q) => PageAnchors.signature(q));
  assert.equal(new Set([base, ...others]).size, 6);
  assert.equal(PageAnchors.signature(query({ offset: 500 })), base, 'the offset (page) is not part of it');
  const a = new PageAnchors();
  a.remember(base, 1, keys(1));
  for (const s of others) assert.equal(a.seekFor(s, 2), undefined);
});

test('memory is bounded: the least recently served pages are dropped first', () => {
  const a = new PageAnchors();
  const sig = PageAnchors.signature(query());
  for (let p = 1; p <= 20_000; p++) a.remember(sig, p, keys(p));
  assert.equal(a.seekFor(sig, 2), undefined, 'the oldest pages were dropped');
  assert.deepEqual(a.seekFor(sig, 20_001)?.dir, 'after');
  a.remember(sig, 10_000, keys(10_000)); // served again: now the most recent
  for (let i = 0; i < 16_000; i++) a.remember(PageAnchors.signature(query({ filters: [{ field: 'name', op: 'EQ', value: String(i) }] })), 2, keys(2));
  assert.deepEqual(a.seekFor(sig, 10_001)?.dir, 'after');
  assert.equal(a.seekFor(sig, 19_000), undefined);
});
