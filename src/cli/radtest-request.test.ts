import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAttrOption, parseMacOption } from './radtest-args.ts';
import { buildAccessRequest, methodCredentials, type RadtestRequest } from './radtest-request.ts';
import { decodeRequest, encodePacket, type RadiusPacket } from '../radius/codec.ts';
import type { LocalAddress } from '../radius/access-client.ts';

const SECRET = 'testing123';
const LOCAL: LocalAddress = { address: '192.0.2.7', family: 4 };

/** Builds, encodes and decodes as the server would, so the wire form is what is checked. */
function onTheWire(r: RadtestRequest, local = LOCAL): RadiusPacket {
  const wire = encodePacket(buildAccessRequest(r, local, 17), SECRET, { messageAuthenticator: true });
  assert.equal(wire[20], 80, 'Message-Authenticator first');
  return decodeRequest(wire, SECRET, { requireMessageAuthenticator: true });
}

test('pap is `test aaa`: User-Name, hidden User-Password, Login, Virtual, NAS-IP-Address of the local address', () => {
  const p = onTheWire({ method: 'pap', user: 'alice', password: 'Wonder-Land1', attrs: [] });
  assert.equal(p.identifier, 17);
  assert.equal(p.getString('User-Name'), 'alice');
  assert.equal(p.getPassword(SECRET)?.toString(), 'Wonder-Land1');
  assert.equal(p.getEnumName('Service-Type'), 'Login');
  assert.equal(p.getEnumName('NAS-Port-Type'), 'Virtual');
  assert.equal(p.getString('NAS-IP-Address'), '192.0.2.7');
  assert.equal(p.has('Calling-Station-Id'), false);
  assert.equal(p.has('NAS-Port'), false);
});

test('chap answers the Request Authenticator as the challenge; no User-Password', () => {
  const p = onTheWire({ method: 'chap', user: 'alice', password: 'Wonder-Land1', attrs: [] });
  assert.equal(p.has('User-Password'), false);
  assert.equal(p.has('CHAP-Challenge'), false);
  assert.equal(p.verifyChapPassword('Wonder-Land1'), true);
  assert.equal(p.verifyChapPassword('wrong'), false);
});

test('mab is what IOS sends: bare MAC as name and password, dashed Calling-Station-Id, Call-Check, Ethernet, Cisco-AVPairs', () => {
  const p = onTheWire({ method: 'mab', mac: parseMacOption('0011.22AA.BBCC'), nasIp: '10.0.0.2', nasPort: 50101, attrs: [] });
  assert.equal(p.getString('User-Name'), '001122aabbcc');
  assert.equal(p.getPassword(SECRET)?.toString(), '001122aabbcc');
  assert.equal(p.getString('Calling-Station-Id'), '00-11-22-AA-BB-CC');
  assert.equal(p.getEnumName('Service-Type'), 'Call-Check');
  assert.equal(p.getEnumName('NAS-Port-Type'), 'Ethernet');
  assert.deepEqual(p.getCiscoAvPairs().map((a) => `${a.key}=${a.value}`), ['service-type=Call Check', 'method=mab']);
  assert.equal(p.getString('NAS-IP-Address'), '10.0.0.2');
  assert.equal(p.getInt('NAS-Port'), 50101);
});

test('IPv6: NAS-IPv6-Address, given or the local address', () => {
  const local = onTheWire({ method: 'pap', user: 'a', password: 'b', attrs: [] }, { address: '2001:db8::7', family: 6 });
  assert.equal(local.getString('NAS-IPv6-Address'), '2001:db8::7');
  assert.equal(local.has('NAS-IP-Address'), false);
  const given = onTheWire({ method: 'pap', user: 'a', password: 'b', nasIp: '2001:db8::2', attrs: [] });
  assert.equal(given.getString('NAS-IPv6-Address'), '2001:db8::2');
});

test('--attr replaces what radtest sends for that attribute, Cisco-AVPair adds; --calling-station-id and --mac for pap', () => {
  const p = onTheWire({
    method: 'mab', mac: parseMacOption('00:11:22:aa:bb:cc'), callingStationId: '00:11:22:AA:BB:CC',
    attrs: ['Service-Type=Framed', 'NAS-Port-Type=Wireless-802.11', 'Cisco-AVPair=audit-session-id=0A0000020000002A11223344', 'Tunnel-Private-Group-Id:2=100'].map(parseAttrOption),
  });
  assert.deepEqual(p.getAll('Service-Type'), [2]);
  assert.deepEqual(p.getAll('NAS-Port-Type'), [19]);
  assert.equal(p.getString('Calling-Station-Id'), '00:11:22:AA:BB:CC');
  assert.equal(p.getCiscoAvPairs().length, 3);
  assert.equal(p.getTag('Tunnel-Private-Group-Id'), 2);
  const pap = onTheWire({ method: 'pap', user: 'a', password: 'b', mac: parseMacOption('001122aabbcc'), attrs: [] });
  assert.equal(pap.getString('Calling-Station-Id'), '00-11-22-AA-BB-CC');
});

test('each method gets what it needs, given once', () => {
  const mac = parseMacOption('001122aabbcc');
  assert.deepEqual(methodCredentials('pap', { user: 'alice', password: 'pw' }), { user: 'alice', password: 'pw', mac: undefined });
  assert.deepEqual(methodCredentials('chap', { userOption: 'alice', passwordOption: 'pw' }), { user: 'alice', password: 'pw', mac: undefined });
  assert.deepEqual(methodCredentials('pap', { user: 'alice', userOption: 'alice', password: '' }), { user: 'alice', password: '', mac: undefined });
  assert.deepEqual(methodCredentials('mab', { mac }), { mac });
  const refused: [Parameters<typeof methodCredentials>, RegExp][] = [
    [['pap', { password: 'pw' }], /needs a user name/],
    [['chap', { user: 'alice' }], /needs a password/],
    [['pap', { user: 'alice', userOption: 'bob', password: 'pw' }], /given twice/],
    [['mab', {}], /needs --mac/],
    [['mab', { mac, password: 'pw' }], /give no password/],
    [['mab', { mac, user: 'x' }], /--mac only/],
  ];
  for (const [args, why] of refused) assert.throws(() => methodCredentials(...args), why, JSON.stringify(args));
});
