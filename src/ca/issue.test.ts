import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { openssl, scratch } from '../../test/helpers/openssl.ts';
import { BUILT_IN_TEMPLATES, type CertificateTemplate } from '../domain/certificate.ts';
import { createHierarchy, chainOf, type CaHierarchy } from './hierarchy.ts';
import { BACKDATE_MS, issueCertificate } from './issue.ts';
import { buildBundle } from './bundle.ts';
import { buildPkcs12 } from './pkcs12.ts';
import { x509, pem } from './x509.ts';

const tmp = scratch();
let h: CaHierarchy;
let trust: { root: string; untrusted: string };
const now = new Date('2026-03-01T12:00:00Z');
const at = String(Math.floor(now.getTime() / 1000) + 60);
const urls = { ocsp: 'https://gh1.example.com/ocsp/', crl: 'https://gh1.example.com/ca/crl' };

before(async () => {
  h = (await createHierarchy('gh1', now, 2048)).hierarchy;
  trust = {
    root: tmp.file('root.pem', pem('CERTIFICATE', h.root.cert.rawData)),
    untrusted: tmp.file('untrusted.pem', pem('CERTIFICATE', h.issuing.cert.rawData) + pem('CERTIFICATE', h.node.cert.rawData)),
  };
});
after(() => tmp.remove());

const template = (name: string): CertificateTemplate => ({ ...BUILT_IN_TEMPLATES.find((t) => t.name === name)!, createdAt: '', updatedAt: '' });
const issueFrom = (t: Pick<CertificateTemplate, 'keyType' | 'keySize' | 'validityPeriod' | 'extendedKeyUsages' | 'subject'>, cn = 'printer-floor3', san = '11-22-33-44-55-66') =>
  issueCertificate(h.issuing, { cn, subject: t.subject, dnsNames: [san], key: { type: t.keyType, size: t.keySize }, validityDays: t.validityPeriod, extendedKeyUsages: t.extendedKeyUsages, urls, now });

