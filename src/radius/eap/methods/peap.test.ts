// PEAP's Extensions method: the Result TLV (with the Cryptobinding TLV on
// success) Gatehouse sends, and the TLVs it reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapError } from '../packet.ts';
import { RESULT_FAILURE, RESULT_SUCCESS, parseExtensions, resultTlvRequest } from './peap.ts';

test('Result TLV request: EAP-Request type 33 with a mandatory Result TLV (MS-PEAP §2.2.8.1.2), the Cryptobinding TLV after it', () => {
  assert.equal(resultTlvRequest(9, RESULT_SUCCESS).toString('hex'), '0109000b21800300020001');
  assert.equal(resultTlvRequest(9, RESULT_FAILURE).toString('hex'), '0109000b21800300020002');
  const binding = Buffer.concat([Buffer.from('000c0038', 'hex'), Buffer.alloc(56, 7)]);
  const both = resultTlvRequest(9, RESULT_SUCCESS, binding);
  assert.equal(both.readUInt16BE(2), 5 + 6 + 60);
  assert.deepEqual(both.subarray(11), binding);
});

test('the peer\'s TLVs: the Result status and the Cryptobinding TLV in any order; optional unknown TLVs skipped, mandatory ones and repeats refused', () => {
  assert.deepEqual(parseExtensions(Buffer.from('800300020001', 'hex')), { status: RESULT_SUCCESS });
  assert.deepEqual(parseExtensions(Buffer.from('000700010a800300020002', 'hex')), { status: RESULT_FAILURE });
  assert.deepEqual(parseExtensions(Buffer.alloc(0)), {});
  const binding = Buffer.concat([Buffer.from('000c0038', 'hex'), Buffer.alloc(56, 1)]);
  for (const tlvs of [Buffer.concat([Buffer.from('800300020001', 'hex'), binding]), Buffer.concat([binding, Buffer.from('800300020001', 'hex')])]) {
    const r = parseExtensions(tlvs);
    assert.equal(r.status, RESULT_SUCCESS);
    assert.deepEqual(r.binding, binding);
  }
  // The M bit is tolerated on the Cryptobinding TLV; a short one is returned as is, to fail its MAC check.
  assert.deepEqual(parseExtensions(Buffer.from('800c0000800300020001', 'hex')).binding, Buffer.from('800c0000', 'hex'));
  for (const bad of ['8003', '80030003000100', '800700010a', '800300040001', '800300020001800300020001', '000c0000000c0000']) {
    assert.throws(() => parseExtensions(Buffer.from(bad, 'hex')), EapError, bad);
  }
});
