// Internal users over real HTTPS, JSON and XML, as ISE clients use them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';

const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
const ALL_ACCOUNTS = 'a176c430-8c01-11e6-996c-525400b48521';
const USERS = '/ers/config/internaluser';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const user = (name: string, extra: Record<string, unknown> = {}) => ({ InternalUser: { name, password: 'Gatehouse1', ...extra } });
const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await server.request('POST', USERS, { body: user(name, extra) });
  assert.equal(r.status, 201, r.body);
  return idFromLocation(r);
};
const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;
const count = async () => (await server.request('GET', `${USERS}?size=1`)).json().SearchResult.total as number;

test('create answers 201, empty body, absolute Location; GET returns the ISE shape with masked secrets', async () => {
  const r = await server.request('POST', USERS, {
    body: user('jdoe', {
      description: 'Contractor', email: 'jdoe@example.com', firstName: 'John', lastName: 'Doe', enablePassword: 'Enable123x',
      identityGroups: EMPLOYEE, changePassword: false, enabled: 'true', id: '', customAttributes: {},
    }),
  });
  assert.equal(r.status, 201);
  assert.equal(r.body, '');
  assert.match(String(r.headers['content-type']), /application\/json/);
  assert.match(String(r.headers.location), new RegExp(`^https://127\\.0\\.0\\.1:${server.ports.ers}/ers/config/internaluser/[0-9a-f-]{36}$`));
  const id = idFromLocation(r);
  const got = await server.request('GET', `${USERS}/${id}`);
  assert.equal(got.status, 200);
  assert.match(String(got.headers.etag), /^"[0-9A-F]{32}"$/);
  const u = got.json().InternalUser;
  assert.equal(u.id, id);
  assert.equal(u.name, 'jdoe');
  assert.equal(u.password, '*******');
  assert.equal(u.enablePassword, '*******');
  assert.equal(u.identityGroups, EMPLOYEE);
  assert.equal(u.enabled, true);
  assert.equal(u.changePassword, false);
  assert.equal(u.passwordIDStore, 'Internal Users');
  assert.deepEqual(u.customAttributes, {});
  assert.deepEqual(u.link, { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/internaluser/${id}`, type: 'application/json' });
  assert.ok(!got.body.includes('Gatehouse1') && !got.body.includes('Enable123x'));
  const byName = await server.request('GET', `${USERS}/name/jdoe`);
  assert.equal(byName.json().InternalUser.id, id);
});

test('XML create and read use ISE namespaces, attributes and prefixes', async () => {
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ns3:internaluser name="xmluser" description="from xml" xmlns:ns2="ers.ise.cisco.com" xmlns:ns3="identity.ers.ise.cisco.com">
  <customAttributes/>
  <enabled>false</enabled>
  <firstName>X</firstName>
  <identityGroups>${EMPLOYEE},${ALL_ACCOUNTS}</identityGroups>
  <password>Xmlpass99</password>
</ns3:internaluser>`;
  const r = await server.request('POST', USERS, { body, format: 'xml' });
  assert.equal(r.status, 201, r.body);
  const id = idFromLocation(r);
  const got = await server.request('GET', `${USERS}/${id}`, { format: 'xml' });
  assert.equal(got.status, 200);
  assert.match(String(got.headers['content-type']), /application\/xml/);
  assert.match(got.body, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>/);
  assert.match(got.body, new RegExp(`<ns4:internaluser id="${id}" name="xmluser" description="from xml"`));
  assert.match(got.body, /xmlns:ns4="identity.ers.ise.cisco.com"/);
  assert.match(got.body, /<link rel="self" href="[^"]+" type="application\/xml"\/>/);
  assert.match(got.body, /<enabled>false<\/enabled>/);
  assert.match(got.body, /<password>\*\*\*\*\*\*\*<\/password>/);
  assert.match(got.body, new RegExp(`<identityGroups>${EMPLOYEE},${ALL_ACCOUNTS}</identityGroups>`));
  const list = await server.request('GET', `${USERS}?filter=name.EQ.xmluser`, { format: 'xml' });
  assert.match(list.body, /<ns3:searchResult total="1"/);
  assert.match(list.body, new RegExp(`<ns5:resource id="${id}" name="xmluser" description="from xml">`));
});

test('no Accept header answers XML; unsupported Accept or Content-Type is 415', async () => {
  const r = await server.request('GET', `${USERS}/name/jdoe`, { headers: { accept: '' } });
  assert.match(String(r.headers['content-type']), /xml/);
  const html = await server.request('GET', USERS, { headers: { accept: 'text/html' } });
  assert.equal(html.status, 415);
  assert.equal(html.json().ERSResponse.messages[0].code, 'Media type exception');
  const plain = await server.request('POST', USERS, { body: 'name=x', headers: { 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415);
});

test('ERS-Media-Type: supported versions pass, others are 415 Version exception', async () => {
  const ok = await server.request('GET', `${USERS}/name/jdoe`, { headers: { 'ers-media-type': 'identity.internaluser.1.1' } });
  assert.equal(ok.status, 200);
  const bad = await server.request('GET', `${USERS}/name/jdoe`, { headers: { 'ers-media-type': 'identity.internaluser.9.9' } });
  assert.equal(bad.status, 415);
  assert.equal(bad.json().ERSResponse.messages[0].code, 'Version exception');
});

test('versioninfo', async () => {
  const r = await server.request('GET', `${USERS}/versioninfo`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json().VersionInfo.currentServerVersion, '1.2');
  assert.deepEqual(r.json().VersionInfo.supportedVersions, '1.0,1.1,1.2');
  const x = await server.request('GET', `${USERS}/versioninfo`, { format: 'xml' });
  assert.match(x.body, /<currentServerVersion>1.2<\/currentServerVersion>/);
});

test('password policy violations are 400 with a title naming the Password; nothing is stored', async () => {
  const before = await count();
  for (const [pw, why] of [['abc', /Password/], ['alllowercase1', /Password/], ['Cisco123x', /Password/], ['Pwuser9xy', /Password/]]) {
    const r = await server.request('POST', USERS, { body: user('pwuser', { password: pw }) });
    assert.equal(r.status, 400, `${pw}: ${r.body}`);
    assert.match(title(r), why as RegExp);
    assert.equal(r.json().ERSResponse.operation, 'POST-create-internaluser');
    assert.equal(r.json().ERSResponse.link.type, 'application/xml');
    assert.equal(r.json().ERSResponse.link.href, `https://127.0.0.1:${server.ports.ers}/ers/config/internaluser`);
  }
  const missing = await server.request('POST', USERS, { body: { InternalUser: { name: 'nopw' } } });
  assert.equal(missing.status, 400);
  assert.match(title(missing), /Mandatory fields missing: \[Password\]/);
  assert.equal(await count(), before);
});

test('duplicate name, unknown group id, bad date, bad e-mail, bad name are 400 and change nothing', async () => {
  const before = await count();
  const cases: [Record<string, unknown>, RegExp, string?][] = [
    [{}, /already exists/, 'jdoe'],
    [{ identityGroups: '00000000-0000-0000-0000-000000000000' }, /identityGroups.*does not exist/],
    [{ expiryDateEnabled: true, expiryDate: '2026-13-40' }, /expiryDate/],
    [{ email: 'not-an-email' }, /email/],
    [{}, /not allowed/, 'bad<name>'],
    [{}, /Mandatory fields missing: \[Name\]/, ''],
  ];
  for (const [extra, re, name] of cases) {
    const r = await server.request('POST', USERS, { body: user(name ?? 'newuser', extra) });
    assert.equal(r.status, 400, r.body);
    assert.match(title(r), re);
    assert.equal(r.json().ERSResponse.messages[0].code, 'Application resource validation exception');
  }
  assert.equal(await count(), before);
});

test('malformed bodies: bad JSON, unknown property, missing wrapper, wrong type, DOCTYPE XML, bad XML, oversized', async () => {
  const before = await count();
  const bad = async (body: string, format: 'json' | 'xml', re: RegExp, status = 400) => {
    const r = await server.request('POST', USERS, { body, format });
    assert.equal(r.status, status, r.body);
    if (format === 'json') assert.match(title(r), re);
    else assert.match(r.body, re);
  };
  await bad('{"InternalUser": {', 'json', /Invalid JSON/);
  await bad('{"InternalUser":{"name":"x","password":"Gatehouse1","nosuch":1}}', 'json', /JSON invalidity: please if properties names are correct: Unrecognized field "nosuch"/);
  await bad('{"name":"x","password":"Gatehouse1"}', 'json', /Root name 'name' does not match expected \('InternalUser'\)/);
  await bad('{"InternalUser":{"name":"x","password":"Gatehouse1","enabled":"maybe"}}', 'json', /enabled/);
  await bad('{"InternalUser":{"name":"x","password":"Gatehouse1","customAttributes":[1]}}', 'json', /customAttributes/);
  await bad('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ns3:internaluser name="x"><password>&e;</password></ns3:internaluser>', 'xml', /<ns3:ersResponse[\s\S]*DOCTYPE or ENTITY/);
  await bad('<ns3:internaluser name="x"><password>Gatehouse1</ns3:internaluser>', 'xml', /Invalid XML/);
  await bad('<ns3:endpoint name="x"/>', 'xml', /does not match expected/);
  const huge = JSON.stringify(user('huge', { description: 'x'.repeat(6 * 1024 * 1024) }));
  await bad(huge, 'json', /larger than the allowed limit/, 413);
  assert.equal(await count(), before);
});

test('PUT overlays the given fields, reports UpdatedFieldsList, keeps the password when absent or masked', async () => {
  const id = await create('putuser', { firstName: 'Old', description: 'd1' });
  const r = await server.request('PUT', `${USERS}/${id}`, { body: { InternalUser: { description: 'New description', password: '*******' } } });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json(), { UpdatedFieldsList: { updatedField: [{ field: 'description', oldValue: 'd1', newValue: 'New description' }] } });
  const u = (await server.request('GET', `${USERS}/${id}`)).json().InternalUser;
  assert.equal(u.firstName, 'Old');
  assert.equal(u.description, 'New description');
  const pw = await server.request('PUT', `${USERS}/${id}`, { body: { InternalUser: { password: 'Changed12' } } });
  assert.deepEqual(pw.json().UpdatedFieldsList.updatedField, [{ field: 'password', oldValue: '*******', newValue: '*******' }]);
  const none = await server.request('PUT', `${USERS}/${id}`, { body: { InternalUser: { firstName: 'Old' } } });
  assert.deepEqual(none.json(), { UpdatedFieldsList: { updatedField: [] } });
  const xml = await server.request('PUT', `${USERS}/${id}`, { format: 'xml', body: '<ns4:internaluser xmlns:ns4="identity.ers.ise.cisco.com" description="via xml"/>' });
  assert.equal(xml.status, 200);
  assert.match(xml.body, /<ns3:updatedFields[\s\S]*<updatedField field="description">[\s\S]*<newValue>via xml<\/newValue>/);
});

test('PUT with a mismatched body id is 400; unknown id is 404; a bad update changes nothing', async () => {
  const id = await create('mismatch');
  const r = await server.request('PUT', `${USERS}/${id}`, { body: { InternalUser: { id: '11111111-1111-1111-1111-111111111111', description: 'x' } } });
  assert.equal(r.status, 400);
  const nf = await server.request('PUT', `${USERS}/11111111-1111-1111-1111-111111111111`, { body: { InternalUser: { description: 'x' } } });
  assert.equal(nf.status, 404);
  assert.equal(nf.json().ERSResponse.operation, 'PUT-update-internaluser');
  const badPw = await server.request('PUT', `${USERS}/${id}`, { body: { InternalUser: { description: 'changed', password: 'short' } } });
  assert.equal(badPw.status, 400);
  assert.equal((await server.request('GET', `${USERS}/${id}`)).json().InternalUser.description, undefined);
});

test('PUT, PATCH and DELETE by name', async () => {
  await create('byname');
  const put = await server.request('PUT', `${USERS}/name/byname`, { body: { InternalUser: { lastName: 'L' } } });
  assert.equal(put.status, 200);
  const patch = await server.request('PATCH', `${USERS}/name/byname`, { body: { InternalUser: { firstName: 'F' } } });
  assert.equal(patch.status, 200);
  const u = patch.json().InternalUser;
  assert.equal(u.firstName, 'F');
  assert.equal(u.lastName, 'L');
  const del = await server.request('DELETE', `${USERS}/name/byname`);
  assert.equal(del.status, 204);
  assert.equal(del.body, '');
  assert.equal((await server.request('GET', `${USERS}/name/byname`)).status, 404);
  assert.equal((await server.request('DELETE', `${USERS}/name/byname`)).status, 404);
});

test('PATCH by id returns the full object; DELETE by id 204 then 404; malformed id is 404', async () => {
  const id = await create('patchme');
  const r = await server.request('PATCH', `${USERS}/${id}`, { body: { InternalUser: { enabled: false } } });
  assert.equal(r.status, 200);
  assert.equal(r.json().InternalUser.enabled, false);
  assert.equal(r.json().InternalUser.name, 'patchme');
  assert.equal((await server.request('DELETE', `${USERS}/${id}`)).status, 204);
  assert.equal((await server.request('GET', `${USERS}/${id}`)).status, 404);
  const bad = await server.request('GET', `${USERS}/99999999-99999999`);
  assert.equal(bad.status, 404);
  assert.equal(bad.json().ERSResponse.messages[0].code, 'Resource not found exception');
});

test('search: every operator, AND/OR, enabled Enabled/Disabled, identityGroup by name, sorting', async () => {
  for (const [name, first, grp] of [['s-alpha', 'Ann', EMPLOYEE], ['s-beta', 'Bob', ALL_ACCOUNTS], ['s-gamma', 'Cid', EMPLOYEE], ['t-delta', 'Dee', '']] as const) {
    await create(name, { firstName: first, identityGroups: grp, enabled: name !== 's-beta', description: `desc ${name}` });
  }
  const names = async (q: string) =>
    (await server.request('GET', `${USERS}?size=100&${q}`)).json().SearchResult.resources.map((r: { name: string }) => r.name) as string[];
  assert.deepEqual(await names('filter=name.EQ.s-alpha'), ['s-alpha']);
  assert.deepEqual(await names('filter=name.STARTSW.s-'), ['s-alpha', 's-beta', 's-gamma']);
  assert.deepEqual(await names('filter=name.STARTW.s-&filter=name.NEQ.s-beta'), ['s-alpha', 's-gamma']);
  assert.deepEqual(await names('filter=name.ENDSW.ta'), ['s-beta', 't-delta']);
  assert.deepEqual(await names('filter=name.CONTAINS.amm'), ['s-gamma']);
  assert.deepEqual(await names('filter=name.NCONTAINS.-&filter=name.STARTSW.s'), []);
  assert.deepEqual(await names('filter=name.NSTARTSW.s-&filter=name.NENDSW.ta&filter=name.CONTAINS.-'), []);
  assert.deepEqual(await names('filter=firstName.EQ.ann&filter=firstName.EQ.Dee&filtertype=or'), ['s-alpha', 't-delta']);
  assert.deepEqual(await names('filter=firstName.EQ.Ann&filter=firstName.EQ.Dee&filterType=OR'), ['s-alpha', 't-delta']);
  assert.deepEqual(await names('filter=firstName.GT.C&filter=name.CONTAINS.-'), ['s-gamma', 't-delta']);
  assert.deepEqual(await names('filter=firstName.LT.B&filter=name.CONTAINS.-'), ['s-alpha']);
  assert.deepEqual(await names('filter=enabled.EQ.Disabled&filter=name.CONTAINS.-'), ['s-beta']);
  assert.deepEqual(await names('filter=identityGroup.EQ.Employee&filter=name.CONTAINS.-'), ['s-alpha', 's-gamma']);
  assert.deepEqual(await names(`filter=identityGroup.EQ.${ALL_ACCOUNTS}&filter=name.CONTAINS.-`), ['s-beta']);
  assert.deepEqual(await names('filter=identityGroup.EQ.NoSuchGroup'), []);
  assert.deepEqual(await names('filter=description.CONTAINS.desc&sortdsc=name'), ['t-delta', 's-gamma', 's-beta', 's-alpha']);
  const bad = await server.request('GET', `${USERS}?filter=password.EQ.x`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json().ERSResponse.messages[0].code, 'Query validation exception');
  assert.equal((await server.request('GET', `${USERS}?sortasc=email`)).status, 400);
  assert.equal((await server.request('GET', `${USERS}?size=101`)).status, 400);
});

test('paging: nextPage/previousPage only when they exist, absolute, params kept, page last; past the end is 400', async () => {
  for (let i = 0; i < 5; i++) await create(`page-${i}`);
  const url = `${USERS}?filter=name.STARTSW.page-&size=2`;
  const p1 = (await server.request('GET', url)).json().SearchResult;
  assert.equal(p1.total, 5);
  assert.equal(p1.resources.length, 2);
  assert.equal(p1.previousPage, undefined);
  assert.equal(p1.nextPage.rel, 'next');
  assert.equal(p1.nextPage.href, `https://127.0.0.1:${server.ports.ers}/ers/config/internaluser?filter=name.STARTSW.page-&size=2&page=2`);
  const seen: string[] = p1.resources.map((r: { name: string }) => r.name);
  let next = p1.nextPage?.href as string | undefined;
  let pages = 1;
  while (next) {
    const page = (await server.request('GET', new URL(next).pathname + new URL(next).search)).json().SearchResult;
    assert.equal(page.previousPage.rel, 'previous');
    seen.push(...page.resources.map((r: { name: string }) => r.name));
    next = page.nextPage?.href;
    pages++;
  }
  assert.equal(pages, 3);
  assert.deepEqual(seen, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  const past = await server.request('GET', `${USERS}?filter=name.STARTSW.page-&size=2&page=4`);
  assert.equal(past.status, 400);
  assert.equal(title(past), 'The page 4 does not exist. Please refine your query.');
  assert.equal(past.json().ERSResponse.messages[0].code, 'Page not exists exception');
  const empty = (await server.request('GET', `${USERS}?filter=name.EQ.nobody-here`)).json().SearchResult;
  assert.deepEqual(empty, { total: 0, resources: [] });
});

test('trailing slash and percent-encoded names work; the HTTPS port serves ERS with its own host in links', async () => {
  await create('John Smith');
  assert.equal((await server.request('GET', `${USERS}/`)).status, 200);
  const r = await server.request('GET', `${USERS}/name/John%20Smith`, { port: 'https' });
  assert.equal(r.status, 200);
  assert.match(r.json().InternalUser.link.href, new RegExp(`^https://127\\.0\\.0\\.1:${server.ports.https}/ers/config/internaluser/`));
});

test('custom attributes must be defined', async () => {
  const r = await server.request('POST', USERS, { body: user('attruser', { customAttributes: { Department: 'EN' } }) });
  assert.equal(r.status, 400);
  assert.match(title(r), /customAttributes: attribute 'Department' is not defined/);
});

test('unsupported method on an existing path is 405 with Allow', async () => {
  const r = await server.request('POST', `${USERS}/versioninfo`, { body: {} });
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET');
  assert.equal(r.json().ERSResponse.messages[0].code, 'Unsupported method exception');
});
