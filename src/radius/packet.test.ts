import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvPair, formatAvPair } from './avpair.ts';
import { Code } from './codes.ts';
import { chapResponse } from './crypto.ts';
import { decodePacket } from './decode.ts';
import { attr } from './dictionary/index.ts';
import { encodePacket } from './encode.ts';
import { createReply, RadiusPacket } from './packet.ts';
import { addAttributes, formatAttributes } from './text.ts';

const SECRET = 'testing123';

/** A MAB Access-Request as a Cisco switch sends it. */
function mab(): RadiusPacket {
  const p = addAttributes(new RadiusPacket(Code.AccessRequest, 17), [
    'User-Name = "001122334455"',
    'User-Password = "001122334455"',
    'Service-Type = Call-Check',
    'Cisco-AVPair = "service-type=Call Check"',
    'Framed-MTU = 1500',
    'Calling-Station-Id = "00-11-22-33-44-55"',
    'Called-Station-Id = "00-BE-75-B9-93-05"',
    'Cisco-AVPair = "audit-session-id=0A0000010000003858A1B2C3"',
    'Cisco-AVPair = "method=mab"',
    'NAS-IP-Address = 10.0.0.1',
    'NAS-Port-Id = "GigabitEthernet1/0/5"',
    'NAS-Port-Type = Ethernet',
    'NAS-Port = 50105',
    'Proxy-State = 0x01',
    'Proxy-State = 0x02',
  ]);
  return decodePacket(encodePacket(p, SECRET, { messageAuthenticator: true }));
}

test('typed accessors', () => {
  const p = mab();
  assert.equal(p.getString('User-Name'), '001122334455');
  assert.equal(p.getString('calling-station-id'), '00-11-22-33-44-55');
  assert.equal(p.getInt('Service-Type'), 10);
  assert.equal(p.getEnumName('Service-Type'), 'Call-Check');
  assert.equal(p.getEnumName('NAS-Port-Type'), 'Ethernet');
  assert.equal(p.getInt('NAS-Port'), 50105);
  assert.equal(p.getString('NAS-IP-Address'), '10.0.0.1');
  assert.equal(p.get('NAS-IP-Address'), '10.0.0.1');
  assert.equal(p.getInt('User-Name'), undefined);
  assert.equal(p.getString('Reply-Message'), undefined);
  assert.equal(p.getInt('Session-Timeout'), undefined);
  assert.equal(p.has('Message-Authenticator'), true);
  assert.equal(p.has('EAP-Message'), false);
  assert.deepEqual(p.getAll('Proxy-State'), [Buffer.of(1), Buffer.of(2)]);
  assert.deepEqual(p.getAllStrings('Cisco-AVPair'), [
    'service-type=Call Check', 'audit-session-id=0A0000010000003858A1B2C3', 'method=mab',
  ]);
  assert.equal(p.getPassword(SECRET)?.toString(), '001122334455');
  // Definitions work as references too (no name lookup).
  const nasPort = attr('NAS-Port');
  assert.equal(p.getInt(nasPort), 50105);
  assert.equal(p.indexOf(nasPort), p.indexOf('NAS-Port'));
});

test('Cisco AV-pairs', () => {
  const p = mab();
  assert.deepEqual(p.getCiscoAvPairs(), [
    { key: 'service-type', value: 'Call Check', optional: false },
    { key: 'audit-session-id', value: '0A0000010000003858A1B2C3', optional: false },
    { key: 'method', value: 'mab', optional: false },
  ]);
  assert.equal(p.getCiscoAvPair('method'), 'mab');
  assert.equal(p.getCiscoAvPair('nope'), undefined);
  assert.deepEqual(parseAvPair('ip:inacl#1=permit ip any any'), { key: 'ip:inacl#1', value: 'permit ip any any', optional: false });
  assert.deepEqual(parseAvPair('url-redirect-acl*ACL=1'), { key: 'url-redirect-acl', value: 'ACL=1', optional: true });
  assert.deepEqual(parseAvPair('novalue'), { key: 'novalue', value: '', optional: false });
  assert.equal(formatAvPair('subscriber:command', 'reauthenticate'), 'subscriber:command=reauthenticate');
  assert.equal(formatAvPair('a', 'b', true), 'a*b');
});

