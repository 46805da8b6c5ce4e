// Validation of a client certificate chain (EAP-TLS): builds the path from
// the presented leaf through presented or trusted intermediates to a trusted
// CA, verifies each signature, CA constraints, validity dates, revocation
// and the leaf's extended key usage, and answers with ISE's failure code.
//
// Signatures, the leaf's CA flag and usages, and its subject alternative
// names when they are plain DNS, e-mail or URI names, are read from
// Node's (OpenSSL's) parse of the certificate: the path of every EAP-TLS
// authentication, where building @peculiar/x509's extension objects and
// verifying through WebCrypto cost a millisecond or more per certificate.
import { X509Certificate as NativeCertificate, type KeyObject } from 'node:crypto';
import { x509, nameAttribute, normalSerial } from './x509.ts';

/** ISE's failure reasons for a client certificate chain (radius-policy.md §13). */
export const CHAIN_FAILURES = {
  unknownCa: { code: 12514, text: 'EAP-TLS failed SSL/TLS handshake because of an unknown CA in the client certificates chain' },
  expired: { code: 12516, text: 'EAP-TLS failed SSL/TLS handshake because of an expired certificate in the client certificates chain' },
  revoked: { code: 12517, text: 'EAP-TLS failed SSL/TLS handshake because of a revoked certificate in the client certificate chain' },
  bad: { code: 12518, text: 'EAP-TLS failed SSL/TLS handshake because of a bad certificate in the client certificates chain' },
  unsupported: { code: 12519, text: 'EAP-TLS failed SSL/TLS handshake because of an unsupported certificate in the client certificates chain' },
  notYetValid: { code: 12530, text: 'EAP-TLS failed SSL/TLS handshake because of a not yet valid certificate in the client certificates chain' },
} as const;
export type ChainFailure = keyof typeof CHAIN_FAILURES;

/** What authorization conditions see of a client certificate (CERTIFICATE:…). */
export interface CertificateFields {
  subject: string;
  subjectCn: string;
  issuer: string;
  issuerCn: string;
  /** Subject Alternative Name values in certificate order (DNS names, e-mail, URIs, IPs, UPNs). */
  san: string[];
  /** Lower-case hex. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

export interface TrustStore {
  /** CAs trusted for client authentication: the internal CA certificates and imported ones. */
  anchors: readonly x509.X509Certificate[];
  /** Revocation known without a CRL (the internal CA's own records); `issuer` as x509.X509Certificate#issuer formats it. */
  isRevoked?: (cert: Pick<x509.X509Certificate, 'issuer' | 'serialNumber'>) => boolean;
  /** CRLs of trusted CAs; used when signed by the certificate's issuer. */
  crls?: readonly x509.X509Crl[];
}

export type ChainResult =
  | { ok: true; path: x509.X509Certificate[]; fields: CertificateFields }
  | { ok: false; failure: ChainFailure; code: number; reason: string; subject: string };

const MAX_DEPTH = 8;

const der = (b: ArrayBuffer): Buffer => Buffer.from(b);
/** The DER of a name, encoded once per name object (the trusted CAs' names are compared on every authentication). */
const nameDers = new WeakMap<x509.Name, Buffer>();
function nameDer(n: x509.Name): Buffer {
  let d = nameDers.get(n);
  if (!d) nameDers.set(n, (d = der(n.toArrayBuffer())));
  return d;
}
const sameName = (a: x509.Name, b: x509.Name): boolean => nameDer(a).equals(nameDer(b));
const sameCert = (a: x509.X509Certificate, b: x509.X509Certificate): boolean => der(a.rawData).equals(der(b.rawData));

/** OpenSSL's parse of a certificate, made once per parsed certificate object. */
const natives = new WeakMap<x509.X509Certificate, NativeCertificate>();
function nativeOf(cert: x509.X509Certificate): NativeCertificate {
  let n = natives.get(cert);
  if (!n) natives.set(cert, (n = new NativeCertificate(Buffer.from(cert.rawData))));
  return n;
}
const publicKeys = new WeakMap<x509.X509Certificate, KeyObject>();
function publicKeyOf(cert: x509.X509Certificate): KeyObject {
  let k = publicKeys.get(cert);
  if (!k) publicKeys.set(cert, (k = nativeOf(cert).publicKey));
  return k;
}

