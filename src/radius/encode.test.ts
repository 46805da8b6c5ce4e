import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from './codes.ts';
import { decodePacket, decodeRequest, decodeResponse } from './decode.ts';
import { encodePacket, encodeRaw } from './encode.ts';
import { RadiusError } from './errors.ts';
import type { RadiusErrorReason } from './errors.ts';
import { createReply, RadiusPacket } from './packet.ts';

const SECRET = 'testing123';
const reason = (r: RadiusErrorReason) => (e: unknown) => e instanceof RadiusError && e.reason === r;

function accessRequest(): { packet: RadiusPacket; wire: Buffer } {
  const packet = new RadiusPacket(Code.AccessRequest, 42)
    .add('User-Name', 'alice')
    .add('User-Password', 'correct horse')
    .add('NAS-IP-Address', '10.0.0.1')
    .add('Service-Type', 'Framed')
    .add('Cisco-AVPair', 'audit-session-id=0A0000010000003858A1B2C3');
  const wire = encodePacket(packet, SECRET);
  return { packet, wire };
}

test('Access-Request: random authenticator, hidden password, no Message-Authenticator by default', () => {
  const { packet, wire } = accessRequest();
  assert.equal(packet.authenticator?.length, 16);
  assert.deepEqual(wire.subarray(4, 20), packet.authenticator);
  const back = decodeRequest(wire, SECRET);
  assert.equal(back.identifier, 42);
  assert.equal(back.getString('User-Name'), 'alice');
  assert.equal(back.getPassword(SECRET)?.toString(), 'correct horse');
  assert.notEqual(back.getRaw('User-Password')?.toString(), 'correct horse');
  assert.equal(back.messageAuthenticatorOffset, -1);
  assert.equal(back.getCiscoAvPair('audit-session-id'), '0A0000010000003858A1B2C3');
});

test('Access-Request with EAP-Message gets a verified Message-Authenticator', () => {
  const eap = Buffer.alloc(600, 7);
  const req = new RadiusPacket(Code.AccessRequest, 1).add('User-Name', 'bob').add('EAP-Message', eap);
  const wire = encodePacket(req, SECRET);
  const back = decodeRequest(wire, SECRET);
  assert.equal(back.messageAuthenticatorOffset, 22, 'first attribute');
  assert.deepEqual(back.getBuffer('EAP-Message'), eap);
  assert.deepEqual(back.getAllRaw('EAP-Message').map((b) => b.length), [253, 253, 94]);
  // The wrong secret is detected.
  assert.throws(() => decodeRequest(wire, 'other'), reason('bad_message_authenticator'));
});

test('replies put Message-Authenticator first and authenticate against the request', () => {
  const { packet: request, wire: reqWire } = accessRequest();
  const req = decodePacket(reqWire);
  const reply = createReply(req, Code.AccessAccept)
    .add('User-Name', 'alice')
    .add('Message-Authenticator', Buffer.alloc(16)) // dropped: the encoder places its own first
    .add('Tunnel-Type', 'VLAN', { tag: 1 })
    .add('Tunnel-Medium-Type', 'IEEE-802', { tag: 1 })
    .add('Tunnel-Private-Group-Id', '100', { tag: 1 })
    .add('Class', 'CACS:abc');
  const wire = encodePacket(reply, SECRET, { requestAuthenticator: request.authenticator });
  assert.equal(wire[20], 80, 'Message-Authenticator is the first attribute');
  assert.equal(wire[21], 18);
  const back = decodeResponse(wire, SECRET, req.authenticator as Buffer, { requireMessageAuthenticator: true });
  assert.equal(back.code, Code.AccessAccept);
  assert.equal(back.identifier, 42);
  assert.equal(back.getAllRaw('Message-Authenticator').length, 1);
  assert.equal(back.getInt('Tunnel-Type'), 13);
  assert.equal(back.getTag('Tunnel-Type'), 1);
  assert.equal(back.getRaw('Tunnel-Type')?.toString('hex'), '0100000d');
  assert.equal(back.getRaw('Tunnel-Private-Group-Id')?.toString('hex'), '01313030');
  assert.equal(back.getString('Tunnel-Private-Group-Id'), '100');
  assert.equal(reply.authenticator?.length, 16);
  assert.throws(() => decodeResponse(wire, SECRET, Buffer.alloc(16)), reason('bad_response_authenticator'));
  for (const code of [Code.AccessReject, Code.AccessChallenge]) {
    const r = encodePacket(createReply(req, code), SECRET, { requestAuthenticator: request.authenticator });
    assert.equal(r[20], 80);
    decodeResponse(r, SECRET, req.authenticator as Buffer, { requireMessageAuthenticator: true });
  }
});

