import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { openssl, scratch } from '../../test/helpers/openssl.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import { GatehouseError } from '../errors.ts';
import { createServices, type Services } from './index.ts';
import { x509, pem } from '../ca/x509.ts';

const tmp = scratch('gatehouse-ca-service-');
const caDir = join(tmp.dir, 'ca');
let store: SqliteStore;
let services: Services;
const admin = { actor: { name: 'admin', source: '127.0.0.1' }, anyCn: true };
const request = (over: Record<string, unknown> = {}, cr: Record<string, string> = { cn: 'printer-floor3', san: '11-22-33-44-55-66' }) => ({
  certTemplateName: 'EAP_Authentication_Certificate_Template', format: 'PKCS12', password: 'Printer_42a', certificateRequest: cr, ...over,
});

before(async () => {
  store = SqliteStore.open(tmp.dir);
  services = await createServices(store, { ca: { dir: caDir, host: 'gh1' } });
  services.ca.setPublicUrl('https://gh1.example.com:8443');
});
after(async () => {
  await store.close();
  tmp.remove();
});

/** The certificate inside a PKCS12 bundle. */
function leafOf(zip: Uint8Array, password = 'Printer_42a'): x509.X509Certificate {
  const files = unzipSync(zip);
  const p12 = Object.entries(files).find(([n]) => n.endsWith('.p12'))![1];
  const out = openssl(['pkcs12', '-in', tmp.file('leaf.p12', p12), '-passin', `pass:${password}`, '-nokeys', '-clcerts']);
  assert.equal(out.status, 0, out.all);
  return new x509.X509Certificate(out.stdout.slice(out.stdout.indexOf('-----BEGIN')));
}

async function rejects(input: Record<string, unknown>, kind: string, title: RegExp, requester = admin) {
  await assert.rejects(services.ca.requestCertificate(input, requester), (e: unknown) => {
    assert.ok(e instanceof GatehouseError);
    assert.equal(e.kind, kind);
    assert.match(e.message, title);
    return true;
  });
}

test('certRequest validation: mandatory fields, template, format, password, CN, SAN, request keys, CN of others', async () => {
  await rejects({}, 'validation', /^Validation Error - Mandatory fields missing: \[certTemplateName, format, password, certificateRequest.cn, certificateRequest.san\]$/);
  await rejects(request({}, { cn: 'x' }), 'validation', /Mandatory fields missing: \[certificateRequest.san\]/);
  await rejects(request({ certTemplateName: 'NoSuch_Template' }), 'validation', /Certificate template 'NoSuch_Template' does not exist/);
  await rejects(request({ format: 'DER' }), 'validation', /Invalid format 'DER': must be one of PKCS12, PKCS12_CHAIN, PKCS8, PKCS8_CHAIN/);
  await rejects(request({ password: 'Short_1a' }), 'validation', /^Invalid password: must be 9-14 characters/);
  await rejects(request({ password: 'nouppercase1' }), 'validation', /^Invalid password/);
  await rejects(request({}, { cn: 'x'.repeat(65), san: '11-22-33-44-55-66' }), 'validation', /Invalid CN/);
  await rejects(request({}, { cn: 'p', san: '11:22:33:44:55:66' }), 'validation', /Invalid SAN '11:22:33:44:55:66': must be a MAC address with '-' delimiters/);
  await rejects(request({}, { cn: 'p', san: '11-22-33-44-55-66', upn: 'x' }), 'validation', /Invalid certificateRequest field 'upn'/);
  await rejects(request({}, { cn: 'p', CN: 'q', san: '11-22-33-44-55-66' }), 'validation', /given more than once/);
  await rejects(request({}, { cn: 'someone-else', san: '11-22-33-44-55-66' }), 'forbidden', /only ERS Admins/, { actor: { name: 'jdoe', source: 'x' }, anyCn: false });
  // Refusals are audited without the password.
  const audit = await services.audit.since('1970-01-01T00:00:00Z');
  const refused = audit.filter((a) => a.objectType === 'certificate' && a.result === 'failure');
  assert.ok(refused.length >= 10);
  assert.ok(!JSON.stringify(audit).includes('Printer_42a'));
});

