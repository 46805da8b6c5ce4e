import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyCatalog } from './catalog.ts';
import { LIBRARY_IDS } from './factory-conditions.ts';
import { factoryPolicyConfig } from './factory-policy.ts';
import type { AuthorizationRule, PolicySet } from './policy-set.ts';
import { conditionLevels, conditionUses } from './usage.ts';
import { checkDeleteCondition, conditionNotFound, validateLibraryCondition, validateTimeCondition } from './validate-condition.ts';
import { checkDeletePolicySet, validatePolicySet } from './validate-policy-set.ts';
import { checkDeleteRule, validateAuthenticationRule, validateAuthorizationRule } from './validate-rule.ts';
import type { Checked } from './validation.ts';

const cfg = factoryPolicyConfig();
const catalog = policyCatalog(cfg, { serverSequences: ['Proxy_Seq'] });
const def = cfg.policySets[0];

function err<T>(r: Checked<T>): string {
  assert.equal(r.ok, false, 'expected a failure');
  return r.ok ? '' : r.error.message;
}
function val<T>(r: Checked<T>): T {
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

const wiredRef = { conditionType: 'ConditionReference', isNegate: false, id: LIBRARY_IDS['Wired_802.1X'], name: 'Wired_802.1X', description: 'x', link: null };
const siteA = { link: null, conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'DEVICE', attributeName: 'Location', operator: 'equals', attributeValue: 'All Locations#Site-A' };

test('policy set create: normalised condition, defaults, rank placement above Default', () => {
  const r = val(validatePolicySet({
    name: 'Wired-Campus', serviceName: 'Default Network Access', hitCounts: 7, link: { rel: 'self' },
    condition: { conditionType: 'ConditionAndBlock', children: [siteA, wiredRef] },
  }, { id: 'new', sets: [def.set], catalog }));
  assert.deepEqual(r.set.condition, {
    conditionType: 'ConditionAndBlock', isNegate: false, children: [
      { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'DEVICE', attributeName: 'Location', operator: 'equals', attributeValue: 'All Locations#Site-A' },
      { conditionType: 'ConditionReference', isNegate: false, id: LIBRARY_IDS['Wired_802.1X'] },
    ],
  });
  assert.equal(r.set.state, 'enabled');
  assert.equal(r.set.description, '');
  assert.equal(r.set.isProxy, false);
  assert.equal(r.set.hitCounts, 0);
  assert.deepEqual(r.sets.map((s) => [s.name, s.rank]), [['Wired-Campus', 0], ['Default', 1]]);
  const proxy = val(validatePolicySet({ name: 'P', serviceName: 'Proxy_Seq', state: 'MONITOR', condition: siteA }, { id: 'p', sets: r.sets, catalog }));
  assert.equal(proxy.set.isProxy, true);
  assert.equal(proxy.set.state, 'monitor');
  assert.deepEqual(proxy.sets.map((s) => [s.name, s.rank]), [['Wired-Campus', 0], ['P', 1], ['Default', 2]]);
  const first = val(validatePolicySet({ name: 'Q', serviceName: 'Default Network Access', rank: 0, condition: siteA }, { id: 'q', sets: proxy.sets, catalog }));
  assert.deepEqual(first.sets.map((s) => [s.name, s.rank]), [['Q', 0], ['Wired-Campus', 1], ['P', 2], ['Default', 3]]);
});

test('policy set errors carry the OpenAPI message form', () => {
  const o = { id: 'n', sets: [def.set], catalog };
  assert.equal(err(validatePolicySet({ serviceName: 'Default Network Access', condition: siteA }, o)),
    'Failed to handle API request - Network Access Policy Set : Validation Error - Mandatory fields missing: [name]');
  assert.match(err(validatePolicySet({ name: 'default', serviceName: 'Default Network Access', condition: siteA }, o)), /already exists/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Nope', condition: siteA }, o)), /Service name 'Nope' does not exist/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access' }, o)), /Mandatory fields missing: \[condition\]/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', rank: 2, condition: siteA }, o)), /Invalid rank 2/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', state: 'on', condition: siteA }, o)), /state 'on' is invalid/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', default: true, condition: siteA }, o)), /Default policy set setting cannot be modified/);
  assert.match(err(validatePolicySet({ name: 'X<', serviceName: 'Default Network Access', condition: siteA }, o)), /may contain only/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...siteA, conditionType: 'ConditionAttrs' } }, o)), /Invalid conditionType 'ConditionAttrs'/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...siteA, conditionType: 'LibraryConditionAttributes' } }, o)), /only at the root/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...siteA, name: 'n' } }, o)), /only library conditions and references carry a name/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...wiredRef, id: 'nope', name: undefined } }, o)), /Condition with id 'nope' does not exist/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...siteA, operator: 'EQUALS' } }, o)), /Invalid operator 'EQUALS'/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { ...siteA, operator: 'matches', attributeValue: '(' } }, o)), /Invalid regular expression/);
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { conditionType: 'ConditionOrBlock', children: [] } }, o)), /children/);
  assert.equal(err(validatePolicySet('x', o)), 'Failed to handle API request - Network Access Policy Set : body must be a JSON object');
});

