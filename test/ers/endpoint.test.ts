// Endpoints over real HTTPS, JSON and XML: MAC forms, groups, custom
// attributes (defined in the node's config), searches and deep paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';

const ENDPOINTS = '/ers/config/endpoint';
const UNKNOWN = 'aa0e8b20-8bff-11e6-996c-525400b48521';
const ANDROID = 'ffa36b00-8bff-11e6-996c-525400b48521';
const MISSING_GROUP = 'ffa36b00-8bff-11e6-996c-525400b48599';
let server: TestServer;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-endpoint-'));
  writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({
    endpointCustomAttributes: [{ name: 'owner', type: 'String' }, { name: 'floor', type: 'Integer' }],
  }));
  server = await startServer({ dataDir });
});
after(async () => {
  await server.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;
const code = (r: { json(): any }) => r.json().ERSResponse.messages[0].code as string;
const endpoint = (fields: Record<string, unknown>) => ({ ERSEndPoint: fields });
const create = async (fields: Record<string, unknown>) => {
  const r = await server.request('POST', ENDPOINTS, { body: endpoint(fields) });
  assert.equal(r.status, 201, r.body);
  return idFromLocation(r);
};
const total = async () => (await server.request('GET', `${ENDPOINTS}?size=1`)).json().SearchResult.total as number;
const getJson = async (id: string) => (await server.request('GET', `${ENDPOINTS}/${id}`)).json().ERSEndPoint;

test('create normalises the MAC, overwrites name, defaults to the Unknown group; GET has the ISE shape', async () => {
  const r = await server.request('POST', ENDPOINTS, {
    body: endpoint({
      name: 'test-endpoint', id: '', mac: 'aa-bb-cc-00-11-22', description: 'printer', staticGroupAssignment: 'false', profileId: '',
      portalUser: '', customAttributes: { customAttributes: { owner: 'Facilities' } },
    }),
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.body, '');
  assert.match(String(r.headers.location), new RegExp(`^https://127\\.0\\.0\\.1:${server.ports.ers}/ers/config/endpoint/[0-9a-f-]{36}$`));
  const id = idFromLocation(r);
  const got = await server.request('GET', `${ENDPOINTS}/${id}`);
  assert.match(String(got.headers.etag), /^"[0-9A-F]{32}"$/);
  assert.deepEqual(got.json().ERSEndPoint, {
    id, name: 'AA:BB:CC:00:11:22', description: 'printer', mac: 'AA:BB:CC:00:11:22', profileId: '',
    staticProfileAssignment: false, staticProfileAssignmentDefined: false, groupId: UNKNOWN,
    staticGroupAssignment: false, staticGroupAssignmentDefined: false, portalUser: '', identityStore: '', identityStoreId: '',
    customAttributes: { customAttributes: { owner: 'Facilities' } },
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/endpoint/${id}`, type: 'application/json' },
  });
});

test('get by name and filters by mac/name match whatever MAC notation the client uses', async () => {
  const id = await create({ mac: '11:22:33:44:55:66', groupId: ANDROID, staticGroupAssignment: true });
  for (const form of ['11:22:33:44:55:66', '11-22-33-44-55-66', '1122.3344.5566', '112233445566', '11%3A22%3A33%3A44%3A55%3A66']) {
    const byName = await server.request('GET', `${ENDPOINTS}/name/${form}`);
    assert.equal(byName.status, 200, form);
    assert.equal(byName.json().ERSEndPoint.id, id, form);
    for (const field of ['mac', 'name']) {
      const list = (await server.request('GET', `${ENDPOINTS}?filter=${field}.EQ.${form.toLowerCase()}`)).json().SearchResult;
      assert.equal(list.total, 1, `${field} ${form}`);
      assert.equal(list.resources[0].id, id);
      assert.equal(list.resources[0].name, '11:22:33:44:55:66');
      assert.equal('description' in list.resources[0], false, 'no description when empty');
    }
  }
  const partial = (await server.request('GET', `${ENDPOINTS}?filter=mac.STARTSW.11-22-33`)).json().SearchResult;
  assert.deepEqual(partial.resources.map((e: { id: string }) => e.id), [id]);
  const byGroup = (await server.request('GET', `${ENDPOINTS}?filter=groupId.EQ.${ANDROID}&filter=staticGroupAssignment.EQ.true`)).json().SearchResult;
  assert.deepEqual(byGroup.resources.map((e: { id: string }) => e.id), [id]);
  const badBool = await server.request('GET', `${ENDPOINTS}?filter=staticGroupAssignment.EQ.yes`);
  assert.equal(badBool.status, 400);
  assert.equal(code(badBool), 'Query validation exception');
  assert.equal((await server.request('GET', `${ENDPOINTS}/name/12:34:56:78:9A:BC`)).status, 404);
});

test('XML: create with doubled customAttributes, read back with ns4 root and MAC as name', async () => {
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ns0:endpoint name="ignored" description="camera" xmlns:ns0="identity.ers.ise.cisco.com" xmlns:ers="ers.ise.cisco.com">
  <customAttributes><customAttributes><entry><key>owner</key><value>Security</value></entry><entry><key>floor</key><value>3</value></entry></customAttributes></customAttributes>
  <groupId>${ANDROID}</groupId>
  <mac>0011.2233.4455</mac>
  <staticGroupAssignment>true</staticGroupAssignment>
  <staticProfileAssignment>false</staticProfileAssignment>
</ns0:endpoint>`;
  const r = await server.request('POST', ENDPOINTS, { format: 'xml', body });
  assert.equal(r.status, 201, r.body);
  const id = idFromLocation(r);
  const xml = (await server.request('GET', `${ENDPOINTS}/${id}`, { format: 'xml' })).body;
  assert.match(xml, /<ns4:endpoint id="[0-9a-f-]{36}" name="00:11:22:33:44:55" description="camera"[^>]*xmlns:ns4="identity.ers.ise.cisco.com"/);
  assert.match(xml, /<customAttributes>\s*<customAttributes>\s*<entry>\s*<key>owner<\/key>\s*<value>Security<\/value>/);
  assert.match(xml, /<mac>00:11:22:33:44:55<\/mac>/);
  assert.deepEqual((await getJson(id)).customAttributes, { customAttributes: { owner: 'Security', floor: '3' } });
  const list = await server.request('GET', `${ENDPOINTS}?filter=mac.EQ.00:11:22:33:44:55`, { format: 'xml' });
  assert.match(list.body, /<ns3:searchResult total="1"/);
  assert.match(list.body, /<ns5:resource id="[0-9a-f-]{36}" name="00:11:22:33:44:55" description="camera">/);
  // A flat customAttributes map is accepted too.
  const flat = await server.request('PUT', `${ENDPOINTS}/${id}`, {
    format: 'xml',
    body: `<ns4:endpoint xmlns:ns4="identity.ers.ise.cisco.com"><customAttributes><entry><key>owner</key><value>IT</value></entry></customAttributes></ns4:endpoint>`,
  });
  assert.equal(flat.status, 200, flat.body);
  assert.match(flat.body, /<ns3:updatedFields[^>]*>\s*<updatedField field="customAttributes">/);
  assert.deepEqual((await getJson(id)).customAttributes, { customAttributes: { owner: 'IT' } });
});

test('PUT merges, reports changes; PATCH returns the object; DELETE 204 then 404', async () => {
  const id = await create({ mac: '02:00:00:00:00:01', description: 'old' });
  const put = await server.request('PUT', `${ENDPOINTS}/${id}`, { body: endpoint({ groupId: ANDROID, staticGroupAssignment: true }) });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [
    { field: 'groupId', oldValue: UNKNOWN, newValue: ANDROID },
    { field: 'staticGroupAssignment', oldValue: 'false', newValue: 'true' },
    { field: 'staticGroupAssignmentDefined', oldValue: 'false', newValue: 'true' },
  ]);
  const e = await getJson(id);
  assert.equal(e.description, 'old', 'fields not sent are kept');
  const macChange = await server.request('PUT', `${ENDPOINTS}/${id}`, { body: endpoint({ mac: '020000000002' }) });
  assert.equal(macChange.status, 200, macChange.body);
  assert.equal((await getJson(id)).name, '02:00:00:00:00:02', 'name follows the MAC');
  const patch = await server.request('PATCH', `${ENDPOINTS}/${id}`, { body: endpoint({ mdmAttributes: { mdmServerName: 'intune', mdmCompliant: undefined, mdmEnrolled: 'true' } }) });
  assert.equal(patch.status, 200, patch.body);
  assert.deepEqual(patch.json().ERSEndPoint.mdmAttributes, { mdmServerName: 'intune', mdmEnrolled: true });
  assert.equal(patch.json().ERSEndPoint.groupId, ANDROID);
  assert.equal((await server.request('DELETE', `${ENDPOINTS}/${id}`)).status, 204);
  assert.equal((await server.request('GET', `${ENDPOINTS}/${id}`)).status, 404);
  assert.equal((await server.request('DELETE', `${ENDPOINTS}/${id}`)).status, 404);
  assert.equal((await server.request('PUT', `${ENDPOINTS}/${id}`, { body: endpoint({ description: 'x' }) })).status, 404);
});

test('bad input on create: ISE status, a title naming the field, nothing stored', async () => {
  await create({ mac: '02:00:00:00:0A:01' });
  const cases: Array<{ fields: Record<string, unknown>; status: number; field: RegExp }> = [
    { fields: { mac: '11:22:33:44:55' }, status: 400, field: /^mac: '11:22:33:44:55' is not a valid MAC/ },
    { fields: { mac: '11:22:33:44:55:6G' }, status: 400, field: /^mac: / },
    { fields: { mac: '11:22-33:44:55:66' }, status: 400, field: /^mac: / },
    { fields: { description: 'no mac' }, status: 400, field: /Mandatory fields missing: \[mac\]/ },
    { fields: { mac: '02:00:00:00:0B:01', groupId: MISSING_GROUP }, status: 400, field: /^groupId: .*does not exist/ },
    { fields: { mac: '02:00:00:00:0B:02', customAttributes: { customAttributes: { colour: 'red' } } }, status: 400, field: /customAttributes: attribute 'colour' is not defined in the endpoint custom attributes/ },
    { fields: { mac: '02:00:00:00:0B:03', customAttributes: { customAttributes: { floor: 'third' } } }, status: 400, field: /customAttributes: value 'third' of 'floor'/ },
    { fields: { mac: '02-00-00-00-0a-01' }, status: 400, field: /MAC address '02:00:00:00:0A:01' already exists/ },
    { fields: { mac: '02:00:00:00:0B:04', description: '<script>' }, status: 400, field: /^description / },
    { fields: { mac: '02:00:00:00:0B:05', profileId: 'printer' }, status: 400, field: /^profileId: / },
  ];
  const before = await total();
  for (const c of cases) {
    for (const format of ['json', 'xml'] as const) {
      const body = format === 'json' ? endpoint(c.fields) : toXml(c.fields);
      const r = await server.request('POST', ENDPOINTS, { body, format });
      assert.equal(r.status, c.status, `${JSON.stringify(c.fields)} ${format}: ${r.body}`);
      if (format === 'json') {
        assert.match(title(r), c.field);
        assert.equal(r.json().ERSResponse.operation, 'POST-create-endpoint');
      } else {
        assert.match(r.body, /<ns3:ersResponse operation="POST-create-endpoint"/);
      }
    }
  }
  assert.equal(await total(), before);
  const unknownField = await server.request('POST', ENDPOINTS, { body: endpoint({ mac: '02:00:00:00:0B:06', colour: 'red' }) });
  assert.equal(unknownField.status, 400);
  assert.match(title(unknownField), /JSON invalidity.*colour/);
});

/** The few fields the bad-input cases use, as an XML body. */
function toXml(fields: Record<string, unknown>): string {
  const attrs = (fields.customAttributes as { customAttributes?: Record<string, string> } | undefined)?.customAttributes;
  const children = Object.entries(fields).filter(([k]) => k !== 'customAttributes' && k !== 'description')
    .map(([k, v]) => `<${k}>${v}</${k}>`).join('');
  const custom = attrs ? `<customAttributes><customAttributes>${Object.entries(attrs).map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`).join('')}</customAttributes></customAttributes>` : '';
  const description = fields.description !== undefined ? ` description="${String(fields.description).replace(/</g, '&lt;').replace(/>/g, '&gt;')}"` : '';
  return `<ns4:endpoint${description} xmlns:ns4="identity.ers.ise.cisco.com">${custom}${children}</ns4:endpoint>`;
}

test('bad input on update: unknown group is ISE\'s 500 CRUD error, others 400; nothing changes', async () => {
  const id = await create({ mac: '02:00:00:00:0C:01', groupId: ANDROID, customAttributes: { customAttributes: { owner: 'A' } } });
  await create({ mac: '02:00:00:00:0C:02' });
  const stored = await getJson(id);
  for (const format of ['json', 'xml'] as const) {
    const body = format === 'json' ? endpoint({ groupId: MISSING_GROUP }) : `<ns4:endpoint xmlns:ns4="identity.ers.ise.cisco.com"><groupId>${MISSING_GROUP}</groupId></ns4:endpoint>`;
    const r = await server.request('PUT', `${ENDPOINTS}/${id}`, { body, format });
    assert.equal(r.status, 500, r.body);
    if (format === 'json') {
      assert.equal(title(r), 'UPDATE: DB internal error during CRUD operation');
      assert.equal(code(r), 'CRUD operation exception');
      assert.equal(r.json().ERSResponse.operation, 'PUT-update-endpoint');
    } else {
      assert.match(r.body, /code="CRUD operation exception"/);
      assert.match(r.body, /<title>UPDATE: DB internal error during CRUD operation<\/title>/);
    }
  }
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ mac: 'zz:22:33:44:55:66' }, /^mac: /],
    [{ mac: '02:00:00:00:0c:02' }, /already exists/],
    [{ customAttributes: { customAttributes: { colour: 'red' } } }, /customAttributes: attribute 'colour'/],
  ];
  for (const [fields, field] of bad) {
    const r = await server.request('PUT', `${ENDPOINTS}/${id}`, { body: endpoint(fields) });
    assert.equal(r.status, 400, r.body);
    assert.match(title(r), field);
  }
  const mismatch = await server.request('PUT', `${ENDPOINTS}/${id}`, { body: endpoint({ id: '00000000-0000-0000-0000-000000000000', description: 'x' }) });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(await getJson(id), stored);
});

test('versioninfo, unsupported methods, unknown ids', async () => {
  const v = (await server.request('GET', `${ENDPOINTS}/versioninfo`)).json().VersionInfo;
  assert.equal(v.currentServerVersion, '1.2');
  assert.equal((await server.request('GET', `${ENDPOINTS}/does-not-exist`)).status, 404);
  const del = await server.request('DELETE', `${ENDPOINTS}/name/11:22:33:44:55:66`);
  assert.equal(del.status, 405, 'no delete by name for endpoints');
  const media = await server.request('GET', ENDPOINTS, { headers: { 'ers-media-type': 'identity.endpoint.1.3' } });
  assert.equal(media.status, 200);
});

test('paging: nextPage links walk every endpoint once; deep pages, previous and repeated pages agree with the walk', async () => {
  const macs: string[] = [];
  for (let i = 0; i < 45; i++) {
    const mac = `02:AB:00:00:00:${i.toString(16).padStart(2, '0').toUpperCase()}`;
    macs.push(mac);
    await create({ mac, description: `d${i % 4}` });
  }
  const filter = 'filter=mac.STARTSW.02:AB';
  for (const sort of ['sortasc=name', 'sortdsc=name', 'sortasc=description', 'sortdsc=description']) {
    const pages: string[][] = [];
    let url: string | undefined = `${ENDPOINTS}?${filter}&${sort}&size=10`;
    for (let guard = 0; url && guard < 20; guard++) {
      const r: { total: number; resources: { name: string }[]; nextPage?: { href: string } } = (await server.request('GET', url)).json().SearchResult;
      assert.equal(r.total, 45);
      pages.push(r.resources.map((e: { name: string }) => e.name));
      url = r.nextPage ? new URL(r.nextPage.href).pathname + new URL(r.nextPage.href).search : undefined;
    }
    assert.equal(pages.length, 5, sort);
    assert.deepEqual(pages.flat().slice().sort(), macs.slice().sort(), `${sort}: every endpoint exactly once`);
    if (sort === 'sortasc=name') assert.deepEqual(pages.flat(), macs);
    // Page 3 again, page 2 (previous of 3), page 4 after a jump: same as the walk.
    for (const p of [3, 2, 5, 4]) {
      const r = (await server.request('GET', `${ENDPOINTS}?${filter}&${sort}&size=10&page=${p}`)).json().SearchResult;
      assert.deepEqual(r.resources.map((e: { name: string }) => e.name), pages[p - 1], `${sort} page ${p}`);
    }
  }
  const past = await server.request('GET', `${ENDPOINTS}?${filter}&size=10&page=6`);
  assert.equal(past.status, 400);
  assert.equal(title(past), 'The page 6 does not exist. Please refine your query.');
  // A new endpoint is counted at once.
  await create({ mac: '02:AB:00:00:01:00' });
  assert.equal((await server.request('GET', `${ENDPOINTS}?${filter}&size=10&page=5`)).json().SearchResult.total, 46);
});
