// Policy managed over the APIs decides RADIUS: an authorization profile with
// a tagged VLAN and a DACL, a security group and a rule created over ERS and
// the OpenAPI give FreeRADIUS's radclient the matching Access-Accept; the
// DACL download answers the ACEs; every change is in force on the next
// request and survives a restart.
import { test, before, after } from 'node:test';
import { rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from './radclient.ts';

const SECRET = 'testing123';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
const API = '/api/v1/policy/network-access';
const DEFAULT_SET = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';
const ACES = 'permit udp any any eq domain\n deny ip any 10.0.0.0 0.255.255.255\npermit ip any any';
let server: TestServer;
let ruleId = '';
let daclId = '';

const userIs = (name: string) => ({ conditionType: 'ConditionAttributes', dictionaryName: 'Network Access', attributeName: 'UserName', operator: 'equals', attributeValue: name });

before(async () => {
  server = await startServer();
  const post = async (path: string, body: object) => {
    const r = await server.request('POST', path, { body });
    assert.equal(r.status, 201, r.body);
    return r;
  };
  await post('/ers/config/networkdevice', { NetworkDevice: { name: 'policy-switch', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } });
  await post('/ers/config/internaluser', { InternalUser: { name: 'alice', password: 'Wonder-Land1' } });
  await post('/ers/config/internaluser', { InternalUser: { name: 'bob', password: 'Builder-Go12', identityGroups: EMPLOYEE } });
  daclId = idFromLocation(await post('/ers/config/downloadableacl', { DownloadableAcl: { name: 'Corp_ACL', dacl: ACES } }));
  await post('/ers/config/sgt', { Sgt: { name: 'Corp_Users', value: 100 } });
  await post('/ers/config/authorizationprofile', { AuthorizationProfile: { name: 'Corp_VLAN_100', vlan: { nameID: '100', tagID: 1 }, daclName: 'Corp_ACL' } });
  const rule = await server.request('POST', `${API}/policy-set/${DEFAULT_SET}/authorization`, {
    port: 'https', body: { rule: { name: 'Corp_Alice', rank: 0, condition: userIs('alice') }, profile: ['Corp_VLAN_100'], securityGroup: 'Corp_Users' },
  });
  assert.equal(rule.status, 201, rule.body);
  ruleId = rule.json().response.rule.id;
});
after(async () => {
  await server.cleanup();
  rmSync(server.dataDir, { recursive: true, force: true });
});

const pap = (user: string, password: string) => radclient(server.ports.radiusAuth, 'auth', SECRET, [
  `User-Name = "${user}"`, `User-Password = "${password}"`, 'NAS-IP-Address = 10.0.0.2', 'Message-Authenticator = 0x00',
]);
const download = (name: string, extra: string[] = ['Message-Authenticator = 0x00']) => radclient(server.ports.radiusAuth, 'auth', SECRET, [
  `User-Name = "${name}"`, 'Cisco-AVPair = "aaa:event=acl-download"', ...extra,
]);
/** The DACL name an Access-Accept names, `#ACSACL#-IP-<name>-<version>`. */
const daclNameIn = (attributes: string[]): string | undefined =>
  attributes.map((a) => /^Cisco-AVPair = "ACS:CiscoSecure-Defined-ACL=(#ACSACL#-IP-[^"]+)"$/.exec(a)?.[1]).find((x) => x !== undefined);

test('PAP for the matching user: tagged VLAN, DACL name and SGT from the API-managed policy', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await pap('alice', 'Wonder-Land1');
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  for (const a of ['Tunnel-Type:1 = VLAN', 'Tunnel-Medium-Type:1 = IEEE-802', 'Tunnel-Private-Group-Id:1 = "100"', 'Cisco-AVPair = "cts:security-group-tag=0064-00"']) {
    assert.ok(r.attributes.includes(a), `${a} in\n${r.attributes.join('\n')}`);
  }
  assert.match(daclNameIn(r.attributes) ?? '', /^#ACSACL#-IP-Corp_ACL-[0-9a-f]{8}$/);
  const other = await pap('bob', 'Builder-Go12');
  assert.equal(other.reply, 'Access-Accept');
  assert.equal(other.attributes.some((a) => a.startsWith('Tunnel-') || a.includes('cts:')), false, 'bob meets Basic_Authenticated_Access');
  const rule = (await server.request('GET', `${API}/policy-set/${DEFAULT_SET}/authorization/${ruleId}`, { port: 'https' })).json().response;
  assert.equal(rule.rule.hitCounts, 1, 'the rule counts its hit');
  assert.equal((await server.request('POST', `${API}/policy-set/${DEFAULT_SET}/authorization/reset-hitcount`, { port: 'https' })).status, 200);
  assert.equal((await server.request('GET', `${API}/policy-set/${DEFAULT_SET}/authorization/${ruleId}`, { port: 'https' })).json().response.rule.hitCounts, 0);
});

