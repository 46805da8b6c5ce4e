import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { openssl, scratch } from '../../test/helpers/openssl.ts';
import { createHierarchy, type CaHierarchy } from './hierarchy.ts';
import { issueCertificate, type IssuedPair } from './issue.ts';
import { buildCrl } from './crl.ts';
import { x509, pem } from './x509.ts';

const tmp = scratch();
const now = new Date('2026-03-01T12:00:00.750Z');
let h: CaHierarchy;
let good: IssuedPair;
let bad: IssuedPair;
let superseded: IssuedPair;

before(async () => {
  h = (await createHierarchy('gh1', now, 2048)).hierarchy;
  const issue = (cn: string) => issueCertificate(h.issuing, {
    cn, dnsNames: [], key: { type: 'ECDSA', size: 256 }, validityDays: 30, extendedKeyUsages: ['clientAuth'], urls: {}, now,
  });
  [good, bad, superseded] = await Promise.all([issue('good'), issue('bad'), issue('superseded')]);
});
after(() => tmp.remove());

test('the CRL lists revoked serials with dates and reasons, is signed by the issuing CA and numbered', async () => {
  const crl = await buildCrl(h.issuing, {
    revoked: [
      { serial: bad.serial, revokedAt: '2026-03-01T12:30:00.000Z', reason: 'keyCompromise' },
      { serial: superseded.serial, revokedAt: '2026-03-01T12:31:00.000Z', reason: 'unspecified' },
    ],
    number: 7,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 7 * 86400_000),
  });
  assert.equal(crl.issuer, h.issuing.cert.subject);
  assert.equal(crl.thisUpdate.toISOString(), '2026-03-01T12:00:00.000Z', 'whole seconds');
  assert.equal(crl.nextUpdate?.toISOString(), '2026-03-08T12:00:00.000Z');
  assert.ok(await crl.verify({ publicKey: h.issuing.cert.publicKey }));
  assert.ok(!(await crl.verify({ publicKey: h.node.cert.publicKey })));
  assert.equal(AsnConvert.parse(crl.getExtension(id_ce_cRLNumber)!.value, CRLNumber).value, 7);
  assert.equal(crl.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, h.issuing.cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
  assert.equal(crl.entries.length, 2);
  assert.equal(crl.findRevoked(bad.certificate)?.reason, x509.X509CrlReason.keyCompromise);
  assert.equal(crl.findRevoked(bad.certificate)?.revocationDate.toISOString(), '2026-03-01T12:30:00.000Z');
  assert.equal(crl.findRevoked(superseded.certificate)?.reason, undefined, 'unspecified is left out (RFC 5280 5.3.1)');
  assert.equal(crl.findRevoked(good.certificate), null);

  // openssl reads it, checks its signature, and rejects the revoked leaf with it.
  const crlPem = tmp.file('crl.pem', pem('X509 CRL', crl.rawData));
  const cas = tmp.file('cas.pem', [h.issuing, h.node, h.root].map((c) => pem('CERTIFICATE', c.cert.rawData)).join(''));
  const text = openssl(['crl', '-in', crlPem, '-noout', '-text', '-CAfile', cas]);
  assert.equal(text.status, 0, text.all);
  assert.match(text.all, /verify OK/);
  assert.match(text.all, /X509v3 CRL Number: \n\s+7/);
  assert.match(text.all, new RegExp(`Serial Number: ${bad.serial.toUpperCase()}[\\s\\S]+?Key Compromise`));
  const at = String(Math.floor(now.getTime() / 1000) + 3600);
  const check = (leaf: IssuedPair) => openssl(['verify', '-attime', at, '-crl_check', '-CRLfile', crlPem, '-CAfile', cas, tmp.file(`${leaf.serial}.pem`, pem('CERTIFICATE', leaf.certificate.rawData))]);
  const revoked = check(bad);
  assert.notEqual(revoked.status, 0);
  assert.match(revoked.all, /certificate revoked/);
  assert.equal(check(good).status, 0, check(good).all);
});

test('an empty CRL is valid and lists nothing', async () => {
  const crl = await buildCrl(h.issuing, { revoked: [], number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86400_000) });
  assert.equal(crl.entries.length, 0);
  assert.ok(await crl.verify({ publicKey: h.issuing.cert.publicKey }));
  assert.match(openssl(['crl', '-inform', 'DER', '-noout', '-text'], new Uint8Array(crl.rawData)).stdout, /No Revoked Certificates/);
});