/** Node's subjectAltName ("DNS:a, email:b"), as @peculiar/x509 gives the values; undefined when any entry is of another kind or quoted. */
const PLAIN_SAN = /^(?:DNS|email|URI):[^",\\]*$/;
function plainSan(cert: x509.X509Certificate): string[] | undefined {
  try {
    return plainNames(nativeOf(cert));
  } catch {
    return undefined;
  }
}
function plainNames(cert: NativeCertificate): string[] | undefined {
  const text = cert.subjectAltName;
  if (text === undefined) return [];
  const entries = text.split(', ');
  if (!entries.every((e) => PLAIN_SAN.test(e))) return undefined;
  return entries.map((e) => e.slice(e.indexOf(':') + 1));
}

export function certificateFields(cert: x509.X509Certificate): CertificateFields {
  const plain = plainSan(cert);
  const san = plain ? undefined : cert.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    subject: cert.subject,
    subjectCn: nameAttribute(cert.subjectName, 'CN'),
    issuer: cert.issuer,
    issuerCn: nameAttribute(cert.issuerName, 'CN'),
    san: plain ?? (san ? san.names.items.map((n) => n.value) : []),
    serial: normalSerial(cert.serialNumber),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

function failed(failure: ChainFailure, cert: x509.X509Certificate): ChainResult {
  return { ok: false, failure, code: CHAIN_FAILURES[failure].code, reason: CHAIN_FAILURES[failure].text, subject: cert.subject };
}

/** The signature of `cert` verifies with the public key of `issuer` (nothing else is checked here). */
async function signedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return nativeOf(cert).verify(publicKeyOf(issuer));
  } catch {
    return false;
  }
}

const isCa = (cert: x509.X509Certificate): boolean => cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
/** The leaf as OpenSSL sees it: basicConstraints CA:TRUE (and keyCertSign, when keyUsage is present). */
const leafIsCa = (cert: x509.X509Certificate): boolean => nativeOf(cert).ca;
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_USAGE = '2.5.29.37.0';

/** RDNs @peculiar/x509 and OpenSSL print alike: common attributes, values without characters either would escape. */
const PLAIN_RDN = /^(?:CN|O|OU|C|L|ST)=(?:[A-Za-z0-9._@:/()'-]|[A-Za-z0-9._@:/()'-][A-Za-z0-9._@:/()' -]*[A-Za-z0-9._@:/()'-])$/;
/** Node's one-RDN-per-line name as x509.Name#toString writes it ("CN=a, O=b"), or undefined when it is not that plain. */
function plainName(text: string): string | undefined {
  const rdns = text.split('\n');
  return rdns.every((r) => PLAIN_RDN.test(r)) ? rdns.join(', ') : undefined;
}
const firstCn = (text: string): string => text.split('\n').find((r) => r.startsWith('CN='))?.slice(3) ?? '';

/**
 * The common EAP-TLS case without @peculiar/x509's parse of the leaf: one
 * DER certificate, signed directly by a trusted CA, plain names, no CRLs
 * to consult. Answers only success, with what the full path below would
 * answer; anything else (a failure included) is left to the full path.
 * The issuer is looked for among the trusted CAs by its name as OpenSSL
 * prints it rather than by the DER of the name; the signature decides.
 */
