import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, scratch } from '../../test/helpers/openssl.ts';
import { caSubjects, chainOf, loadOrCreateHierarchy } from './hierarchy.ts';
import { issueCertificate } from './issue.ts';
import { x509, pem } from './x509.ts';

const tmp = scratch();
after(() => tmp.remove());
const now = new Date('2026-03-01T12:00:00Z');
const dir = join(tmp.dir, 'ca');
const first = loadOrCreateHierarchy(dir, 'gh-node1', now);

test('the chain is Root CA → Node CA → Endpoint Sub CA with ISE subject names and CA extensions', async () => {
  const { hierarchy: h, created } = await first;
  assert.equal(created, true);
  const names = caSubjects('gh-node1');
  assert.equal(h.root.cert.subject, `CN=${names.root}`);
  assert.equal(h.root.cert.subject, 'CN=Certificate Services Root CA - gh-node1');
  assert.equal(h.node.cert.subject, 'CN=Certificate Services Node CA - gh-node1');
  assert.equal(h.issuing.cert.subject, 'CN=Certificate Services Endpoint Sub CA - gh-node1');
  assert.equal(h.root.cert.issuer, h.root.cert.subject);
  assert.equal(h.node.cert.issuer, h.root.cert.subject);
  assert.equal(h.issuing.cert.issuer, h.node.cert.subject);
  assert.deepEqual(chainOf(h).map((c) => c.subject), [h.issuing.cert.subject, h.node.cert.subject, h.root.cert.subject]);

  const pathLengths = [undefined, 1, 0];
  for (const [i, ca] of [h.root, h.node, h.issuing].entries()) {
    const bc = ca.cert.getExtension(x509.BasicConstraintsExtension)!;
    assert.equal(bc.ca, true);
    assert.equal(bc.critical, true);
    assert.equal(bc.pathLength, pathLengths[i]);
    const ku = ca.cert.getExtension(x509.KeyUsagesExtension)!;
    assert.equal(ku.critical, true);
    assert.equal(ku.usages & (x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign), x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.equal((ca.cert.publicKey.algorithm as { modulusLength?: number }).modulusLength, 4096);
    assert.ok(ca.cert.notBefore <= now && ca.cert.notAfter.getUTCFullYear() === 2036, ca.cert.subject);
    assert.ok(ca.cert.getExtension(x509.SubjectKeyIdentifierExtension));
  }
  // Each AKI names the parent's SKI.
  const ski = (c: x509.X509Certificate) => c.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
  assert.equal(h.node.cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, ski(h.root.cert));
  assert.equal(h.issuing.cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, ski(h.node.cert));
  assert.ok(h.issuing.cert.notAfter <= h.node.cert.notAfter && h.node.cert.notAfter <= h.root.cert.notAfter);

  // openssl builds and accepts the same chain.
  const root = tmp.file('root.pem', pem('CERTIFICATE', h.root.cert.rawData));
  const node = tmp.file('node.pem', pem('CERTIFICATE', h.node.cert.rawData));
  const issuing = tmp.file('issuing.pem', pem('CERTIFICATE', h.issuing.cert.rawData));
  const r = openssl(['verify', '-attime', String(now.getTime() / 1000 + 60), '-CAfile', root, '-untrusted', node, issuing]);
  assert.equal(r.status, 0, r.all);
  assert.match(r.stdout, /OK/);
});

test('keys are stored mode 0600 in a 0700 directory and the same CA is loaded on the next start', async () => {
  const { hierarchy: h } = await first;
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  for (const f of ['root-ca.key', 'node-ca.key', 'endpoint-sub-ca.key']) {
    assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    assert.match(readFileSync(join(dir, f), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  }
  const again = await loadOrCreateHierarchy(dir, 'another-host', new Date(now.getTime() + 86400_000));
  assert.equal(again.created, false);
  for (const l of ['root', 'node', 'issuing'] as const) {
    assert.deepEqual(Buffer.from(again.hierarchy[l].cert.rawData), Buffer.from(h[l].cert.rawData), l);
  }
  // The loaded issuing key signs certificates that verify with the stored issuing certificate.
  const leaf = await issueCertificate(again.hierarchy.issuing, {
    cn: 'reload', dnsNames: [], key: { type: 'ECDSA', size: 256 }, validityDays: 30, extendedKeyUsages: ['clientAuth'], urls: {}, now,
  });
  assert.ok(await leaf.certificate.verify({ publicKey: h.issuing.cert.publicKey, signatureOnly: true }));
});

test('an incomplete CA directory is refused, never replaced', async () => {
  await first;
  const partial = join(tmp.dir, 'partial');
  const { hierarchy } = await loadOrCreateHierarchy(partial, 'p', now);
  rmSync(join(partial, 'node-ca.key'));
  await assert.rejects(loadOrCreateHierarchy(partial, 'p', now), /incomplete \(missing .*node-ca\.key\)/);
  assert.ok(!existsSync(join(partial, 'node-ca.key')));
  assert.deepEqual(Buffer.from(new x509.X509Certificate(readFileSync(join(partial, 'root-ca.crt'), 'utf8')).rawData), Buffer.from(hierarchy.root.cert.rawData));
});
