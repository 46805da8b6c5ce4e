// Access-Requests from radclient against the factory policy: PAP, CHAP, MAB,
// drops, Message-Authenticator enforcement, the live log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from './radclient.ts';

const SECRET = 'testing123';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
let server: TestServer;

before(async () => {
  server = await startServer();
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'access-switch', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(dev.status, 201, dev.body);
  const user = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'alice', password: 'Wonder-Land1', identityGroups: EMPLOYEE } } });
  assert.equal(user.status, 201, user.body);
  const groups = (await server.request('GET', '/ers/config/endpointgroup/name/Cisco-IP-Phone')).json().EndPointGroup;
  const ep = await server.request('POST', '/ers/config/endpoint', { body: { ERSEndPoint: { mac: '00:11:22:33:44:55', groupId: groups.id, staticGroupAssignment: true } } });
  assert.equal(ep.status, 201, ep.body);
});
after(async () => { await server.cleanup(); });

const liveLog = (): Promise<any[]> => settledLiveLog(server);
const lastLog = async () => {
  await new Promise((r) => setTimeout(r, 50));
  return (await liveLog()).at(-1);
};

test('PAP with the right password is accepted (PermitAccess) and logged 5200', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'User-Password = "Wonder-Land1"', 'NAS-IP-Address = 10.0.0.2', 'Message-Authenticator = 0x00']);
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  assert.ok(r.attributes.some((a) => a.startsWith('Class = ')), r.stdout);
  const log = await lastLog();
  assert.equal(log.messageCode, 5200);
  assert.equal(log.userName, 'alice');
  assert.equal(log.authorizationPolicyMatchedRule, 'Basic_Authenticated_Access');
  assert.deepEqual(log.selectedAznProfiles, ['PermitAccess']);
  assert.equal(log.authenticationMethod, 'PAP_ASCII');
});

test('PAP with a wrong password is rejected with 22040', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'User-Password = "wrong"']);
  assert.equal(r.reply, 'Access-Reject');
  const log = await lastLog();
  assert.equal(log.messageCode, 5400);
  assert.match(log.failureReason, /^22040 Wrong password or invalid shared secret/);
});

test('an unknown user is rejected with 22056', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "nobody"', 'User-Password = "x"']);
  assert.equal(r.reply, 'Access-Reject');
  assert.match((await lastLog()).failureReason, /^22056/);
});

test('CHAP against the stored password', { skip: SKIP_NO_RADCLIENT }, async () => {
  const ok = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'CHAP-Password = "Wonder-Land1"']);
  assert.equal(ok.reply, 'Access-Accept', ok.stdout + ok.stderr);
  assert.equal((await lastLog()).authenticationMethod, 'CHAP');
  const bad = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'CHAP-Password = "nope"']);
  assert.equal(bad.reply, 'Access-Reject');
});

test('a disabled user is rejected', { skip: SKIP_NO_RADCLIENT }, async () => {
  await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'bob', password: 'Builder-Go12', enabled: false } } });
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "bob"', 'User-Password = "Builder-Go12"']);
  assert.equal(r.reply, 'Access-Reject');
  assert.match((await lastLog()).failureReason, /^24206/);
});

const mab = (mac: string, dashes: string) => [
  `User-Name = "${mac}"`, `User-Password = "${mac}"`, 'Service-Type = Call-Check', 'NAS-Port-Type = Ethernet',
  `Calling-Station-Id = "${dashes}"`, 'NAS-IP-Address = 10.0.0.2', 'Cisco-AVPair = "audit-session-id=0A0000020000002A11223344"',
  'Message-Authenticator = 0x00',
];

test('MAB of a known IP phone gets Cisco_IP_Phones (voice domain), session created', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, mab('001122334455', '00-11-22-33-44-55'));
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
  assert.ok(r.attributes.some((a) => /device-traffic-class=voice/.test(a)), r.attributes.join('\n'));
  const log = await lastLog();
  assert.equal(log.userName, '00:11:22:33:44:55');
  assert.equal(log.authenticationMethod, 'mab');
  assert.equal(log.authorizationPolicyMatchedRule, 'Profiled Cisco IP Phones');
});

test('MAB of an unknown MAC continues to authorization and gets the default DenyAccess', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, mab('aabbccddeeff', 'AA-BB-CC-DD-EE-FF'));
  assert.equal(r.reply, 'Access-Reject');
  const log = await lastLog();
  assert.equal(log.authorizationPolicyMatchedRule, 'Default');
  assert.deepEqual(log.selectedAznProfiles, ['DenyAccess']);
  assert.ok(log.executionSteps.includes(24217));
});

test('a wrong shared secret with Message-Authenticator is a silent drop (11036)', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'auth', 'not-the-secret', ['User-Name = "alice"', 'User-Password = "Wonder-Land1"', 'Message-Authenticator = 0x00'], { timeout: 1 });
  assert.equal(r.reply, undefined);
  const drops = (await liveLog()).filter((e) => e.messageCode === 5405);
  assert.ok(drops.some((e) => /^11036/.test(e.failureReason)), JSON.stringify(drops));
});

test('a device that requires Message-Authenticator drops requests without it (11057)', { skip: SKIP_NO_RADCLIENT }, async () => {
  const dev = (await server.request('GET', '/ers/config/networkdevice/name/access-switch')).json().NetworkDevice;
  const put = await server.request('PUT', `/ers/config/networkdevice/${dev.id}`, {
    body: { NetworkDevice: { authenticationSettings: { ...dev.authenticationSettings, messageAuthenticatorCodeRequired: true } } },
  });
  assert.equal(put.status, 200, put.body);
  try {
    const without = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'User-Password = "Wonder-Land1"'], { timeout: 1 });
    assert.equal(without.reply, undefined);
    assert.ok((await liveLog()).some((e) => e.messageCode === 5405 && /^11057/.test(e.failureReason)));
    const withMa = await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "alice"', 'User-Password = "Wonder-Land1"', 'Message-Authenticator = 0x00']);
    assert.equal(withMa.reply, 'Access-Accept');
  } finally {
    await server.request('PUT', `/ers/config/networkdevice/${dev.id}`, {
      body: { NetworkDevice: { authenticationSettings: { ...dev.authenticationSettings, messageAuthenticatorCodeRequired: false } } },
    });
  }
});

test('users created or changed over ERS are used at once', { skip: SKIP_NO_RADCLIENT }, async () => {
  const c = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'carol', password: 'Sing-Song1' } } });
  const id = String(c.headers.location).split('/').pop();
  assert.equal((await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "carol"', 'User-Password = "Sing-Song1"'])).reply, 'Access-Accept');
  await server.request('PUT', `/ers/config/internaluser/${id}`, { body: { InternalUser: { password: 'Sing-Song2' } } });
  assert.equal((await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "carol"', 'User-Password = "Sing-Song1"'])).reply, 'Access-Reject');
  assert.equal((await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "carol"', 'User-Password = "Sing-Song2"'])).reply, 'Access-Accept');
  await server.request('DELETE', `/ers/config/internaluser/${id}`);
  assert.equal((await radclient(server.ports.radiusAuth, 'auth', SECRET, ['User-Name = "carol"', 'User-Password = "Sing-Song2"'])).reply, 'Access-Reject');
});