test('conditions: IP operator rewrite, references by name, depth limit', () => {
  const o = { id: 'n', sets: [def.set], catalog };
  const ip = val(validatePolicySet({
    name: 'X', serviceName: 'Default Network Access',
    condition: { conditionType: 'ConditionAttributes', dictionaryName: 'Radius', attributeName: 'NAS-IP-Address', operator: 'equals', attributeValue: '10.0.0.0/8' },
  }, o));
  assert.equal((ip.set.condition as { operator: string }).operator, 'ipEquals');
  assert.match(err(validatePolicySet({
    name: 'X', serviceName: 'Default Network Access',
    condition: { conditionType: 'ConditionAttributes', dictionaryName: 'Radius', attributeName: 'NAS-IP-Address', operator: 'equals', attributeValue: 'ten' },
  }, o)), /Invalid IP address 'ten'/);
  const byName = val(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: { conditionType: 'ConditionReference', name: 'Wired_MAB' } }, o));
  assert.deepEqual(byName.set.condition, { conditionType: 'ConditionReference', isNegate: false, id: LIBRARY_IDS.Wired_MAB });
  let deep: unknown = siteA;
  for (let i = 0; i < 6; i++) deep = { conditionType: 'ConditionAndBlock', children: [deep] };
  assert.ok(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: deep }, o).ok, 'seven levels');
  for (let i = 0; i < 12; i++) deep = { conditionType: 'ConditionAndBlock', children: [deep] };
  assert.match(err(validatePolicySet({ name: 'X', serviceName: 'Default Network Access', condition: deep }, o)), /nested deeper/);
});

test('Default policy set: only serviceName and state change; no delete', () => {
  const o = { id: def.set.id, existing: def.set, sets: [def.set], catalog };
  const body = { name: 'Default', description: 'Default policy set', rank: 0, default: true, condition: null, serviceName: 'Default Device Admin', state: 'enabled' };
  const r = val(validatePolicySet(body, o));
  assert.equal(r.set.serviceName, 'Default Device Admin');
  assert.equal(r.set.default, true);
  for (const change of [{ name: 'Main' }, { description: 'x' }, { condition: siteA }, { rank: 3 }]) {
    assert.equal(err(validatePolicySet({ ...body, ...change }, o)), 'Failed to handle API request - Network Access Policy Set : Default policy set setting cannot be modified');
  }
  assert.match(err(checkDeletePolicySet(def.set, [def.set])), /Attempted to delete default/);
  const other: PolicySet = { ...def.set, id: 'o', name: 'O', default: false, rank: 0 };
  assert.deepEqual(val(checkDeletePolicySet(other, [other, { ...def.set, rank: 1 }])).map((s) => [s.name, s.rank]), [['Default', 0]]);
});

