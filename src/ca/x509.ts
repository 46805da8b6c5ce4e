// X.509 plumbing shared by the CA: @peculiar/x509 on Node's WebCrypto, PEM,
// key generation per key type, signature algorithms, serial numbers.
import { createPrivateKey, createHash, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import 'reflect-metadata'; // required by @peculiar/x509's dependency injection
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { KeyType } from '../domain/certificate.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

export type WebKey = webcrypto.CryptoKey;
export type WebKeyPair = webcrypto.CryptoKeyPair;
type SignatureAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;

export interface KeySpec {
  type: KeyType;
  /** RSA modulus bits, or 256/384 for ECDSA P-256/P-384. */
  size: number;
}

const CURVES: Record<number, { curve: string; hash: string }> = {
  256: { curve: 'P-256', hash: 'SHA-256' },
  384: { curve: 'P-384', hash: 'SHA-384' },
};

function generationParams(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  if (spec.type === 'RSA') {
    return { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.size, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  }
  const c = CURVES[spec.size];
  if (!c) throw new Error(`unsupported ECDSA key size ${spec.size}`);
  return { name: 'ECDSA', namedCurve: c.curve };
}

/** A new key pair (extractable, so the private key can be handed out). */
export function generateKeys(spec: KeySpec): Promise<WebKeyPair> {
  return webcrypto.subtle.generateKey(generationParams(spec), true, ['sign', 'verify']) as Promise<WebKeyPair>;
}

/** The signature algorithm a key signs with (SHA-256 for RSA and P-256, SHA-384 for P-384). */
export function signingAlgorithm(key: WebKey): SignatureAlgorithm {
  const alg = key.algorithm as webcrypto.EcKeyAlgorithm | webcrypto.RsaHashedKeyAlgorithm;
  if (alg.name === 'ECDSA') return { name: 'ECDSA', hash: CURVES[(alg as webcrypto.EcKeyAlgorithm).namedCurve === 'P-384' ? 384 : 256].hash } as webcrypto.EcdsaParams;
  return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as webcrypto.Algorithm;
}

export function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** The private key as a Node KeyObject (for PKCS#8 encryption and file storage). */
export async function toKeyObject(key: WebKey): Promise<KeyObject> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** Imports a PKCS#8 PEM private key for signing, with the algorithm its type implies. */
export function importSigningKey(pkcs8Pem: string): Promise<WebKey> {
  const obj = createPrivateKey(pkcs8Pem);
  const der = obj.export({ type: 'pkcs8', format: 'der' });
  const alg = obj.asymmetricKeyType === 'ec'
    ? { name: 'ECDSA', namedCurve: obj.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256' }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return webcrypto.subtle.importKey('pkcs8', der, alg, false, ['sign']) as Promise<WebKey>;
}

/**
 * A positive 128-bit serial in lower-case hex. The top bit is clear (positive
 * INTEGER) and the next one set, so the hex form has no leading zero.
 */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x40;
  return b.toString('hex');
}

/** Serial numbers are compared in this form: lower-case hex without leading zeros. */
export const normalSerial = (hex: string): string => hex.toLowerCase().replace(/^0+(?=.)/, '');

/** The subjectPublicKey BIT STRING contents of a certificate (what key hashes cover). */
export function publicKeyBits(cert: x509.X509Certificate): Uint8Array {
  return new Uint8Array(AsnConvert.parse(cert.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey);
}

export const sha1 = (data: Uint8Array | ArrayBuffer): Buffer =>
  createHash('sha1').update(data instanceof Uint8Array ? data : new Uint8Array(data)).digest();

/** The value of the first attribute `type` (e.g. 'CN') of a DN. */
export function nameAttribute(name: x509.Name, type: string): string {
  return name.getField(type)[0] ?? '';
}
