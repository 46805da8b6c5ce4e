// RADIUS cryptography: attribute hiding (RFC 2865 §5.2, RFC 2868 §3.5,
// RFC 2548), CHAP (RFC 1994), packet authenticators (RFC 2865 §3,
// RFC 2866 §3, RFC 5176 §2.3) and Message-Authenticator (RFC 3579 §3.2).
import { hash, randomFillSync, timingSafeEqual } from 'node:crypto';
import { RadiusError } from './errors.ts';

// MD5 runs through node:crypto's one-shot hash() with latin1 ('binary') output,
// which costs far less per call than createHash()/createHmac() objects or
// Buffer output. HMAC-MD5 is built from it as RFC 2104 defines it. The
// scratch buffers below are only used within one synchronous call.

/** A shared secret; strings are taken as UTF-8. */
export type Secret = Buffer | string;

export const HEADER_LENGTH = 20;
export const AUTHENTICATOR_LENGTH = 16;
/** Longest User-Password value (RFC 2865 §5.2). */
export const MAX_PASSWORD_LENGTH = 128;
/** Longest salt-encrypted plaintext: 1 length octet + data fits 15 blocks. */
export const MAX_SALTED_LENGTH = 239;

export const ZERO_AUTHENTICATOR: Buffer = Buffer.alloc(AUTHENTICATOR_LENGTH);

const HMAC_BLOCK = 64;
let scratch = Buffer.allocUnsafe(HMAC_BLOCK + 4096 + 256);
const outer = Buffer.allocUnsafe(HMAC_BLOCK + 16);

function scratchOf(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  return scratch;
}

function md5Latin1(data: Buffer): string {
  return hash('md5', data, 'binary');
}

function written(digest: string, out: Buffer | undefined, offset: number): Buffer {
  if (!out) return Buffer.from(digest, 'latin1');
  out.write(digest, offset, 'latin1');
  return out;
}

export function toSecret(secret: Secret): Buffer {
  return typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
}

export function md5(data: Buffer): Buffer {
  return Buffer.from(md5Latin1(data), 'latin1');
}

/** Constant-time equality of two buffers (false when the lengths differ). */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomAuthenticator(): Buffer {
  return randomFillSync(Buffer.allocUnsafe(AUTHENTICATOR_LENGTH));
}

/** Two random octets with the high bit set, as RFC 2868 §3.5 requires of a salt. */
export function randomSalt(): Buffer {
  const salt = randomFillSync(Buffer.allocUnsafe(2));
  salt[0] |= 0x80;
  return salt;
}

/**
 * XORs `data` in place, 16 octets at a time, with the RFC 2865 §5.2 key
 * stream: b1 = MD5(S + first), bi = MD5(S + c(i-1)), where c is the
 * ciphertext (the output when hiding, the input when unhiding).
 */
function md5Stream(data: Buffer, secret: Buffer, first: Buffer, hiding: boolean): void {
  const buf = Buffer.allocUnsafe(secret.length + Math.max(first.length, 16));
  secret.copy(buf, 0);
  first.copy(buf, secret.length);
  let input = buf.subarray(0, secret.length + first.length);
  const next = buf.subarray(0, secret.length + 16);
  for (let off = 0; off < data.length; off += 16) {
    const b = md5Latin1(input);
    if (!hiding) data.copy(buf, secret.length, off, off + 16);
    for (let i = 0; i < 16; i++) data[off + i] ^= b.charCodeAt(i);
    if (hiding) data.copy(buf, secret.length, off, off + 16);
    input = next;
  }
}

/** Hides a User-Password (or MS-CHAP-MPPE-Keys) value: pads with NULs to 16k octets. */
export function hidePassword(plain: Buffer, secret: Buffer, authenticator: Buffer): Buffer {
  if (plain.length > MAX_PASSWORD_LENGTH) {
    throw new RadiusError('bad_password_length', `${plain.length} octets, at most ${MAX_PASSWORD_LENGTH}`);
  }
  const out = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16));
  plain.copy(out);
  md5Stream(out, secret, authenticator, true);
  return out;
}

