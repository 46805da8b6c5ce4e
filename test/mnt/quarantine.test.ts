// ANC quarantine end to end with real peers: radclient as the switch's
// RADIUS client (MAB, accounting), FreeRADIUS as the switch's CoA server.
// MAB → normal profile; Accounting-Start; ANC apply over ERS → the DAS gets
// a correctly signed reauthenticate CoA for the session; MAB again → the
// quarantine profile through the Global Exception rule on
// Session:ANCPolicy; ANC clear → CoA again → MAB → the normal profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from '../radius/radclient.ts';
import { startDas, SKIP_NO_FREERADIUS, type Das } from '../helpers/freeradius-das.ts';

const SKIP = SKIP_NO_FREERADIUS || SKIP_NO_RADCLIENT;
const PHONE = { mac: '00:11:22:33:44:66', dashes: '00-11-22-33-44-66', bare: '001122334466', audit: '7F0000010000004A11223344' };
let server: TestServer;
let das: Das;

before(async () => {
  if (SKIP) return;
  das = await startDas();
  server = await startServer({ args: ['--coa-timeout-ms', '1000', '--coa-retries', '1'] });
  const ok = (r: { status: number; body: string }, status: number) => assert.equal(r.status, status, r.body);
  ok(await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'access-switch', profileName: 'Cisco', coaPort: das.port, NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: das.secret } } },
  }), 201);
  const phones = (await server.request('GET', '/ers/config/endpointgroup/name/Cisco-IP-Phone')).json().EndPointGroup;
  ok(await server.request('POST', '/ers/config/endpoint', { body: { ERSEndPoint: { mac: PHONE.mac, groupId: phones.id, staticGroupAssignment: true } } }), 201);
  // The quarantine pattern of the README: ANC policy, restricted profile, Global Exception rule.
  ok(await server.request('POST', '/ers/config/ancpolicy', { body: { ErsAncPolicy: { name: 'Quarantine', actions: ['QUARANTINE'] } } }), 201);
  ok(await server.request('POST', '/ers/config/authorizationprofile', {
    body: { AuthorizationProfile: { name: 'Quarantine_VLAN', accessType: 'ACCESS_ACCEPT', vlan: { nameID: '999', tagID: 1 } } },
  }), 201);
  const rule = await server.request('POST', '/api/v1/policy/network-access/policy-set/global-exception', {
    port: 'https',
    body: {
      rule: {
        name: 'ANC_Quarantine', state: 'enabled',
        condition: { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'Session', attributeName: 'ANCPolicy', operator: 'equals', attributeValue: 'Quarantine' },
      },
      profile: ['Quarantine_VLAN'],
    },
  });
  assert.ok(rule.status === 200 || rule.status === 201, rule.body);
});
after(async () => {
  await server?.cleanup();
  await das?.stop();
});

const mab = () => radclient(server.ports.radiusAuth, 'auth', das.secret, [
  `User-Name = "${PHONE.bare}"`, `User-Password = "${PHONE.bare}"`, 'Service-Type = Call-Check', 'NAS-Port-Type = Ethernet',
  `Calling-Station-Id = "${PHONE.dashes}"`, 'NAS-IP-Address = 10.0.0.2', 'NAS-Port-Id = "GigabitEthernet1/0/7"',
  `Cisco-AVPair = "audit-session-id=${PHONE.audit}"`, 'Message-Authenticator = 0x00',
]);
const lastAuth = async (): Promise<any> => (await settledLiveLog(server, [5200, 5400])).at(-1);
const voice = (attrs: string[]) => attrs.some((a) => /device-traffic-class=voice/.test(a));
const quarantineVlan = (attrs: string[]) => attrs.some((a) => /^Tunnel-Private-Group-Id(:\d+)? = "999"$/i.test(a));
const op = (pairs: [string, string][]) => ({ OperationAdditionalData: { additionalData: pairs.map(([name, value]) => ({ name, value })) } });

test('quarantine and release of a MAB endpoint through ANC, CoA and the Global Exception rule', { skip: SKIP }, async () => {
  let r = await mab();
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  assert.ok(voice(r.attributes) && !quarantineVlan(r.attributes), r.attributes.join('\n'));
  assert.equal((await lastAuth()).authorizationPolicyMatchedRule, 'Profiled Cisco IP Phones');
  const acct = await radclient(server.ports.radiusAcct, 'acct', das.secret, [
    'Acct-Status-Type = Start', 'Acct-Session-Id = "0000004A"', `User-Name = "${PHONE.bare}"`, 'NAS-IP-Address = 10.0.0.2',
    `Calling-Station-Id = "${PHONE.dashes}"`, `Cisco-AVPair = "audit-session-id=${PHONE.audit}"`, 'Framed-IP-Address = 10.10.20.66',
  ]);
  assert.equal(acct.reply, 'Accounting-Response', acct.stdout + acct.stderr);

  // Quarantine by the endpoint's IP, as SOC tools do.
  let n = das.packets().length;
  const apply = await server.request('PUT', '/ers/config/ancendpoint/apply', { body: op([['ipAddress', '10.10.20.66'], ['policyName', 'Quarantine']]) });
  assert.equal(apply.status, 204, apply.body);
  let coa = await das.received(n);
  assert.equal(coa.length, 1, 'one CoA for the one active session');
  assert.equal(coa[0].code, 'CoA-Request');
  assert.equal(coa[0].reply, 'CoA-ACK', 'the DAS verified the authenticators and accepted it');
  for (const a of ['Cisco-AVPair = "subscriber:command=reauthenticate"', `Cisco-AVPair = "audit-session-id=${PHONE.audit}"`, `Calling-Station-Id = "${PHONE.dashes}"`, 'NAS-IP-Address = 10.0.0.2']) {
    assert.ok(coa[0].attributes.includes(a), `${a} in\n${coa[0].attributes.join('\n')}`);
  }

  // The switch re-authenticates the port: the endpoint now gets the quarantine profile.
  r = await mab();
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  assert.ok(quarantineVlan(r.attributes), r.attributes.join('\n'));
  assert.ok(!voice(r.attributes), r.attributes.join('\n'));
  const q = await lastAuth();
  assert.equal(q.authorizationPolicyMatchedRule, 'ANC_Quarantine');
  assert.deepEqual(q.selectedAznProfiles, ['Quarantine_VLAN']);
  const detail = await server.request('GET', `/admin/API/mnt/Session/MACAddress/${PHONE.mac}`, { port: 'https', format: 'xml' });
  assert.match(detail.body, /<selected_azn_profiles>Quarantine_VLAN<\/selected_azn_profiles>/);
  assert.match(detail.body, /:!:ANCPolicy=Quarantine/);

  // Release: the assignment goes, the session is re-authenticated, the normal profile returns.
  n = das.packets().length;
  const clear = await server.request('PUT', '/ers/config/ancendpoint/clear', { body: op([['macAddress', PHONE.dashes]]) });
  assert.equal(clear.status, 204, clear.body);
  coa = await das.received(n);
  assert.equal(coa.length, 1);
  assert.equal(coa[0].reply, 'CoA-ACK');
  assert.ok(coa[0].attributes.includes('Cisco-AVPair = "subscriber:command=reauthenticate"'));
  r = await mab();
  assert.equal(r.reply, 'Access-Accept');
  assert.ok(voice(r.attributes) && !quarantineVlan(r.attributes), r.attributes.join('\n'));
  assert.equal((await lastAuth()).authorizationPolicyMatchedRule, 'Profiled Cisco IP Phones');
});
