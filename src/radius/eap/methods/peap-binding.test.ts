// PEAP crypto binding against fixed vectors: the worked examples of
// [MS-PEAP] §4.4 (Compound MACs of a request and a response, the CSK of
// §4.4.3), and one PEAP-MSCHAPv2 authentication of wpa_supplicant 2.10's
// eapol_test over TLS 1.2 as its debug output printed it (TK, ISK, IPMK,
// CMK, the server's and the peer's Cryptobinding TLVs, the MSK).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BINDING_REQUEST, BINDING_RESPONSE, compoundKeys, compoundMac, compoundMsk, cryptobindingTlv, innerSessionKey, prfPlus, validBindingResponse,
} from './peap-binding.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// [MS-PEAP] §4.4.1.3.2.3 / §4.4.2.3.2.3: IPMK = T1 | T2, CMK = T3, and the TLVs as sent.
const MS_IPMK = hex('3A911C255473E83E9A0CC333AE1F8A35CDC74163 E7F60F6C65EF71C26442AAACA2B6F1EB4F25ECA3');
const MS_CMK = hex('3355353B6920D074C782E475DFB0999D4DB467EB');
const MS_REQUEST = hex(`000C0038 00000000 BDA7A599FA816521AD3064C2BDDBD16EAA949E7D98A8D7943147CF425D85DA7B
  0CBF105E91755748224FBB83000626911CFB1B0F`);
const MS_RESPONSE = hex(`000C0038 00000001 6C6BA38784237457CCC90B1A908CBDF4711B69994D0CFE8D3DB44ECBCDAD37E9
  42E086071D1C8B8C8E458F7021F06A6EAB16B646`);

// eapol_test (wpa_supplicant 2.10), PEAPv0 + EAP-MSCHAPv2, TLS 1.2, crypto_binding=2.
const TK = hex(`1a17f074e76029772b22c802a8f9efafa0802c0737b0d31b6fca6212c2923afef67e2f1366fdc07b
  61b311aed02e0fa0dc8429b39dbab4e9ff380dc8`);
const ISK = hex('d8e2a1e3761a3a233d4cef497774a29f 3d83e6c12de00bc00804f0c73b887843');
const IPMK = hex('b03129ade557464468b46a2f65e06a096a210fd43d87f01cba33e570e4f42b9634c0db53432e8140');
const CMK = hex('7987d914bb30b5f444e19e5c2d6b69bf1479b59a');
const NONCE = hex('d0e022c64fa71e5d662fc7312635ce7927407c37c54e3b9f7874d172e8db7517');
const REQUEST_MAC = hex('b4c66878afac249322ba469ddde5e01ab61709d7');
const RESPONSE_MAC = hex('f4af9ad6d3b4af0f5be5d2b4e4ec92dc0382c497');
const MSK = hex(`479c6b1216c27e8217b9a0c33668ca56f6c2113ae92cc0e02c40b8c5f8c86bce
  044c441d625a9c1216c7b3e8a20b8e5efa581b3e2afcf92bff52ccc12ea64447`);

test('PRF+ and the CSK: the MPPE keys of [MS-PEAP] §4.4.3 from its IPMK', () => {
  const csk = prfPlus(MS_IPMK, Buffer.from('Session Key Generating Function\0'), 128);
  assert.equal(csk.length, 128);
  // The server's Recv key (first 32 octets) as §4.4.3 gives it; the first 8 octets of T7 end the 128.
  assert.deepEqual(csk.subarray(0, 32), hex('6A02D782201BC7138BF8EFF733B496970D7CAB30 0AC9577278E1DDD5AEF76697'));
  assert.deepEqual(csk.subarray(120), hex('959F46680E86E65C'));
  assert.deepEqual(compoundMsk(MS_IPMK), csk.subarray(0, 64));
  assert.deepEqual(prfPlus(MS_IPMK, Buffer.from('x'), 7), prfPlus(MS_IPMK, Buffer.from('x'), 20).subarray(0, 7));
});

test('Compound MAC of [MS-PEAP] §4.4: the server\'s request and the peer\'s response', () => {
  assert.deepEqual(compoundMac(MS_CMK, MS_REQUEST), MS_REQUEST.subarray(40));
  assert.deepEqual(compoundMac(MS_CMK, MS_RESPONSE), MS_RESPONSE.subarray(40));
  assert.deepEqual(cryptobindingTlv(MS_CMK, BINDING_REQUEST, MS_REQUEST.subarray(8, 40)), MS_REQUEST);
  assert.equal(validBindingResponse(MS_CMK, MS_RESPONSE), true);
  assert.equal(validBindingResponse(MS_CMK, MS_REQUEST), false, 'a request reflected back is not a response');
});

test('IPMK and CMK from the TK and the ISK, as wpa_supplicant derives them; its binding verifies, the MSK is the CSK\'s', () => {
  const keys = compoundKeys(TK, ISK);
  assert.deepEqual(keys.ipmk, IPMK);
  assert.deepEqual(keys.cmk, CMK);
  const request = cryptobindingTlv(CMK, BINDING_REQUEST, NONCE);
  assert.deepEqual(request, Buffer.concat([hex('000c0038 00000000'), NONCE, REQUEST_MAC]));
  const response = Buffer.concat([hex('000c0038 00000001'), NONCE, RESPONSE_MAC]);
  assert.equal(validBindingResponse(CMK, response), true);
  assert.deepEqual(cryptobindingTlv(CMK, BINDING_RESPONSE, NONCE), response);
  assert.deepEqual(compoundMsk(IPMK), MSK);
});

test('a tampered, truncated or foreign binding response is refused', () => {
  const response = Buffer.concat([hex('000c0038 00000001'), NONCE, RESPONSE_MAC]);
  for (let i = 4; i < response.length; i++) {
    const bad = Buffer.from(response);
    bad[i] ^= 0x01;
    assert.equal(validBindingResponse(CMK, bad), false, `octet ${i}`);
  }
  assert.equal(validBindingResponse(CMK, response.subarray(0, 59)), false);
  assert.equal(validBindingResponse(CMK, Buffer.concat([response, Buffer.alloc(1)])), false);
  assert.equal(validBindingResponse(compoundKeys(TK, Buffer.alloc(32)).cmk, response), false, 'another inner session');
});

test('ISK: the server\'s Recv | Send keys, zero-padded to 32 octets; 32 zeros without inner keys', () => {
  assert.deepEqual(innerSessionKey({ recv: ISK.subarray(0, 16), send: ISK.subarray(16) }), ISK);
  assert.deepEqual(innerSessionKey({ recv: hex('0102'), send: hex('03') }), Buffer.concat([hex('010203'), Buffer.alloc(29)]));
  assert.deepEqual(innerSessionKey(), Buffer.alloc(32));
});
