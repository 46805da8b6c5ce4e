// PUT /ers/config/endpointcert/certRequest over real HTTPS, as Cisco's curl
// one-liners and the SDKs call it; the ZIP, the PKCS#12 and the certificate
// are checked with the real openssl, and so are the CRL and OCSP responder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpsRequest } from 'node:https';
import { unzipSync } from 'fflate';
import { startServer, runCli, ADMIN_PASSWORD, type TestServer } from '../helpers/server.ts';
import { openssl, scratch } from '../helpers/openssl.ts';

const URL_PATH = '/ers/config/endpointcert/certRequest';
const PASSWORD = 'Printer_42a';
let server: TestServer;
const tmp = scratch();
const operator = { user: 'reader', password: 'Reader-pass-1' };

before(async () => {
  server = await startServer();
  const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', operator.user, '--role', 'ers-operator', '--password-stdin'], operator.password);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await server.cleanup();
  tmp.remove();
});

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });

interface Raw { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; text: string; json(): any }

/** An HTTPS call that keeps the body as bytes (the success answer is a ZIP). */
function call(method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string>; port?: number; auth?: { user: string; password: string } | null } = {}): Promise<Raw> {
  const auth = opts.auth === undefined ? { user: 'admin', password: ADMIN_PASSWORD } : opts.auth;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', ...opts.headers };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: opts.port ?? server.ports.ers, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), json: () => JSON.parse(body.toString('utf8')) });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const certRequest = (over: Record<string, unknown> = {}, cr: Record<string, unknown> = { cn: 'printer-floor3', san: '11-22-33-44-55-66' }) =>
  JSON.stringify({ ERSEndPointCert: { certTemplateName: 'EAP_Authentication_Certificate_Template', format: 'PKCS12', password: PASSWORD, certificateRequest: cr, ...over } });

function unzipOk(r: Raw): Record<string, Uint8Array> {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'application/octet-stream');
  assert.match(String(r.headers['content-disposition']), /^attachment; filename="\d{13}_cert\.zip"$/);
  return unzipSync(new Uint8Array(r.body));
}

/** The CA certificates the node keeps in its data directory, copied to scratch files. */
const chainFiles = () => {
  const crt = (name: string) => tmp.file(name, readFileSync(join(server.dataDir, 'ca', name), 'utf8'));
  return { root: crt('root-ca.crt'), node: crt('node-ca.crt'), issuing: crt('endpoint-sub-ca.crt') };
};

