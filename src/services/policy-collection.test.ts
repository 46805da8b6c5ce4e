import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterMatches, searchItems } from './policy-collection.ts';
import { nameId } from './policy-dictionaries.ts';

const items = [
  { id: '1', name: 'Guest_ACL', description: 'Guests', value: 10 },
  { id: '2', name: 'corp_acl', description: '', value: 9 },
  { id: '3', name: 'Lab', description: 'lab network', value: 100 },
];
const fields = { name: (x: (typeof items)[number]) => x.name, description: (x: (typeof items)[number]) => x.description, value: (x: (typeof items)[number]) => x.value };
const q = (extra: Partial<Parameters<typeof searchItems>[1]> = {}) => ({ filters: [], mode: 'and' as const, sort: { field: 'name', desc: false }, offset: 0, limit: 20, ...extra });

test('in-memory ERS search: filters fold case, numbers sort as numbers, paging counts every match', () => {
  assert.deepEqual(searchItems(items, q(), fields).items.map((x) => x.id), ['2', '1', '3']);
  assert.deepEqual(searchItems(items, q({ sort: { field: 'value', desc: true } }), fields).items.map((x) => x.value), [100, 10, 9]);
  const acl = searchItems(items, q({ filters: [{ field: 'name', op: 'ENDSW', value: '_ACL' }], limit: 1 }), fields);
  assert.deepEqual([acl.total, acl.items.map((x) => x.id)], [2, ['2']]);
  const either = searchItems(items, q({ mode: 'or', filters: [{ field: 'name', op: 'EQ', value: 'lab' }, { field: 'value', op: 'LT', value: '10' }] }), fields);
  assert.deepEqual(either.items.map((x) => x.id), ['2', '3']);
  assert.equal(filterMatches('Guest_ACL', { field: 'name', op: 'NCONTAINS', value: 'acl' }), false);
  assert.equal(filterMatches(100, { field: 'value', op: 'GT', value: '20' }), true);
  assert.equal(filterMatches('abc', { field: 'name', op: 'NSTARTSW', value: 'A' }), false);
});

test('name-based ids are stable, distinct per scope, and UUID-shaped', () => {
  assert.equal(nameId('dictionary', 'Radius'), nameId('dictionary', 'Radius'));
  assert.notEqual(nameId('dictionary', 'Radius'), nameId('attribute:Radius', 'Radius'));
  assert.match(nameId('dictionary', 'Radius'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
