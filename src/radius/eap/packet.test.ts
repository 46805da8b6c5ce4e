// EAP packet codec: RFC 3748 framing, and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapCode, EapError, EapType, decodeEap, eapFailure, eapRequest, eapSuccess, encodeEap, identityOf } from './packet.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

test('decodes an EAP-Response/Identity as captured (RFC 3748 §5.1)', () => {
  const p = decodeEap(hex('0266000a017374657665'));
  assert.deepEqual({ code: p.code, id: p.id, type: p.type, data: p.data.toString() }, { code: EapCode.Response, id: 0x66, type: EapType.Identity, data: 'steve' });
  assert.equal(identityOf(p.data), 'steve');
});

test('encodes requests, Success and Failure; round trip keeps every field', () => {
  assert.equal(eapRequest(7, EapType.Md5, hex('10aabb')).toString('hex'), '010700080410aabb');
  assert.equal(eapSuccess(0x67).toString('hex'), '03670004');
  assert.equal(eapFailure(1).toString('hex'), '04010004');
  const back = decodeEap(encodeEap({ code: EapCode.Response, id: 255, type: EapType.Peap, data: Buffer.alloc(1000, 9) }));
  assert.equal(back.id, 255);
  assert.equal(back.type, EapType.Peap);
  assert.deepEqual(back.data, Buffer.alloc(1000, 9));
});

test('octets beyond Length are padding and ignored', () => {
  const p = decodeEap(hex('0201000601aa00000000'));
  assert.deepEqual(p.data, hex('aa'));
});

test('malformed packets are refused with EapError', () => {
  const bad = [
    '', '02', '020100', // shorter than a header
    '02010003', // Length below 4
    '020100ff01', // Length beyond the octets present
    '02010004', // a Response without a Type
    '0301000500', // Success with data
    '0501000401', // unknown Code
    '00010004',
  ];
  for (const b of bad) assert.throws(() => decodeEap(hex(b)), EapError, b);
  const huge = Buffer.alloc(5000);
  huge.writeUInt16BE(5000, 2);
  huge[0] = 2;
  assert.throws(() => decodeEap(huge), EapError);
  assert.throws(() => encodeEap({ code: EapCode.Request, id: 1, data: Buffer.alloc(0) }), EapError);
});

test('identities: options after a NUL are dropped, control characters and overlong names refused', () => {
  assert.equal(identityOf(Buffer.from('alice\u0000networkid=corp')), 'alice');
  assert.equal(identityOf(Buffer.from('anonymous@example.com')), 'anonymous@example.com');
  assert.equal(identityOf(Buffer.alloc(0)), '');
  assert.throws(() => identityOf(Buffer.from('al\u0001ice')), EapError);
  assert.throws(() => identityOf(Buffer.alloc(300, 0x61)), EapError);
});
