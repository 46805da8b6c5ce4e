import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMethod } from './allowed-protocols.ts';
import { referencedIds } from './condition.ts';
import { compilePolicy, decisionReply } from './evaluator.ts';
import { LIBRARY_IDS } from './factory-conditions.ts';
import { FACTORY_IDENTITY_STORES } from './factory-elements.ts';
import { factoryPolicyConfig } from './factory-policy.ts';
import { failureOutcome } from './policy-set.ts';
import type { RequestAttribute } from './request.ts';
import { applyIdentity, buildPolicyRequest, endpointGroupPath, userGroupPath } from './request.ts';

const NOW = new Date('2025-06-01T09:00:00Z');
const policy = compilePolicy(factoryPolicyConfig());
const switch1 = { name: 'sw1', ipAddress: '10.0.0.1', groups: ['Location#All Locations', 'IPSEC#Is IPSEC Device#No', 'Device Type#All Device Types'] };

function mab(nasPortType: number): RequestAttribute[] {
  return [
    { name: 'User-Name', value: '001122aabbcc' }, { name: 'User-Password', value: '001122aabbcc' },
    { name: 'Service-Type', value: 10 }, { name: 'NAS-Port-Type', value: nasPortType },
    { name: 'Calling-Station-Id', value: '00-11-22-AA-BB-CC' }, { name: 'NAS-IP-Address', value: '10.0.0.1' },
    { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'method=mab' },
  ];
}

