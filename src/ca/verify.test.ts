import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHierarchy, chainOf, type CaHierarchy } from './hierarchy.ts';
import { issueCertificate, type IssueParams } from './issue.ts';
import { buildCrl } from './crl.ts';
import { certificateFields, validateClientChain, type TrustStore } from './verify.ts';
import { x509, normalSerial, signingAlgorithm } from './x509.ts';

const now = new Date('2026-03-01T12:00:00Z');
let h: CaHierarchy;
let foreign: CaHierarchy;
let trust: TrustStore;

const base = (over: Partial<IssueParams> = {}): IssueParams => ({
  cn: 'printer-floor3', dnsNames: ['11-22-33-44-55-66'], key: { type: 'ECDSA', size: 256 }, validityDays: 30,
  extendedKeyUsages: ['clientAuth'], urls: {}, now, ...over,
});

before(async () => {
  [h, foreign] = (await Promise.all([createHierarchy('gh1', now, 2048), createHierarchy('elsewhere', now, 2048)])).map((r) => r.hierarchy);
  trust = { anchors: chainOf(h) };
});

test('a certificate of the internal CA is accepted, with the fields authorization conditions use', async () => {
  const { certificate } = await issueCertificate(h.issuing, base());
  for (const presented of [[certificate], [certificate, h.issuing.cert, h.node.cert], [new Uint8Array(certificate.rawData)], [certificate.toString('pem')]]) {
    const r = await validateClientChain(presented, trust, now);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.path.map((c) => c.subject), ['CN=printer-floor3', h.issuing.cert.subject]);
    assert.equal(r.fields.subjectCn, 'printer-floor3');
    assert.equal(r.fields.issuerCn, 'Certificate Services Endpoint Sub CA - gh1');
    assert.deepEqual(r.fields.san, ['11-22-33-44-55-66']);
    assert.equal(r.fields.serial, normalSerial(certificate.serialNumber));
  }
  // Trusting only the root: the path runs through the presented intermediates.
  const rootOnly = await validateClientChain([certificate, h.issuing.cert, h.node.cert], { anchors: [h.root.cert] }, now);
  assert.ok(rootOnly.ok);
  assert.equal(rootOnly.path.length, 4);
  const missing = await validateClientChain([certificate, h.issuing.cert], { anchors: [h.root.cert] }, now);
  assert.deepEqual(missing.ok ? null : [missing.code, missing.failure], [12514, 'unknownCa']);
});

test('12514: a certificate from an unknown CA, or one whose signature does not match', async () => {
  const { certificate } = await issueCertificate(foreign.issuing, base());
  const r = await validateClientChain([certificate, foreign.issuing.cert, foreign.node.cert, foreign.root.cert], trust, now);
  assert.ok(!r.ok);
  assert.equal(r.code, 12514);
  assert.match(r.reason, /unknown CA/);
  // Same issuer name as the internal CA, different key: the signature does not verify.
  const impostor = await x509.X509CertificateGenerator.create({
    serialNumber: '01', subject: 'CN=impostor', issuer: h.issuing.cert.subject, notBefore: now, notAfter: new Date(now.getTime() + 86400_000),
    publicKey: foreign.issuing.cert.publicKey, signingKey: foreign.issuing.key, signingAlgorithm: signingAlgorithm(foreign.issuing.key),
  });
  const i = await validateClientChain([impostor], trust, now);
  assert.equal(i.ok ? 0 : i.code, 12514);
  // Trusting the other CA as an extra anchor accepts its certificates.
  assert.ok((await validateClientChain([certificate], { anchors: [...chainOf(h), foreign.issuing.cert] }, now)).ok);
});

test('12516 expired and 12530 not yet valid, for the leaf and for a CA in the path', async () => {
  const { certificate } = await issueCertificate(h.issuing, base({ validityDays: 30 }));
  const later = await validateClientChain([certificate], trust, new Date(now.getTime() + 31 * 86400_000));
  assert.deepEqual(later.ok ? null : [later.code, later.failure, later.subject], [12516, 'expired', 'CN=printer-floor3']);
  const earlier = await validateClientChain([certificate], trust, new Date(now.getTime() - 3600_000));
  assert.deepEqual(earlier.ok ? null : [earlier.code, earlier.failure], [12530, 'notYetValid']);
  const afterCa = await validateClientChain([certificate], trust, new Date(h.issuing.cert.notAfter.getTime() + 1000));
  assert.equal(afterCa.ok ? 0 : afterCa.code, 12516);
});

test('12517 revoked: by the internal CA records and by a trusted CA CRL', async () => {
  const a = await issueCertificate(h.issuing, base());
  const b = await issueCertificate(h.issuing, base());
  const revokedSerials = new Set([a.serial]);
  const withRecords: TrustStore = { ...trust, isRevoked: (c) => c.issuer === h.issuing.cert.subject && revokedSerials.has(normalSerial(c.serialNumber)) };
  const r = await validateClientChain([a.certificate], withRecords, now);
  assert.deepEqual(r.ok ? null : [r.code, r.failure], [12517, 'revoked']);
  assert.ok((await validateClientChain([b.certificate], withRecords, now)).ok);

  const crl = await buildCrl(h.issuing, { revoked: [{ serial: b.serial, revokedAt: now.toISOString(), reason: 'keyCompromise' }], number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86400_000) });
  const withCrl = await validateClientChain([b.certificate], { ...trust, crls: [crl] }, now);
  assert.equal(withCrl.ok ? 0 : withCrl.code, 12517);
  // A CRL not signed by the issuer is ignored.
  const forged = await buildCrl({ cert: h.issuing.cert, key: foreign.issuing.key }, { revoked: [{ serial: a.serial, revokedAt: now.toISOString(), reason: 'keyCompromise' }], number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86400_000) });
  assert.ok((await validateClientChain([a.certificate], { ...trust, crls: [forged] }, now)).ok);
});

