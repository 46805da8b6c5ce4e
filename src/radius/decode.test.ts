import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, decodeRequest, decodeResponse, verifyRequest } from './decode.ts';
import { encodeRaw } from './encode.ts';
import { RadiusError } from './errors.ts';
import type { RadiusErrorReason } from './errors.ts';
import { F_JOINED } from './packet.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A packet of `code` with the given attribute octets and a correct length field. */
function packet(code: number, attrs: string, lengthDelta = 0): Buffer {
  const body = hex(attrs);
  const buf = Buffer.alloc(20 + body.length);
  buf[0] = code;
  buf.writeUInt16BE(20 + body.length + lengthDelta, 2);
  body.copy(buf, 20);
  return buf;
}

function rejects(buf: Buffer, reason: RadiusErrorReason, offset?: number): void {
  assert.throws(() => decodePacket(buf), (e: unknown) => {
    assert.ok(e instanceof RadiusError);
    assert.equal(e.reason, reason);
    if (offset !== undefined) assert.equal(e.offset, offset);
    return true;
  });
}

const PAP_7_1 = hex(`01000038 0f403f9473978057bd83d5cb98f4227a 01066e656d6f 02120dbe708d93d413ce3196e43f782a0aee
  0406c0a80110 050600000003`);

test('header length rules (RFC 2865 §3)', () => {
  rejects(Buffer.alloc(0), 'short_packet');
  rejects(Buffer.alloc(19), 'short_packet');
  rejects(packet(1, '', -1), 'bad_length', 2);
  rejects(packet(1, '', 4096 - 20 + 1), 'bad_length');
  rejects(packet(1, '0103', 1), 'truncated_packet');
  assert.equal(decodePacket(packet(1, '')).count, 0);
  // Octets beyond the header length are ignored.
  const padded = Buffer.concat([PAP_7_1, hex('deadbeef')]);
  const p = decodePacket(padded);
  assert.equal(p.count, 4);
  assert.equal(p.source?.length, 56);
  assert.deepEqual(encodeRaw(p), PAP_7_1);
  // A full 4096-octet packet is accepted.
  const big = packet(1, '19ff' + 'ab'.repeat(253));
  const filler = Buffer.alloc(4096 - big.length);
  for (let off = 0; off < filler.length; ) {
    const n = Math.min(255, filler.length - off);
    filler[off] = 25; filler[off + 1] = n; off += n;
  }
  const max = Buffer.concat([big, filler]);
  max.writeUInt16BE(4096, 2);
  assert.equal(decodePacket(max).source?.length, 4096);
});

test('attribute length rules (RFC 2865 §5)', () => {
  rejects(packet(1, '01'), 'attribute_truncated', 20);
  rejects(packet(1, '0100'), 'attribute_too_short', 20);
  rejects(packet(1, '0103610100'), 'attribute_too_short', 23);
  rejects(packet(1, '01036101'), 'attribute_truncated', 23);
  rejects(packet(1, '0106616263'), 'attribute_overflow', 20);
  // The attribute fits the datagram but not the header length.
  rejects(packet(1, '010661626364', -2), 'attribute_overflow', 20);
  // Length 2 is an empty value.
  const p = decodePacket(packet(1, '0102'));
  assert.equal(p.getString('User-Name'), '');
});

test('fixed value sizes are enforced', () => {
  rejects(packet(1, '04050a0001'), 'bad_value_length', 22);
  rejects(packet(1, '0507000000000a'), 'bad_value_length');
  rejects(packet(1, '3705000000'), 'bad_value_length');
  rejects(packet(1, '0312' + '00'.repeat(16)), 'bad_value_length');
  rejects(packet(1, '5011' + '00'.repeat(15)), 'bad_value_length');
  rejects(packet(1, '5f0620010db8'), 'bad_value_length');
  rejects(packet(1, '6004' + '0001'), 'bad_value_length');
  rejects(packet(1, '61040081'), 'bad_value_length');
  rejects(packet(1, '6115' + '00'.repeat(19)), 'bad_value_length');
  rejects(packet(1, '400500000d'), 'bad_value_length');
  // Vendor attributes with a size: Microsoft MS-CHAP2-Response is 50 octets.
  rejects(packet(1, '1a3900000137193300' + '00'.repeat(48)), 'bad_value_length');
});