test('the DACL download exchange answers the ACEs in order; a stale version or a missing Message-Authenticator is rejected', { skip: SKIP_NO_RADCLIENT }, async () => {
  const name = daclNameIn((await pap('alice', 'Wonder-Land1')).attributes)!;
  const d = await download(name);
  assert.equal(d.reply, 'Access-Accept', d.stdout + d.stderr);
  assert.deepEqual(d.attributes.filter((a) => a.startsWith('Cisco-AVPair')), [
    'Cisco-AVPair = "ip:inacl#1=permit udp any any eq domain"',
    'Cisco-AVPair = "ip:inacl#2=deny ip any 10.0.0.0 0.255.255.255"',
    'Cisco-AVPair = "ip:inacl#3=permit ip any any"',
  ]);
  assert.equal((await download(name, [])).reply, 'Access-Reject');
  assert.equal((await download(name.replace(/-[0-9a-f]{8}$/, '-00000001'))).reply, 'Access-Reject');
});

test('changes are in force on the next request: rule result, rule condition, DACL content', { skip: SKIP_NO_RADCLIENT }, async () => {
  const url = `${API}/policy-set/${DEFAULT_SET}/authorization/${ruleId}`;
  const put = (body: object) => server.request('PUT', url, { port: 'https', body });
  assert.equal((await put({ rule: { name: 'Corp_Alice', condition: userIs('alice') }, profile: ['PermitAccess'] })).status, 200);
  const plain = await pap('alice', 'Wonder-Land1');
  assert.equal(plain.reply, 'Access-Accept');
  assert.equal(plain.attributes.some((a) => a.startsWith('Tunnel-')), false, plain.attributes.join('\n'));
  const byGroup = await put({
    rule: { name: 'Corp_Alice', condition: { conditionType: 'ConditionAttributes', dictionaryName: 'IdentityGroup', attributeName: 'Name', operator: 'equals', attributeValue: 'User Identity Groups:Employee' } },
    profile: ['Corp_VLAN_100'], securityGroup: 'Corp_Users',
  });
  assert.equal(byGroup.status, 200, byGroup.body);
  const bob = await pap('bob', 'Builder-Go12');
  assert.ok(bob.attributes.includes('Tunnel-Private-Group-Id:1 = "100"'), bob.attributes.join('\n'));
  assert.equal((await pap('alice', 'Wonder-Land1')).attributes.some((a) => a.startsWith('Tunnel-')), false);

  const before = daclNameIn(bob.attributes)!;
  const edit = await server.request('PUT', `/ers/config/downloadableacl/${daclId}`, { body: { DownloadableAcl: { name: 'Corp_ACL', dacl: 'deny ip any any' } } });
  assert.equal(edit.status, 200, edit.body);
  const after = daclNameIn((await pap('bob', 'Builder-Go12')).attributes)!;
  assert.notEqual(after, before, 'a content change moves the version');
  assert.equal((await download(before)).reply, 'Access-Reject');
  assert.deepEqual((await download(after)).attributes.filter((a) => a.startsWith('Cisco-AVPair')), ['Cisco-AVPair = "ip:inacl#1=deny ip any any"']);
  // Disabling the rule takes it out of evaluation.
  const current = (await server.request('GET', url, { port: 'https' })).json().response;
  assert.equal((await put({ ...current, rule: { ...current.rule, state: 'disabled' } })).status, 200);
  assert.equal((await pap('bob', 'Builder-Go12')).attributes.some((a) => a.startsWith('Tunnel-')), false);
  assert.equal((await put({ ...current, rule: { ...current.rule, state: 'enabled' } })).status, 200);
});

test('the policy survives a restart', { skip: SKIP_NO_RADCLIENT }, async () => {
  await server.stop();
  server = await startServer({ dataDir: server.dataDir });
  const rule = (await server.request('GET', `${API}/policy-set/${DEFAULT_SET}/authorization/${ruleId}`, { port: 'https' })).json().response;
  assert.deepEqual([rule.rule.name, rule.rule.rank, rule.profile, rule.securityGroup], ['Corp_Alice', 0, ['Corp_VLAN_100'], 'Corp_Users']);
  const r = await pap('bob', 'Builder-Go12');
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  assert.ok(r.attributes.includes('Cisco-AVPair = "cts:security-group-tag=0064-00"'), r.attributes.join('\n'));
});
