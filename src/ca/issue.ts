// Issues an end-entity certificate with a key pair generated here (no CSR):
// X.509 v3, random positive 128-bit serial, CA:FALSE, key usage per key type,
// the template's extended key usages, SKI/AKI, SAN, and the OCSP (AIA) and
// CRL (CDP) locations of the issuing CA.
import type { KeyObject } from 'node:crypto';
import type { ExtendedKeyUsageName, TemplateSubject } from '../domain/certificate.ts';
import type { CaCert } from './hierarchy.ts';
import { x509, generateKeys, randomSerial, signingAlgorithm, toKeyObject, type KeySpec } from './x509.ts';

export interface RevocationUrls {
  ocsp?: string;
  crl?: string;
}

export interface IssueParams {
  cn: string;
  subject?: TemplateSubject;
  /** dNSName entries of the SAN (the MAC in dash form, host names). */
  dnsNames: string[];
  key: KeySpec;
  validityDays: number;
  extendedKeyUsages: ExtendedKeyUsageName[];
  urls: RevocationUrls;
  now: Date;
}

export interface IssuedPair {
  certificate: x509.X509Certificate;
  privateKey: KeyObject;
  /** Lower-case hex. */
  serial: string;
}

/** Issued certificates start a few minutes in the past to absorb clock skew. */
export const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 24 * 3600_000;

const EKU_OIDS: Record<ExtendedKeyUsageName, string> = {
  clientAuth: x509.ExtendedKeyUsage.clientAuth,
  serverAuth: x509.ExtendedKeyUsage.serverAuth,
};

/** The subject in ASN.1 order: C, ST, L, O, OU, then CN. */
export function subjectName(cn: string, s: TemplateSubject = {}): x509.JsonName {
  const rdns: x509.JsonName = [];
  const add = (type: string, v: string | undefined) => { if (v) rdns.push({ [type]: [v] }); };
  add('C', s.c);
  add('ST', s.st);
  add('L', s.l);
  add('O', s.o);
  add('OU', s.ou);
  add('CN', cn);
  return rdns;
}

export async function issueCertificate(ca: CaCert, p: IssueParams): Promise<IssuedPair> {
  const keys = await generateKeys(p.key);
  const serial = randomSerial();
  const notBefore = new Date(p.now.getTime() - BACKDATE_MS);
  const wanted = new Date(p.now.getTime() + p.validityDays * DAY_MS);
  const notAfter = wanted > ca.cert.notAfter ? ca.cert.notAfter : wanted;
  const usage = p.key.type === 'RSA'
    ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
    : x509.KeyUsageFlags.digitalSignature;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    new x509.ExtendedKeyUsageExtension(p.extendedKeyUsages.map((u) => EKU_OIDS[u])),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
  ];
  if (p.dnsNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(p.dnsNames.map((value) => ({ type: 'dns' as const, value }))));
  }
  if (p.urls.ocsp) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: p.urls.ocsp }));
  if (p.urls.crl) extensions.push(new x509.CRLDistributionPointsExtension([p.urls.crl]));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: subjectName(p.cn, p.subject),
    issuer: ca.cert.subjectName.toJSON(),
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: signingAlgorithm(ca.key),
    extensions,
  });
  return { certificate, privateKey: await toKeyObject(keys.privateKey), serial };
}
