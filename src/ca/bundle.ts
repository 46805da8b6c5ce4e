// The ZIP that certRequest answers with, per requested format:
//   PKCS12        <CN>_<SAN>.p12: key + certificate
//   PKCS12_CHAIN  <CN>_<SAN>.p12: key + certificate + Endpoint Sub CA, Node CA, Root CA
//   PKCS8         <CN>_<SAN>.pem (certificate) + <CN>_<SAN>.pkcs8 (encrypted key)
//   PKCS8_CHAIN   as PKCS8 + one PEM per CA certificate, named after its subject
// and the download name ISE uses for generated certificates, <epoch-ms>_cert.zip.
import type { KeyObject } from 'node:crypto';
import { zipSync } from 'fflate';
import type { CertFormat } from '../domain/certificate.ts';
import { buildPkcs12, encryptedPkcs8Pem } from './pkcs12.ts';
import { x509, nameAttribute, pem } from './x509.ts';

export interface BundleParams {
  format: CertFormat;
  cn: string;
  san: string;
  certificate: x509.X509Certificate;
  key: KeyObject;
  /** CA certificates above the issued one, nearest first. */
  chain: readonly x509.X509Certificate[];
  password: string;
  now: Date;
}

export interface Bundle {
  fileName: string;
  zip: Uint8Array;
  /** Names of the ZIP entries, in order. */
  entries: string[];
}

/** A file-name-safe form of a CN, SAN or CA subject: spaces and other specials become '_'. */
export const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9._#@-]/g, '_');

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function bundleName(now: Date): string {
  return `${now.getTime()}_cert.zip`;
}

export function buildBundle(p: BundleParams): Bundle {
  const base = `${fileSafe(p.cn)}_${fileSafe(p.san)}`;
  const files: Record<string, Uint8Array> = {};
  if (p.format === 'PKCS12' || p.format === 'PKCS12_CHAIN') {
    const certs = p.format === 'PKCS12_CHAIN' ? [p.certificate, ...p.chain] : [p.certificate];
    files[`${base}.p12`] = buildPkcs12({
      key: p.key, certificates: certs.map((c) => new Uint8Array(c.rawData)), password: p.password, friendlyName: p.cn,
    });
  } else {
    files[`${base}.pem`] = text(pem('CERTIFICATE', p.certificate.rawData));
    files[`${base}.pkcs8`] = text(encryptedPkcs8Pem(p.key, p.password));
    if (p.format === 'PKCS8_CHAIN') {
      for (const ca of p.chain) files[`${fileSafe(nameAttribute(ca.subjectName, 'CN'))}.pem`] = text(pem('CERTIFICATE', ca.rawData));
    }
  }
  const mtime = p.now;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime }]])));
  return { fileName: bundleName(p.now), zip, entries: Object.keys(files) };
}
