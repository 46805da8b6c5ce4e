// User identity groups over real HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';

const GROUPS = '/ers/config/identitygroup';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;

test('built-in groups exist with their fixed ids and exact descriptions', async () => {
  const all = (await server.request('GET', `${GROUPS}?size=100`)).json().SearchResult;
  assert.equal(all.total, 8);
  const byName = new Map(all.resources.map((g: { name: string; id: string; description: string }) => [g.name, g]));
  assert.deepEqual(byName.get('ALL_ACCOUNTS (default)'), {
    id: 'a176c430-8c01-11e6-996c-525400b48521', name: 'ALL_ACCOUNTS (default)', description: 'Default ALL_ACCOUNTS (default) User Group',
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/identitygroup/a176c430-8c01-11e6-996c-525400b48521`, type: 'application/json' },
  });
  const emp = (await server.request('GET', `${GROUPS}/${EMPLOYEE}`)).json().IdentityGroup;
  assert.equal(emp.description, 'Default Employee User Group');
  assert.equal(emp.parent, 'NAC Group:NAC:IdentityGroups:User Identity Groups');
  const weekly = await server.request('GET', `${GROUPS}/name/GuestType_Weekly%20(default)`);
  assert.equal(weekly.json().IdentityGroup.id, '9efe2310-8c01-11e6-996c-525400b48521');
  assert.equal(weekly.json().IdentityGroup.description, 'Identity group mirroring the guest type ');
});

test('create (parent defaulted), update, patch, delete', async () => {
  const r = await server.request('POST', GROUPS, { body: { IdentityGroup: { name: 'Contractors', description: 'outside staff' } } });
  assert.equal(r.status, 201, r.body);
  const id = idFromLocation(r);
  const g = (await server.request('GET', `${GROUPS}/${id}`)).json().IdentityGroup;
  assert.equal(g.parent, 'NAC Group:NAC:IdentityGroups:User Identity Groups');
  const put = await server.request('PUT', `${GROUPS}/${id}`, { body: { IdentityGroup: { name: 'Contractors2', id } } });
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [{ field: 'name', oldValue: 'Contractors', newValue: 'Contractors2' }]);
  const patch = await server.request('PATCH', `${GROUPS}/${id}`, { body: { IdentityGroup: { description: 'patched' } } });
  assert.equal(patch.json().IdentityGroup.description, 'patched');
  assert.equal(patch.json().IdentityGroup.name, 'Contractors2');
  assert.equal((await server.request('DELETE', `${GROUPS}/${id}`)).status, 204);
  assert.equal((await server.request('GET', `${GROUPS}/${id}`)).status, 404);
});

test('XML create and search', async () => {
  const r = await server.request('POST', GROUPS, {
    format: 'xml',
    body: '<ns4:identitygroup name="XmlGroup" description="x" xmlns:ns4="identity.ers.ise.cisco.com"><parent>NAC Group:NAC:IdentityGroups:User Identity Groups</parent></ns4:identitygroup>',
  });
  assert.equal(r.status, 201, r.body);
  const list = await server.request('GET', `${GROUPS}?filter=name.EQ.XmlGroup`, { format: 'xml' });
  assert.match(list.body, /<ns5:resource id="[0-9a-f-]{36}" name="XmlGroup" description="x">/);
});

test('duplicate name and wrong parent are 400', async () => {
  const dup = await server.request('POST', GROUPS, { body: { IdentityGroup: { name: 'Employee' } } });
  assert.equal(dup.status, 400);
  assert.match(title(dup), /already exists/);
  const parent = await server.request('POST', GROUPS, { body: { IdentityGroup: { name: 'P', parent: 'Something else' } } });
  assert.equal(parent.status, 400);
  assert.match(title(parent), /parent/);
});

test('a group in use or built in cannot be deleted; built-ins cannot be renamed', async () => {
  const g = idFromLocation(await server.request('POST', GROUPS, { body: { IdentityGroup: { name: 'InUse' } } }));
  const u = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'member1', password: 'Gatehouse1', identityGroups: g } } });
  assert.equal(u.status, 201, u.body);
  const del = await server.request('DELETE', `${GROUPS}/${g}`);
  assert.equal(del.status, 400);
  assert.match(title(del), /assigned to 1 internal user/);
  assert.equal((await server.request('GET', `${GROUPS}/${g}`)).status, 200);
  const sys = await server.request('DELETE', `${GROUPS}/${EMPLOYEE}`);
  assert.equal(sys.status, 400);
  assert.match(title(sys), /system group/);
  const rename = await server.request('PUT', `${GROUPS}/${EMPLOYEE}`, { body: { IdentityGroup: { name: 'Staff' } } });
  assert.equal(rename.status, 400);
  // Removing the member frees the group.
  await server.request('DELETE', '/ers/config/internaluser/name/member1');
  assert.equal((await server.request('DELETE', `${GROUPS}/${g}`)).status, 204);
});

test('no PUT/DELETE by name (405)', async () => {
  const r = await server.request('DELETE', `${GROUPS}/name/Employee`);
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET');
});
