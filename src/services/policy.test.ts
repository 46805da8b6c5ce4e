import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../errors.ts';
import type { AuthorizationRule } from '../domain/policy/index.ts';
import { DEFAULT_POLICY_SET_ID, LIBRARY_IDS, applyIdentity, buildPolicyRequest, decisionReply } from '../domain/policy/index.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import { AuditService } from './audit.ts';
import { SYSTEM_ACTOR } from './context.ts';
import { ChangeBus, type ChangeEvent } from './events.ts';
import { PolicyService } from './policy.ts';

const NOW = new Date('2025-06-01T09:00:00Z');

async function withPolicy(fn: (p: PolicyService, ctx: { store: SqliteStore; bus: ChangeBus; reopen: () => Promise<PolicyService> }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-policy-'));
  const stores: SqliteStore[] = [];
  const open = async (): Promise<{ p: PolicyService; store: SqliteStore; bus: ChangeBus }> => {
    const store = SqliteStore.open(dir);
    stores.push(store);
    const bus = new ChangeBus();
    const p = new PolicyService({ store, audit: new AuditService(store, () => NOW), bus }, () => NOW);
    await p.load();
    return { p, store, bus };
  };
  try {
    const first = await open();
    await fn(first.p, {
      store: first.store, bus: first.bus,
      reopen: async () => { await first.store.close(); return (await open()).p; },
    });
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const siteA = { conditionType: 'ConditionAttributes', dictionaryName: 'DEVICE', attributeName: 'Location', operator: 'equals', attributeValue: 'All Locations#Site-A' };
const userIs = (name: string) => ({ conditionType: 'ConditionAttributes', dictionaryName: 'Network Access', attributeName: 'UserName', operator: 'equals', attributeValue: name });

/** The error a refused change raised: catalog kind and message. */
async function refused(p: Promise<unknown>): Promise<{ kind: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GatehouseError, String(e));
    return { kind: e.kind, status: e.status, message: e.message };
  }
  return assert.fail('expected the change to be refused');
}

const pap = (user: string) => buildPolicyRequest({
  attributes: [{ name: 'User-Name', value: user }, { name: 'User-Password', value: 'x' }, { name: 'Service-Type', value: 1 }, { name: 'NAS-Port-Type', value: 5 }],
  device: { name: 'sw1', ipAddress: '10.0.0.1', groups: ['Location#All Locations#Site-A'] },
}).request;

test('first load seeds the factory policy; a reload reads the same policy back from the store', async () => {
  await withPolicy(async (p, { reopen }) => {
    assert.deepEqual(p.policySets().map((s) => [s.name, s.id]), [['Default', DEFAULT_POLICY_SET_ID]]);
    assert.equal(p.rules('authorization', DEFAULT_POLICY_SET_ID).length, 12);
    assert.equal(p.conditions.list().length, 20);
    assert.ok(p.profiles.getByName('PermitAccess'));
    const created = await p.createPolicySet({ name: 'Campus', serviceName: 'Default Network Access', condition: siteA }, SYSTEM_ACTOR);
    const again = await reopen();
    assert.deepEqual(again.policySets().map((s) => [s.name, s.rank]), [['Campus', 0], ['Default', 1]]);
    assert.deepEqual(again.rules('authentication', created.id).map((r) => r.rule.name), ['Default']);
    assert.deepEqual(again.rules('authorization', created.id).map((r) => [r.rule.name, r.profile]), [['Default', ['DenyAccess']]]);
    assert.deepEqual(again.conditions.list(), p.conditions.list());
    assert.equal(again.current().policySets.length, 2);
  });
});

test('current() follows every committed change and the bus announces it after the policy is installed', async () => {
  await withPolicy(async (p, { bus }) => {
    const seen: Array<{ event: ChangeEvent; rules: number }> = [];
    bus.subscribe((event) => seen.push({ event, rules: p.rules('authorization', DEFAULT_POLICY_SET_ID).length }));
    const before = p.current();
    const req = pap('alice');
    applyIdentity(req, { authenticationStatus: 'AuthenticationPassed' });
    assert.equal(before.selectPolicySet(req, NOW).set!.authorize(req, NOW).rule?.rule.name, 'Basic_Authenticated_Access');
    const rule = await p.createRule('authorization', DEFAULT_POLICY_SET_ID, { rule: { name: 'Alice', rank: 0, condition: userIs('alice') }, profile: ['DenyAccess'] }, SYSTEM_ACTOR);
    assert.notEqual(p.current(), before);
    const d = p.current().selectPolicySet(req, NOW).set!.authorize(req, NOW);
    assert.equal(d.rule?.rule.name, 'Alice');
    assert.equal(decisionReply(d).access, 'ACCESS_REJECT');
    assert.deepEqual(seen, [{ event: { type: 'policy', op: 'create', id: rule.rule.id }, rules: 13 }]);
  });
});

test('a refused change writes nothing, keeps the compiled policy, and is audited as a failure', async () => {
  await withPolicy(async (p, { store }) => {
    const compiled = p.current();
    const rows = (await store.policy.all()).length;
    const e = await refused(p.createPolicySet({ name: 'X', serviceName: 'Nope', condition: siteA }, SYSTEM_ACTOR));
    assert.deepEqual(e, { kind: 'validation', status: 400, message: "Failed to handle API request - Network Access Policy Set : Service name 'Nope' does not exist" });
    assert.equal(p.current(), compiled);
    assert.equal((await store.policy.all()).length, rows);
    const audit = await store.audit.since('1970-01-01T00:00:00Z', 100);
    assert.ok(audit.some((a) => a.result === 'failure' && a.objectType === 'policyset' && /Service name 'Nope'/.test(a.detail)));
  });
});

test('a store failure leaves memory and store as they were', async () => {
  await withPolicy(async (p, { store, reopen }) => {
    const compiled = p.current();
    const append = store.audit.append.bind(store.audit);
    store.audit.append = async () => { throw new Error('disk full'); };
    await assert.rejects(p.createPolicySet({ name: 'Campus', serviceName: 'Default Network Access', condition: siteA }, SYSTEM_ACTOR), /disk full/);
    store.audit.append = append;
    assert.equal(p.current(), compiled);
    assert.equal(p.policySets().length, 1);
    assert.equal((await reopen()).policySets().length, 1);
  });
});

test('ranks: insert, move and delete renumber the list; the default entry stays last', async () => {
  await withPolicy(async (p) => {
    const names = (setId: string) => p.rules('authentication', setId).map((r) => `${r.rule.name}:${r.rule.rank}`);
    const a = await p.createRule('authentication', DEFAULT_POLICY_SET_ID, { rule: { name: 'A', condition: siteA } }, SYSTEM_ACTOR);
    assert.deepEqual(names(DEFAULT_POLICY_SET_ID), ['MAB:0', 'Dot1X:1', 'A:2', 'Default:3']);
    const b = await p.createRule('authentication', DEFAULT_POLICY_SET_ID, { rule: { name: 'B', condition: siteA, rank: 0 } }, SYSTEM_ACTOR);
    assert.deepEqual(names(DEFAULT_POLICY_SET_ID), ['B:0', 'MAB:1', 'Dot1X:2', 'A:3', 'Default:4']);
    await p.updateRule('authentication', DEFAULT_POLICY_SET_ID, b.rule.id, { rule: { name: 'B', condition: siteA, rank: 3 } }, SYSTEM_ACTOR);
    assert.deepEqual(names(DEFAULT_POLICY_SET_ID), ['MAB:0', 'Dot1X:1', 'A:2', 'B:3', 'Default:4']);
    const e = await refused(p.updateRule('authentication', DEFAULT_POLICY_SET_ID, a.rule.id, { rule: { name: 'A', condition: siteA, rank: 5 } }, SYSTEM_ACTOR));
    assert.match(e.message, /Invalid rank 5: must be between 0 and 3/);
    await p.deleteRule('authentication', DEFAULT_POLICY_SET_ID, a.rule.id, SYSTEM_ACTOR);
    assert.deepEqual(names(DEFAULT_POLICY_SET_ID), ['MAB:0', 'Dot1X:1', 'B:2', 'Default:3']);
    const campus = await p.createPolicySet({ name: 'Campus', serviceName: 'Default Network Access', condition: siteA }, SYSTEM_ACTOR);
    const lab = await p.createPolicySet({ name: 'Lab', serviceName: 'Default Network Access', condition: siteA, rank: 0 }, SYSTEM_ACTOR);
    assert.deepEqual(p.policySets().map((s) => `${s.name}:${s.rank}`), ['Lab:0', 'Campus:1', 'Default:2']);
    await p.deletePolicySet(lab.id, SYSTEM_ACTOR);
    assert.deepEqual(p.policySets().map((s) => `${s.name}:${s.rank}`), ['Campus:0', 'Default:1']);
    assert.equal(p.current().policySets[0].policySet.id, campus.id);
  });
});

test('deleting a policy set deletes its rules; defaults cannot be deleted', async () => {
  await withPolicy(async (p, { store }) => {
    const set = await p.createPolicySet({ name: 'Campus', serviceName: 'Default Network Access', condition: siteA }, SYSTEM_ACTOR);
    await p.createRule('authorization', set.id, { rule: { name: 'R', condition: siteA }, profile: ['PermitAccess'] }, SYSTEM_ACTOR);
    await p.createRule('localException', set.id, { rule: { name: 'E', condition: siteA }, profile: ['DenyAccess'] }, SYSTEM_ACTOR);
    const under = async () => (await store.policy.all()).filter((r) => r.parentId === set.id).length;
    assert.equal(await under(), 4);
    await p.deletePolicySet(set.id, SYSTEM_ACTOR);
    assert.equal(await under(), 0);
    assert.throws(() => p.rules('authorization', set.id), (e) => e instanceof GatehouseError && e.status === 404);
    assert.match((await refused(p.deletePolicySet(DEFAULT_POLICY_SET_ID, SYSTEM_ACTOR))).message, /Attempted to delete default policy set/);
    const dflt = p.rules('authorization', DEFAULT_POLICY_SET_ID).at(-1)!;
    assert.match((await refused(p.deleteRule('authorization', DEFAULT_POLICY_SET_ID, dflt.rule.id, SYSTEM_ACTOR))).message, /Attempted to delete default rule/);
    const changed = await p.updateRule('authorization', DEFAULT_POLICY_SET_ID, dflt.rule.id, { rule: { name: 'Default', default: true }, profile: ['PermitAccess'] }, SYSTEM_ACTOR);
    assert.deepEqual((changed as AuthorizationRule).profile, ['PermitAccess']);
  });
});

test('objects in use cannot be deleted; built-ins cannot be deleted', async () => {
  await withPolicy(async (p) => {
    const e1 = await refused(p.conditions.delete(LIBRARY_IDS.Wired_MAB, SYSTEM_ACTOR));
    assert.match(e1.message, /system condition/);
    const cond = await p.conditions.create({ name: 'Corp_SSID', conditionType: 'LibraryConditionAttributes', dictionaryName: 'Normalised Radius', attributeName: 'SSID', operator: 'equals', attributeValue: 'Corp' }, SYSTEM_ACTOR);
    await p.createRule('globalException', undefined, { rule: { name: 'G', condition: { conditionType: 'ConditionReference', id: cond.id } }, profile: ['DenyAccess'] }, SYSTEM_ACTOR);
    assert.deepEqual(await refused(p.conditions.delete(cond.id, SYSTEM_ACTOR)), {
      kind: 'inUse', status: 400, message: "Failed to handle API request - Network Access Condition : Condition 'Corp_SSID' is in use by exception rule 'G'",
    });
    assert.match((await refused(p.profiles.delete(p.profiles.getByName('DenyAccess')!.id, SYSTEM_ACTOR))).message, /system profile/);
    const dacl = await p.dacls.create({ name: 'ACL1', dacl: 'permit ip any any' }, SYSTEM_ACTOR);
    const prof = await p.profiles.create({ name: 'P1', daclName: 'ACL1' }, SYSTEM_ACTOR);
    assert.equal((await refused(p.dacls.delete(dacl.id, SYSTEM_ACTOR))).message, "Downloadable ACL 'ACL1' is in use by authorization profile 'P1'");
    await p.createRule('authorization', DEFAULT_POLICY_SET_ID, { rule: { name: 'Uses_P1', condition: siteA }, profile: ['P1'], securityGroup: 'Employees' }, SYSTEM_ACTOR);
    assert.equal((await refused(p.profiles.delete(prof.id, SYSTEM_ACTOR))).message, "Authorization profile 'P1' is in use by rule 'Uses_P1'");
    const sgt = await p.securityGroups.create({ name: 'Lab', value: -1 }, SYSTEM_ACTOR);
    assert.equal(sgt.value, 16);
    await p.createRule('authorization', DEFAULT_POLICY_SET_ID, { rule: { name: 'Uses_Lab', condition: siteA }, profile: ['PermitAccess'], securityGroup: 'Lab' }, SYSTEM_ACTOR);
    assert.equal((await refused(p.securityGroups.delete(sgt.id, SYSTEM_ACTOR))).message, "SGT 'Lab' is in use by rule 'Uses_Lab'");
    const ap = await p.allowedProtocols.create({ name: 'PAP_Only', allowPapAscii: true }, SYSTEM_ACTOR);
    await p.createPolicySet({ name: 'Guests', serviceName: 'PAP_Only', condition: siteA }, SYSTEM_ACTOR);
    assert.equal((await refused(p.allowedProtocols.delete(ap.id, SYSTEM_ACTOR))).message, "Allowed Protocols 'PAP_Only' is in use by policy set 'Guests'");
  });
});

test('renames reach the objects that refer by name; DACL content changes move the version', async () => {
  await withPolicy(async (p) => {
    const dacl = await p.dacls.create({ name: 'ACL1', dacl: 'permit ip any any' }, SYSTEM_ACTOR);
    const prof = await p.profiles.create({ name: 'P1', daclName: 'ACL1' }, SYSTEM_ACTOR);
    const ap = await p.allowedProtocols.create({ name: 'PAP_Only', allowPapAscii: true }, SYSTEM_ACTOR);
    const set = await p.createPolicySet({ name: 'Guests', serviceName: 'PAP_Only', condition: siteA }, SYSTEM_ACTOR);
    const rule = await p.createRule('authorization', set.id, { rule: { name: 'R', condition: siteA }, profile: ['P1'], securityGroup: 'Guests' }, SYSTEM_ACTOR);
    await p.dacls.update(dacl.id, { name: 'ACL2', dacl: 'permit ip any any' }, SYSTEM_ACTOR);
    await p.profiles.update(prof.id, { name: 'P2', daclName: 'ACL2' }, SYSTEM_ACTOR);
    assert.equal(p.profiles.get(prof.id)?.daclName, 'ACL2');
    assert.deepEqual(p.rule('authorization', set.id, rule.rule.id).profile, ['P2']);
    await p.allowedProtocols.update(ap.id, { name: 'PAP_Plus', allowPapAscii: true }, SYSTEM_ACTOR);
    assert.equal(p.policySet(set.id).serviceName, 'PAP_Plus');
    const guests = p.securityGroups.getByName('Guests')!;
    await p.securityGroups.update(guests.id, { name: 'Visitors', value: guests.value }, SYSTEM_ACTOR);
    assert.equal(p.rule('authorization', set.id, rule.rule.id).securityGroup, 'Visitors');
    const v1 = p.current().dacl('ACL2')!.version;
    await p.dacls.update(dacl.id, { dacl: 'deny ip any any' }, SYSTEM_ACTOR);
    assert.notEqual(p.current().dacl('ACL2')!.version, v1);
    const e = await refused(p.dacls.update(dacl.id, { dacl: 'permit ipv6 any any', daclType: 'IPV6' }, SYSTEM_ACTOR));
    assert.equal(e.message, "Downloadable ACL 'ACL2' of type IPV6 does not fit authorization profile 'P2'");
  });
});

test('PUT replaces, PATCH merges; a protocol switched off takes its block with it', async () => {
  await withPolicy(async (p) => {
    const prof = await p.profiles.create({ name: 'P1', vlan: { nameID: '10', tagID: 1 }, description: 'd' }, SYSTEM_ACTOR);
    const merged = await p.profiles.update(prof.id, { voiceDomainPermission: true }, SYSTEM_ACTOR, 'merge');
    assert.deepEqual(merged.after.vlan, { nameID: '10', tagID: 1 });
    assert.equal(merged.after.voiceDomainPermission, true);
    const replaced = await p.profiles.update(prof.id, { accessType: 'ACCESS_ACCEPT' }, SYSTEM_ACTOR, 'replace');
    assert.equal(replaced.after.name, 'P1');
    assert.equal(replaced.after.vlan, undefined);
    assert.equal(replaced.after.voiceDomainPermission, false);
    const dna = p.allowedProtocols.getByName('Default Network Access')!;
    const off = await p.allowedProtocols.update(dna.id, { allowPeap: false }, SYSTEM_ACTOR, 'merge');
    assert.equal(off.after.allowPeap, false);
    assert.equal(off.after.peap, undefined);
    assert.equal(off.after.allowEapTls, true);
  });
});

test('changes run one at a time: two creates of the same name, one wins', async () => {
  await withPolicy(async (p) => {
    const body = { name: 'Twin', serviceName: 'Default Network Access', condition: siteA };
    const results = await Promise.allSettled([p.createPolicySet(body, SYSTEM_ACTOR), p.createPolicySet(body, SYSTEM_ACTOR)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal(p.policySets().filter((s) => s.name === 'Twin').length, 1);
  });
});

test('dictionaries: built-ins read only, user dictionaries with attributes, 409 on clash, in-use refusals', async () => {
  await withPolicy(async (p) => {
    const names = p.dictionaries().map((d) => d.name);
    for (const n of ['Radius', 'Cisco', 'Microsoft', 'Airespace', 'Normalised Radius', 'Network Access', 'DEVICE', 'IdentityGroup', 'Session']) assert.ok(names.includes(n), n);
    assert.equal(p.attribute('Radius', 'NAS-Port-Type').allowedValues.some((v) => v.value === 'Wireless - IEEE 802.11'), true);
    assert.equal(p.attribute('Cisco', 'cisco-av-pair').dataType, 'STRING');
    assert.equal(p.attribute('Airespace', 'Airespace-IPv6-ACL-Name').dataType, 'STRING');
    assert.equal(p.attributesFor('authentication').some((a) => a.dictionaryName === 'Session'), false);
    assert.equal(p.attributesFor('authorization').some((a) => a.dictionaryName === 'Session'), true);
    assert.match((await refused(p.updateDictionary('Radius', { name: 'Radius', version: '2', dictionaryAttrType: 'MSG_ATTR' }, SYSTEM_ACTOR))).message, /system dictionary/);
    const d = await p.createDictionary({ name: 'Corp', version: '1.0', dictionaryAttrType: 'ENTITY_ATTR' }, SYSTEM_ACTOR);
    assert.equal((await refused(p.createDictionary({ name: 'corp', version: '1', dictionaryAttrType: 'ENTITY_ATTR' }, SYSTEM_ACTOR))).status, 409);
    assert.match((await refused(p.createDictionary({ name: 'Corp2', version: '1', dictionaryAttrType: 'entity_attr' }, SYSTEM_ACTOR))).message, /dictionaryAttrType 'entity_attr' is invalid/);
    const a = await p.createAttribute('Corp', { name: 'Floor', internalName: 'floor', dataType: 'UINT64' }, SYSTEM_ACTOR);
    assert.equal(a.dictionaryName, 'Corp');
    assert.match((await refused(p.createAttribute('Corp', { name: 'X', internalName: 'x', dataType: 'Uint64' }, SYSTEM_ACTOR))).message, /dataType 'Uint64' is invalid/);
    await p.conditions.create({ name: 'Floor_3', conditionType: 'LibraryConditionAttributes', dictionaryName: 'Corp', attributeName: 'Floor', operator: 'equals', attributeValue: '3' }, SYSTEM_ACTOR);
    assert.match((await refused(p.deleteAttribute('Corp', 'Floor', SYSTEM_ACTOR))).message, /in use by condition 'Floor_3'/);
    assert.match((await refused(p.deleteDictionary('Corp', SYSTEM_ACTOR))).message, /in use by condition 'Floor_3'/);
    const renamed = await p.updateDictionary('Corp', { name: 'Corp', version: '1.1', dictionaryAttrType: 'ENTITY_ATTR', description: 'x' }, SYSTEM_ACTOR);
    assert.equal(renamed.id, d.id);
    assert.equal(renamed.attributes.length, 1, 'attributes survive an update');
  });
});

test('hit counts: every match of a set or rule is counted, shown on reads, and reset per list', async () => {
  await withPolicy(async (p) => {
    const rule = await p.createRule('authorization', DEFAULT_POLICY_SET_ID, { rule: { name: 'Alice', rank: 0, condition: userIs('alice') }, profile: ['PermitAccess'] }, SYSTEM_ACTOR);
    for (const user of ['alice', 'alice', 'bob']) {
      const req = pap(user);
      const set = p.current().selectPolicySet(req, NOW).set!;
      set.authenticationRule(req, NOW);
      applyIdentity(req, { authenticationStatus: 'AuthenticationPassed' });
      set.authorize(req, NOW);
    }
    assert.equal(p.policySet(DEFAULT_POLICY_SET_ID).hitCounts, 3);
    assert.equal(p.rule('authorization', DEFAULT_POLICY_SET_ID, rule.rule.id).rule.hitCounts, 2);
    const basic = p.rules('authorization', DEFAULT_POLICY_SET_ID).find((r) => r.rule.name === 'Basic_Authenticated_Access')!;
    assert.equal(basic.rule.hitCounts, 1);
    assert.equal(p.rules('authentication', DEFAULT_POLICY_SET_ID).find((r) => r.rule.name === 'Default')!.rule.hitCounts, 3);
    await p.resetRuleHitCounts('authorization', DEFAULT_POLICY_SET_ID, SYSTEM_ACTOR);
    assert.equal(p.rule('authorization', DEFAULT_POLICY_SET_ID, rule.rule.id).rule.hitCounts, 0);
    assert.equal(p.policySet(DEFAULT_POLICY_SET_ID).hitCounts, 3, 'other lists keep theirs');
    await p.resetPolicySetHitCounts(SYSTEM_ACTOR);
    assert.equal(p.policySets()[0].hitCounts, 0);
  });
});
