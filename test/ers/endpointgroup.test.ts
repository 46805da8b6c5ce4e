// Endpoint identity groups over real HTTPS, JSON and XML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';

const GROUPS = '/ers/config/endpointgroup';
const UNKNOWN = 'aa0e8b20-8bff-11e6-996c-525400b48521';
const PROFILED = 'aa10ae00-8bff-11e6-996c-525400b48521';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;
const group = (fields: Record<string, unknown>) => ({ EndPointGroup: fields });
const total = async () => (await server.request('GET', `${GROUPS}?size=1`)).json().SearchResult.total as number;

test('18 built-in groups with fixed ids; Android first by name; system flags', async () => {
  const first = (await server.request('GET', `${GROUPS}?size=1&page=1`)).json().SearchResult;
  assert.equal(first.total, 18);
  assert.equal(first.resources[0].name, 'Android');
  assert.equal(first.resources[0].id, 'ffa36b00-8bff-11e6-996c-525400b48521');
  assert.equal(first.resources[0].description, 'Identity Group for Profile: Android');
  const all = (await server.request('GET', `${GROUPS}?size=100`)).json().SearchResult.resources as { id: string; name: string }[];
  const ids = new Map(all.map((g) => [g.name, g.id]));
  assert.equal(ids.get('Blocked List'), 'aa000c30-8bff-11e6-996c-525400b48521');
  assert.equal(ids.get('GuestEndpoints'), 'aa178bd0-8bff-11e6-996c-525400b48521');
  assert.equal(ids.get('RegisteredDevices'), 'aa13bb40-8bff-11e6-996c-525400b48521');
  assert.equal(ids.get('Workstation'), '3b76f840-8c00-11e6-996c-525400b48521');
  for (const id of ids.values()) assert.match(id, /-11e6-996c-525400b48521$/);
  const unknown = (await server.request('GET', `${GROUPS}/${UNKNOWN}`)).json().EndPointGroup;
  assert.deepEqual(unknown, {
    id: UNKNOWN, name: 'Unknown', description: 'Unknown Identity Group', systemDefined: true,
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/endpointgroup/${UNKNOWN}`, type: 'application/json' },
  });
  const android = (await server.request('GET', `${GROUPS}/name/Android`)).json().EndPointGroup;
  assert.equal(android.parentId, PROFILED);
  const blocked = await server.request('GET', `${GROUPS}/name/Blocked%20List`, { format: 'xml' });
  assert.match(blocked.body, /<ns4:endpointgroup id="aa000c30-8bff-11e6-996c-525400b48521" name="Blocked List" description="Blocked List Identity Group"/);
  assert.match(blocked.body, /<systemDefined>true<\/systemDefined>/);
});

test('create (JSON and XML), update, patch, delete', async () => {
  const r = await server.request('POST', GROUPS, { body: group({ name: 'Printers', description: 'all printers', systemDefined: true }) });
  assert.equal(r.status, 201, r.body);
  const id = idFromLocation(r);
  const g = (await server.request('GET', `${GROUPS}/${id}`)).json().EndPointGroup;
  assert.equal(g.systemDefined, false, 'systemDefined is read-only');
  assert.equal('parentId' in g, false);
  const put = await server.request('PUT', `${GROUPS}/${id}`, { body: group({ name: 'Printers2', parentId: PROFILED }) });
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [
    { field: 'name', oldValue: 'Printers', newValue: 'Printers2' },
    { field: 'parentId', newValue: PROFILED },
  ]);
  const patch = await server.request('PATCH', `${GROUPS}/${id}`, { body: group({ description: 'patched' }) });
  assert.equal(patch.json().EndPointGroup.description, 'patched');
  assert.equal(patch.json().EndPointGroup.parentId, PROFILED);
  const xml = await server.request('POST', GROUPS, {
    format: 'xml', body: '<ns4:endpointgroup name="Cameras" description="x" xmlns:ns4="identity.ers.ise.cisco.com"/>',
  });
  assert.equal(xml.status, 201, xml.body);
  const list = await server.request('GET', `${GROUPS}?filter=name.EQ.cameras`, { format: 'xml' });
  assert.match(list.body, /<ns5:resource id="[0-9a-f-]{36}" name="Cameras" description="x">/);
  assert.equal((await server.request('DELETE', `${GROUPS}/${id}`)).status, 204);
  assert.equal((await server.request('GET', `${GROUPS}/${id}`)).status, 404);
});

test('bad input: duplicate name, forbidden characters, unknown parent; nothing stored', async () => {
  const before = await total();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ name: 'Unknown' }, /already exists/],
    [{ name: 'bad<name>' }, /^name 'bad<name>' contains characters that are not allowed/],
    [{ name: 'semi;colon' }, /^name /],
    [{ description: 'no name' }, /Mandatory fields missing: \[name\]/],
    [{ name: 'Orphan', parentId: '00000000-0000-0000-0000-000000000000' }, /^parentId: /],
  ];
  for (const [fields, field] of cases) {
    for (const format of ['json', 'xml'] as const) {
      const body = format === 'json' ? group(fields)
        : `<ns4:endpointgroup ${fields.name !== undefined ? `name="${String(fields.name).replace(/</g, '&lt;').replace(/>/g, '&gt;')}"` : ''} xmlns:ns4="identity.ers.ise.cisco.com">${fields.parentId ? `<parentId>${fields.parentId}</parentId>` : ''}</ns4:endpointgroup>`;
      const r = await server.request('POST', GROUPS, { body, format });
      assert.equal(r.status, 400, `${JSON.stringify(fields)} ${format}: ${r.body}`);
      if (format === 'json') assert.match(title(r), field);
      else assert.match(r.body, /<title>/);
    }
  }
  assert.equal(await total(), before);
});

test('built-in groups and groups with members or children cannot be deleted (400); built-ins cannot be renamed', async () => {
  for (const format of ['json', 'xml'] as const) {
    const sys = await server.request('DELETE', `${GROUPS}/${UNKNOWN}`, { format });
    assert.equal(sys.status, 400);
    if (format === 'json') {
      assert.match(title(sys), /system group/);
      assert.equal(sys.json().ERSResponse.messages[0].code, 'Application resource validation exception');
    } else {
      assert.match(sys.body, /system group/);
    }
  }
  const rename = await server.request('PUT', `${GROUPS}/${UNKNOWN}`, { body: group({ name: 'Mystery' }) });
  assert.equal(rename.status, 400);
  assert.equal((await server.request('GET', `${GROUPS}/${UNKNOWN}`)).json().EndPointGroup.name, 'Unknown');

  const g = idFromLocation(await server.request('POST', GROUPS, { body: group({ name: 'WithMembers' }) }));
  const e = await server.request('POST', '/ers/config/endpoint', { body: { ERSEndPoint: { mac: '02:00:00:00:EE:01', groupId: g, staticGroupAssignment: true } } });
  assert.equal(e.status, 201, e.body);
  const del = await server.request('DELETE', `${GROUPS}/${g}`);
  assert.equal(del.status, 400);
  assert.match(title(del), /has 1 endpoint/);
  assert.equal((await server.request('GET', `${GROUPS}/${g}`)).status, 200);

  const child = idFromLocation(await server.request('POST', GROUPS, { body: group({ name: 'Child', parentId: g }) }));
  await server.request('DELETE', `/ers/config/endpoint/${idFromLocation(e)}`);
  const parentDel = await server.request('DELETE', `${GROUPS}/${g}`);
  assert.equal(parentDel.status, 400);
  assert.match(title(parentDel), /parent of 1 endpoint group/);
  assert.equal((await server.request('DELETE', `${GROUPS}/${child}`)).status, 204);
  assert.equal((await server.request('DELETE', `${GROUPS}/${g}`)).status, 204);
});