test('remove, set and reply building', () => {
  const p = mab();
  const reply = createReply(p, Code.AccessAccept);
  assert.equal(reply.identifier, 17);
  assert.deepEqual(reply.getAll('Proxy-State'), [Buffer.of(1), Buffer.of(2)]);
  reply.add('Session-Timeout', 3600).add('Reply-Message', 'a').add('Reply-Message', 'b');
  reply.set('Reply-Message', 'c');
  assert.deepEqual(reply.getAllStrings('Reply-Message'), ['c']);
  reply.remove('Proxy-State');
  assert.equal(reply.has('Proxy-State'), false);
  assert.equal(reply.getInt('Session-Timeout'), 3600);
  assert.deepEqual(formatAttributes(reply), ['Session-Timeout = 3600', 'Reply-Message = "c"']);
});

test('hidden values of a packet built in code are readable before encoding', () => {
  const p = new RadiusPacket(Code.AccessAccept).add('Tunnel-Password', 'pw', { tag: 3 });
  assert.equal(p.getHidden('Tunnel-Password', SECRET)?.toString(), 'pw');
  assert.equal(p.getTag('Tunnel-Password'), 3);
  assert.deepEqual(formatAttributes(p), ['Tunnel-Password:3 = "pw"']);
  const ra = Buffer.alloc(16, 1);
  const back = decodePacket(encodePacket(p, SECRET, { requestAuthenticator: ra }));
  assert.deepEqual(formatAttributes(back).slice(1), [`Tunnel-Password = 0x${back.getRaw('Tunnel-Password')?.toString('hex')}`]);
  assert.deepEqual(formatAttributes(back, { secret: SECRET, requestAuthenticator: ra }).slice(1), ['Tunnel-Password:3 = "pw"']);
});

test('removing an entry keeps caller salts on the right entries', () => {
  const p = new RadiusPacket(Code.AccessAccept)
    .add('Reply-Message', 'x')
    .add('Tunnel-Password', 'pw', { salt: Buffer.from([0x81, 0x02]) });
  p.remove('Reply-Message');
  const ra = Buffer.alloc(16, 1);
  const back = decodePacket(encodePacket(p, SECRET, { requestAuthenticator: ra }));
  assert.equal(back.getRaw('Tunnel-Password')?.subarray(1, 3).toString('hex'), '8102');
});

test('CHAP-Password checks use CHAP-Challenge or the Request Authenticator', () => {
  // Captured request (Wireshark radius_localhost), password "testing", no CHAP-Challenge.
  const wire = Buffer.from('01a8004c95bbe85b56ad0aa36dd80f9b7c59067d0107737465766503' +
    '13a80574ae2c413a393f07b5564984bda7400406c0a8001c050600000' +
    '07b50129da0af08542770931216d4a4cf110bf3', 'hex');
  const p = decodePacket(wire);
  assert.equal(p.verifyChapPassword('testing'), true);
  assert.equal(p.verifyChapPassword('testinG'), false);
  // With a CHAP-Challenge attribute the authenticator is not used.
  const challenge = Buffer.alloc(20, 0x42);
  const q = new RadiusPacket(Code.AccessRequest, 1, Buffer.alloc(16, 1))
    .add('CHAP-Password', Buffer.concat([Buffer.of(9), chapResponse(9, Buffer.from('pw'), challenge)]))
    .add('CHAP-Challenge', challenge);
  assert.equal(q.verifyChapPassword('pw'), true);
  assert.equal(new RadiusPacket(Code.AccessRequest, 1).verifyChapPassword('pw'), false);
});