test('Vendor-Specific framing', () => {
  rejects(packet(1, '1a0600000009'), 'vsa_too_short');
  rejects(packet(1, '1a0700000009' + '01'), 'vsa_malformed', 26);
  rejects(packet(1, '1a0800000009' + '0100'), 'vsa_malformed', 26);
  rejects(packet(1, '1a0800000009' + '0101'), 'vsa_malformed', 26);
  rejects(packet(1, '1a0800000009' + '0104'), 'vsa_malformed', 26);
  rejects(packet(1, '1a0b00000009' + '0103610101'), 'vsa_malformed', 29);
  // Unknown vendor: kept whole, whatever its inside looks like.
  const raw = decodePacket(packet(1, '1a0a000030390101ffff'));
  assert.equal(raw.count, 1);
  assert.equal(raw.types[0], 26);
  assert.equal(raw.vendors[0], 0);
  assert.equal(raw.value(0).toString('hex'), '000030390101ffff');
  // Two Cisco sub-attributes in one Vendor-Specific.
  const two = packet(1, '1a1100000009' + '0105613d31' + '0106623d3232');
  const p = decodePacket(two);
  assert.deepEqual(p.getAllStrings('Cisco-AVPair'), ['a=1', 'b=22']);
  assert.deepEqual(p.flags, [0, F_JOINED]);
  assert.deepEqual(encodeRaw(p), two);
});

test('Message-Authenticator bookkeeping', () => {
  rejects(packet(1, '5012' + '00'.repeat(16) + '5012' + '00'.repeat(16)), 'duplicate_message_authenticator', 38);
  const p = decodePacket(packet(1, '01036150 12'.replace(/\s/g, '') + '00'.repeat(16)));
  assert.equal(p.messageAuthenticatorOffset, 25);
});

test('values stay in the datagram until read', () => {
  const p = decodePacket(PAP_7_1);
  assert.deepEqual(p.values, [undefined, undefined, undefined, undefined]);
  assert.equal(p.getInt('NAS-Port'), 3);
  assert.equal(p.values.filter((v) => v !== undefined).length, 1);
  const v = p.value(0);
  assert.equal(v.buffer, PAP_7_1.buffer, 'a view, not a copy');
});

test('verification entry points', () => {
  // RFC 2865 §7.1: no Message-Authenticator, accepted unless required.
  assert.equal(decodeRequest(PAP_7_1, 'xyzzy5461').getPassword('xyzzy5461')?.toString(), 'arctangent');
  assert.throws(() => decodeRequest(PAP_7_1, 'xyzzy5461', { requireMessageAuthenticator: true }),
    (e: unknown) => e instanceof RadiusError && e.reason === 'missing_message_authenticator');
  const accept = hex('02000026 86fe220e7624ba2a1005f6bf9b55e0b2 060600000001 0f0600000000 0e06c0a80103');
  const reqAuth = PAP_7_1.subarray(4, 20);
  assert.equal(decodeResponse(accept, 'xyzzy5461', reqAuth).getEnumName('Service-Type'), 'Login');
  assert.throws(() => decodeResponse(accept, 'xyzzy5461', reqAuth, { requireMessageAuthenticator: true }),
    (e: unknown) => e instanceof RadiusError && e.reason === 'missing_message_authenticator');
  assert.throws(() => verifyRequest(decodePacket(accept), 'xyzzy5461'),
    (e: unknown) => e instanceof RadiusError && e.reason === 'not_a_request');
});
