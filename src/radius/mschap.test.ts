// MS-CHAPv2 against the worked example of RFC 2759 §9.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  authenticatorResponse, challengeHash, challengeResponse, desEncrypt, md4Digest, mschapUserName, ntPasswordHash, ntResponse, verifyMschapV2,
} from './mschap.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const V = {
  user: 'User',
  password: 'clientPass',
  authChallenge: hex('5B5D7C7D7B3F2F3E3C2C602132262628'),
  peerChallenge: hex('21402324255E262A28295F2B3A337C7E'),
  challenge: hex('D02E4386BCE91226'),
  ntHash: hex('44EBBA8D5312B8D611474411F56989AE'),
  ntResponse: hex('82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF'),
  hashHash: hex('41C00C584BD2D91C4017A2A12FA59F3F'),
  authResponse: 'S=407A5589115FD0D6209F510FE9C04566932CDA56',
};

test('RFC 2759 §9.2: NT hash, challenge hash, NT-Response, hash of the hash, authenticator response', () => {
  assert.deepEqual(ntPasswordHash(V.password), V.ntHash);
  assert.deepEqual(challengeHash(V.peerChallenge, V.authChallenge, V.user), V.challenge);
  assert.deepEqual(challengeResponse(V.challenge, V.ntHash), V.ntResponse);
  assert.deepEqual(ntResponse(V.authChallenge, V.peerChallenge, V.user, V.ntHash), V.ntResponse);
  assert.deepEqual(md4Digest(V.ntHash), V.hashHash);
  assert.equal(authenticatorResponse(V.ntHash, V.ntResponse, V.peerChallenge, V.authChallenge, V.user), V.authResponse);
});

test('MD4 and DES primitives match their published vectors', () => {
  // RFC 1320 §A.5
  assert.equal(md4Digest(Buffer.from('abc')).toString('hex'), 'a448017aaf21d8525fc10ae87aa6729d');
  assert.equal(md4Digest(Buffer.alloc(0)).toString('hex'), '31d6cfe0d16ae931b73c59d7e0c089c0');
  // FIPS 81 / the classic test: key 0123456789ABCDEF (as 56 bits), "Now is t"
  const key56 = hex('0123456789ABCDEF');
  const seven = Buffer.alloc(7);
  // Recover the 7 key octets whose DES expansion is 0123456789ABCDEF with the parity bits cleared.
  let bits = 0n;
  for (const b of key56) bits = (bits << 7n) | BigInt(b >> 1);
  for (let i = 6; i >= 0; i--) { seven[i] = Number(bits & 0xffn); bits >>= 8n; }
  assert.equal(desEncrypt(Buffer.from('Now is t', 'ascii'), seven).toString('hex'), '3fa40e8a984d4815');
});

test('verification: right password gives the authenticator response, a wrong one or a short response fails', () => {
  const ok = verifyMschapV2(V.password, V.authChallenge, V.peerChallenge, V.user, V.ntResponse);
  assert.deepEqual(ok, { ok: true, authenticatorResponse: V.authResponse });
  assert.equal(verifyMschapV2('clientPasS', V.authChallenge, V.peerChallenge, V.user, V.ntResponse).ok, false);
  assert.equal(verifyMschapV2(V.password, V.authChallenge, V.peerChallenge, V.user, V.ntResponse.subarray(0, 23)).ok, false);
  assert.equal(verifyMschapV2(V.password, V.authChallenge, V.peerChallenge, 'Other', V.ntResponse).ok, false);
});

test('the domain prefix is not part of the hashed user name', () => {
  assert.equal(mschapUserName('CORP\\User'), 'User');
  assert.equal(mschapUserName('User'), 'User');
  assert.deepEqual(challengeHash(V.peerChallenge, V.authChallenge, 'CORP\\User'), V.challenge);
});
