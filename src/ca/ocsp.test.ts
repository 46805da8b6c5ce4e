import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, scratch } from '../../test/helpers/openssl.ts';
import { createHierarchy, type CaHierarchy } from './hierarchy.ts';
import { issueCertificate, type IssuedPair } from './issue.ts';
import { ocspResponder, type OcspResponder, type OcspStatus } from './ocsp.ts';
import { pem } from './x509.ts';

const tmp = scratch();
const now = new Date('2026-03-01T12:00:00Z');
let h: CaHierarchy;
let responder: OcspResponder;
let good: IssuedPair;
let revoked: IssuedPair;
let files: { issuing: string; node: string; cas: string };
const statuses = new Map<string, OcspStatus>();

before(async () => {
  h = (await createHierarchy('gh1', now, 2048)).hierarchy;
  const issue = (cn: string) => issueCertificate(h.issuing, {
    cn, dnsNames: [], key: { type: 'RSA', size: 2048 }, validityDays: 30, extendedKeyUsages: ['clientAuth'], urls: {}, now,
  });
  [good, revoked] = await Promise.all([issue('good'), issue('revoked')]);
  statuses.set(good.serial, { status: 'good' });
  statuses.set(revoked.serial, { status: 'revoked', revokedAt: new Date('2026-03-01T12:10:00Z'), reason: 'keyCompromise' });
  responder = ocspResponder(h.issuing, (serial) => statuses.get(serial) ?? { status: 'unknown' });
  files = {
    issuing: tmp.file('issuing.pem', pem('CERTIFICATE', h.issuing.cert.rawData)),
    node: tmp.file('node.pem', pem('CERTIFICATE', h.node.cert.rawData)),
    cas: tmp.file('cas.pem', pem('CERTIFICATE', h.node.cert.rawData) + pem('CERTIFICATE', h.root.cert.rawData)),
  };
});
after(() => tmp.remove());

/** Builds a request with openssl (`target`: -cert file or -serial), answers it, and lets openssl check the response. */
async function ask(name: string, target: string[], issuer = files.issuing) {
  const req = join(tmp.dir, `${name}.req`);
  const made = openssl(['ocsp', '-issuer', issuer, ...target, '-reqout', req]);
  assert.equal(made.status, 0, made.all);
  const resp = await responder.answer(new Uint8Array(readFileSync(req)), new Date(now.getTime() + 3600_000));
  const respFile = tmp.file(`${name}.resp`, resp);
  return openssl(['ocsp', '-reqin', req, '-respin', respFile, '-verify_other', issuer, '-CAfile', files.cas, '-resp_text']);
}

const certFile = (p: IssuedPair) => tmp.file(`${p.serial}.pem`, pem('CERTIFICATE', p.certificate.rawData));

test('good: signed by the issuing CA, nonce echoed, responder id by key', async () => {
  const r = await ask('good', ['-cert', certFile(good)]);
  assert.equal(r.status, 0, r.all);
  assert.match(r.all, /Response verify OK/);
  assert.match(r.all, /OCSP Response Status: successful/);
  assert.match(r.all, /Cert Status: good/);
  assert.match(r.all, /OCSP Nonce/);
  assert.doesNotMatch(r.all, /WARNING: no nonce/);
  assert.match(r.all, /Responder Id: [0-9A-F]{40}/);
  assert.match(r.all, /Next Update: Mar  1 14:00:00 2026 GMT/);
});

test('revoked: time and reason', async () => {
  const r = await ask('revoked', ['-cert', certFile(revoked)]);
  assert.match(r.all, /Response verify OK/);
  assert.match(r.all, /Cert Status: revoked/);
  assert.match(r.all, /Revocation Time: Mar  1 12:10:00 2026 GMT/);
  assert.match(r.all, /Revocation Reason: keyCompromise/);
});

test('unknown: a serial the CA never issued', async () => {
  const r = await ask('unknown', ['-serial', '0x4242424242']);
  assert.match(r.all, /Response verify OK/);
  assert.match(r.all, /Cert Status: unknown/);
});

test('several certificates in one request, SHA-256 CertIDs', async () => {
  const r = await ask('multi', ['-sha256', '-cert', certFile(good), '-cert', certFile(revoked), '-serial', '0x77']);
  assert.match(r.all, /Response verify OK/);
  assert.match(r.all, /Hash Algorithm: sha256/);
  assert.deepEqual([...r.all.matchAll(/Cert Status: (\w+)/g)].map((m) => m[1]), ['good', 'revoked', 'unknown']);
});

test('another issuer is unauthorized; garbage is a malformed request', async () => {
  const r = await ask('other', ['-serial', '0x01'], files.node);
  assert.match(r.all, /Responder Error: unauthorized \(6\)/);
  const malformed = await responder.answer(new Uint8Array([0x30, 0x03, 0x02, 0x01]), now);
  assert.match(openssl(['ocsp', '-respin', tmp.file('bad.resp', malformed), '-resp_text', '-noverify']).all, /malformedrequest \(1\)/i);
});
