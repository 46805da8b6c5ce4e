// PEAP's Extensions method: the Result TLV Gatehouse sends and reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapError } from '../packet.ts';
import { RESULT_FAILURE, RESULT_SUCCESS, resultTlvRequest, resultTlvStatus } from './peap.ts';

test('Result TLV request: EAP-Request type 33 with a mandatory Result TLV (MS-PEAP §2.2.8.1.1)', () => {
  assert.equal(resultTlvRequest(9, RESULT_SUCCESS).toString('hex'), '0109000b21800300020001');
  assert.equal(resultTlvRequest(9, RESULT_FAILURE).toString('hex'), '0109000b21800300020002');
});

test('the peer\'s Result TLV is read; optional unknown TLVs are skipped, mandatory ones refused', () => {
  assert.equal(resultTlvStatus(Buffer.from('800300020001', 'hex')), RESULT_SUCCESS);
  assert.equal(resultTlvStatus(Buffer.from('000700010a800300020002', 'hex')), RESULT_FAILURE);
  assert.equal(resultTlvStatus(Buffer.alloc(0)), undefined);
  // Crypto-Binding (12) is tolerated.
  assert.equal(resultTlvStatus(Buffer.from('800c0000800300020001', 'hex')), RESULT_SUCCESS);
  for (const bad of ['8003', '80030003000100', '800700010a', '800300040001']) assert.throws(() => resultTlvStatus(Buffer.from(bad, 'hex')), EapError, bad);
});
