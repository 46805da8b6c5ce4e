import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildCoaRequest, replyCodes } from './coa-packet.ts';
import { decodeRequest } from './decode.ts';
import { encodePacket } from './encode.ts';
import { Code } from './codes.ts';

const ref = { nasIpAddress: '10.0.0.2', callingStationId: '00-11-22-33-44-55', acctSessionId: '0000001A', auditSessionId: '0A0000020000001A2F3C4D5E' };
const NOW = new Date('2024-05-01T10:00:00Z');

test('reauth: CoA-Request with the NAD spelling of the MAC, Event-Timestamp, command and audit-session-id', () => {
  const p = buildCoaRequest('reauthRerun', ref, true, NOW, 7);
  const wire = encodePacket(p, 'testing123');
  const d = decodeRequest(wire, 'testing123');
  assert.equal(d.code, Code.CoARequest);
  assert.equal(d.identifier, 7);
  assert.equal(d.getString('NAS-IP-Address'), '10.0.0.2');
  assert.equal(d.getString('Calling-Station-Id'), '00-11-22-33-44-55');
  assert.equal(d.getInt('Event-Timestamp'), NOW.getTime() / 1000);
  assert.equal(d.has('Acct-Session-Id'), false);
  assert.deepEqual(d.getAllStrings('Cisco-AVPair'), [
    'subscriber:command=reauthenticate', 'subscriber:reauthenticate-type=rerun', 'audit-session-id=0A0000020000001A2F3C4D5E',
  ]);
  // Message-Authenticator is the first attribute.
  assert.equal(wire[20], 80);
  assert.equal(wire[21], 18);
});

test('the Request Authenticator is MD5 over the packet with a zero authenticator and the secret (RFC 5176 §3)', () => {
  const wire = encodePacket(buildCoaRequest('reauth', ref, true, NOW, 1), 'testing123');
  const zeroed = Buffer.from(wire);
  zeroed.fill(0, 4, 20);
  const expected = createHash('md5').update(Buffer.concat([zeroed, Buffer.from('testing123')])).digest();
  assert.deepEqual(wire.subarray(4, 20), expected);
  assert.throws(() => decodeRequest(wire, 'wrong-secret'));
});

test('disconnect: Disconnect-Request with Acct-Session-Id and no command; non-Cisco: no VSAs', () => {
  const d = decodeRequest(encodePacket(buildCoaRequest('disconnect', ref, true, NOW), 's3cret'), 's3cret');
  assert.equal(d.code, Code.DisconnectRequest);
  assert.equal(d.getString('Acct-Session-Id'), '0000001A');
  assert.deepEqual(d.getAllStrings('Cisco-AVPair'), ['audit-session-id=0A0000020000001A2F3C4D5E']);
  const generic = decodeRequest(encodePacket(buildCoaRequest('disconnect', { ...ref, nasIpAddress: '2001:db8::1' }, false, NOW), 's3cret'), 's3cret');
  assert.equal(generic.has('Cisco-AVPair'), false);
  assert.equal(generic.getString('NAS-IPv6-Address'), '2001:db8::1');
  assert.equal(generic.has('NAS-IP-Address'), false);
});

test('port commands and reply codes', () => {
  const bounce = decodeRequest(encodePacket(buildCoaRequest('portBounce', { ...ref, auditSessionId: '' }, true, NOW), 'k'), 'k');
  assert.deepEqual(bounce.getAllStrings('Cisco-AVPair'), ['subscriber:command=bounce-host-port']);
  const shut = decodeRequest(encodePacket(buildCoaRequest('portShutdown', ref, true, NOW), 'k'), 'k');
  assert.equal(shut.getAllStrings('Cisco-AVPair')[0], 'subscriber:command=disable-host-port');
  assert.deepEqual(replyCodes(Code.CoARequest), [Code.CoAAck, Code.CoANak]);
  assert.deepEqual(replyCodes(Code.DisconnectRequest), [Code.DisconnectAck, Code.DisconnectNak]);
});
