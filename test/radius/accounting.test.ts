// Accounting from radclient: responses, the session table, drops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storedSessions } from '../helpers/hot-rows.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from './radclient.ts';

const SECRET = 'testing123';
let server: TestServer;

before(async () => {
  server = await startServer();
  const r = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'loopback-switch', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(r.status, 201, r.body);
});
after(async () => { await server.cleanup(); });

const sessions = (): any[] => storedSessions(server.dataDir);

const base = (status: string) => [
  `Acct-Status-Type = ${status}`, 'Acct-Session-Id = "00000038"', 'User-Name = "jdoe"', 'NAS-IP-Address = 10.0.0.2',
  'NAS-Port-Id = "GigabitEthernet1/0/5"', 'NAS-Port-Type = Ethernet', 'Calling-Station-Id = "00-11-22-33-44-55"',
  'Called-Station-Id = "00-BE-75-B9-93-05"', 'Cisco-AVPair = "audit-session-id=0A0000020000001A2F3C4D5E"', 'Acct-Authentic = RADIUS',
];

test('Start, Interim-Update and Stop are answered and build one session', { skip: SKIP_NO_RADCLIENT }, async () => {
  const start = await radclient(server.ports.radiusAcct, 'acct', SECRET, base('Start'));
  assert.equal(start.reply, 'Accounting-Response', start.stdout + start.stderr);
  let s = sessions().find((x) => x.id === '0A0000020000001A2F3C4D5E');
  assert.ok(s, 'session stored when the response was sent');
  assert.equal(s.state, 'STARTED');
  assert.equal(s.callingStationId, '00:11:22:33:44:55');
  assert.equal(s.origCallingStationId, '00-11-22-33-44-55');
  assert.equal(s.nasPortType, 'Ethernet');
  assert.equal(s.deviceName, 'loopback-switch');
  const interim = await radclient(server.ports.radiusAcct, 'acct', SECRET, [...base('Interim-Update'), 'Framed-IP-Address = 10.10.20.31', 'Acct-Input-Octets = 1000', 'Acct-Output-Octets = 2000', 'Acct-Session-Time = 60']);
  assert.equal(interim.reply, 'Accounting-Response');
  s = sessions().find((x) => x.id === '0A0000020000001A2F3C4D5E');
  assert.equal(s.framedIpAddress, '10.10.20.31');
  assert.equal(s.acctInputOctets, 1000);
  assert.equal(s.acctSessionTime, 60);
  const stop = await radclient(server.ports.radiusAcct, 'acct', SECRET, [...base('Stop'), 'Acct-Session-Time = 120', 'Acct-Terminate-Cause = User-Request']);
  assert.equal(stop.reply, 'Accounting-Response');
  s = sessions().find((x) => x.id === '0A0000020000001A2F3C4D5E');
  assert.equal(s.state, 'DISCONNECTED');
  assert.equal(s.stopped, true);
  assert.equal(s.acctTerminateCause, 'User-Request');
});

test('an accounting request with the wrong secret gets no reply', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAcct, 'acct', 'wrong-secret', base('Start'), { timeout: 1 });
  assert.equal(r.reply, undefined, r.stdout);
});

test('an accounting request on the authentication port is dropped', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'acct', SECRET, base('Start'), { timeout: 1 });
  assert.equal(r.reply, undefined, r.stdout);
});

test('Status-Server is answered on both ports', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await radclient(server.ports.radiusAuth, 'status', SECRET, ['Message-Authenticator = 0x00']);
  assert.equal(r.reply, 'Access-Accept', r.stdout + r.stderr);
});