test('PKCS12: a ZIP with <CN>_<SAN>.p12 that opens with the password, AES-256 (no RC2), SHA-256 MAC, and the required leaf extensions', async () => {
  const files = unzipOk(await call('PUT', URL_PATH, { body: certRequest() }));
  assert.deepEqual(Object.keys(files), ['printer-floor3_11-22-33-44-55-66.p12']);
  const p12 = tmp.file('one.p12', files['printer-floor3_11-22-33-44-55-66.p12']);
  const info = openssl(['pkcs12', '-info', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys']);
  assert.equal(info.status, 0, info.all);
  assert.match(info.all, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
  assert.match(info.all, /MAC: sha256/);
  assert.doesNotMatch(info.all, /RC2/);
  assert.equal(info.all.match(/Certificate bag/g)?.length, 1);
  assert.notEqual(openssl(['pkcs12', '-info', '-in', p12, '-passin', 'pass:Wrong_pass9', '-nokeys']).status, 0);

  const leaf = openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts']).stdout;
  const text = openssl(['x509', '-noout', '-text'], leaf).stdout;
  assert.match(text, /Version: 3/);
  assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
  assert.match(text, /Public-Key: \(2048 bit\)/);
  assert.match(text, /Subject: CN = printer-floor3/);
  assert.match(text, new RegExp(`Issuer: CN = Certificate Services Endpoint Sub CA - ${hostname().split('.')[0]}`));
  assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
  assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
  assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
  assert.match(text, /X509v3 Subject Alternative Name:\s+DNS:11-22-33-44-55-66\n/);
  assert.match(text, /X509v3 Subject Key Identifier/);
  assert.match(text, /X509v3 Authority Key Identifier/);
  const base = `https://${hostname()}:${server.ports.https}`;
  assert.ok(text.includes(`OCSP - URI:${base}/ocsp/`), text);
  assert.ok(text.includes(`URI:${base}/ca/crl`), text);
  const serial = /Serial Number:\s+([0-9a-f:]+)/.exec(text)![1].replaceAll(':', '');
  assert.ok(serial.length >= 16, 'serial of at least 64 bits');
});

test('PKCS12_CHAIN holds the Endpoint Sub CA, Node CA and Root CA, and openssl verifies the leaf against the root', async () => {
  const files = unzipOk(await call('PUT', URL_PATH, { body: certRequest({ format: 'PKCS12_CHAIN' }, { CN: 'lab-pc', SAN: 'AA-BB-CC-00-11-22' }) }));
  const p12 = tmp.file('chain.p12', files['lab-pc_AA-BB-CC-00-11-22.p12']);
  const info = openssl(['pkcs12', '-info', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys']);
  assert.equal(info.all.match(/Certificate bag/g)?.length, 4);
  for (const ca of ['Endpoint Sub CA', 'Node CA', 'Root CA']) assert.match(info.all, new RegExp(`subject=CN = Certificate Services ${ca} - `));
  const leaf = tmp.file('lab-pc.pem', openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts']).stdout);
  const cas = openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys', '-cacerts']).stdout;
  const blocks = cas.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!;
  assert.equal(blocks.length, 3);
  const chain = chainFiles();
  const v = openssl(['verify', '-CAfile', chain.root, '-untrusted', tmp.file('mid.pem', readFileSync(chain.issuing, 'utf8') + readFileSync(chain.node, 'utf8')), leaf]);
  assert.equal(v.status, 0, v.all);
  assert.match(v.stdout, /lab-pc\.pem: OK/);
});

test('XML body (JAXB entry/key/value map) with PKCS8_CHAIN: certificate, encrypted PKCS#8 key and CA PEMs', async () => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<ns0:endpointcert xmlns:ns0="ca.ers.ise.cisco.com" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ns1="ers.ise.cisco.com" xmlns:ers="ers.ise.cisco.com" description="Created in ERS">
  <certTemplateName>EAP_Authentication_Certificate_Template</certTemplateName>
  <certificateRequest>
    <entry><key>san</key><value>11-22-33-44-55-88</value></entry>
    <entry><key>cn</key><value>printer-xml</value></entry>
  </certificateRequest>
  <format>PKCS8_CHAIN</format>
  <password>${PASSWORD}</password>
</ns0:endpointcert>`;
  const files = unzipOk(await call('PUT', URL_PATH, { body, headers: { accept: 'application/xml', 'content-type': 'application/xml' } }));
  const host = hostname().split('.')[0];
  assert.deepEqual(Object.keys(files).sort(), [
    `Certificate_Services_Endpoint_Sub_CA_-_${host}.pem`, `Certificate_Services_Node_CA_-_${host}.pem`, `Certificate_Services_Root_CA_-_${host}.pem`,
    'printer-xml_11-22-33-44-55-88.pem', 'printer-xml_11-22-33-44-55-88.pkcs8',
  ].sort());
  const key = tmp.file('xml.pkcs8', files['printer-xml_11-22-33-44-55-88.pkcs8']);
  assert.match(readFileSync(key, 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  assert.equal(openssl(['pkcs8', '-in', key, '-passin', `pass:${PASSWORD}`, '-out', '/dev/null']).status, 0);
  assert.notEqual(openssl(['pkcs8', '-in', key, '-passin', 'pass:Wrong_pass9', '-out', '/dev/null']).status, 0);
  const v = openssl(['verify', '-CAfile', tmp.file('r.pem', files[`Certificate_Services_Root_CA_-_${host}.pem`]),
    '-untrusted', tmp.file('u.pem', Buffer.concat([files[`Certificate_Services_Endpoint_Sub_CA_-_${host}.pem`], files[`Certificate_Services_Node_CA_-_${host}.pem`]])),
    tmp.file('x.pem', files['printer-xml_11-22-33-44-55-88.pem'])]);
  assert.equal(v.status, 0, v.all);
});

test('PKCS8 through the API gateway listener: one certificate and one key file', async () => {
  const files = unzipOk(await call('PUT', URL_PATH, { body: certRequest({ format: 'PKCS8' }), port: server.ports.https }));
  assert.deepEqual(Object.keys(files).sort(), ['printer-floor3_11-22-33-44-55-66.pem', 'printer-floor3_11-22-33-44-55-66.pkcs8']);
});

test('bad CN, SAN, password, template or format: 400 ERSResponse with the reason, never a ZIP', async () => {
  const cases: [string, RegExp][] = [
    [certRequest({ password: 'Cisco123' }), /^Invalid password: must be 9-14 characters long/],
    [certRequest({ password: 'cisco_12345' }), /^Invalid password/],
    [certRequest({ password: 'Cisco_12345678x' }), /^Invalid password/],
    [certRequest({ password: 'Cisco-12345' }), /^Invalid password/],
    [certRequest({}, { cn: 'printer', san: '11:22:33:44:55:66' }), /^Invalid SAN '11:22:33:44:55:66'/],
    [certRequest({}, { cn: 'printer', san: 'not-a-mac' }), /^Invalid SAN/],
    [certRequest({}, { cn: 'x'.repeat(65), san: '11-22-33-44-55-66' }), /^Invalid CN/],
    [certRequest({}, { cn: '', san: '11-22-33-44-55-66' }), /Mandatory fields missing: \[certificateRequest.cn\]/],
    [certRequest({}, { cn: 'p', san: '11-22-33-44-55-66', email: 'x@y' }), /Invalid certificateRequest field 'email'/],
    [certRequest({ certTemplateName: 'Missing_Template' }), /^Certificate template 'Missing_Template' does not exist/],
    [certRequest({ format: 'PEM' }), /^Invalid format 'PEM'/],
    [certRequest({ password: undefined }), /Mandatory fields missing: \[password\]/],
    [certRequest({ keyType: 'RSA' }), /JSON invalidity.*keyType/],
    [JSON.stringify({ EndPointCert: {} }), /does not match expected \('ERSEndPointCert'\)/],
  ];
  for (const [body, title] of cases) {
    const r = await call('PUT', URL_PATH, { body });
    assert.equal(r.status, 400, `${body}: ${r.text}`);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const e = r.json().ERSResponse;
    assert.equal(e.operation, 'PUT-certRequest-endpointcert');
    assert.equal(e.messages[0].type, 'ERROR');
    assert.equal(e.messages[0].code, 'Application resource validation exception');
    assert.match(e.messages[0].title, title, body);
    assert.equal(e.link.href, `https://127.0.0.1:${server.ports.ers}${URL_PATH}`);
    assert.ok(!r.text.includes(PASSWORD));
  }
  const xml = await call('PUT', URL_PATH, { body: certRequest({ password: 'short' }), headers: { accept: 'application/xml' } });
  assert.equal(xml.status, 400);
  assert.match(xml.text, /<ns3:ersResponse operation="PUT-certRequest-endpointcert"/);
  assert.match(xml.text, /<title>Invalid password: must be 9-14 characters/);
});

test('credentials, roles, media types and methods', async () => {
  assert.equal((await call('PUT', URL_PATH, { body: certRequest(), auth: null })).status, 401);
  const op = await call('PUT', URL_PATH, { body: certRequest(), auth: operator });
  assert.equal(op.status, 403);
  assert.equal(op.json().ERSResponse.operation, 'PUT-certRequest-endpointcert');
  assert.equal((await call('PUT', URL_PATH, { body: certRequest(), headers: { 'content-type': 'text/plain' } })).status, 415);
  const version = await call('PUT', URL_PATH, { body: certRequest(), headers: { 'ers-media-type': 'ca.endpointcert.2.0' } });
  assert.equal(version.status, 415);
  assert.equal((await call('PUT', URL_PATH, { body: certRequest(), headers: { 'ers-media-type': 'ca.endpointcert.1.0' } })).status, 200);
  const get = await call('GET', URL_PATH);
  assert.equal(get.status, 405);
  assert.equal(get.headers.allow, 'PUT');
  const info = await call('GET', '/ers/config/endpointcert/versioninfo');
  assert.equal(info.status, 200);
  assert.equal(info.json().VersionInfo.currentServerVersion, '1.0');
});

test('the CRL at /ca/crl is signed by the Endpoint Sub CA; the root is published at /ca/root.crt', async () => {
  const r = await call('GET', '/ca/crl', { port: server.ports.https, auth: null, headers: {} });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/pkix-crl');
  const chain = chainFiles();
  const cas = tmp.file('cas.pem', [chain.issuing, chain.node, chain.root].map((f) => readFileSync(f, 'utf8')).join(''));
  const crl = openssl(['crl', '-inform', 'DER', '-in', tmp.file('crl.der', r.body), '-noout', '-text', '-CAfile', cas]);
  assert.equal(crl.status, 0, crl.all);
  assert.match(crl.all, /verify OK/);
  assert.match(crl.all, /Issuer: CN = Certificate Services Endpoint Sub CA - /);
  assert.match(crl.all, /X509v3 CRL Number/);
  const root = await call('GET', '/ca/root.crt', { port: server.ports.ers, auth: null });
  assert.equal(root.status, 200);
  assert.equal(root.text, readFileSync(chain.root, 'utf8'));
});

test('openssl ocsp against the responder on the HTTPS port: good for an issued certificate, unknown for another serial', async () => {
  const files = unzipOk(await call('PUT', URL_PATH, { body: certRequest({}, { cn: 'ocsp-check', san: '11-22-33-44-55-99' }) }));
  const p12 = tmp.file('ocsp.p12', files['ocsp-check_11-22-33-44-55-99.p12']);
  const leaf = tmp.file('ocsp-leaf.pem', openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys', '-clcerts']).stdout);
  const chain = chainFiles();
  const cas = tmp.file('ocsp-cas.pem', readFileSync(chain.node, 'utf8') + readFileSync(chain.root, 'utf8'));
  const url = `https://127.0.0.1:${server.ports.https}/ocsp/`;
  const good = openssl(['ocsp', '-issuer', chain.issuing, '-cert', leaf, '-url', url, '-CAfile', cas]);
  assert.equal(good.status, 0, good.all);
  assert.match(good.all, /Response verify OK/);
  assert.match(good.all, /ocsp-leaf\.pem: good/);
  const unknown = openssl(['ocsp', '-issuer', chain.issuing, '-serial', '0x0123456789', '-url', url, '-CAfile', cas]);
  assert.match(unknown.all, /0x0123456789: unknown/);

  // RFC 6960 A.1: the same request by GET, base64 in the path.
  const req = `${tmp.dir}/get.req`;
  assert.equal(openssl(['ocsp', '-issuer', chain.issuing, '-cert', leaf, '-reqout', req, '-no_nonce']).status, 0);
  const b64 = encodeURIComponent(readFileSync(req).toString('base64'));
  const r = await call('GET', `/ocsp/${b64}`, { port: server.ports.https, auth: null, headers: {} });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/ocsp-response');
  const text = openssl(['ocsp', '-respin', tmp.file('get.resp', r.body), '-verify_other', chain.issuing, '-CAfile', cas, '-resp_text']);
  assert.match(text.all, /Response verify OK/);
  assert.match(text.all, /Cert Status: good/);
});
