import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolCell, checkDate, mergeAttributes, normaliseMac, RowError } from './row-values.ts';
import { USERS } from './user-rows.ts';
import { ENDPOINTS } from './endpoint-rows.ts';
import { validateHeader, HeaderError } from './csv-input.ts';

const groups = { idOf: (n: string) => ({ Employee: 'g-emp', Contractors: 'g-con', Workstation: 'g-ws' } as Record<string, string>)[n], nameOf: () => undefined };

test('MAC notations normalise to ISE form; others are refused', () => {
  for (const m of ['aa:bb:cc:dd:ee:0f', 'AA-BB-CC-DD-EE-0F', 'aabb.ccdd.ee0f', 'AABBCCDDEE0F']) assert.equal(normaliseMac(m), 'AA:BB:CC:DD:EE:0F');
  for (const m of ['', 'aa:bb:cc:dd:ee', 'gg:bb:cc:dd:ee:ff', 'aa:bb-cc:dd:ee:ff', 'aabb.ccdd.ee0']) assert.equal(normaliseMac(m), undefined, m);
});

test('dates and booleans', () => {
  assert.equal(checkDate('d', '2028-02-29'), '2028-02-29');
  assert.throws(() => checkDate('d', '2027-02-29'), RowError);
  assert.throws(() => checkDate('d', '31/01/2027'), RowError);
  const cells = new Map([['a', 'Yes'], ['b', 'disabled'], ['c', ''], ['d', 'perhaps']]);
  assert.equal(boolCell(cells, 'a'), true);
  assert.equal(boolCell(cells, 'b'), false);
  assert.equal(boolCell(cells, 'c'), undefined);
  assert.equal(boolCell(cells, 'x'), undefined);
  assert.throws(() => boolCell(cells, 'd'), /perhaps/);
  assert.deepEqual(mergeAttributes({ a: '1', b: '2' }, new Map([['b', ''], ['c', '3']])), { a: '1', c: '3' });
});

test('user rows: create body, and only the differing fields as changes', () => {
  const cells = new Map([['name', 'u1'], ['password', ' Pw-with-space '], ['email', 'u1@example.com'], ['identityGroup', 'Employee; Contractors'], ['expiryDate', ''], ['enabled', ''], ['attr:dept', 'EN']]);
  const w = USERS.parse(cells, groups, { updatePasswords: false });
  assert.ok(!('error' in w));
  assert.deepEqual(w.create, { name: 'u1', email: 'u1@example.com', password: ' Pw-with-space ', identityGroups: 'g-emp,g-con', customAttributes: { dept: 'EN' } });
  const same = { name: 'u1', email: 'u1@example.com', identityGroups: 'g-con,g-emp', expiryDateEnabled: false, enabled: false, customAttributes: { dept: 'EN', other: 'x' } };
  assert.deepEqual(w.changes(same), {});
  assert.deepEqual(w.changes({ ...same, email: 'old@example.com', expiryDateEnabled: true, identityGroups: 'g-emp' }),
    { email: 'u1@example.com', expiryDateEnabled: false, identityGroups: 'g-emp,g-con' });
  const pw = USERS.parse(cells, groups, { updatePasswords: true });
  assert.ok(!('error' in pw));
  assert.deepEqual(pw.changes(same), { password: ' Pw-with-space ' });
  assert.deepEqual(USERS.parse(new Map([['name', 'u2'], ['identityGroup', 'Nope']]), groups, { updatePasswords: false }), { error: "identityGroup: unknown identity group 'Nope'" });
});

test('endpoint rows: a group name pins the group unless staticGroupAssignment says false', () => {
  const w = ENDPOINTS.parse(new Map([['mac', 'aabb.ccdd.eeff'], ['groupName', 'Workstation'], ['attr:owner', 'IT']]), groups, { updatePasswords: false });
  assert.ok(!('error' in w));
  assert.equal(w.key, 'AA:BB:CC:DD:EE:FF');
  assert.deepEqual(w.create, { name: 'AA:BB:CC:DD:EE:FF', mac: 'AA:BB:CC:DD:EE:FF', groupId: 'g-ws', staticGroupAssignment: true, customAttributes: { customAttributes: { owner: 'IT' } } });
  assert.deepEqual(w.changes({ groupId: 'g-ws', staticGroupAssignment: true, customAttributes: { customAttributes: { owner: 'IT' } } }), {});
  assert.deepEqual(w.changes({ groupId: 'other', staticGroupAssignment: false, customAttributes: { customAttributes: {} } }),
    { groupId: 'g-ws', staticGroupAssignment: true, customAttributes: { customAttributes: { owner: 'IT' } } });
});

test('header validation: case-insensitive names, attr: columns, every problem listed', () => {
  assert.deepEqual(validateHeader(['Name', ' EMAIL ', 'attr:Dept'], USERS.columns), ['name', 'email', 'attr:Dept']);
  assert.throws(() => validateHeader(['email', 'colour', 'email', ''], USERS.columns), (e: Error) =>
    e instanceof HeaderError && /unknown column 'colour'/.test(e.message) && /appears twice/.test(e.message) && /column 4 has no name/.test(e.message) && /'name' is missing/.test(e.message));
});