test('issuance records the certificate (serial, subject, SAN, template, MAC, requester, expiry) and audits it', async () => {
  const own = await services.ca.requestCertificate(request({}, { CN: 'jdoe', SAN: 'aa-bb-cc-dd-ee-01' }), { actor: { name: 'jdoe', source: 'x' }, anyCn: false });
  const cert = leafOf(own.zip);
  assert.equal(cert.subject, 'CN=jdoe');
  assert.deepEqual(cert.getExtension(x509.AuthorityInfoAccessExtension)!.ocsp.map((n) => n.value), ['https://gh1.example.com:8443/ocsp/']);
  const [rec] = await services.ca.findIssued({ mac: 'AA:BB:CC:DD:EE:01' });
  assert.equal(rec.serial, cert.serialNumber.toLowerCase());
  assert.deepEqual(
    [rec.subject, rec.cn, rec.san, rec.mac, rec.template, rec.requestedBy, rec.status, rec.keyType, rec.keySize, rec.notAfter],
    ['CN=jdoe', 'jdoe', 'AA-BB-CC-DD-EE-01', 'AA:BB:CC:DD:EE:01', 'EAP_Authentication_Certificate_Template', 'jdoe', 'active', 'RSA', 2048, cert.notAfter.toISOString()],
  );
  assert.equal(rec.issuer, 'CN=Certificate Services Endpoint Sub CA - gh1');
  assert.deepEqual(await services.ca.getIssued(rec.serial), rec);
  const audit = (await services.audit.since('1970-01-01T00:00:00Z')).filter((a) => a.action === 'issue' && a.result === 'success');
  assert.equal(audit.at(-1)?.objectId, rec.serial);
  assert.ok(!JSON.stringify(audit).includes('Printer_42a') && !JSON.stringify(audit).includes('PRIVATE KEY'));
});

test('revocation: record, CRL reissued with a higher number, OCSP revoked, EAP-TLS chain refused with 12517', async () => {
  const bundle = await services.ca.requestCertificate(request({}, { cn: 'to-revoke', san: '11-22-33-44-55-77' }), admin);
  const leaf = leafOf(bundle.zip);
  const serial = leaf.serialNumber.toLowerCase();
  assert.ok((await services.ca.validateClientChain([leaf])).ok);
  const before = new x509.X509Crl(await services.ca.crl());
  assert.equal(before.findRevoked(leaf), null);
  const number = (crl: x509.X509Crl) => AsnConvert.parse(crl.getExtension(id_ce_cRLNumber)!.value, CRLNumber).value;

  const rec = await services.ca.revoke(serial, 'keyCompromise', { name: 'admin', source: 'x' });
  assert.equal(rec.status, 'revoked');
  assert.equal(rec.revocationReason, 'keyCompromise');
  assert.equal((await services.ca.getIssued(serial))?.status, 'revoked');
  const crl = new x509.X509Crl(await services.ca.crl());
  assert.equal(number(crl), number(before) + 1);
  assert.equal(crl.findRevoked(leaf)?.reason, x509.X509CrlReason.keyCompromise);
  assert.ok(await crl.verify({ publicKey: (await services.ca.trustStore()).anchors[0].publicKey }));
  assert.deepEqual(readFileSync(join(caDir, 'endpoint-sub-ca.crl')), Buffer.from(crl.rawData));

  const chain = await services.ca.validateClientChain([leaf]);
  assert.deepEqual(chain.ok ? null : [chain.code, chain.failure], [12517, 'revoked']);

  const cas = await services.ca.caCertificates();
  const issuing = tmp.file('issuing.pem', cas.issuing);
  const req = join(tmp.dir, 'r.req');
  assert.equal(openssl(['ocsp', '-issuer', issuing, '-cert', tmp.file('leaf.pem', pem('CERTIFICATE', leaf.rawData)), '-reqout', req]).status, 0);
  const resp = tmp.file('r.resp', await services.ca.ocsp(new Uint8Array(readFileSync(req))));
  const text = openssl(['ocsp', '-reqin', req, '-respin', resp, '-verify_other', issuing, '-CAfile', tmp.file('cas.pem', cas.node + cas.root), '-resp_text']);
  assert.match(text.all, /Response verify OK/);
  assert.match(text.all, /Cert Status: revoked/);

  await assert.rejects(services.ca.revoke(serial, 'superseded', { name: 'admin', source: 'x' }), /already revoked/);
  await assert.rejects(services.ca.revoke('1234', 'superseded', { name: 'admin', source: 'x' }), (e: unknown) => e instanceof GatehouseError && e.kind === 'notFound');
});

