import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizationProfile } from './authorization-profile.ts';
import type { Condition } from './condition.ts';
import type { PolicyConfig } from './evaluator.ts';
import { compilePolicy, decisionReply } from './evaluator.ts';
import { factoryPolicyConfig } from './factory-policy.ts';
import type { AuthenticationRule, AuthorizationRule, PolicySet, PolicySetTree, PolicyState } from './policy-set.ts';
import { failureOutcome } from './policy-set.ts';
import type { RequestAttribute } from './request.ts';
import { PolicyAttributes, applyIdentity, buildPolicyRequest } from './request.ts';

const NOW = new Date('2025-01-01T12:00:00Z');

const eq = (attr: string, value: string): Condition => {
  const [dictionaryName, attributeName] = attr.split(':');
  return { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName, attributeName, operator: 'equals', attributeValue: value };
};

function set(id: string, rank: number, condition: Condition | null, state: PolicyState = 'enabled'): PolicySet {
  return { id, name: id, description: '', rank, state, default: condition === null, condition, serviceName: 'Default Network Access', isProxy: false };
}

function authn(name: string, rank: number, condition: Condition | null, identitySourceName: string, state: PolicyState = 'enabled'): AuthenticationRule {
  return { rule: { id: name, name, rank, state, default: condition === null, condition }, identitySourceName, ifAuthFail: 'REJECT', ifUserNotFound: 'REJECT', ifProcessFail: 'DROP' };
}

function authz(name: string, rank: number, condition: Condition | null, profile: string[], state: PolicyState = 'enabled', securityGroup?: string): AuthorizationRule {
  return { rule: { id: name, name, rank, state, default: condition === null, condition }, profile, securityGroup };
}

function tree(s: PolicySet, rules: Partial<Omit<PolicySetTree, 'set'>> = {}): PolicySetTree {
  return {
    set: s,
    authentication: rules.authentication ?? [authn('Default', 0, null, 'All_User_ID_Stores')],
    authorization: rules.authorization ?? [authz('Default', 0, null, ['DenyAccess'])],
    exceptions: rules.exceptions ?? [],
  };
}

function config(policySets: PolicySetTree[], globalExceptions: AuthorizationRule[] = []): PolicyConfig {
  const base = factoryPolicyConfig();
  return {
    ...base, policySets, globalExceptions,
    profiles: [...base.profiles, authorizationProfile({ id: 'p-vlan', name: 'VLAN_20', vlan: { nameID: '20', tagID: 1 } }),
      authorizationProfile({ id: 'p-q', name: 'Quarantine', vlan: { nameID: '999', tagID: 1 } })],
  };
}

const req = (values: Record<string, string | string[]>): PolicyAttributes => {
  const r = new PolicyAttributes();
  for (const [k, v] of Object.entries(values)) r.set(k, v);
  return r;
};

test('policy set selection: rank order, first match, Default last whatever its rank', () => {
  const policy = compilePolicy(config([
    tree(set('Default', 0, null)),
    tree(set('SiteB', 2, eq('DEVICE:Location', 'All Locations#Site-B'))),
    tree(set('Switches', 1, eq('DEVICE:Device Type', 'All Device Types#Switches'))),
  ]));
  assert.deepEqual(policy.policySets.map((s) => s.policySet.name), ['Switches', 'SiteB', 'Default']);
  const both = req({ 'DEVICE:Location': 'All Locations#Site-B', 'DEVICE:Device Type': 'All Device Types#Switches' });
  assert.equal(policy.selectPolicySet(both, NOW).set?.policySet.name, 'Switches');
  assert.equal(policy.selectPolicySet(req({ 'DEVICE:Location': 'All Locations#Site-B' }), NOW).set?.policySet.name, 'SiteB');
  const other = policy.selectPolicySet(req({}), NOW).set;
  assert.equal(other?.policySet.name, 'Default');
  assert.equal(other?.isDefault, true);
  assert.equal(other?.allowedProtocols?.name, 'Default Network Access');
});

test('policy set states: disabled skipped, monitor reported but not chosen', () => {
  const wired = eq('Radius:NAS-Port-Type', 'Ethernet');
  const policy = compilePolicy(config([
    tree(set('Off', 0, wired, 'disabled')),
    tree(set('Watch', 1, wired, 'monitor')),
    tree(set('Wired', 2, wired)),
    tree(set('Default', 3, null)),
  ]));
  const r = policy.selectPolicySet(req({ 'Radius:NAS-Port-Type': 'Ethernet' }), NOW);
  assert.equal(r.set?.policySet.name, 'Wired');
  assert.deepEqual(r.monitored.map((s) => s.name), ['Watch']);
  const none = compilePolicy(config([tree(set('Default', 0, null, 'disabled'))]));
  assert.equal(none.selectPolicySet(req({}), NOW).set, null);
});