test('authentication rules: upper-case actions, defaults, default-rule protection', () => {
  const o = { id: 'r1', rules: def.authentication, catalog };
  const r = val(validateAuthenticationRule({
    rule: { name: 'Cert', condition: wiredRef, rank: 1 }, identitySourceName: 'Internal Users', ifAuthFail: 'reject', ifUserNotFound: 'Continue',
  }, o));
  assert.equal(r.rule.ifAuthFail, 'REJECT');
  assert.equal(r.rule.ifUserNotFound, 'CONTINUE');
  assert.equal(r.rule.ifProcessFail, 'DROP');
  assert.deepEqual(r.rules.map((x) => [x.rule.name, x.rule.rank]), [['MAB', 0], ['Cert', 1], ['Dot1X', 2], ['Default', 3]]);
  const dflt = val(validateAuthenticationRule({ rule: { name: 'X', condition: wiredRef } }, o));
  assert.equal(dflt.rule.identitySourceName, 'Internal Users');
  assert.match(err(validateAuthenticationRule({ rule: { name: 'X', condition: wiredRef }, ifAuthFail: 'IGNORE' }, o)), /ifAuthFail 'IGNORE' is invalid/);
  assert.match(err(validateAuthenticationRule({ rule: { name: 'X', condition: wiredRef }, identitySourceName: 'LDAP1' }, o)), /Identity source 'LDAP1' does not exist/);
  assert.match(err(validateAuthenticationRule({ rule: { name: 'MAB', condition: wiredRef } }, o)), /Rule name 'MAB' already exists/);
  assert.match(err(validateAuthenticationRule({ identitySourceName: 'Internal Users' }, o)), /Mandatory fields missing: \[rule\]/);
  assert.equal(err(validateAuthenticationRule({ rule: { name: 'D2', default: true } }, o)),
    'Failed to handle API request - Network Access Authentication Rule : Default rule setting cannot be modified');
  const d = def.authentication[2];
  const upd = val(validateAuthenticationRule({ rule: { name: 'Default', default: true, rank: 2 }, identitySourceName: 'Internal Users', ifUserNotFound: 'DROP' }, { ...o, id: d.rule.id, existing: d }));
  assert.equal(upd.rule.identitySourceName, 'Internal Users');
  assert.equal(upd.rule.ifUserNotFound, 'DROP');
  assert.equal(upd.rule.rule.condition, null);
  assert.match(err(validateAuthenticationRule({ rule: { name: 'Other' } }, { ...o, id: d.rule.id, existing: d })), /Default rule setting cannot be modified/);
  assert.match(err(checkDeleteRule('authentication', d, def.authentication)), /Attempted to delete default rule/);
});

test('authorization rules and exceptions: profiles, security group, moves', () => {
  const o = { id: 'z', rules: def.authorization, catalog, kind: 'authorization' as const };
  const r = val(validateAuthorizationRule({ rule: { name: 'Emp', condition: siteA, rank: 2 }, profile: ['PermitAccess', 'Cisco_IP_Phones'], securityGroup: 'Employees' }, o));
  assert.deepEqual(r.rule.profile, ['PermitAccess', 'Cisco_IP_Phones']);
  assert.equal(r.rule.securityGroup, 'Employees');
  assert.equal(r.rules[2].rule.name, 'Emp');
  assert.equal(r.rules.at(-1)?.rule.name, 'Default');
  assert.equal(r.rules.at(-1)?.rule.rank, 12);
  assert.ok(validateAuthorizationRule({ rule: { name: 'Old', condition: siteA }, profile: ['Blackhole_Wireless_Access'] }, o).ok);
  assert.match(err(validateAuthorizationRule({ rule: { name: 'E', condition: siteA }, profile: ['Nope'] }, o)), /Authorization profile 'Nope' does not exist/);
  assert.match(err(validateAuthorizationRule({ rule: { name: 'E', condition: siteA }, securityGroup: 'Nope' }, o)), /Security group 'Nope' does not exist/);
  // Move an existing rule from rank 10 to rank 0.
  const basic = def.authorization[10];
  const moved = val(validateAuthorizationRule({ rule: { ...basic.rule, rank: 0 }, profile: basic.profile }, { ...o, id: basic.rule.id, existing: basic }));
  assert.deepEqual(moved.rules.slice(0, 2).map((x) => x.rule.name), ['Basic_Authenticated_Access', 'Wireless Black List Default']);
  assert.deepEqual(moved.rules.map((x) => x.rule.rank), [...Array(12).keys()]);
  // Default authorization rule: profile may change.
  const d = def.authorization[11];
  const dUpd = val(validateAuthorizationRule({ rule: { name: 'Default', default: true }, profile: ['PermitAccess'] }, { ...o, id: d.rule.id, existing: d }));
  assert.deepEqual(dUpd.rule.profile, ['PermitAccess']);
  // Exceptions: no default, own message kind.
  const ex: AuthorizationRule[] = [];
  assert.equal(err(validateAuthorizationRule({ rule: { name: 'A', default: true } }, { id: 'a', rules: ex, catalog, kind: 'globalException' })),
    'Failed to handle API request - Network Access Global Exception Rule : Exception rules cannot be default rules');
  const anc = val(validateAuthorizationRule({
    rule: { name: 'ANC_Quarantine', condition: { conditionType: 'ConditionAttributes', dictionaryName: 'Session', attributeName: 'ANCPolicy', operator: 'equals', attributeValue: 'Quarantine' } },
    profile: ['DenyAccess'],
  }, { id: 'a', rules: ex, catalog, kind: 'localException' }));
  assert.equal(anc.rule.rule.rank, 0);
});

