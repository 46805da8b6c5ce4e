// EAP-MSCHAPv2 as the inner method: the peer side computed with the RFC 2759
// functions; success carries the authenticator response, a wrong password
// gets E=691 and fails once acknowledged. The MPPE keys (RFC 3079) that
// PEAP's crypto binding takes exist only after a success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { authenticatorResponse, ntPasswordHash, ntResponse } from '../../mschap.ts';
import { EAP_FAILURE } from '../codes.ts';
import type { MethodEnv, MethodStep } from '../method.ts';
import { MSCHAPV2_OP, MschapV2Method, mppeMasterKey, mppeServerKeys } from './mschapv2.ts';

const steps: number[] = [];
const env: MethodEnv = {
  now: new Date(),
  step: (c) => { steps.push(c); },
  passwordOf: (name) => (name === 'alice' ? { ok: true, password: 'clientPass' } : { ok: false, failure: EAP_FAILURE.userNotFound }),
  passwordChecked: (_n, ok) => (ok ? undefined : EAP_FAILURE.wrongPassword),
  certificate: async () => ({ ok: false, failure: EAP_FAILURE.tlsHandshake }),
};

const data = (s: MethodStep) => {
  assert.equal(s.kind, 'request');
  return (s as { data: Buffer }).data;
};

/** The peer's Response to a Challenge, for `password`. */
function respond(challenge: Buffer, password: string, name = 'alice'): { packet: Buffer; peer: Buffer; nt: Buffer } {
  assert.equal(challenge[0], MSCHAPV2_OP.challenge);
  assert.equal(challenge.readUInt16BE(2), challenge.length);
  assert.equal(challenge[4], 16);
  const auth = challenge.subarray(5, 21);
  const peer = randomBytes(16);
  const nt = ntResponse(auth, peer, name, ntPasswordHash(password));
  const value = Buffer.concat([peer, Buffer.alloc(8), nt, Buffer.of(0)]);
  const body = Buffer.concat([Buffer.of(MSCHAPV2_OP.response, challenge[1], 0, 0, 49), value, Buffer.from(name)]);
  body.writeUInt16BE(body.length, 2);
  return { packet: body, peer, nt };
}

test('the right password: Success request with the authenticator response, then success on the acknowledgement', async () => {
  const m = new MschapV2Method('alice', 'gatehouse', 'PEAP');
  const challenge = data(m.start(env));
  assert.equal(challenge.subarray(21).toString(), 'gatehouse');
  const { packet, peer, nt } = respond(challenge, 'clientPass');
  const success = data(await m.process(packet, env));
  assert.equal(success[0], MSCHAPV2_OP.success);
  assert.equal(m.mppeKeys, undefined, 'no keys before the peer acknowledged');
  const expected = authenticatorResponse(ntPasswordHash('clientPass'), nt, peer, challenge.subarray(5, 21), 'alice');
  assert.equal(success.subarray(4, 46).toString(), expected);
  const done = await m.process(Buffer.of(MSCHAPV2_OP.success), env);
  assert.equal(done.kind, 'success');
  assert.equal(m.info.protocol, 'PEAP (EAP-MSCHAPv2)');
  assert.deepEqual(m.mppeKeys, mppeServerKeys(mppeMasterKey(ntPasswordHash('clientPass'), nt)));
});

test('MPPE keys of RFC 3079 §3.5.3: master key, the server\'s Send key (the client\'s Receive key) and Recv key', () => {
  const nt = Buffer.from('82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF', 'hex');
  const master = mppeMasterKey(ntPasswordHash('clientPass'), nt);
  assert.equal(master.toString('hex'), 'fdece3717a8c838cb388e527ae3cdd31');
  const keys = mppeServerKeys(master);
  assert.equal(keys.send.toString('hex'), '8b7cdc149b993a1ba118cb153f56dccb');
  assert.equal(keys.recv.toString('hex'), 'd5f0e9521e3ea9589645e86051c82226');
});

test('a wrong password: E=691 Failure request, failure 22040 once acknowledged; junk fails', async () => {
  const m = new MschapV2Method('alice', 'gatehouse', 'EAP-TTLS');
  const { packet } = respond(data(m.start(env)), 'not-it');
  const failure = data(await m.process(packet, env));
  assert.equal(failure[0], MSCHAPV2_OP.failure);
  assert.match(failure.subarray(4).toString(), /^E=691 R=0 C=[0-9A-F]{32} V=3 M=/);
  assert.deepEqual(await m.process(Buffer.of(MSCHAPV2_OP.failure), env), { kind: 'failure', failure: EAP_FAILURE.wrongPassword });
  assert.equal(m.mppeKeys, undefined);
  const j = new MschapV2Method('alice', 'gatehouse', 'PEAP');
  const c = data(j.start(env));
  for (const junk of [Buffer.alloc(0), Buffer.of(MSCHAPV2_OP.response), Buffer.of(MSCHAPV2_OP.response, c[1] ^ 1, 0, 54, 49, ...Buffer.alloc(49))]) {
    assert.deepEqual(await j.process(junk, env), { kind: 'failure', failure: EAP_FAILURE.invalidPayload });
  }
});

test('an unknown user fails with the store\'s answer, before any password check', async () => {
  const m = new MschapV2Method('mallory', 'gatehouse', 'PEAP');
  const { packet } = respond(data(m.start(env)), 'x', 'mallory');
  assert.deepEqual(await m.process(packet, env), { kind: 'failure', failure: EAP_FAILURE.userNotFound });
});