test('authentication rules: first match by rank, monitor passes, Default last', () => {
  const policy = compilePolicy(config([tree(set('Default', 0, null), {
    authentication: [
      authn('Default', 9, null, 'All_User_ID_Stores'),
      authn('Dot1X', 2, eq('Normalised Radius:RadiusFlowType', 'Wired802_1x'), 'Internal Users'),
      authn('Watch', 0, eq('Normalised Radius:RadiusFlowType', 'Wired802_1x'), 'Guest Users', 'monitor'),
      authn('Off', 1, eq('Normalised Radius:RadiusFlowType', 'Wired802_1x'), 'DenyAccess', 'disabled'),
    ],
  })]));
  const s = policy.selectPolicySet(req({}), NOW).set!;
  const m = s.authenticationRule(req({ 'Normalised Radius:RadiusFlowType': 'Wired802_1x' }), NOW)!;
  assert.equal(m.rule.rule.name, 'Dot1X');
  assert.equal(m.rule.identitySourceName, 'Internal Users');
  assert.equal(m.isDefault, false);
  assert.deepEqual(m.monitored.map((r) => r.rule.name), ['Watch']);
  const d = s.authenticationRule(req({}), NOW)!;
  assert.equal(d.rule.rule.name, 'Default');
  assert.equal(d.isDefault, true);
});

test('failure options: CONTINUE, DROP, REJECT; EAP cannot continue', () => {
  const mab: AuthenticationRule = { ...authn('MAB', 0, null, 'Internal Endpoints'), ifUserNotFound: 'CONTINUE' };
  assert.deepEqual(failureOutcome(mab, 'userNotFound'), { action: 'CONTINUE', authenticationStatus: 'UnknownUser' });
  assert.deepEqual(failureOutcome(mab, 'authFail'), { action: 'REJECT', authenticationStatus: 'AuthenticationFailed' });
  assert.equal(failureOutcome(mab, 'processFail').action, 'DROP');
  assert.equal(failureOutcome(mab, 'userNotFound', true).action, 'REJECT');
});

test('authorization: local exceptions, then global exceptions, then rules, then Default', () => {
  const emp = eq('IdentityGroup:Name', 'User Identity Groups:Employee');
  const anc = eq('Session:ANCPolicy', 'Quarantine');
  const vip = eq('InternalUser:Name', 'vip');
  const policy = compilePolicy(config([tree(set('Default', 0, null), {
    authorization: [
      authz('Employees', 0, emp, ['VLAN_20'], 'enabled', 'Employees'),
      authz('Default', 1, null, ['DenyAccess']),
    ],
    exceptions: [authz('VIP', 0, vip, ['PermitAccess'])],
  })], [authz('ANC', 0, anc, ['Quarantine'])]));
  const s = policy.selectPolicySet(req({}), NOW).set!;

  const employee = s.authorize(req({ 'IdentityGroup:Name': 'User Identity Groups:Employee' }), NOW);
  assert.equal(employee.source, 'rule');
  assert.equal(employee.rule?.rule.name, 'Employees');
  assert.equal(employee.access, 'ACCESS_ACCEPT');
  assert.equal(employee.securityGroup?.value, 4);
  assert.deepEqual(decisionReply(employee).attributes.map((a) => `${a.name}=${a.value}`), [
    'Tunnel-Type=13', 'Tunnel-Medium-Type=6', 'Tunnel-Private-Group-ID=20', 'Cisco-AVPair=cts:security-group-tag=0004-00',
  ]);

  const quarantined = s.authorize(req({ 'IdentityGroup:Name': 'User Identity Groups:Employee', 'Session:ANCPolicy': 'Quarantine' }), NOW);
  assert.equal(quarantined.source, 'globalException');
  assert.deepEqual(quarantined.profiles.map((p) => p.name), ['Quarantine']);

  const vipQuarantined = s.authorize(req({ 'InternalUser:Name': 'vip', 'Session:ANCPolicy': 'Quarantine' }), NOW);
  assert.equal(vipQuarantined.source, 'localException');
  assert.equal(vipQuarantined.rule?.rule.name, 'VIP');

  const nobody = s.authorize(req({}), NOW);
  assert.equal(nobody.isDefault, true);
  assert.equal(nobody.access, 'ACCESS_REJECT');
  assert.deepEqual(decisionReply(nobody), { access: 'ACCESS_REJECT', attributes: [], failure: { code: 15039, reason: 'Rejected per authorization profile' } });
});