test('a reply needs the request authenticator', () => {
  assert.throws(() => encodePacket(new RadiusPacket(Code.AccessAccept, 1), SECRET), reason('missing_authenticator'));
});

test('Message-Authenticator can be turned off or kept in place', () => {
  const ra = Buffer.alloc(16, 3);
  const plain = encodePacket(new RadiusPacket(Code.AccessReject, 1).add('Reply-Message', 'no'), SECRET,
    { requestAuthenticator: ra, messageAuthenticator: false });
  assert.equal(plain.length, 24);
  const kept = new RadiusPacket(Code.AccessReject, 1).add('Reply-Message', 'no').add('Message-Authenticator', Buffer.alloc(16));
  const wire = encodePacket(kept, SECRET, { requestAuthenticator: ra, keepOrder: true });
  assert.equal(wire[20], 18);
  assert.equal(wire[24], 80);
  decodeResponse(wire, SECRET, ra, { requireMessageAuthenticator: true });
});

test('Accounting-Request and its response', () => {
  const acct = new RadiusPacket(Code.AccountingRequest, 9)
    .add('Acct-Status-Type', 'Start')
    .add('Acct-Session-Id', '00000038')
    .add('Event-Timestamp', new Date(1700000000_000));
  const wire = encodePacket(acct, SECRET);
  assert.equal(decodePacket(wire).messageAuthenticatorOffset, -1);
  const back = decodeRequest(wire, SECRET);
  assert.equal(back.getEnumName('Acct-Status-Type'), 'Start');
  assert.equal(back.getInt('Event-Timestamp'), 1700000000);
  const tampered = Buffer.from(wire);
  tampered[tampered.length - 1] ^= 1;
  assert.throws(() => decodeRequest(tampered, SECRET), reason('bad_request_authenticator'));
  const resp = encodePacket(createReply(back, Code.AccountingResponse), SECRET, { requestAuthenticator: back.authenticator });
  assert.equal(resp.length, 20);
  decodeResponse(resp, SECRET, back.authenticator as Buffer);
});

test('CoA-Request and Disconnect-Request carry Message-Authenticator; their replies verify', () => {
  for (const code of [Code.CoARequest, Code.DisconnectRequest]) {
    const req = new RadiusPacket(code, 5)
      .add('NAS-IP-Address', '10.0.0.1')
      .add('Calling-Station-Id', '00-11-22-33-44-55')
      .add('Cisco-AVPair', 'subscriber:command=reauthenticate');
    const wire = encodePacket(req, SECRET);
    assert.equal(wire[20], 80);
    const back = decodeRequest(wire, SECRET);
    const nak = createReply(back, code + 2).add('Error-Cause', 'Session-Context-Not-Found');
    const nakWire = encodePacket(nak, SECRET, { requestAuthenticator: req.authenticator });
    const nakBack = decodeResponse(nakWire, SECRET, req.authenticator as Buffer);
    assert.equal(nakBack.getEnumName('Error-Cause'), 'Session-Context-Not-Found');
  }
});

test('Status-Server carries Message-Authenticator', () => {
  const wire = encodePacket(new RadiusPacket(Code.StatusServer, 1), SECRET);
  assert.equal(wire.length, 38);
  decodeRequest(wire, SECRET);
});

