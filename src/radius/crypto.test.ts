import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  chapResponse, hmacMd5Of, decryptSalted, encryptSalted, hidePassword, messageAuthenticator, packetDigest,
  randomSalt, unhidePassword, verifyChap,
} from './crypto.ts';
import { RadiusError } from './errors.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const S = Buffer.from('testing123');
const RA = hex('a1b2c3d4e5f60718293a4b5c6d7e8f90');
const reason = (r: string) => (e: unknown) => e instanceof RadiusError && e.reason === r;

test('User-Password hiding matches RFC 2865 §7.1 and §7.3', () => {
  const secret = Buffer.from('xyzzy5461');
  assert.equal(
    hidePassword(Buffer.from('arctangent'), secret, hex('0f403f9473978057bd83d5cb98f4227a')).toString('hex'),
    '0dbe708d93d413ce3196e43f782a0aee',
  );
  assert.equal(
    hidePassword(Buffer.from('challenge'), secret, hex('f3a47a1f6a6d76710b947ab93041a039')).toString('hex'),
    '33657573778289b570885e15084825c5',
  );
});

test('User-Password hiding matches an independent implementation at block edges', () => {
  assert.equal(hidePassword(Buffer.alloc(0), S, RA).toString('hex'), '0ffca4ea2d8a4440c4aacd7f6efb9263');
  assert.equal(hidePassword(Buffer.from('0123456789abcdef'), S, RA).toString('hex'), '3fcd96d919bf7277fc93ac1d0d9ff705');
  assert.equal(
    hidePassword(Buffer.from('0123456789abcdefg'), S, RA).toString('hex'),
    '3fcd96d919bf7277fc93ac1d0d9ff7052a1adcb260a77c1e3d59dbaead582991',
  );
});

test('User-Password round-trips for every length 0..128', () => {
  for (let n = 0; n <= 128; n++) {
    const pw = Buffer.alloc(n, 0x41 + (n % 26));
    const hidden = hidePassword(pw, S, RA);
    assert.equal(hidden.length, Math.max(16, Math.ceil(n / 16) * 16));
    assert.deepEqual(unhidePassword(hidden, S, RA), pw);
  }
});

test('User-Password length limits', () => {
  assert.throws(() => hidePassword(Buffer.alloc(129, 1), S, RA), reason('bad_password_length'));
  for (const n of [0, 15, 17, 144]) {
    assert.throws(() => unhidePassword(Buffer.alloc(n), S, RA), reason('bad_password_length'));
  }
});

test('salted encryption matches an independent implementation', () => {
  assert.equal(encryptSalted(Buffer.from('vpn-secret'), S, RA, hex('8001')).toString('hex'), '80019e2332dac5a9992fc11ad044389de301');
  assert.equal(encryptSalted(Buffer.alloc(0), S, RA, hex('8123')).toString('hex'), '81230dcb4bf145b2dd430e9c52b5e547da7d');
  assert.equal(encryptSalted(Buffer.from('0123456789abcde'), S, RA, hex('a5a5')).toString('hex'), 'a5a5e94966e1450949ef92a778c030cffba5');
  assert.equal(
    encryptSalted(Buffer.from('0123456789abcdef'), S, RA, hex('a5a5')).toString('hex'),
    'a5a5f64966e1450949ef92a778c030cffba524e47c88ecdbfb1b43f7a31b00d5be7a',
  );
});

test('salted encryption round-trips for every length 0..239 and checks its input', () => {
  for (let n = 0; n <= 239; n++) {
    const plain = Buffer.alloc(n, n & 0xff);
    const enc = encryptSalted(plain, S, RA, randomSalt());
    assert.equal((enc.length - 2) % 16, 0);
    assert.deepEqual(decryptSalted(enc, S, RA), plain);
  }
  assert.throws(() => encryptSalted(Buffer.alloc(240), S, RA, hex('8000')), reason('value_too_long'));
  assert.throws(() => decryptSalted(Buffer.alloc(17), S, RA), reason('bad_salted_value'));
  assert.throws(() => decryptSalted(Buffer.alloc(19), S, RA), reason('bad_salted_value'));
  // A length octet beyond the value (wrong secret or authenticator) is refused.
  const enc = encryptSalted(Buffer.from('x'), S, RA, hex('8001'));
  let refused = 0;
  for (let i = 0; i < 50; i++) {
    try { decryptSalted(enc, Buffer.from(`wrong${i}`), RA); } catch (e) { if (e instanceof RadiusError) refused++; }
  }
  assert.ok(refused > 40);
});

test('salts have the high bit set', () => {
  for (let i = 0; i < 100; i++) assert.ok((randomSalt()[0] & 0x80) !== 0);
});

test('CHAP response and verification (RFC 1994)', () => {
  const challenge = hex('00112233445566778899aabbccddeeff0102');
  assert.equal(chapResponse(7, Buffer.from('secret-pw'), challenge).toString('hex'), 'df5c3fc1804a3154664d0b69486734bb');
  const chapPassword = Buffer.concat([Buffer.of(7), hex('df5c3fc1804a3154664d0b69486734bb')]);
  assert.equal(verifyChap(chapPassword, Buffer.from('secret-pw'), challenge), true);
  assert.equal(verifyChap(chapPassword, Buffer.from('secret-pX'), challenge), false);
  assert.equal(verifyChap(chapPassword.subarray(0, 16), Buffer.from('secret-pw'), challenge), false);
  // Captured CHAP-Password (Wireshark radius_localhost, password "testing"),
  // challenge taken from the Request Authenticator.
  assert.equal(
    verifyChap(hex('a80574ae2c413a393f07b5564984bda740'), Buffer.from('testing'), hex('95bbe85b56ad0aa36dd80f9b7c59067d')),
    true,
  );
});

test('packet digest and Message-Authenticator do not modify the packet', () => {
  // RFC 2865 §7.1 Access-Accept.
  const accept = hex('02000026 86fe220e7624ba2a1005f6bf9b55e0b2 060600000001 0f0600000000 0e06c0a80103');
  const copy = Buffer.from(accept);
  assert.equal(
    packetDigest(accept, hex('0f403f9473978057bd83d5cb98f4227a'), Buffer.from('xyzzy5461')).toString('hex'),
    '86fe220e7624ba2a1005f6bf9b55e0b2',
  );
  messageAuthenticator(accept, RA, 22, S);
  assert.deepEqual(accept, copy);
});

test('HMAC-MD5 agrees with node:crypto createHmac for every key length', () => {
  const data = Buffer.alloc(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
  for (let n = 0; n <= 130; n++) {
    const key = Buffer.alloc(n, n + 1);
    for (const len of [0, 1, 64, 300]) {
      assert.deepEqual(hmacMd5Of(key, data.subarray(0, len)), createHmac('md5', key).update(data.subarray(0, len)).digest());
    }
  }
});

test('RFC 2104 HMAC-MD5 test vectors', () => {
  assert.equal(hmacMd5Of(Buffer.alloc(16, 0x0b), Buffer.from('Hi There')).toString('hex'), '9294727a3638bb1c13f48ef8158bfc9d');
  assert.equal(hmacMd5Of(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex'),
    '750c783e6ab0b503eaa86e310a5db738');
  assert.equal(hmacMd5Of(Buffer.alloc(16, 0xaa), Buffer.alloc(50, 0xdd)).toString('hex'), '56be34521d144c88dbb8c733f0e8b3f6');
});
