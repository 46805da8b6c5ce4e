import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SECURITY_GROUPS } from './security-group.ts';
import { checkDeleteSecurityGroup, validateSecurityGroup } from './validate-security-group.ts';

const groups = BUILTIN_SECURITY_GROUPS;
const err = (input: unknown, existing?: (typeof groups)[number]): string => {
  const r = validateSecurityGroup(input, { id: existing?.id ?? 'n', existing, groups });
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error.message;
};

test('security groups: names, values, auto-assigned values, generations', () => {
  const r = validateSecurityGroup({ name: 'Lab', value: '100', propogateToApic: 'true' }, { id: 'n', groups });
  assert.deepEqual(r.ok && r.value, { id: 'n', name: 'Lab', description: '', value: 100, generationId: '0', propogateToApic: true });
  const auto = validateSecurityGroup({ name: 'Auto', value: -1 }, { id: 'n', groups });
  assert.equal(auto.ok && auto.value.value, 16);
  assert.equal(err({ name: 'employees', value: 50 }), "SGT Create failed: SGT name 'employees' already exists");
  assert.equal(err({ name: 'X', value: 4 }), 'SGT Create failed: SGT value 4 is already used');
  assert.equal(err({ name: 'X', value: 1 }), 'value must be between 2 and 65519, or -1 to assign one');
  assert.equal(err({ name: 'X', value: 65520 }), 'value must be an integer between -1 and 65519');
  assert.equal(err({ name: 'X'.repeat(33), value: 50 }), `name '${'X'.repeat(33)}' may contain only letters, digits and underscore, at most 32 characters`);
  const emp = groups.find((g) => g.name === 'Employees')!;
  const moved = validateSecurityGroup({ name: 'Employees', value: 40 }, { id: emp.id, existing: emp, groups });
  assert.equal(moved.ok && moved.value.generationId, '1');
  const kept = validateSecurityGroup({ name: 'Staff' }, { id: emp.id, existing: emp, groups });
  assert.deepEqual(kept.ok && [kept.value.value, kept.value.generationId], [4, '0']);
  // The Unknown group keeps its reserved value 0 on update.
  const unknown = groups.find((g) => g.value === 0)!;
  assert.ok(validateSecurityGroup({ name: 'Unknown', value: 0, description: 'x' }, { id: unknown.id, existing: unknown, groups }).ok);
  const builtin = checkDeleteSecurityGroup(emp, []);
  assert.equal(builtin.ok ? '' : builtin.error.message, "SGT 'Employees' is a system security group and cannot be deleted");
  assert.ok(checkDeleteSecurityGroup({ id: 'n', name: 'Lab', value: 100 }, []).ok);
  const inUse = checkDeleteSecurityGroup({ id: 'n', name: 'Lab', value: 100 }, ['R1']);
  assert.equal(inUse.ok ? '' : inUse.error.message, "SGT 'Lab' is in use by rule 'R1'");
});
