// Network device groups over real HTTPS, JSON and XML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer } from '../helpers/server.ts';

const NDGS = '/ers/config/networkdevicegroup';
const ALL_LOCATIONS = '70836740-8bff-11e6-996c-525400b48521';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;
const ndg = (fields: Record<string, unknown>) => ({ NetworkDeviceGroup: fields });
const names = async () => ((await server.request('GET', `${NDGS}?size=100`)).json().SearchResult.resources as { name: string }[]).map((g) => g.name);
const create = async (fields: Record<string, unknown>) => {
  const r = await server.request('POST', NDGS, { body: ndg(fields) });
  assert.equal(r.status, 201, r.body);
  return idFromLocation(r);
};

test('built-in groups with fixed ids; othername emitted; /name/ takes : or %23 for #', async () => {
  assert.deepEqual(await names(), [
    'Device Type#All Device Types', 'IPSEC#Is IPSEC Device', 'IPSEC#Is IPSEC Device#No', 'IPSEC#Is IPSEC Device#Yes', 'Location#All Locations',
  ]);
  const loc = (await server.request('GET', `${NDGS}/${ALL_LOCATIONS}`)).json().NetworkDeviceGroup;
  assert.deepEqual(loc, {
    id: ALL_LOCATIONS, name: 'Location#All Locations', description: 'All Locations', othername: 'Location',
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/networkdevicegroup/${ALL_LOCATIONS}`, type: 'application/json' },
  });
  const byColon = await server.request('GET', `${NDGS}/name/Device%20Type:All%20Device%20Types`);
  assert.equal(byColon.json().NetworkDeviceGroup.id, '70c79c30-8bff-11e6-996c-525400b48521');
  const byHash = await server.request('GET', `${NDGS}/name/IPSEC%23Is%20IPSEC%20Device%23No`);
  assert.equal(byHash.json().NetworkDeviceGroup.id, '70f40360-8bff-11e6-996c-525400b48521');
  const xml = await server.request('GET', `${NDGS}/name/Location:All%20Locations`, { format: 'xml' });
  assert.match(xml.body, /<ns4:networkdevicegroup id="70836740-8bff-11e6-996c-525400b48521" name="Location#All Locations" description="All Locations"[^>]*xmlns:ns4="network.ers.ise.cisco.com"/);
  assert.match(xml.body, /<othername>Location<\/othername>/);
  assert.equal((await server.request('GET', `${NDGS}/name/Location:Nowhere`)).status, 404);
});

test('create with othername or ndgtype (JSON and XML), filter by type and name, update, patch, delete', async () => {
  const sf = await create({ name: 'Location#All Locations#SF', description: 'San Francisco', othername: 'Location' });
  const floor = await create({ name: 'Location#All Locations#SF#Floor1', ndgtype: 'Location' });
  const xml = await server.request('POST', NDGS, {
    format: 'xml',
    body: '<ns4:networkdevicegroup name="Device Type#All Device Types#Switches" xmlns:ns4="network.ers.ise.cisco.com"><othername>Device Type</othername></ns4:networkdevicegroup>',
  });
  assert.equal(xml.status, 201, xml.body);
  assert.equal((await server.request('GET', `${NDGS}/${floor}`)).json().NetworkDeviceGroup.othername, 'Location');
  const byType = (await server.request('GET', `${NDGS}?filter=type.EQ.Location&size=100`)).json().SearchResult.resources.map((g: { name: string }) => g.name);
  assert.deepEqual(byType, ['Location#All Locations', 'Location#All Locations#SF', 'Location#All Locations#SF#Floor1']);
  const contains = (await server.request('GET', `${NDGS}?filter=name.contains.${encodeURIComponent('All Locations#SF')}`)).json().SearchResult;
  assert.equal(contains.total, 2);
  const put = await server.request('PUT', `${NDGS}/${floor}`, { body: ndg({ name: 'Location#All Locations#SF#Floor2' }) });
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [
    { field: 'name', oldValue: 'Location#All Locations#SF#Floor1', newValue: 'Location#All Locations#SF#Floor2' },
  ]);
  const patch = await server.request('PATCH', `${NDGS}/${floor}`, { body: ndg({ description: 'second floor' }) });
  assert.equal(patch.json().NetworkDeviceGroup.description, 'second floor');
  assert.equal((await server.request('GET', `${NDGS}/name/Location:All%20Locations:SF:Floor2`)).json().NetworkDeviceGroup.id, floor);
  assert.equal((await server.request('DELETE', `${NDGS}/${floor}`)).status, 204);
  assert.equal((await server.request('DELETE', `${NDGS}/${sf}`)).status, 204);
  assert.equal((await server.request('GET', `${NDGS}/${sf}`)).status, 404);
});

test('a custom type gets one top group', async () => {
  await create({ name: 'Stage#All Stages', othername: 'Stage' });
  await create({ name: 'Stage#All Stages#Pilot', othername: 'Stage' });
  const second = await server.request('POST', NDGS, { body: ndg({ name: 'Stage#Other Stages', othername: 'Stage' }) });
  assert.equal(second.status, 400);
  assert.match(title(second), /^name: the type 'Stage' already has the top group 'Stage#All Stages'/);
});

test('bad input: missing othername, mismatched type, missing parent, bad names, duplicates; nothing stored', async () => {
  const before = await names();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ name: 'Location#All Locations#NY' }, /^Validation Error - Mandatory fields missing: \[othername\]$/],
    [{ name: 'Location#All Locations#NY', othername: 'Device Type' }, /^othername: 'Device Type' does not match the type 'Location'/],
    [{ name: 'Location#All Locations#Nowhere#Room', othername: 'Location' }, /^name: parent group 'Location#All Locations#Nowhere' does not exist/],
    [{ name: 'Location', othername: 'Location' }, /^name 'Location' must be a full path/],
    [{ name: 'Location#All Locations#a:b', othername: 'Location' }, /must not contain ':'/],
    [{ name: 'Location#All Locations#<x>', othername: 'Location' }, /contains characters that are not allowed/],
    [{ name: 'Location#All Locations##x', othername: 'Location' }, /empty level/],
    [{ name: 'IPSEC#Is IPSEC Device#No', othername: 'IPSEC' }, /already exists/],
    [{ name: 'Location#All Locations', othername: 'Location' }, /already has the top group/],
  ];
  for (const [fields, field] of cases) {
    for (const format of ['json', 'xml'] as const) {
      const esc = (s: unknown) => String(s).replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const body = format === 'json' ? ndg(fields)
        : `<ns4:networkdevicegroup name="${esc(fields.name)}" xmlns:ns4="network.ers.ise.cisco.com">${fields.othername ? `<othername>${fields.othername}</othername>` : ''}</ns4:networkdevicegroup>`;
      const r = await server.request('POST', NDGS, { body, format });
      assert.equal(r.status, 400, `${JSON.stringify(fields)} ${format}: ${r.body}`);
      if (format === 'json') assert.match(title(r), field);
      else assert.match(r.body, /<ns3:ersResponse operation="POST-create-networkdevicegroup"/);
    }
  }
  assert.deepEqual(await names(), before);
});

test('built-in groups, groups with children and groups used by devices cannot be deleted or renamed', async () => {
  for (const format of ['json', 'xml'] as const) {
    const sys = await server.request('DELETE', `${NDGS}/${ALL_LOCATIONS}`, { format });
    assert.equal(sys.status, 400);
    if (format === 'json') assert.match(title(sys), /system group/);
    else assert.match(sys.body, /system group/);
  }
  const rename = await server.request('PUT', `${NDGS}/${ALL_LOCATIONS}`, { body: ndg({ name: 'Location#Everywhere' }) });
  assert.equal(rename.status, 400);
  const parent = await create({ name: 'Location#All Locations#Berlin', othername: 'Location' });
  const child = await create({ name: 'Location#All Locations#Berlin#Mitte', othername: 'Location' });
  const withChild = await server.request('DELETE', `${NDGS}/${parent}`);
  assert.equal(withChild.status, 400);
  assert.match(title(withChild), /1 child group/);
  const renameParent = await server.request('PUT', `${NDGS}/${parent}`, { body: ndg({ name: 'Location#All Locations#Bonn' }) });
  assert.equal(renameParent.status, 400);
  const device = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'mitte-sw', NetworkDeviceIPList: [{ ipaddress: '10.99.0.1', mask: 32 }], NetworkDeviceGroupList: ['Location#All Locations#Berlin#Mitte'] } },
  });
  assert.equal(device.status, 201, device.body);
  const used = await server.request('DELETE', `${NDGS}/${child}`);
  assert.equal(used.status, 400);
  assert.match(title(used), /assigned to 1 network device/);
  assert.equal((await server.request('GET', `${NDGS}/${child}`)).status, 200);
  assert.equal((await server.request('DELETE', `/ers/config/networkdevice/${idFromLocation(device)}`)).status, 204);
  assert.equal((await server.request('DELETE', `${NDGS}/${child}`)).status, 204);
  assert.equal((await server.request('DELETE', `${NDGS}/${parent}`)).status, 204);
});
