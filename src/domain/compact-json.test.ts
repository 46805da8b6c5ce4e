import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactJson, fromCompactJson } from './compact-json.ts';
import { emptySession } from './session.ts';

const DEFAULTS = emptySession('', '');

test('fields equal to the defaults are left out and restored from them', () => {
  const s = emptySession('S1', '2026-01-01T00:00:00.000Z');
  s.userName = 'alice';
  s.nasPort = 0;
  s.passed = true;
  s.selectedAznProfiles = ['PermitAccess'];
  const json = compactJson(s, DEFAULTS);
  assert.ok(json.length < 200, json);
  assert.ok(!json.includes('framedIpAddress'));
  assert.ok(json.includes('"nasPort":0'), 'a port 0 differs from the default (none)');
  assert.deepEqual(fromCompactJson(json, emptySession('', '')), s);
});

test('nested objects and arrays are kept whole when not empty', () => {
  const json = compactJson({ a: { b: '' }, c: [0, ''], d: {}, e: [], f: 0 }, { a: {}, c: [], d: {}, e: [], f: 0 });
  assert.deepEqual(JSON.parse(json), { a: { b: '' }, c: [0, ''] });
});
