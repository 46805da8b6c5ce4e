import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatehouseError } from '../errors.ts';
import { pageHref, parseListQuery, type ListSpec } from './list.ts';

const spec: ListSpec = {
  filters: { name: { field: 'name' }, enabled: { field: 'enabled', value: (v) => (v === 'Enabled' ? '1' : v === 'Disabled' ? '0' : null) } },
  sorts: { name: 'name', description: 'description' },
  defaultSort: 'name',
};

const error = (fn: () => unknown): GatehouseError => {
  try { fn(); } catch (e) { return e as GatehouseError; }
  throw new Error('no error');
};

test('defaults: page 1, size 20, sort by name ascending, AND', () => {
  const p = parseListQuery('/ers/config/internaluser', spec);
  assert.deepEqual(p.query, { filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 20 });
});

test('page 0 and 1 are the first page; offset follows page and size', () => {
  assert.equal(parseListQuery('/x?page=0', spec).page, 1);
  assert.equal(parseListQuery('/x?page=3&size=50', spec).query.offset, 100);
});

test('size outside 1..100 and non-numeric page are query errors', () => {
  for (const q of ['size=101', 'size=0', 'size=abc', 'page=-1', 'page=x']) {
    const e = error(() => parseListQuery(`/x?${q}`, spec));
    assert.equal(e.kind, 'query', q);
    assert.equal(e.status, 400);
  }
});

test('filters split on the first two dots only, operators in any case, STARTW alias', () => {
  const p = parseListQuery('/x?filter=name.EQ.a.b.c&filter=name.startw.x&filter=name.contains.10.1.1.1', spec);
  assert.deepEqual(p.query.filters, [
    { field: 'name', op: 'EQ', value: 'a.b.c' },
    { field: 'name', op: 'STARTSW', value: 'x' },
    { field: 'name', op: 'CONTAINS', value: '10.1.1.1' },
  ]);
});

test('filter values are percent-decoded and quotes kept', () => {
  const p = parseListQuery("/x?filter=name.EQ.John%20Doe&filter=name.CONTAINS.'6'", spec);
  assert.equal(p.query.filters[0].value, 'John Doe');
  assert.equal(p.query.filters[1].value, "'6'");
});

test('filtertype and filterType both select OR', () => {
  assert.equal(parseListQuery('/x?filter=name.EQ.a&filtertype=or', spec).query.mode, 'or');
  assert.equal(parseListQuery('/x?filter=name.EQ.a&filterType=OR', spec).query.mode, 'or');
  assert.equal(error(() => parseListQuery('/x?filtertype=xor', spec)).kind, 'query');
});

test('unknown filter field, operator, or mapped value are query errors', () => {
  assert.match(error(() => parseListQuery('/x?filter=nope.EQ.a', spec)).message, /nope/);
  assert.match(error(() => parseListQuery('/x?filter=name.LIKE.a', spec)).message, /LIKE/);
  assert.match(error(() => parseListQuery('/x?filter=name', spec)).message, /field\.OPERATOR\.value/);
  assert.match(error(() => parseListQuery('/x?filter=enabled.EQ.true', spec)).message, /true/);
  assert.deepEqual(parseListQuery('/x?filter=enabled.EQ.Disabled', spec).query.filters[0], { field: 'enabled', op: 'EQ', value: '0' });
});

test('sortasc / sortdsc pick supported fields only', () => {
  assert.deepEqual(parseListQuery('/x?sortdsc=description', spec).query.sort, { field: 'description', desc: true });
  assert.equal(error(() => parseListQuery('/x?sortasc=email', spec)).kind, 'query');
});

test('page links keep every parameter as written, size explicit, page last', () => {
  const url = '/ers/config/internaluser?filter=name.STARTSW.a%20b&page=2&filtertype=or&sortasc=name';
  assert.equal(pageHref('https://h:9060', url, 20, 3),
    'https://h:9060/ers/config/internaluser?filter=name.STARTSW.a%20b&filtertype=or&sortasc=name&size=20&page=3');
  assert.equal(pageHref('https://h', '/ers/config/x', 5, 2), 'https://h/ers/config/x?size=5&page=2');
});
