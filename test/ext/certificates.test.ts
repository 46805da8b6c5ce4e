// The internal CA's issued certificates through the Gatehouse extension
// (/gatehouse/v1/certificates) against a real node over HTTPS: certificates
// issued by PUT certRequest are listed (filters, paging) and read by serial,
// revoked by an ERS admin (not by an operator), and the revocation shows at
// once in the CRL and the OCSP responder as openssl reads them, and in the
// audit trail; the `gatehouse cert` commands do the same from a workstation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request as httpsRequest } from 'node:https';
import { requestP12 } from '../helpers/cert-request.ts';
import { startServer, runCli, ADMIN_PASSWORD, type TestServer } from '../helpers/server.ts';
import { openssl, scratch } from '../helpers/openssl.ts';

const API = '/gatehouse/v1/certificates';
const PASSWORD = 'Printer_42a';
const operator = { user: 'cert-reader', password: 'Reader-pass-1' };
const ersAdmin = { user: 'cert-automation', password: 'Automation-1' };
let server: TestServer;
const tmp = scratch('gatehouse-ext-cert-');

before(async () => {
  server = await startServer();
  for (const [a, role] of [[operator, 'ers-operator'], [ersAdmin, 'ers-admin']] as const) {
    const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', a.user, '--role', role, '--password-stdin'], a.password);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => {
  await server.cleanup();
  tmp.remove();
});

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });

interface Issued {
  /** The leaf as PEM, in a scratch file. */
  file: string;
  cert: X509Certificate;
  /** Lower-case hex without leading zeros, as the records keep it. */
  serial: string;
}

const normal = (hex: string) => hex.replaceAll(':', '').toLowerCase().replace(/^0+(?=.)/, '');

/** PUT certRequest as an ERS admin (the node's admin), unzip the PKCS#12 and return its leaf. */
async function issue(cn: string, san: string): Promise<Issued> {
  const p12 = await requestP12(server.ports.ers, { cn, san, format: 'PKCS12', password: PASSWORD });
  const leaf = openssl(['pkcs12', '-in', tmp.file(`${cn}-${san}.p12`, p12), '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts']);
  if (leaf.status !== 0) throw new Error(leaf.all);
  const cert = new X509Certificate(leaf.stdout);
  return { file: tmp.file(`${cn}-${san}.pem`, leaf.stdout), cert, serial: normal(cert.serialNumber) };
}

/** The CA certificates of the node's data directory, as scratch files. */
const chainFiles = () => {
  const crt = (name: string) => tmp.file(name, readFileSync(join(server.dataDir, 'ca', name), 'utf8'));
  return { root: crt('root-ca.crt'), node: crt('node-ca.crt'), issuing: crt('endpoint-sub-ca.crt') };
};

/** The CRL as openssl prints it, after checking its signature. */
async function crlText(): Promise<string> {
  const r = await new Promise<Buffer>((resolve, reject) => {
    httpsRequest({ host: '127.0.0.1', port: server.ports.https, method: 'GET', path: '/ca/crl', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject).end();
  });
  const chain = chainFiles();
  const cas = tmp.file('crl-cas.pem', [chain.issuing, chain.node, chain.root].map((f) => readFileSync(f, 'utf8')).join(''));
  const crl = openssl(['crl', '-inform', 'DER', '-in', tmp.file('crl.der', r), '-noout', '-text', '-CAfile', cas]);
  assert.equal(crl.status, 0, crl.all);
  assert.match(crl.all, /verify OK/);
  return crl.all;
}

/** Serials (normalised) listed in the CRL text, with the reason line that follows each. */
function crlEntries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/Serial Number: ([0-9A-F]+)\s+Revocation Date: [^\n]+(?:\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+([^\n]+))?/g)) {
    out.set(normal(m[1]), (m[2] ?? '').trim());
  }
  return out;
}