test('factory data: ids, names, references resolve', () => {
  const cfg = factoryPolicyConfig();
  const ids = new Set([...cfg.conditions.map((c) => c.id)]);
  assert.equal(ids.size, cfg.conditions.length);
  assert.equal(LIBRARY_IDS.Switch_Local_Web_Authentication, '4c162a13-6f18-43f5-81af-aa973a2b7b6e');
  const def = cfg.policySets[0];
  assert.equal(def.set.name, 'Default');
  assert.deepEqual(def.authentication.map((r) => [r.rule.name, r.identitySourceName, r.ifUserNotFound]), [
    ['MAB', 'Internal Endpoints', 'CONTINUE'], ['Dot1X', 'All_User_ID_Stores', 'REJECT'], ['Default', 'All_User_ID_Stores', 'REJECT'],
  ]);
  assert.equal(def.authorization.length, 12);
  assert.deepEqual(def.authorization.map((r) => r.rule.rank), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const profileNames = new Set(cfg.profiles.map((p) => p.name));
  const storeNames = new Set(FACTORY_IDENTITY_STORES.map((s) => s.name));
  for (const r of def.authorization) for (const p of r.profile) assert.ok(profileNames.has(p), p);
  for (const r of def.authentication) assert.ok(storeNames.has(r.identitySourceName), r.identitySourceName);
  for (const r of def.authorization) if (r.securityGroup) assert.ok(cfg.securityGroups.some((g) => g.name === r.securityGroup));
  const refs = [...def.authentication, ...def.authorization].flatMap((r) => referencedIds(r.rule.condition));
  assert.ok(refs.length >= 20);
  for (const id of refs) assert.ok(ids.has(id), id);
  assert.equal(cfg.profiles.find((p) => p.name === 'PermitAccess')?.id, '6eed36e0-8bff-11e6-996c-525400b48521');
  assert.equal(cfg.allowedProtocols[0].id, '92613980-8c01-11e6-996c-525400b48521');
  // Fresh copies every time.
  assert.notEqual(factoryPolicyConfig().profiles[0], cfg.profiles[0]);
});

test('wired MAB, known endpoint: MAB rule → Internal Endpoints → Basic_Authenticated_Access → PermitAccess', () => {
  const { request, flowType } = buildPolicyRequest({ attributes: mab(15), device: switch1 });
  assert.equal(flowType, 'WiredMAB');
  const set = policy.selectPolicySet(request, NOW).set!;
  assert.equal(set.policySet.name, 'Default');
  assert.equal(checkMethod(set.allowedProtocols!, 'HostLookup'), null);
  const authn = set.authenticationRule(request, NOW)!;
  assert.equal(authn.rule.rule.name, 'MAB');
  assert.equal(authn.rule.identitySourceName, 'Internal Endpoints');
  applyIdentity(request, { authenticationStatus: 'AuthenticationPassed', identityGroups: [endpointGroupPath(['Unknown'])] });
  const d = set.authorize(request, NOW);
  assert.equal(d.rule?.rule.name, 'Basic_Authenticated_Access');
  assert.deepEqual(d.profiles.map((p) => p.name), ['PermitAccess']);
  assert.deepEqual(decisionReply(d), { access: 'ACCESS_ACCEPT', attributes: [] });
});

test('wired MAB, unknown endpoint: continues to authorization as UnknownUser and meets Default → DenyAccess', () => {
  const { request } = buildPolicyRequest({ attributes: mab(15), device: switch1 });
  const set = policy.selectPolicySet(request, NOW).set!;
  const authn = set.authenticationRule(request, NOW)!;
  const outcome = failureOutcome(authn.rule, 'userNotFound');
  assert.equal(outcome.action, 'CONTINUE');
  applyIdentity(request, { authenticationStatus: outcome.authenticationStatus, identityGroups: [endpointGroupPath(['Unknown'])] });
  const d = set.authorize(request, NOW);
  assert.equal(d.rule?.rule.name, 'Default');
  assert.equal(d.isDefault, true);
  assert.deepEqual(decisionReply(d), { access: 'ACCESS_REJECT', attributes: [], failure: { code: 15039, reason: 'Rejected per authorization profile' } });
});

test('wired 802.1X with PAP: Dot1X rule → All_User_ID_Stores; passed → PermitAccess; wrong password → REJECT', () => {
  const { request, flowType } = buildPolicyRequest({
    attributes: [
      { name: 'User-Name', value: 'alice' }, { name: 'User-Password', value: 'x' }, { name: 'Service-Type', value: 2 },
      { name: 'NAS-Port-Type', value: 15 }, { name: 'Calling-Station-Id', value: '00-11-22-AA-BB-CD' }, { name: 'Framed-MTU', value: 1500 },
    ],
    device: switch1,
  });
  assert.equal(flowType, 'Wired802_1x');
  const set = policy.selectPolicySet(request, NOW).set!;
  assert.equal(checkMethod(set.allowedProtocols!, 'PAP'), null);
  const authn = set.authenticationRule(request, NOW)!;
  assert.equal(authn.rule.rule.name, 'Dot1X');
  assert.equal(authn.rule.identitySourceName, 'All_User_ID_Stores');
  assert.equal(failureOutcome(authn.rule, 'authFail').action, 'REJECT');
  assert.equal(failureOutcome(authn.rule, 'userNotFound').action, 'REJECT');
  applyIdentity(request, { authenticationStatus: 'AuthenticationPassed', identityGroups: [userGroupPath('Employee')], identityStore: 'Internal Users' });
  const d = set.authorize(request, NOW);
  assert.equal(d.rule?.rule.name, 'Basic_Authenticated_Access');
  assert.equal(decisionReply(d).access, 'ACCESS_ACCEPT');
});

test('`test aaa` PAP (Login, Virtual): Default authentication rule, then PermitAccess when passed', () => {
  const { request, flowType } = buildPolicyRequest({
    attributes: [{ name: 'User-Name', value: 'alice' }, { name: 'User-Password', value: 'x' }, { name: 'Service-Type', value: 1 }, { name: 'NAS-Port-Type', value: 5 }],
    device: switch1,
  });
  assert.equal(flowType, undefined);
  const set = policy.selectPolicySet(request, NOW).set!;
  const authn = set.authenticationRule(request, NOW)!;
  assert.equal(authn.rule.rule.name, 'Default');
  assert.equal(authn.isDefault, true);
  applyIdentity(request, { authenticationStatus: 'AuthenticationPassed' });
  assert.equal(set.authorize(request, NOW).rule?.rule.name, 'Basic_Authenticated_Access');
});

test('wireless MAB of a blocked endpoint → Block_Wireless_Access (Airespace BLACKHOLE ACL)', () => {
  const { request } = buildPolicyRequest({ attributes: mab(19), device: switch1 });
  const set = policy.selectPolicySet(request, NOW).set!;
  assert.equal(set.authenticationRule(request, NOW)!.rule.rule.name, 'MAB');
  applyIdentity(request, { authenticationStatus: 'AuthenticationPassed', identityGroups: ['Endpoint Identity Groups:Blocked List'] });
  const d = set.authorize(request, NOW);
  assert.equal(d.rule?.rule.name, 'Wireless Black List Default');
  assert.deepEqual(decisionReply(d).attributes, [{ name: 'Airespace-ACL-Name', value: 'BLACKHOLE' }]);
});

test('profiled Cisco IP phone → Cisco_IP_Phones (voice domain)', () => {
  const { request } = buildPolicyRequest({ attributes: mab(15), device: switch1 });
  const set = policy.selectPolicySet(request, NOW).set!;
  applyIdentity(request, { authenticationStatus: 'AuthenticationPassed', identityGroups: ['Endpoint Identity Groups:Profiled:Cisco-IP-Phone'] });
  const d = set.authorize(request, NOW);
  assert.equal(d.rule?.rule.name, 'Profiled Cisco IP Phones');
  assert.deepEqual(decisionReply(d).attributes, [{ name: 'Cisco-AVPair', value: 'device-traffic-class=voice' }]);
  // Non-Cisco phones by logical profile.
  const { request: r2 } = buildPolicyRequest({ attributes: mab(15), device: switch1 });
  applyIdentity(r2, { authenticationStatus: 'UnknownUser', endpoint: { LogicalProfile: ['IP-Phones'] } });
  assert.equal(set.authorize(r2, NOW).rule?.rule.name, 'Profiled Non Cisco IP Phones');
});

test('disabled factory rules do not fire (guest redirect for wireless MAB)', () => {
  const { request } = buildPolicyRequest({ attributes: mab(19), device: switch1 });
  const set = policy.selectPolicySet(request, NOW).set!;
  applyIdentity(request, { authenticationStatus: 'UnknownUser' });
  assert.equal(set.authorize(request, NOW).rule?.rule.name, 'Default');
});