test('after a restart the same CA, revocations and CRL numbering continue', async () => {
  const crlBefore = new x509.X509Crl(await services.ca.crl());
  const revokedBefore = crlBefore.entries.length;
  const second = await createServices(store, { ca: { dir: caDir, host: 'other-name' } });
  const crl = new x509.X509Crl(await second.ca.crl());
  assert.equal(crl.issuer, 'CN=Certificate Services Endpoint Sub CA - gh1');
  assert.equal(crl.entries.length, revokedBefore);
  const n = (c: x509.X509Crl) => AsnConvert.parse(c.getExtension(id_ce_cRLNumber)!.value, CRLNumber).value;
  assert.ok(n(crl) > n(crlBefore));
  const [revoked] = await second.ca.findIssued({ cn: 'to-revoke' });
  const leaf = crlBefore.entries.find((e) => e.serialNumber.toLowerCase() === revoked.serial)!;
  assert.ok(leaf, 'the revoked serial is on the CRL');
  const trust = await second.ca.trustStore();
  assert.ok(trust.isRevoked!({ issuer: revoked.issuer, serialNumber: revoked.serial } as x509.X509Certificate));
});

test('an ECDSA P-384 template issues EC keys; templates refuse bad key sizes', async () => {
  const t = await services.ca.createTemplate({ name: 'ECC_P384_Template', keyType: 'ECDSA', keySize: 384, validityPeriod: 365 }, { name: 'admin', source: 'x' });
  assert.equal((await services.ca.getTemplateByName('ECC_P384_Template'))?.id, t.id);
  const b = await services.ca.requestCertificate(request({ certTemplateName: 'ECC_P384_Template', format: 'PKCS8' }), admin);
  const files = unzipSync(b.zip);
  const keyFile = tmp.file('ec.pkcs8', files['printer-floor3_11-22-33-44-55-66.pkcs8']);
  const key = openssl(['pkey', '-in', keyFile, '-passin', 'pass:Printer_42a', '-noout', '-text']);
  assert.equal(key.status, 0, key.all);
  assert.match(key.all, /NIST CURVE: P-384/);
  const cert = new x509.X509Certificate(Buffer.from(files['printer-floor3_11-22-33-44-55-66.pem']).toString());
  assert.equal(Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / 86400_000), 365);
  await assert.rejects(services.ca.createTemplate({ name: 'Bad', keyType: 'ECDSA', keySize: 521 }, { name: 'admin', source: 'x' }), /Invalid key size 521/);
  await assert.rejects(services.ca.createTemplate({ name: 'ECC_P384_Template', keyType: 'ECDSA', keySize: 256 }, { name: 'admin', source: 'x' }), /already exists/);
});

test('the EAP server certificate: serverAuth, SAN DNS, kept and reused, reissued when the names change', async () => {
  const a = await services.ca.serverCertificate(['radius.example.com', 'gh1']);
  const cert = new x509.X509Certificate(a.cert);
  assert.equal(cert.subject, 'CN=radius.example.com');
  assert.deepEqual([...cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages], [x509.ExtendedKeyUsage.serverAuth]);
  assert.deepEqual(cert.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [{ type: 'dns', value: 'radius.example.com' }, { type: 'dns', value: 'gh1' }]);
  assert.equal(a.chain.length, 3);
  assert.match(a.key, /^-----BEGIN PRIVATE KEY-----/);
  assert.equal(statSync(join(caDir, 'eap-server.key')).mode & 0o777, 0o600);
  const v = openssl(['verify', '-purpose', 'sslserver', '-CAfile', tmp.file('root.pem', a.chain[2]), '-untrusted', tmp.file('mid.pem', a.chain[0] + a.chain[1]), tmp.file('srv.pem', a.cert)]);
  assert.equal(v.status, 0, v.all);
  const again = await services.ca.serverCertificate(['radius.example.com', 'gh1']);
  assert.equal(again.cert, a.cert);
  const renamed = await services.ca.serverCertificate(['eap.example.com']);
  assert.notEqual(renamed.cert, a.cert);
  assert.equal(new x509.X509Certificate(renamed.cert).subject, 'CN=eap.example.com');
  await assert.rejects(services.ca.serverCertificate(['*.example.com']), /wildcard/);
});
