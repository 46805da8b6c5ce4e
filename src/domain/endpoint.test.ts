import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMac, checkProfileId, macFilterValue } from './endpoint.ts';
import { BUILT_IN_ENDPOINT_GROUPS, PROFILED_ENDPOINT_GROUP_ID, UNKNOWN_ENDPOINT_GROUP_ID } from './endpoint-group.ts';

test('checkMac normalises the accepted notations and names the field when refusing', () => {
  assert.deepEqual(checkMac('aa-bb-cc-dd-ee-ff'), { mac: 'AA:BB:CC:DD:EE:FF' });
  assert.deepEqual(checkMac('aabb.ccdd.eeff'), { mac: 'AA:BB:CC:DD:EE:FF' });
  for (const bad of ['', 'AA:BB:CC:DD:EE', 'AA:BB:CC:DD:EE:FG', 'AA:BB:CC:DD:EE:FF:00', ' AA:BB:CC:DD:EE:FF']) {
    const r = checkMac(bad);
    assert.ok('error' in r && r.error.startsWith(`mac: '${bad}' is not a valid MAC address`), bad);
  }
});

test('MAC filter values: complete MACs in any notation, fragments upper-cased with - read as :', () => {
  assert.equal(macFilterValue('1122.3344.5566'), '11:22:33:44:55:66');
  assert.equal(macFilterValue('112233445566'), '11:22:33:44:55:66');
  assert.equal(macFilterValue('aa-bb'), 'AA:BB');
  assert.equal(macFilterValue('aa:b'), 'AA:B');
});

test('profile ids are UUIDs or empty', () => {
  assert.equal(checkProfileId(''), null);
  assert.equal(checkProfileId('0b6e9500-8b4a-11ec-ac96-46ca1867e58d'), null);
  assert.match(checkProfileId('printer')!, /^profileId: /);
});

test('built-in endpoint groups: 18, unique names and fixed ids, profile groups under Profiled', () => {
  assert.equal(BUILT_IN_ENDPOINT_GROUPS.length, 18);
  assert.equal(new Set(BUILT_IN_ENDPOINT_GROUPS.map((g) => g.name)).size, 18);
  assert.equal(new Set(BUILT_IN_ENDPOINT_GROUPS.map((g) => g.id)).size, 18);
  for (const g of BUILT_IN_ENDPOINT_GROUPS) assert.match(g.id, /^[0-9a-f]{8}-(8bff|8c00)-11e6-996c-525400b48521$/);
  const unknown = BUILT_IN_ENDPOINT_GROUPS.find((g) => g.id === UNKNOWN_ENDPOINT_GROUP_ID);
  assert.deepEqual(unknown, { id: 'aa0e8b20-8bff-11e6-996c-525400b48521', name: 'Unknown', description: 'Unknown Identity Group', parentId: '' });
  for (const g of BUILT_IN_ENDPOINT_GROUPS.filter((x) => x.description.startsWith('Identity Group for Profile: '))) {
    assert.equal(g.parentId, PROFILED_ENDPOINT_GROUP_ID, g.name);
    assert.equal(g.description, `Identity Group for Profile: ${g.name}`);
  }
});
