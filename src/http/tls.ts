// The node's TLS identity: the configured certificate, or a self-signed one
// generated on first start and kept in the data directory.
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata'; // required by @peculiar/x509's dependency injection
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface TlsFiles {
  cert: string;
  key: string;
}

const pem = (label: string, der: ArrayBuffer): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

export async function generateSelfSigned(names: string[]): Promise<TlsFiles> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${names[0]}, O=Gatehouse`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 2 * 365 * 24 * 3600 * 1000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => (/^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** Reads the configured pair, or the data directory's self-signed pair (created when missing). */
export async function loadTls(dataDir: string, certPath?: string, keyPath?: string): Promise<TlsFiles & { generated: boolean }> {
  if (certPath || keyPath) {
    if (!certPath || !keyPath) throw new Error('--tls-cert and --tls-key go together');
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), generated: false };
  }
  const cert = join(dataDir, 'server.crt');
  const key = join(dataDir, 'server.key');
  if (existsSync(cert) && existsSync(key)) return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8'), generated: false };
  const made = await generateSelfSigned([hostname(), 'localhost', '127.0.0.1', '::1']);
  writeFileSync(key, made.key, { mode: 0o600 });
  writeFileSync(cert, made.cert, { mode: 0o644 });
  return { ...made, generated: true };
}