test('authorization: monitor and disabled rules, unknown profiles, empty profile list, alias names', () => {
  const any = eq('Network Access:Protocol', 'Radius');
  const policy = compilePolicy(config([tree(set('Default', 0, null), {
    authorization: [
      authz('Watch', 0, any, ['VLAN_20'], 'monitor'),
      authz('Off', 1, any, ['VLAN_20'], 'disabled'),
      authz('Gone', 2, eq('InternalUser:Name', 'gone'), ['NoSuchProfile']),
      authz('Empty', 3, eq('InternalUser:Name', 'empty'), []),
      authz('Old', 4, eq('InternalUser:Name', 'old'), ['Blackhole_Wireless_Access']),
      authz('Both', 5, any, ['NoSuchProfile', 'PermitAccess']),
      authz('Default', 6, null, ['DenyAccess'], 'disabled'),
    ],
  })]));
  const s = policy.selectPolicySet(req({}), NOW).set!;
  const both = s.authorize(req({ 'Network Access:Protocol': 'Radius' }), NOW);
  assert.equal(both.rule?.rule.name, 'Both');
  assert.deepEqual(both.monitored.map((r) => r.rule.name), ['Watch']);
  assert.deepEqual(both.unknownProfiles, ['NoSuchProfile']);
  assert.equal(both.access, 'ACCESS_ACCEPT');
  assert.equal(s.authorize(req({ 'InternalUser:Name': 'gone' }), NOW).access, 'ACCESS_REJECT');
  assert.equal(s.authorize(req({ 'InternalUser:Name': 'empty' }), NOW).access, 'ACCESS_REJECT');
  const old = s.authorize(req({ 'InternalUser:Name': 'old' }), NOW);
  assert.equal(old.profiles[0].name, 'Block_Wireless_Access');
  const none = s.authorize(req({}), NOW);
  assert.equal(none.source, 'none');
  assert.equal(none.access, 'ACCESS_REJECT');
});

test('evaluation speed: ~50 rules (benchmark, printed, not asserted)', () => {
  const cfg = factoryPolicyConfig();
  const def = cfg.policySets[0];
  const rules: AuthorizationRule[] = [];
  for (let i = 0; i < 48; i++) {
    const cond: Condition = {
      conditionType: 'ConditionAndBlock', isNegate: false, children: [
        { conditionType: 'ConditionReference', isNegate: false, id: cfg.conditions[i % 4].id },
        eq('DEVICE:Location', `All Locations#Site-${i}`),
        { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'Radius', attributeName: 'Called-Station-ID', operator: 'matches', attributeValue: `:Corp-${i}$` },
      ],
    };
    rules.push(authz(`R${i}`, i, cond, ['PermitAccess']));
  }
  rules.push(...def.authorization.map((r, i) => ({ ...r, rule: { ...r.rule, rank: 48 + i } })));
  const sets: PolicySetTree[] = [];
  for (let i = 0; i < 10; i++) sets.push(tree(set(`S${i}`, i, eq('DEVICE:Location', `All Locations#Other-${i}`))));
  sets.push({ ...def, authorization: rules, set: { ...def.set, rank: 10 } });
  const policy = compilePolicy({ ...cfg, policySets: sets });
  const r = new PolicyAttributes()
    .set('Normalised Radius:RadiusFlowType', 'Wired802_1x').set('DEVICE:Location', 'All Locations#Site-A')
    .set('Radius:Called-Station-ID', '00-11-22-33-44-55').set('Network Access:AuthenticationStatus', 'AuthenticationPassed')
    .set('IdentityGroup:Name', ['User Identity Groups:Employee']);
  const once = () => {
    const s = policy.selectPolicySet(r, NOW).set!;
    s.authenticationRule(r, NOW);
    return s.authorize(r, NOW);
  };
  assert.equal(once().rule?.rule.name, 'Basic_Authenticated_Access');
  for (let i = 0; i < 20000; i++) once();
  const n = 100000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) once();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`policy evaluation (11 sets, 61 authorization rules, set + authn + authz): ${(ns / 1000).toFixed(2)} µs per request, ${Math.round(1e9 / ns).toLocaleString('en-US')} per second`);

  // The whole per-request path: request attributes built from decoded RADIUS, then policy and reply.
  const attributes: RequestAttribute[] = [
    { name: 'User-Name', value: 'alice' }, { name: 'User-Password', value: 'x' }, { name: 'Service-Type', value: 2 },
    { name: 'NAS-Port-Type', value: 15 }, { name: 'NAS-IP-Address', value: '10.0.0.1' }, { name: 'NAS-Port', value: 50101 },
    { name: 'NAS-Port-Id', value: 'GigabitEthernet1/0/1' }, { name: 'Calling-Station-Id', value: '00-11-22-AA-BB-CC' },
    { name: 'Called-Station-Id', value: '00-BE-75-B9-93-05' }, { name: 'Framed-MTU', value: 1500 },
    { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'service-type=Framed' }, { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'method=dot1x' },
    { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'audit-session-id=0A0000010000001234567890' },
  ];
  const device = { name: 'sw1', ipAddress: '10.0.0.1', groups: ['Location#All Locations#Site-A', 'Device Type#All Device Types', 'IPSEC#Is IPSEC Device#No'] };
  const full = () => {
    const { request } = buildPolicyRequest({ attributes, device });
    const s = policy.selectPolicySet(request, NOW).set!;
    s.authenticationRule(request, NOW);
    applyIdentity(request, { authenticationStatus: 'AuthenticationPassed', identityGroups: ['User Identity Groups:Employee'] });
    return decisionReply(s.authorize(request, NOW), { req: request });
  };
  assert.equal(full().access, 'ACCESS_ACCEPT');
  for (let i = 0; i < 20000; i++) full();
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) full();
  const ns2 = Number(process.hrtime.bigint() - t1) / n;
  console.log(`full path (build request from 13 RADIUS attributes + device, set + authn + authz + reply): ${(ns2 / 1000).toFixed(2)} µs per request`);
});