function ocsp(leaf: Issued): string {
  const chain = chainFiles();
  const cas = tmp.file('ocsp-cas.pem', readFileSync(chain.node, 'utf8') + readFileSync(chain.root, 'utf8'));
  const r = openssl(['ocsp', '-issuer', chain.issuing, '-cert', leaf.file, '-url', `https://127.0.0.1:${server.ports.https}/ocsp/`, '-CAfile', cas]);
  assert.equal(r.status, 0, r.all);
  assert.match(r.all, /Response verify OK/);
  return r.all;
}

let printer: Issued;
let camera: Issued;
let laptop: Issued;

test('issued certificates are listed newest first with their record; filters by mac (any notation), cn and status; ERS-style paging', async () => {
  printer = await issue('printer-floor3', '11-22-33-44-55-66');
  camera = await issue('camera-lobby', '11-22-33-44-55-77');
  laptop = await issue('Printer-Floor3', '11-22-33-44-55-88');

  for (const auth of [undefined, operator, ersAdmin]) {
    const r = await server.request('GET', API, { auth });
    assert.equal(r.status, 200, r.body);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const serials = r.json().certificates.map((c: any) => c.serial);
    // The node's own EAP server certificate is a record of the CA too; ours are the three newest.
    assert.deepEqual(serials.slice(0, 3), [laptop.serial, camera.serial, printer.serial]);
    assert.equal(r.json().total, serials.length);
  }

  const one = (await server.request('GET', `${API}?mac=aabb.ccdd.eeff`)).json();
  assert.deepEqual(one, { total: 0, page: 1, size: 20, certificates: [] });
  const byMac = (await server.request('GET', `${API}?mac=1122.3344.5577`)).json();
  assert.equal(byMac.total, 1);
  const c = byMac.certificates[0];
  assert.deepEqual(c, {
    serial: camera.serial,
    subject: 'CN=camera-lobby',
    cn: 'camera-lobby',
    san: '11-22-33-44-55-77',
    mac: '11:22:33:44:55:77',
    template: 'EAP_Authentication_Certificate_Template',
    requestedBy: 'admin',
    issuer: c.issuer,
    keyType: 'RSA',
    keySize: 2048,
    issuedAt: c.issuedAt,
    notBefore: new Date(camera.cert.validFrom).toISOString(),
    notAfter: new Date(camera.cert.validTo).toISOString(),
    status: 'active',
    revokedAt: null,
    reason: null,
  });
  assert.match(c.issuer, /^CN=Certificate Services Endpoint Sub CA - /);
  assert.ok(Math.abs(Date.parse(c.issuedAt) - Date.now()) < 120_000);

  // CN is matched without regard to case, as ISE compares user names.
  const byCn = (await server.request('GET', `${API}?cn=printer-floor3`)).json();
  assert.deepEqual(byCn.certificates.map((x: any) => x.serial), [laptop.serial, printer.serial]);
  const both = (await server.request('GET', `${API}?cn=PRINTER-FLOOR3&mac=11-22-33-44-55-66&status=active`)).json();
  assert.deepEqual(both.certificates.map((x: any) => x.serial), [printer.serial]);
  assert.equal((await server.request('GET', `${API}?status=revoked`)).json().total, 0);

  const p1 = await server.request('GET', `${API}?cn=printer-floor3&size=1`);
  assert.equal(p1.status, 200);
  assert.equal(p1.json().total, 2);
  assert.deepEqual(p1.json().certificates.map((x: any) => x.serial), [laptop.serial]);
  const next = new URL(p1.json().nextPage);
  assert.equal(`${next.pathname}${next.search}`, `${API}?cn=printer-floor3&size=1&page=2`);
  assert.equal(p1.json().previousPage, undefined);
  const p2 = (await server.request('GET', `${next.pathname}${next.search}`)).json();
  assert.deepEqual(p2.certificates.map((x: any) => x.serial), [printer.serial]);
  assert.equal(p2.nextPage, undefined);
  assert.equal(new URL(p2.previousPage).search, '?cn=printer-floor3&size=1&page=1');
  const past = (await server.request('GET', `${API}?cn=printer-floor3&size=1&page=9`)).json();
  assert.deepEqual(past.certificates, []);

  for (const q of ['status=expired', 'size=0', 'size=101', 'page=0', 'page=x', 'mac=not-a-mac', 'serial=12', 'cn=a&cn=b']) {
    const bad = await server.request('GET', `${API}?${q}`);
    assert.equal(bad.status, 400, q);
    assert.equal(bad.json().error, 'Query validation exception', q);
  }
});

