// Private keys for hand-out: encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256 +
// AES-256-CBC) and PKCS#12 files (RFC 7292) holding that encrypted key in a
// shrouded key bag plus the certificate chain in certificate bags, with a
// HMAC-SHA256 integrity MAC. No RC2 and no 40-bit ciphers anywhere.
//
// The PFX structure comes from the @peculiar/asn1-pfx schemas, the PBES2
// encryption from Node's crypto (any key type: RSA and ECDSA), and the
// RFC 7292 Appendix B key derivation for the MAC key from node-forge.
import { createHmac, randomBytes, createHash, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import { DigestInfo } from '@peculiar/asn1-rsa';
import {
  AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents,
  id_certBag, id_pkcs8ShroudedKeyBag, id_x509Certificate,
} from '@peculiar/asn1-pfx';
import { BmpString } from 'asn1js';

/** PKCS#12 MAC iterations (OpenSSL's default). */
export const MAC_ITERATIONS = 2048;
const MAC_SALT_BYTES = 16;
const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** EncryptedPrivateKeyInfo (DER), PBES2 with AES-256-CBC. */
export function encryptedPkcs8Der(key: KeyObject, password: string): Buffer {
  return key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password });
}

/** `-----BEGIN ENCRYPTED PRIVATE KEY-----`, PBES2 with AES-256-CBC. */
export function encryptedPkcs8Pem(key: KeyObject, password: string): string {
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function attribute(oid: string, value: ArrayBuffer): PKCS12Attribute {
  const a = new PKCS12Attribute();
  a.attrId = oid;
  a.attrValues = [value];
  return a;
}

/** Content of type `data` wrapping DER bytes in an OCTET STRING. */
const dataContent = (der: ArrayBuffer): ContentInfo =>
  new ContentInfo({ contentType: id_data, content: AsnConvert.serialize(new OctetString(der)) });

/** RFC 7292 B.2 key for the MAC (ID 3), SHA-256, over the BMPString password. */
function macKey(password: string, salt: Buffer, iterations: number): Buffer {
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt.toString('binary')), 3, iterations, 32, forge.md.sha256.create());
  return Buffer.from(key.getBytes(), 'binary');
}

export interface Pkcs12Params {
  key: KeyObject;
  /** DER certificates: the key's certificate first, then its chain. */
  certificates: Uint8Array[];
  password: string;
  /** friendlyName of the key and its certificate (the CN). */
  friendlyName: string;
}

export function buildPkcs12(p: Pkcs12Params): Uint8Array {
  if (p.certificates.length === 0) throw new Error('a PKCS#12 file needs the key certificate');
  const localKeyId = createHash('sha1').update(p.certificates[0]).digest();
  const attrs = [
    attribute(OID_FRIENDLY_NAME, new BmpString({ value: p.friendlyName }).toBER()),
    attribute(OID_LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId))),
  ];
  const certBags = p.certificates.map((der, i) => new SafeBag({
    bagId: id_certBag,
    bagValue: AsnConvert.serialize(new CertBag({ certId: id_x509Certificate, certValue: AsnConvert.serialize(new OctetString(der)) })),
    ...(i === 0 && { bagAttributes: attrs }),
  }));
  const keyBag = new SafeBag({ bagId: id_pkcs8ShroudedKeyBag, bagValue: ab(encryptedPkcs8Der(p.key, p.password)), bagAttributes: attrs });
  const authSafe = AsnConvert.serialize(new AuthenticatedSafe([
    dataContent(AsnConvert.serialize(new SafeContents(certBags))),
    dataContent(AsnConvert.serialize(new SafeContents([keyBag]))),
  ]));
  const salt = randomBytes(MAC_SALT_BYTES);
  const mac = createHmac('sha256', macKey(p.password, salt, MAC_ITERATIONS)).update(new Uint8Array(authSafe)).digest();
  const pfx = new PFX({
    version: 3,
    authSafe: dataContent(authSafe),
    macData: new MacData({
      mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256, parameters: null }), digest: new OctetString(mac) }),
      macSalt: new OctetString(salt),
      iterations: MAC_ITERATIONS,
    }),
  });
  return new Uint8Array(AsnConvert.serialize(pfx));
}