test('12518 a CA certificate as the client certificate; 12519 no client authentication usage', async () => {
  const ca = await validateClientChain([h.issuing.cert], trust, now);
  assert.deepEqual(ca.ok ? null : [ca.code, ca.failure], [12518, 'bad']);
  const server = await issueCertificate(h.issuing, base({ extendedKeyUsages: ['serverAuth'] }));
  const r = await validateClientChain([server.certificate], trust, now);
  assert.deepEqual(r.ok ? null : [r.code, r.failure], [12519, 'unsupported']);
  const garbage = await validateClientChain([new Uint8Array([1, 2, 3])], trust, now);
  assert.equal(garbage.ok ? 0 : garbage.code, 12518);
  const none = await validateClientChain([], trust, now);
  assert.equal(none.ok ? 0 : none.code, 12518);
});

test('subject alternative names read the same whether OpenSSL or @peculiar/x509 parses them', async () => {
  const san = (c: x509.X509Certificate) => c.getExtension(x509.SubjectAlternativeNameExtension)!.names.items.map((n) => n.value);
  const plain = (await issueCertificate(h.issuing, base({ dnsNames: ['11-22-33-44-55-66', 'printer.example.com'] }))).certificate;
  assert.deepEqual(certificateFields(plain).san, ['11-22-33-44-55-66', 'printer.example.com']);
  // Kinds OpenSSL prints differently (IP addresses) or quotes (a comma in a name) are read by @peculiar/x509.
  const names = [
    { type: 'dns' as const, value: 'a,b.example.com' }, { type: 'ip' as const, value: '10.0.0.1' }, { type: 'ip' as const, value: '2001:db8::1' },
    { type: 'email' as const, value: 'printer@example.com' }, { type: 'url' as const, value: 'https://example.com/p' },
  ];
  for (const items of [names, names.slice(3)]) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: '02', subject: 'CN=san-kinds', issuer: h.issuing.cert.subject, notBefore: now, notAfter: new Date(now.getTime() + 86400_000),
      publicKey: h.issuing.cert.publicKey, signingKey: h.issuing.key, signingAlgorithm: signingAlgorithm(h.issuing.key),
      extensions: [new x509.SubjectAlternativeNameExtension(items)],
    });
    assert.deepEqual(certificateFields(cert).san, san(cert));
  }
});

test('a DER leaf signed by a trusted CA is answered without @peculiar/x509, exactly as the full path answers it', async () => {
  const der = (c: x509.X509Certificate) => new Uint8Array(c.rawData);
  const summary = (r: Awaited<ReturnType<typeof validateClientChain>>) =>
    r.ok ? { ok: true, fields: r.fields, path: r.path.map((c) => c.subject), serials: r.path.map((c) => c.serialNumber) } : { ok: false, code: r.code, failure: r.failure, subject: r.subject };
  const issued = async (over: Partial<IssueParams>) => (await issueCertificate(h.issuing, base(over))).certificate;
  const plain = await issued({});
  const revokedOne = await issued({});
  const withRecords: TrustStore = { ...trust, isRevoked: (c) => c.issuer === h.issuing.cert.subject && normalSerial(c.serialNumber) === normalSerial(revokedOne.serialNumber) };
  const crl = await buildCrl(h.issuing, { revoked: [], number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86400_000) });
  const cases: [string, x509.X509Certificate, TrustStore, Date][] = [
    ['plain', plain, trust, now],
    ['subject with C, ST, L, O, OU', await issued({ subject: { c: 'DE', st: 'Berlin', l: 'Berlin', o: 'Example Corp', ou: 'Printers' } }), trust, now],
    ['RSA key, two DNS names', await issued({ key: { type: 'RSA', size: 2048 }, dnsNames: ['11-22-33-44-55-66', 'printer.example.com'] }), trust, now],
    ['a CN with a comma', await issued({ cn: 'printer, floor 3' }), trust, now],
    ['expired', plain, trust, new Date(now.getTime() + 31 * 86400_000)],
    ['not yet valid', plain, trust, new Date(now.getTime() - 3600_000)],
    ['revoked by the records', revokedOne, withRecords, now],
    ['not revoked by the records', plain, withRecords, now],
    ['with a CRL to consult', plain, { ...trust, crls: [crl] }, now],
    ['serverAuth only', await issued({ extendedKeyUsages: ['serverAuth'] }), trust, now],
    ['unknown CA', (await issueCertificate(foreign.issuing, base())).certificate, trust, now],
    ['a trusted CA itself', h.issuing.cert, trust, now],
  ];
  // The cases the short path takes (its path is parsed only when read).
  const short = new Set(['plain', 'subject with C, ST, L, O, OU', 'RSA key, two DNS names', 'not revoked by the records']);
  for (const [what, cert, store, at] of cases) {
    const full = await validateClientChain([cert], store, at);
    const fast = await validateClientChain([der(cert)], store, at);
    assert.equal(Object.getOwnPropertyDescriptor(fast, 'path')?.get !== undefined, short.has(what), what);
    assert.deepEqual(summary(fast), summary(full), what);
  }
});