/** Recovers a hidden User-Password; trailing NUL padding is removed. */
export function unhidePassword(hidden: Buffer, secret: Buffer, authenticator: Buffer): Buffer {
  if (hidden.length === 0 || hidden.length % 16 !== 0 || hidden.length > MAX_PASSWORD_LENGTH) {
    throw new RadiusError('bad_password_length', `${hidden.length} octets`);
  }
  const out = Buffer.from(hidden);
  md5Stream(out, secret, authenticator, false);
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/**
 * Salt-encrypts a value (Tunnel-Password, MS-MPPE-Send-Key/Recv-Key):
 * returns salt + ciphertext of (length octet + value + NUL padding),
 * keyed with MD5(S + Request Authenticator + salt). The tag, if any, is
 * not part of the result.
 */
export function encryptSalted(plain: Buffer, secret: Buffer, requestAuthenticator: Buffer, salt: Buffer): Buffer {
  if (plain.length > MAX_SALTED_LENGTH) {
    throw new RadiusError('value_too_long', `salted value of ${plain.length} octets, at most ${MAX_SALTED_LENGTH}`);
  }
  if (salt.length !== 2) throw new RadiusError('bad_value', 'salt must be 2 octets');
  const blocks = Math.ceil((plain.length + 1) / 16);
  const out = Buffer.alloc(2 + blocks * 16);
  salt.copy(out, 0);
  out[2] = plain.length;
  plain.copy(out, 3);
  const first = Buffer.concat([requestAuthenticator, salt]);
  md5Stream(out.subarray(2), secret, first, true);
  return out;
}

/** Recovers a salt-encrypted value (input starts at the salt). */
export function decryptSalted(data: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  if (data.length < 18 || (data.length - 2) % 16 !== 0) {
    throw new RadiusError('bad_salted_value', `${data.length} octets`);
  }
  const out = Buffer.from(data.subarray(2));
  const first = Buffer.concat([requestAuthenticator, data.subarray(0, 2)]);
  md5Stream(out, secret, first, false);
  const length = out[0];
  if (length > out.length - 1) throw new RadiusError('bad_salted_value', 'length octet beyond the value');
  return out.subarray(1, 1 + length);
}

/** CHAP response (RFC 1994): MD5(identifier + password + challenge). */
export function chapResponse(identifier: number, password: Buffer, challenge: Buffer): Buffer {
  return md5(Buffer.concat([Buffer.of(identifier & 0xff), password, challenge]));
}

/**
 * Checks a CHAP-Password attribute value (identifier octet + 16-octet
 * response) against the clear-text password. The challenge is the
 * CHAP-Challenge attribute when present, else the Request Authenticator.
 */
export function verifyChap(chapPassword: Buffer, password: Buffer, challenge: Buffer): boolean {
  if (chapPassword.length !== 17) return false;
  return safeEqual(chapResponse(chapPassword[0], password, challenge), chapPassword.subarray(1));
}

/**
 * MD5 over a packet whose Authenticator field is replaced by `authField`:
 * MD5(Code+Id+Length + authField + Attributes + Secret). This is the
 * Response Authenticator when authField is the request's authenticator,
 * and the Accounting/CoA/Disconnect Request Authenticator when it is zeros.
 * Written into `out` at `offset` when given, else returned in a new Buffer.
 */
export function packetDigest(packet: Buffer, authField: Buffer, secret: Buffer, out?: Buffer, offset = 0): Buffer {
  const size = packet.length + secret.length;
  const buf = scratchOf(size);
  packet.copy(buf, 0, 0, 4);
  authField.copy(buf, 4, 0, AUTHENTICATOR_LENGTH);
  packet.copy(buf, HEADER_LENGTH, HEADER_LENGTH);
  secret.copy(buf, packet.length);
  return written(md5Latin1(buf.subarray(0, size)), out, offset);
}

/** HMAC-MD5 (RFC 2104) of the first `length` octets after the key block of `buf`. */
function hmacMd5(secret: Buffer, buf: Buffer, length: number): string {
  const key = secret.length > HMAC_BLOCK ? md5(secret) : secret;
  buf.fill(0x36, 0, HMAC_BLOCK);
  outer.fill(0x5c, 0, HMAC_BLOCK);
  for (let i = 0; i < key.length; i++) {
    buf[i] ^= key[i];
    outer[i] ^= key[i];
  }
  outer.write(md5Latin1(buf.subarray(0, HMAC_BLOCK + length)), HMAC_BLOCK, 'latin1');
  return md5Latin1(outer);
}

/** HMAC-MD5 of arbitrary data keyed with the secret (RFC 2104). */
export function hmacMd5Of(secret: Buffer, data: Buffer): Buffer {
  const buf = scratchOf(HMAC_BLOCK + data.length);
  data.copy(buf, HMAC_BLOCK);
  return Buffer.from(hmacMd5(secret, buf, data.length), 'latin1');
}

/**
 * HMAC-MD5 Message-Authenticator (RFC 3579 §3.2) of a packet, computed
 * with the Authenticator field replaced by `authField` and the 16 value
 * octets at `valueOffset` taken as zeros. The packet is not modified.
 * Written into `out` at `offset` when given, else returned in a new Buffer.
 */
export function messageAuthenticator(
  packet: Buffer, authField: Buffer, valueOffset: number, secret: Buffer, out?: Buffer, offset = 0,
): Buffer {
  const buf = scratchOf(HMAC_BLOCK + packet.length);
  packet.copy(buf, HMAC_BLOCK, 0, 4);
  authField.copy(buf, HMAC_BLOCK + 4, 0, AUTHENTICATOR_LENGTH);
  packet.copy(buf, HMAC_BLOCK + HEADER_LENGTH, HEADER_LENGTH);
  buf.fill(0, HMAC_BLOCK + valueOffset, HMAC_BLOCK + valueOffset + 16);
  return written(hmacMd5(secret, buf, packet.length), out, offset);
}
