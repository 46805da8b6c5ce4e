// /ers/config/certificatetemplate over real HTTPS: ISE's built-in templates, read-only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';

const BASE = '/ers/config/certificatetemplate';
const EAP_ID = 'b4f5dbb4-3e6c-48d6-b044-b8eb8e98b703';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

test('list (with the trailing slash the SDK uses): the three built-in templates', async () => {
  const r = await server.request('GET', `${BASE}/`);
  assert.equal(r.status, 200, r.body);
  const sr = r.json().SearchResult;
  assert.equal(sr.total, 3);
  assert.deepEqual(sr.resources.map((t: { name: string }) => t.name),
    ['CA_SERVICE_Certificate_Template', 'EAP_Authentication_Certificate_Template', 'pxGrid_Certificate_Template']);
  const eap = sr.resources[1];
  assert.equal(eap.id, EAP_ID);
  assert.equal(eap.link.href, `https://127.0.0.1:${server.ports.ers}${BASE}/${EAP_ID}`);
  const paged = await server.request('GET', `${BASE}?size=2&page=2`);
  assert.equal(paged.json().SearchResult.resources.length, 1);
  assert.ok(paged.json().SearchResult.previousPage);
});

test('get by id and by name: schema field names keySize, validityPeriod, raprofile', async () => {
  const r = await server.request('GET', `${BASE}/${EAP_ID}`);
  assert.equal(r.status, 200);
  const t = r.json().ERSCertificateTemplate;
  assert.deepEqual({ ...t, link: undefined }, {
    id: EAP_ID, name: 'EAP_Authentication_Certificate_Template',
    description: 'This template will be used to issue certificates for EAP Authentication',
    keySize: 2048, validityPeriod: 730, raprofile: 'ISE Internal CA', link: undefined,
  });
  assert.ok(!('validity' in t) && !('raProfileName' in t));
  const byName = await server.request('GET', `${BASE}/name/pxGrid_Certificate_Template`);
  assert.equal(byName.status, 200);
  assert.equal(byName.json().ERSCertificateTemplate.name, 'pxGrid_Certificate_Template');
  const xml = await server.request('GET', `${BASE}/${EAP_ID}`, { format: 'xml' });
  assert.match(xml.body, /<ns4:certificatetemplate id="b4f5dbb4-3e6c-48d6-b044-b8eb8e98b703" name="EAP_Authentication_Certificate_Template"/);
  assert.match(xml.body, /xmlns:ns4="ca.ers.ise.cisco.com"/);
  assert.match(xml.body, /<keySize>2048<\/keySize>/);
  assert.match(xml.body, /<validityPeriod>730<\/validityPeriod>/);
  assert.match(xml.body, /<raprofile>ISE Internal CA<\/raprofile>/);
});

test('unknown id or name is 404; the resource is read-only (405); versioninfo 1.0', async () => {
  assert.equal((await server.request('GET', `${BASE}/00000000-0000-0000-0000-000000000000`)).status, 404);
  const n = await server.request('GET', `${BASE}/name/NoSuchTemplate`);
  assert.equal(n.status, 404);
  assert.equal(n.json().ERSResponse.messages[0].code, 'Resource not found exception');
  const post = await server.request('POST', BASE, { body: { ERSCertificateTemplate: { name: 'x' } } });
  assert.equal(post.status, 405);
  assert.equal((await server.request('DELETE', `${BASE}/${EAP_ID}`)).status, 405);
  const v = await server.request('GET', `${BASE}/versioninfo`);
  assert.equal(v.json().VersionInfo.currentServerVersion, '1.0');
  assert.equal((await server.request('GET', BASE, { headers: { 'ers-media-type': 'ca.certificatetemplate.1.0' } })).status, 200);
  assert.equal((await server.request('GET', BASE, { headers: { 'ers-media-type': 'ca.certificatetemplate.3.0' } })).status, 415);
});