test('EAP_Authentication_Certificate_Template: RSA 2048, 730 days, clientAuth, MAC SAN, OCSP and CRL locations', async () => {
  const { certificate: c, serial, privateKey } = await issueFrom(template('EAP_Authentication_Certificate_Template'));
  assert.equal(c.subject, 'CN=printer-floor3');
  assert.equal(c.issuer, h.issuing.cert.subject);
  assert.equal(c.serialNumber.toLowerCase(), serial);
  assert.match(serial, /^[4-7][0-9a-f]{31}$/, 'positive 128-bit serial');
  assert.equal(privateKey.asymmetricKeyType, 'rsa');
  assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(c.notBefore.getTime(), now.getTime() - BACKDATE_MS);
  assert.equal(c.notAfter.getTime(), now.getTime() + 730 * 86400_000);
  const bc = c.getExtension(x509.BasicConstraintsExtension)!;
  assert.deepEqual([bc.ca, bc.critical], [false, true]);
  const ku = c.getExtension(x509.KeyUsagesExtension)!;
  assert.equal(ku.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
  assert.deepEqual([...c.getExtension(x509.ExtendedKeyUsageExtension)!.usages], [x509.ExtendedKeyUsage.clientAuth]);
  assert.deepEqual(c.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [{ type: 'dns', value: '11-22-33-44-55-66' }]);
  assert.equal(c.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, h.issuing.cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
  assert.ok(c.getExtension(x509.SubjectKeyIdentifierExtension));
  assert.deepEqual(c.getExtension(x509.AuthorityInfoAccessExtension)!.ocsp.map((n) => n.value), [urls.ocsp]);
  assert.match(openssl(['x509', '-noout', '-ext', 'crlDistributionPoints'], pem('CERTIFICATE', c.rawData)).stdout, /URI:https:\/\/gh1\.example\.com\/ca\/crl/);
  const leaf = tmp.file('eap.pem', pem('CERTIFICATE', c.rawData));
  const v = openssl(['verify', '-attime', at, '-purpose', 'sslclient', '-CAfile', trust.root, '-untrusted', trust.untrusted, leaf]);
  assert.equal(v.status, 0, v.all);
});

test('pxGrid_Certificate_Template carries client and server authentication', async () => {
  const { certificate: c } = await issueFrom(template('pxGrid_Certificate_Template'));
  assert.deepEqual([...c.getExtension(x509.ExtendedKeyUsageExtension)!.usages], [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]);
});

test('templates with RSA 4096, ECDSA P-256 and P-384 keys and subject attributes', async () => {
  const cases = [
    { keyType: 'RSA' as const, keySize: 4096, detail: { modulusLength: 4096 }, type: 'rsa' },
    { keyType: 'ECDSA' as const, keySize: 256, detail: { namedCurve: 'prime256v1' }, type: 'ec' },
    { keyType: 'ECDSA' as const, keySize: 384, detail: { namedCurve: 'secp384r1' }, type: 'ec' },
  ];
  for (const k of cases) {
    const { certificate: c, privateKey } = await issueFrom({
      keyType: k.keyType, keySize: k.keySize, validityPeriod: 21, extendedKeyUsages: ['clientAuth'], subject: { o: 'Example', ou: 'Printers', c: 'DE' },
    });
    assert.equal(privateKey.asymmetricKeyType, k.type);
    for (const [key, value] of Object.entries(k.detail)) assert.equal((privateKey.asymmetricKeyDetails as Record<string, unknown>)[key], value);
    assert.equal(c.subject, 'C=DE, O=Example, OU=Printers, CN=printer-floor3');
    assert.equal(c.notAfter.getTime() - now.getTime(), 21 * 86400_000);
    const ku = c.getExtension(x509.KeyUsagesExtension)!.usages;
    assert.equal(ku, k.keyType === 'RSA' ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature);
    const v = openssl(['verify', '-attime', at, '-CAfile', trust.root, '-untrusted', trust.untrusted, tmp.file(`k${k.keySize}.pem`, pem('CERTIFICATE', c.rawData))]);
    assert.equal(v.status, 0, v.all);
  }
});

test('validity never extends past the issuing CA, and serials differ', async () => {
  const long = await issueCertificate(h.issuing, {
    cn: 'late', dnsNames: [], key: { type: 'ECDSA', size: 256 }, validityDays: 3652, extendedKeyUsages: ['clientAuth'], urls: {}, now: new Date('2035-01-01T00:00:00Z'),
  });
  assert.equal(long.certificate.notAfter.getTime(), h.issuing.cert.notAfter.getTime());
  assert.equal(long.certificate.getExtension(x509.SubjectAlternativeNameExtension), null);
  assert.equal(long.certificate.getExtension(x509.AuthorityInfoAccessExtension), null);
  const serials = new Set(await Promise.all([1, 2, 3, 4].map(async () => (await issueFrom({ keyType: 'ECDSA', keySize: 256, validityPeriod: 30, extendedKeyUsages: ['clientAuth'], subject: {} })).serial)));
  assert.equal(serials.size, 4);
});

test('PKCS#12: AES-256 shrouded key bag, SHA-256 MAC, no RC2, friendly name, opens only with the password', async () => {
  const issued = await issueFrom(template('EAP_Authentication_Certificate_Template'));
  const p12 = tmp.file('x.p12', buildPkcs12({
    key: issued.privateKey, certificates: [issued.certificate, ...chainOf(h)].map((c) => new Uint8Array(c.rawData)), password: 'Printer_42a', friendlyName: 'printer-floor3',
  }));
  const info = openssl(['pkcs12', '-info', '-in', p12, '-passin', 'pass:Printer_42a', '-nokeys']);
  assert.equal(info.status, 0, info.all);
  assert.match(info.all, /MAC: sha256, Iteration 2048/);
  assert.match(info.all, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
  // Algorithm lines only: base64 inside the PEM blocks may spell anything.
  const algorithms = info.all.replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '');
  assert.doesNotMatch(algorithms, /RC2|40-bit|3DES|DES-EDE/i);
  assert.equal(info.all.match(/Certificate bag/g)?.length, 4);
  assert.match(info.all, /friendlyName: printer-floor3/);
  const key = openssl(['pkcs12', '-in', p12, '-passin', 'pass:Printer_42a', '-nocerts', '-nodes']);
  assert.match(key.stdout, /-----BEGIN PRIVATE KEY-----/);
  const wrong = openssl(['pkcs12', '-info', '-in', p12, '-passin', 'pass:Wrong_pass1', '-nokeys']);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.all, /Mac verify error/i);
});

test('bundles per format: PKCS12, PKCS12_CHAIN, PKCS8 (encrypted key), PKCS8_CHAIN', async () => {
  const issued = await issueFrom(template('EAP_Authentication_Certificate_Template'));
  const base = { cn: 'printer floor/3', san: '11-22-33-44-55-66', certificate: issued.certificate, key: issued.privateKey, chain: chainOf(h), password: 'Printer_42a', now };
  const files = (format: 'PKCS12' | 'PKCS12_CHAIN' | 'PKCS8' | 'PKCS8_CHAIN') => {
    const b = buildBundle({ ...base, format });
    assert.equal(b.fileName, `${now.getTime()}_cert.zip`);
    return unzipSync(b.zip);
  };
  const stem = 'printer_floor_3_11-22-33-44-55-66';
  const p12 = files('PKCS12');
  assert.deepEqual(Object.keys(p12), [`${stem}.p12`]);
  assert.equal(openssl(['pkcs12', '-info', '-in', tmp.file('one.p12', p12[`${stem}.p12`]), '-passin', 'pass:Printer_42a', '-nokeys']).all.match(/Certificate bag/g)?.length, 1);
  const chain = files('PKCS12_CHAIN');
  assert.equal(openssl(['pkcs12', '-info', '-in', tmp.file('chain.p12', chain[`${stem}.p12`]), '-passin', 'pass:Printer_42a', '-nokeys']).all.match(/Certificate bag/g)?.length, 4);

  const p8 = files('PKCS8');
  assert.deepEqual(Object.keys(p8).sort(), [`${stem}.pem`, `${stem}.pkcs8`]);
  const keyPem = Buffer.from(p8[`${stem}.pkcs8`]).toString();
  assert.match(keyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  const keyFile = tmp.file('k.pkcs8', keyPem);
  assert.equal(openssl(['pkcs8', '-in', keyFile, '-passin', 'pass:Printer_42a', '-out', '/dev/null']).status, 0);
  assert.notEqual(openssl(['pkcs8', '-in', keyFile, '-passin', 'pass:Wrong_pass1', '-out', '/dev/null']).status, 0);
  assert.match(openssl(['asn1parse', '-in', keyFile]).stdout, /aes-256-cbc/);

  const p8c = files('PKCS8_CHAIN');
  assert.deepEqual(Object.keys(p8c).sort(), [
    'Certificate_Services_Endpoint_Sub_CA_-_gh1.pem', 'Certificate_Services_Node_CA_-_gh1.pem', 'Certificate_Services_Root_CA_-_gh1.pem',
    `${stem}.pem`, `${stem}.pkcs8`,
  ]);
  const root = tmp.file('r.pem', p8c['Certificate_Services_Root_CA_-_gh1.pem']);
  const untrusted = tmp.file('u.pem', Buffer.concat([p8c['Certificate_Services_Endpoint_Sub_CA_-_gh1.pem'], p8c['Certificate_Services_Node_CA_-_gh1.pem']]));
  const v = openssl(['verify', '-attime', at, '-CAfile', root, '-untrusted', untrusted, tmp.file('leaf.pem', p8c[`${stem}.pem`])]);
  assert.equal(v.status, 0, v.all);
});