test('library conditions: create, clash, cycles, delete checks', () => {
  const siblings = cfg.conditions;
  const c = val(validateLibraryCondition({
    name: 'Corp_SSID', description: 'corp', conditionType: 'LibraryConditionAttributes',
    dictionaryName: 'Normalised Radius', attributeName: 'SSID', operator: 'equals', attributeValue: 'Corp',
  }, { id: 'c1', siblings, catalog }));
  assert.equal(c.name, 'Corp_SSID');
  assert.equal(c.isNegate, false);
  assert.match(err(validateLibraryCondition({ name: 'Wired_MAB', conditionType: 'LibraryConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' },
    { id: 'c2', siblings, catalog })), /Condition name 'Wired_MAB' already exists/);
  assert.match(err(validateLibraryCondition({ name: 'X', conditionType: 'ConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' },
    { id: 'c2', siblings, catalog })), /Invalid conditionType 'ConditionAttributes'/);
  assert.match(err(validateLibraryCondition({ name: 'With space', conditionType: 'LibraryConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' },
    { id: 'c2', siblings, catalog })), /may contain only/);
  // Wired_MAB edited to refer to a condition that refers back to it.
  const loopCatalog = policyCatalog({ ...cfg, conditions: [...cfg.conditions, {
    conditionType: 'LibraryConditionOrBlock', id: 'loop', name: 'Loop', description: '', isNegate: false,
    children: [{ conditionType: 'ConditionReference', isNegate: false, id: LIBRARY_IDS.Wired_MAB }],
  }] });
  assert.match(err(validateLibraryCondition({ name: 'Wired_MAB', conditionType: 'LibraryConditionOrBlock', children: [{ conditionType: 'ConditionReference', id: 'loop' }] },
    { id: LIBRARY_IDS.Wired_MAB, existing: cfg.conditions[0], siblings, catalog: loopCatalog })), /would refer to itself/);
  const uses = conditionUses(cfg, LIBRARY_IDS.Wired_MAB);
  assert.deepEqual(uses, [{ kind: 'authentication rule', name: 'MAB' }]);
  assert.match(err(checkDeleteCondition({ name: 'Corp_SSID' }, [{ kind: 'authorization rule', name: 'R' }], false)),
    /Network Access Condition : Condition 'Corp_SSID' is in use by authorization rule 'R'/);
  assert.ok(checkDeleteCondition({ name: 'Corp_SSID' }, [], false).ok);
  const byId = (id: string) => cfg.conditions.find((x) => x.id === id);
  assert.deepEqual(conditionLevels(byId(LIBRARY_IDS.Wired_MAB)!, byId), { policyset: true, authentication: true, authorization: true });
  assert.deepEqual(conditionLevels(byId(LIBRARY_IDS.Compliant_Devices)!, byId), { policyset: false, authentication: false, authorization: true });
  assert.equal(conditionLevels(byId(LIBRARY_IDS.Network_Access_Authentication_Passed)!, byId).policyset, false);
  assert.equal(conditionLevels(byId(LIBRARY_IDS.MAC_in_SAN)!, byId).authentication, false);
  const nf = conditionNotFound('x');
  assert.ok(!nf.ok && nf.error.status === 404 && nf.error.kind === 'notFound');
});

test('time-and-date conditions', () => {
  const t = val(validateTimeCondition({
    name: 'Business_Hours', weekDays: ['monday', 'Friday'], hoursRange: { startTime: '08:00', endTime: '17:30' },
    datesRangeException: { startDate: '2025-12-24', endDate: '2025-12-26' },
  }, { id: 't1', siblings: [] }));
  assert.deepEqual(t.weekDays, ['Monday', 'Friday']);
  assert.equal(t.conditionType, 'TimeAndDateCondition');
  assert.equal(t.datesRange, undefined);
  assert.match(err(validateTimeCondition({ name: 'T', weekDays: ['Funday'] }, { id: 't', siblings: [] })), /not a week day/);
  assert.match(err(validateTimeCondition({ name: 'T', hoursRange: { startTime: '8:00', endTime: '17:00' } }, { id: 't', siblings: [] })), /not a time/);
  assert.match(err(validateTimeCondition({ name: 'T', datesRange: { startDate: '2025-02-30', endDate: '2025-03-01' } }, { id: 't', siblings: [] })), /not a date/);
  assert.match(err(validateTimeCondition({ name: 'T', datesRange: { startDate: '2025-03-02', endDate: '2025-03-01' } }, { id: 't', siblings: [] })), /after/);
  assert.match(err(validateTimeCondition({ name: 'T', datesRange: { startDate: '2025-03-02' } }, { id: 't', siblings: [] })), /Network Access Time And Date Condition : Validation Error - Mandatory fields missing: \[datesRange.endDate\]/);
});