function validLeaf(presented: readonly unknown[], trust: TrustStore, now: Date): ChainResult | undefined {
  const der = presented.length === 1 && ArrayBuffer.isView(presented[0]) ? presented[0] : undefined;
  if (!der || (trust.crls?.length ?? 0) > 0) return undefined;
  let leaf: NativeCertificate;
  try {
    leaf = new NativeCertificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
  } catch {
    return undefined;
  }
  const subject = plainName(leaf.subject);
  const issuer = plainName(leaf.issuer);
  const san = subject !== undefined && issuer !== undefined ? plainNames(leaf) : undefined;
  if (san === undefined || leaf.ca || now < leaf.validFromDate || now > leaf.validToDate) return undefined;
  const eku = leaf.keyUsage;
  if (eku && !eku.includes(CLIENT_AUTH) && !eku.includes(ANY_USAGE)) return undefined;
  const raw = leaf.raw;
  const ca = trust.anchors.find((a) => {
    const n = nativeOf(a);
    return n.subject === leaf.issuer && !raw.equals(n.raw) && leaf.verify(publicKeyOf(a));
  });
  if (!ca || !isCa(ca) || now > ca.notAfter || now < ca.notBefore) return undefined;
  if (trust.isRevoked?.({ issuer: issuer!, serialNumber: leaf.serialNumber })) return undefined;
  let parsed: x509.X509Certificate | undefined;
  return {
    ok: true,
    get path() {
      parsed ??= new x509.X509Certificate(raw);
      return [parsed, ca];
    },
    fields: {
      subject: subject!, subjectCn: firstCn(leaf.subject), issuer: issuer!, issuerCn: firstCn(leaf.issuer), san,
      serial: normalSerial(leaf.serialNumber), notBefore: leaf.validFromDate, notAfter: leaf.validToDate,
    },
  };
}

/**
 * Validates `presented` (leaf first, then any intermediates the client sent,
 * DER/PEM or parsed) against `trust` at `now`.
 */
export async function validateClientChain(
  presented: readonly (x509.X509Certificate | ArrayBuffer | ArrayBufferView | string)[],
  trust: TrustStore,
  now: Date,
): Promise<ChainResult> {
  const valid = validLeaf(presented, trust, now);
  if (valid) return valid;
  let certs: x509.X509Certificate[];
  try {
    certs = presented.map((c) => (c instanceof x509.X509Certificate ? c : new x509.X509Certificate(c)));
    for (const c of certs) nativeOf(c);
  } catch {
    return { ok: false, failure: 'bad', code: CHAIN_FAILURES.bad.code, reason: CHAIN_FAILURES.bad.text, subject: '' };
  }
  if (certs.length === 0) return { ok: false, failure: 'bad', code: CHAIN_FAILURES.bad.code, reason: CHAIN_FAILURES.bad.text, subject: '' };
  const leaf = certs[0];
  const isAnchor = (c: x509.X509Certificate) => trust.anchors.some((a) => sameCert(a, c));

  // Path: leaf → … → a trusted CA, each link a verified signature.
  const path = [leaf];
  let current = leaf;
  while (!isAnchor(current)) {
    if (path.length > MAX_DEPTH) return failed('unknownCa', leaf);
    const candidates = [...trust.anchors, ...certs.slice(1)].filter((c) => sameName(c.subjectName, current.issuerName) && !path.includes(c));
    let issuer: x509.X509Certificate | undefined;
    for (const c of candidates) {
      if (await signedBy(current, c)) { issuer = c; break; }
    }
    if (!issuer) return failed('unknownCa', current);
    path.push(issuer);
    current = issuer;
  }

  if (leafIsCa(leaf)) return failed('bad', leaf);
  for (const c of path.slice(1)) if (!isCa(c)) return failed('bad', c);
  for (const c of path) {
    if (now > c.notAfter) return failed('expired', c);
    if (now < c.notBefore) return failed('notYetValid', c);
  }
  const verifiedCrls = new Map<x509.X509Crl, boolean>();
  const crlSays = async (cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> => {
    for (const crl of trust.crls ?? []) {
      if (!sameName(crl.issuerName, cert.issuerName)) continue;
      if (!verifiedCrls.has(crl)) verifiedCrls.set(crl, await crl.verify({ publicKey: issuer.publicKey }).catch(() => false));
      if (verifiedCrls.get(crl) && crl.findRevoked(cert)) return true;
    }
    return false;
  };
  for (let i = 0; i < path.length - 1; i++) {
    const c = path[i];
    if (trust.isRevoked?.(c) || (await crlSays(c, path[i + 1]))) return failed('revoked', c);
  }
  const eku = nativeOf(leaf).keyUsage; // the extended key usages (undefined without the extension)
  if (eku && !eku.includes(CLIENT_AUTH) && !eku.includes(ANY_USAGE)) return failed('unsupported', leaf);
  return { ok: true, path, fields: certificateFields(leaf) };
}
