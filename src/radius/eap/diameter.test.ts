// Diameter AVPs of EAP-TTLS (RFC 5281 §10): framing, vendor ids, padding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapError } from './packet.ts';
import { decodeAvps, encodeAvp, findAvp } from './diameter.ts';

test('User-Name and a Microsoft AVP round trip; lengths exclude the padding', () => {
  const name = encodeAvp(1, Buffer.from('alice'));
  assert.equal(name.toString('hex'), '000000014000000d616c696365000000');
  const ms = encodeAvp(26, Buffer.from('S=1234'), 311);
  assert.equal(ms.length, 20);
  assert.equal(ms.readUIntBE(5, 3), 18);
  const avps = decodeAvps(Buffer.concat([name, ms]));
  assert.equal(avps.length, 2);
  assert.deepEqual({ ...avps[0], data: avps[0].data.toString() }, { code: 1, vendor: 0, mandatory: true, data: 'alice' });
  assert.equal(findAvp(avps, 26, 311)?.data.toString(), 'S=1234');
  assert.equal(findAvp(avps, 26), undefined);
  assert.deepEqual(decodeAvps(Buffer.alloc(0)), []);
});

test('truncated or inconsistent AVPs are refused', () => {
  const bad = [
    '00000001400000', // short header
    '0000000140000004', // length below the header
    '0000000140000020616c', // length beyond the data
    '0000001ac000000a00000137', // vendor flag, length shorter than the vendor header
  ];
  for (const b of bad) assert.throws(() => decodeAvps(Buffer.from(b, 'hex')), EapError, b);
});