test('salt-encrypted attributes in replies', () => {
  const ra = Buffer.alloc(16, 0x5a);
  const key32 = Buffer.alloc(32, 0xab);
  const reply = new RadiusPacket(Code.AccessAccept, 3)
    .add('MS-MPPE-Send-Key', key32)
    .add('MS-MPPE-Recv-Key', key32)
    .add('Tunnel-Password', 's3cret', { tag: 2, salt: Buffer.from([0x80, 0x01]) });
  const wire = encodePacket(reply, SECRET, { requestAuthenticator: ra });
  const back = decodeResponse(wire, SECRET, ra);
  assert.deepEqual(back.getHidden('MS-MPPE-Send-Key', SECRET, ra), key32);
  assert.deepEqual(back.getHidden('MS-MPPE-Recv-Key', SECRET, ra), key32);
  assert.equal(back.getHidden('Tunnel-Password', SECRET, ra)?.toString(), 's3cret');
  assert.equal(back.getTag('Tunnel-Password'), 2);
  const tp = back.getRaw('Tunnel-Password') as Buffer;
  assert.equal(tp[0], 2);
  assert.equal(tp.subarray(1, 3).toString('hex'), '8001');
  const salts = back.getAllRaw('MS-MPPE-Send-Key').concat(back.getAllRaw('MS-MPPE-Recv-Key')).map((v) => v.readUInt16BE(0));
  assert.ok(salts.every((s) => (s & 0x8000) !== 0));
  assert.notEqual(salts[0], salts[1], 'salts are unique within a packet');
});

test('length limits on encode', () => {
  const ra = Buffer.alloc(16);
  assert.throws(() => encodePacket(new RadiusPacket(Code.AccessAccept, 1).add('Reply-Message', 'x'.repeat(254)), SECRET,
    { requestAuthenticator: ra }), reason('value_too_long'));
  assert.throws(() => encodePacket(new RadiusPacket(Code.AccessAccept, 1).add('Cisco-AVPair', 'x'.repeat(248)), SECRET,
    { requestAuthenticator: ra }), reason('value_too_long'));
  encodePacket(new RadiusPacket(Code.AccessAccept, 1).add('Reply-Message', 'x'.repeat(253)).add('Cisco-AVPair', 'x'.repeat(247)),
    SECRET, { requestAuthenticator: ra });
  const big = new RadiusPacket(Code.AccessAccept, 1);
  for (let i = 0; i < 17; i++) big.add('Class', Buffer.alloc(253));
  assert.throws(() => encodePacket(big, SECRET, { requestAuthenticator: ra }), reason('packet_too_large'));
  assert.throws(() => encodePacket(new RadiusPacket(Code.AccessRequest, 1).add('User-Password', 'x'.repeat(129)), SECRET),
    reason('bad_password_length'));
  assert.throws(() => new RadiusPacket(Code.AccessAccept).add('Tunnel-Type', 'VLAN', { tag: 32 }), reason('bad_value'));
  assert.throws(() => new RadiusPacket(Code.AccessAccept).add('User-Name', 'x', { tag: 1 }), reason('bad_value'));
  assert.throws(() => new RadiusPacket(Code.AccessAccept).add('No-Such', 'x'), reason('unknown_attribute'));
});

test('EAP-Message is split at 253 octets and joined on read', () => {
  for (const n of [1, 253, 254, 506, 507, 1500]) {
    const eap = Buffer.alloc(n);
    for (let i = 0; i < n; i++) eap[i] = i & 0xff;
    const ra = Buffer.alloc(16, 1);
    const wire = encodePacket(new RadiusPacket(Code.AccessChallenge, 1).add('EAP-Message', eap).add('State', 'st'), SECRET,
      { requestAuthenticator: ra });
    const back = decodeResponse(wire, SECRET, ra);
    const parts = back.getAllRaw('EAP-Message');
    assert.equal(parts.length, Math.ceil(n / 253));
    assert.ok(parts.slice(0, -1).every((p) => p.length === 253));
    assert.deepEqual(back.getBuffer('EAP-Message'), eap);
    assert.deepEqual(back.get('EAP-Message'), eap);
  }
});

test('untagged tunnel strings that look like a tag get a zero tag', () => {
  const p = new RadiusPacket(Code.AccessAccept).add('Tunnel-Private-Group-Id', '\x05x').add('Tunnel-Private-Group-Id', 'vlan');
  assert.equal(p.value(0).toString('hex'), '000578');
  assert.equal(p.value(1).toString(), 'vlan');
  assert.deepEqual(p.getAllStrings('Tunnel-Private-Group-Id'), ['\x05x', 'vlan']);
});

test('encodeRaw writes the stored authenticator and values', () => {
  const p = new RadiusPacket(Code.AccessRequest, 7, Buffer.alloc(16, 9)).add('User-Name', 'u');
  assert.equal(encodeRaw(p).toString('hex'), '01070017' + '09'.repeat(16) + '010375');
  assert.throws(() => encodeRaw(new RadiusPacket(Code.AccessRequest).add('User-Password', 'x')), reason('bad_value'));
});
