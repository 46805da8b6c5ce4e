// MS-CHAPv2 (RFC 2759): the NT password hash, the challenge hash, the
// 24-octet NT-Response and the authenticator response ("S=…"). MD4 and
// single DES come from js-md4 and des.js because OpenSSL 3 no longer
// offers them; SHA-1 is Node's.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

interface Md4 {
  arrayBuffer(message: Uint8Array): ArrayBuffer;
}
interface DesCipher {
  update(data: Uint8Array | number[]): number[];
  final(): number[];
}
interface DesModule {
  DES: { create(options: { type: 'encrypt' | 'decrypt'; key: number[] | Uint8Array; padding?: boolean }): DesCipher };
}

const require = createRequire(import.meta.url);
const md4 = require('js-md4') as Md4;
const des = require('des.js') as DesModule;

const MAGIC1 = Buffer.from('Magic server to client signing constant', 'ascii');
const MAGIC2 = Buffer.from('Pad to make it do more than one iteration', 'ascii');

export const md4Digest = (data: Uint8Array): Buffer => Buffer.from(md4.arrayBuffer(data));

/** NtPasswordHash: MD4 of the password in UTF-16LE (RFC 2759 §8.3). */
export function ntPasswordHash(password: string): Buffer {
  return md4Digest(Buffer.from(password, 'utf16le'));
}

/** The user name MS-CHAP hashes: any `DOMAIN\` prefix removed (RFC 2759 §4). */
export function mschapUserName(name: string): string {
  const slash = name.lastIndexOf('\\');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** ChallengeHash: the first 8 octets of SHA-1(PeerChallenge | AuthenticatorChallenge | UserName) (§8.2). */
export function challengeHash(peerChallenge: Buffer, authenticatorChallenge: Buffer, userName: string): Buffer {
  return createHash('sha1').update(peerChallenge).update(authenticatorChallenge).update(Buffer.from(mschapUserName(userName), 'utf8')).digest().subarray(0, 8);
}

/** Spreads 56 key bits over 8 octets, the low bit of each left for parity (DES ignores it). */
function desKey(seven: Buffer): Buffer {
  const k = Buffer.alloc(8);
  k[0] = seven[0] & 0xfe;
  k[1] = ((seven[0] << 7) | (seven[1] >> 1)) & 0xfe;
  k[2] = ((seven[1] << 6) | (seven[2] >> 2)) & 0xfe;
  k[3] = ((seven[2] << 5) | (seven[3] >> 3)) & 0xfe;
  k[4] = ((seven[3] << 4) | (seven[4] >> 4)) & 0xfe;
  k[5] = ((seven[4] << 3) | (seven[5] >> 5)) & 0xfe;
  k[6] = ((seven[5] << 2) | (seven[6] >> 6)) & 0xfe;
  k[7] = (seven[6] << 1) & 0xfe;
  return k;
}

/** DesEncrypt: one 8-octet block under a 7-octet key (§8.6). */
export function desEncrypt(block: Buffer, key7: Buffer): Buffer {
  const cipher = des.DES.create({ type: 'encrypt', key: desKey(key7), padding: false });
  return Buffer.from([...cipher.update(block), ...cipher.final()]);
}

/** ChallengeResponse: the 8-octet challenge under the 16-octet hash, zero-padded to three DES keys (§8.5). */
export function challengeResponse(challenge: Buffer, passwordHash: Buffer): Buffer {
  const z = Buffer.alloc(21);
  passwordHash.copy(z);
  return Buffer.concat([desEncrypt(challenge, z.subarray(0, 7)), desEncrypt(challenge, z.subarray(7, 14)), desEncrypt(challenge, z.subarray(14, 21))]);
}

/** GenerateNTResponse from the NT hash (§8.1). */
export function ntResponse(authenticatorChallenge: Buffer, peerChallenge: Buffer, userName: string, passwordHash: Buffer): Buffer {
  return challengeResponse(challengeHash(peerChallenge, authenticatorChallenge, userName), passwordHash);
}

/** GenerateAuthenticatorResponse: `S=` and 40 upper-case hex digits (§8.7). */
export function authenticatorResponse(
  passwordHash: Buffer, ntResp: Buffer, peerChallenge: Buffer, authenticatorChallenge: Buffer, userName: string,
): string {
  const hashHash = md4Digest(passwordHash);
  const digest = createHash('sha1').update(hashHash).update(ntResp).update(MAGIC1).digest();
  const challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
  const final = createHash('sha1').update(digest).update(challenge).update(MAGIC2).digest();
  return `S=${final.toString('hex').toUpperCase()}`;
}

export interface MschapV2Check {
  ok: boolean;
  /** The `S=…` string for MS-CHAP2-Success, present when ok. */
  authenticatorResponse?: string;
}

/**
 * Verifies a peer's NT-Response against the clear-text password in
 * constant time and, when it matches, computes the authenticator response.
 */
export function verifyMschapV2(
  password: string, authenticatorChallenge: Buffer, peerChallenge: Buffer, userName: string, given: Buffer,
): MschapV2Check {
  const hash = ntPasswordHash(password);
  const expected = ntResponse(authenticatorChallenge, peerChallenge, userName, hash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
  return { ok: true, authenticatorResponse: authenticatorResponse(hash, expected, peerChallenge, authenticatorChallenge, userName) };
}