test('GET by serial: the record, with colons and upper case accepted; 404 in the extension format when unknown', async () => {
  const r = await server.request('GET', `${API}/${printer.serial}`, { auth: operator });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().cn, 'printer-floor3');
  assert.equal(r.json().serial, printer.serial);
  const colons = printer.cert.serialNumber.match(/../g)!.join(':');
  assert.equal((await server.request('GET', `${API}/${colons}`)).json().serial, printer.serial);
  for (const serial of ['0123456789abcdef', 'not-hex']) {
    const missing = await server.request('GET', `${API}/${serial}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { error: 'Resource not found exception', message: `Certificate with serial '${serial}' was not issued by this CA` });
  }
  assert.equal((await server.request('DELETE', `${API}/${printer.serial}`)).status, 405);
  assert.equal((await server.request('GET', `${API}/${printer.serial}/revoke`)).status, 405);
});

test('revoke: an operator gets 403, bad reasons and bodies 400, unknown serials 404; the record is unchanged', async () => {
  const forbidden = await server.request('POST', `${API}/${printer.serial}/revoke`, { auth: operator, body: { reason: 'keyCompromise' } });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.json().error, 'Forbidden');
  const bad = await server.request('POST', `${API}/${printer.serial}/revoke`, { body: { reason: 'lostIt' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json(), {
    error: 'Application resource validation exception',
    message: "Invalid reason 'lostIt': use one of unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn",
  });
  assert.equal((await server.request('POST', `${API}/${printer.serial}/revoke`, { body: { reason: 'superseded', when: 'now' } })).status, 400);
  assert.equal((await server.request('POST', `${API}/${printer.serial}/revoke`, { body: '{"reason":' })).status, 400);
  assert.equal((await server.request('POST', `${API}/${printer.serial}/revoke`, { body: '<reason/>', format: 'xml' })).status, 415);
  const unknown = await server.request('POST', `${API}/0123456789abcdef/revoke`, { body: { reason: 'superseded' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json().error, 'Resource not found exception');
  assert.equal((await server.request('POST', `${API}/zz/revoke`)).status, 404);
  assert.equal((await server.request('GET', `${API}/${printer.serial}`)).json().status, 'active');
  assert.equal(crlEntries(await crlText()).size, 0);
  assert.match(ocsp(printer), /: good/);
});

test('revoke by an ERS admin: 200 with the record, at once in the CRL (with its reason) and OCSP; a second revoke is 400; audited', async () => {
  const t0 = Date.now();
  const r = await server.request('POST', `${API}/${printer.serial}/revoke`, { auth: ersAdmin, body: { reason: 'keyCompromise' } });
  assert.equal(r.status, 200, r.body);
  const rec = r.json();
  assert.equal(rec.serial, printer.serial);
  assert.equal(rec.status, 'revoked');
  assert.equal(rec.reason, 'keyCompromise');
  assert.ok(Date.parse(rec.revokedAt) >= t0 - 1000 && Date.parse(rec.revokedAt) <= Date.now() + 1000, rec.revokedAt);
  assert.deepEqual((await server.request('GET', `${API}/${printer.serial}`)).json(), rec);

  // No body: the reason is unspecified (a CRL entry without a reason code).
  const plain = await server.request('POST', `${API}/${camera.serial.toUpperCase()}/revoke`, { auth: ersAdmin });
  assert.equal(plain.status, 200, plain.body);
  assert.equal(plain.json().reason, 'unspecified');

  const revoked = (await server.request('GET', `${API}?status=revoked`)).json();
  assert.deepEqual(revoked.certificates.map((x: any) => x.serial).sort(), [printer.serial, camera.serial].sort());
  assert.deepEqual((await server.request('GET', `${API}?status=active&cn=printer-floor3`)).json().certificates.map((x: any) => x.serial), [laptop.serial]);

  const entries = crlEntries(await crlText());
  assert.equal(entries.get(printer.serial), 'Key Compromise');
  assert.equal(entries.get(camera.serial), '');
  assert.ok(!entries.has(laptop.serial));
  const status = ocsp(printer);
  assert.match(status, /: revoked/);
  assert.match(status, /Reason: keyCompromise/);
  assert.match(ocsp(laptop), /: good/);

  const again = await server.request('POST', `${API}/${printer.serial}/revoke`, { body: { reason: 'superseded' } });
  assert.equal(again.status, 400);
  assert.deepEqual(again.json(), { error: 'Application resource validation exception', message: `Certificate with serial '${printer.serial}' is already revoked` });
  assert.equal((await server.request('GET', `${API}/${printer.serial}`)).json().reason, 'keyCompromise');

  const audit = await runCli(['audit', '--data-dir', server.dataDir, '--since', '1h']);
  const rows = audit.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.objectType === 'certificate' && e.action === 'revoke');
  const ok = rows.find((e) => e.result === 'success' && e.objectId === printer.serial);
  assert.equal(ok?.actor, ersAdmin.user);
  assert.equal(ok?.objectName, 'printer-floor3');
  assert.equal(ok?.after?.revocationReason, 'keyCompromise');
  assert.ok(rows.some((e) => e.result === 'failure' && e.objectId === printer.serial && /already revoked/.test(e.detail)));
  assert.ok(rows.some((e) => e.result === 'failure' && e.objectId === '123456789abcdef'));
});

test('gatehouse cert list and cert revoke call the extension over HTTPS', async () => {
  const env = (a: { user: string; password: string }) => ({ GATEHOUSE_URL: `https://127.0.0.1:${server.ports.ers}`, GATEHOUSE_USER: a.user, GATEHOUSE_PASSWORD: a.password });
  const admin = env({ user: 'admin', password: ADMIN_PASSWORD });
  const listed = await runCli(['cert', 'list', '--cn', 'printer-floor3', '--insecure'], '', admin);
  assert.equal(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((c) => `${c.serial}:${c.status}`), [`${laptop.serial}:active`, `${printer.serial}:revoked`]);

  const denied = await runCli(['cert', 'revoke', '--serial', laptop.serial, '--reason', 'superseded', '--insecure'], '', env(operator));
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /403 .*may only read/);
  const colons = laptop.cert.serialNumber.match(/../g)!.join(':');
  const revoked = await runCli(['cert', 'revoke', '--serial', colons, '--reason', 'superseded', '--insecure'], '', admin);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal(JSON.parse(revoked.stdout).reason, 'superseded');
  const again = await runCli(['cert', 'revoke', '--serial', laptop.serial, '--insecure'], '', admin);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /400 Certificate with serial '[0-9a-f]+' is already revoked/);
  assert.equal((await runCli(['cert', 'list', '--status', 'active', '--cn', 'printer-floor3', '--insecure'], '', admin)).stdout, '');
  assert.match(ocsp(laptop), /: revoked/);
});

test('capabilities name the certificates calls', async () => {
  const g = (await server.request('GET', '/gatehouse/v1')).json().Gatehouse;
  assert.equal(g.certificates.href, API);
  assert.equal(g.certificates.revoke, `${API}/{serial}/revoke`);
  assert.deepEqual(g.certificates.statuses, ['active', 'revoked']);
  assert.ok(g.certificates.reasons.includes('keyCompromise'));
});
