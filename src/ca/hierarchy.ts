// The internal CA hierarchy as ISE shows it: a self-signed
// "Certificate Services Root CA - <host>", beneath it
// "Certificate Services Node CA - <host>", and beneath that
// "Certificate Services Endpoint Sub CA - <host>", which issues endpoint,
// pxGrid and server certificates. Created on first start in a directory of
// the data directory (keys mode 0600) and loaded on later starts.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { x509, generateKeys, importSigningKey, pem, randomSerial, signingAlgorithm, toKeyObject, type WebKey, type WebKeyPair } from './x509.ts';

/** A CA certificate and the key that signs with it. */
export interface CaCert {
  cert: x509.X509Certificate;
  key: WebKey;
}

export interface CaHierarchy {
  root: CaCert;
  node: CaCert;
  /** The Endpoint Sub CA: signs issued certificates, the CRL and OCSP responses. */
  issuing: CaCert;
}

export const caSubjects = (host: string) => ({
  root: `Certificate Services Root CA - ${host}`,
  node: `Certificate Services Node CA - ${host}`,
  issuing: `Certificate Services Endpoint Sub CA - ${host}`,
});

/** CA keys: RSA (readable by every supplicant and TLS stack), 4096 bits unless asked otherwise. */
export const CA_KEY_BITS = 4096;
const CA_VALIDITY_YEARS = 10;
const BACKDATE_MS = 5 * 60_000;

const FILES = {
  root: { cert: 'root-ca.crt', key: 'root-ca.key' },
  node: { cert: 'node-ca.crt', key: 'node-ca.key' },
  issuing: { cert: 'endpoint-sub-ca.crt', key: 'endpoint-sub-ca.key' },
} as const;
type Level = keyof typeof FILES;
const LEVELS: Level[] = ['root', 'node', 'issuing'];

/** Path length below each level: the node CA may sign one more CA, the issuing CA none. */
const PATH_LENGTH: Record<Level, number | undefined> = { root: undefined, node: 1, issuing: 0 };

async function createCa(level: Level, subject: string, keys: WebKeyPair, parent: CaCert | undefined, now: Date): Promise<x509.X509Certificate> {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const years = new Date(now);
  years.setUTCFullYear(years.getUTCFullYear() + CA_VALIDITY_YEARS);
  const notAfter = parent && parent.cert.notAfter < years ? parent.cert.notAfter : years;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, PATH_LENGTH[level], true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (parent) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(parent.cert.publicKey));
  const name = [{ CN: [subject] }];
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: name,
    issuer: parent ? parent.cert.subjectName.toJSON() : name,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: parent ? parent.key : keys.privateKey,
    signingAlgorithm: signingAlgorithm(parent ? parent.key : keys.privateKey),
    extensions,
  });
}

/** Creates a new hierarchy in memory; the keys are generated in parallel. */
export async function createHierarchy(host: string, now: Date, keyBits = CA_KEY_BITS): Promise<{ hierarchy: CaHierarchy; keyPems: Record<Level, string> }> {
  const names = caSubjects(host);
  const pairs = await Promise.all(LEVELS.map(() => generateKeys({ type: 'RSA', size: keyBits })));
  const made: Partial<CaHierarchy> = {};
  const keyPems = {} as Record<Level, string>;
  let parent: CaCert | undefined;
  for (const [i, level] of LEVELS.entries()) {
    const cert = await createCa(level, names[level], pairs[i], parent, now);
    parent = made[level] = { cert, key: pairs[i].privateKey };
    keyPems[level] = (await toKeyObject(pairs[i].privateKey)).export({ type: 'pkcs8', format: 'pem' }) as string;
  }
  return { hierarchy: made as CaHierarchy, keyPems };
}

/** Checks that each certificate is signed by its parent's key. */
async function verifyLinks(h: CaHierarchy): Promise<void> {
  const links: [CaCert, CaCert][] = [[h.root, h.root], [h.node, h.root], [h.issuing, h.node]];
  for (const [child, parent] of links) {
    if (!(await child.cert.verify({ publicKey: parent.cert.publicKey, signatureOnly: true }))) {
      throw new Error(`internal CA: '${child.cert.subject}' is not signed by '${parent.cert.subject}'`);
    }
  }
}

/** Whether `dir` holds anything: a complete hierarchy then loads quickly, anything else is an error. */
export function hierarchyPresent(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * Loads the hierarchy from `dir`, or creates and stores it when the
 * directory holds none. A partial set of files is an error: a root CA is
 * never replaced silently.
 */
export async function loadOrCreateHierarchy(dir: string, host: string, now: Date): Promise<{ hierarchy: CaHierarchy; created: boolean }> {
  const paths = LEVELS.flatMap((l) => [join(dir, FILES[l].cert), join(dir, FILES[l].key)]);
  const present = paths.filter((p) => existsSync(p));
  if (present.length === paths.length) {
    const load = async (l: Level): Promise<CaCert> => ({
      cert: new x509.X509Certificate(readFileSync(join(dir, FILES[l].cert), 'utf8')),
      key: await importSigningKey(readFileSync(join(dir, FILES[l].key), 'utf8')),
    });
    const hierarchy = { root: await load('root'), node: await load('node'), issuing: await load('issuing') };
    await verifyLinks(hierarchy);
    return { hierarchy, created: false };
  }
  if (hierarchyPresent(dir)) {
    const missing = paths.filter((p) => !present.includes(p));
    throw new Error(`internal CA directory ${dir} is incomplete (missing ${missing.join(', ')}); restore the files or remove the directory to create a new CA`);
  }
  const { hierarchy, keyPems } = await createHierarchy(host, now);
  // All six files appear at once: they are written to a staging directory that then replaces `dir`.
  const staging = `${dir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const l of LEVELS) {
    writeFileSync(join(staging, FILES[l].key), keyPems[l], { mode: 0o600 });
    writeFileSync(join(staging, FILES[l].cert), pem('CERTIFICATE', hierarchy[l].cert.rawData), { mode: 0o644 });
  }
  if (existsSync(dir)) rmdirSync(dir); // empty, as checked above
  renameSync(staging, dir);
  return { hierarchy, created: true };
}

/** The chain above an issued certificate, nearest first: Endpoint Sub CA, Node CA, Root CA. */
export const chainOf = (h: CaHierarchy): x509.X509Certificate[] => [h.issuing.cert, h.node.cert, h.root.cert];
