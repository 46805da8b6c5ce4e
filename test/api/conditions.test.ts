// The network-access policy OpenAPI over real HTTPS: library conditions,
// time-and-date and network conditions, dictionaries and the lookup lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer, type Response } from '../helpers/server.ts';

const API = '/api/v1/policy/network-access';
const DEFAULT_SET = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';
const WIRED_MAB = 'ad947f38-7063-4da2-8723-652e0ca2ea42';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const call = (method: string, path: string, body?: unknown) =>
  server.request(method, `${API}/${path}`, { port: 'https', ...(body !== undefined && { body: body as object }) });
const response = (r: Response) => r.json().response;
const error = (r: Response, status: number): string => {
  assert.equal(r.status, status, r.body);
  assert.equal(r.json().code, String(status));
  return r.json().message;
};
const created = (r: Response) => {
  assert.equal(r.status, 201, r.body);
  return response(r);
};

test('library conditions: the shipped ones, by id and by name, in Cisco\'s documented shape', async () => {
  const all = response(await call('GET', 'condition'));
  assert.equal(all.length, 20);
  const byName = response(await call('GET', 'condition/condition-by-name/Wired_MAB'));
  assert.deepEqual(byName, {
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.https}${API}/condition/${WIRED_MAB}`, type: 'application/json' },
    conditionType: 'LibraryConditionAttributes', isNegate: false, name: 'Wired_MAB', id: WIRED_MAB, description: byName.description,
    dictionaryName: 'Normalised Radius', attributeName: 'RadiusFlowType', operator: 'equals', attributeValue: 'WiredMAB',
  });
  assert.deepEqual(response(await call('GET', `condition/${WIRED_MAB}`)), byName);
  const web = response(await call('GET', 'condition/condition-by-name/Switch_Local_Web_Authentication'));
  assert.equal(web.conditionType, 'LibraryConditionAndBlock');
  assert.deepEqual(web.children.map((c: any) => [c.link, c.attributeName, c.attributeValue]), [[null, 'Service-Type', 'Outbound'], [null, 'NAS-Port-Type', 'Ethernet']]);
  const san = response(await call('GET', 'condition/condition-by-name/MAC_in_SAN'));
  assert.deepEqual([san.dictionaryValue, san.attributeValue], ['Radius', 'Calling-Station-ID']);
  assert.equal(error(await call('GET', 'condition/condition-by-name/Nope'), 404), "Failed to handle API request - Network Access Condition : Condition 'Nope' not found");
});

test('library conditions per level: session, endpoint and authentication-status conditions only in authorization', async () => {
  const names = async (level: string) => response(await call('GET', `condition/${level}`)).map((c: any) => c.name);
  const authz = await names('authorization');
  const authn = await names('authentication');
  assert.equal(authz.length, 20);
  for (const n of ['Compliant_Devices', 'Network_Access_Authentication_Passed', 'BYOD_is_Registered', 'MAC_in_SAN']) {
    assert.ok(authz.includes(n), n);
    assert.ok(!authn.includes(n), n);
  }
  assert.ok(authn.includes('Wired_MAB'));
  assert.deepEqual(await names('policyset'), authn);
});

test('library condition CRUD, validation, references by name, delete refused while referenced', async () => {
  const c = created(await call('POST', 'condition', {
    name: 'Corp_SSID', description: 'corporate WLAN', conditionType: 'LibraryConditionAttributes',
    dictionaryName: 'Normalised Radius', attributeName: 'SSID', operator: 'equals', attributeValue: 'Corp', link: null,
  }));
  assert.match(c.id, /^[0-9a-f-]{36}$/);
  const block = created(await call('POST', 'condition', {
    name: 'Corp_Wireless', conditionType: 'LibraryConditionAndBlock',
    children: [{ conditionType: 'ConditionReference', id: c.id }, { conditionType: 'ConditionReference', name: 'Wireless_802.1X' }],
  }));
  assert.deepEqual(block.children.map((x: any) => x.name), ['Corp_SSID', 'Wireless_802.1X']);
  const say = (reason: string) => `Failed to handle API request - Network Access Condition : ${reason}`;
  assert.equal(error(await call('POST', 'condition', { name: 'Corp_SSID', conditionType: 'LibraryConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' }), 400),
    say("Condition name 'Corp_SSID' already exists"));
  assert.equal(error(await call('POST', 'condition', { name: 'X', conditionType: 'ConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' }), 400),
    say("Invalid conditionType 'ConditionAttributes': a library condition is one of [LibraryConditionAttributes, LibraryConditionAndBlock, LibraryConditionOrBlock]"));
  assert.equal(error(await call('POST', 'condition', { name: 'X', conditionType: 'LibraryConditionAndBlock', children: [{ conditionType: 'ConditionAttributes', name: 'inner', dictionaryName: 'a', attributeName: 'b', operator: 'equals', attributeValue: 'c' }] }), 400),
    say('children[0].name: only library conditions and references carry a name'));
  assert.equal(error(await call('POST', 'condition', { name: 'X', conditionType: 'LibraryConditionAttributes', dictionaryName: 'Radius', attributeName: 'NAS-IP-Address', operator: 'ipEquals', attributeValue: 'ten' }), 400),
    say("Invalid IP address 'ten'"));
  assert.equal(error(await call('POST', 'condition', { name: 'X', conditionType: 'LibraryConditionAttributes', dictionaryName: 'a', attributeName: 'b', operator: 'equals' }), 400),
    say('Validation Error - Mandatory fields missing: [attributeValue]'));
  // Update by name, then by id.
  const put = await call('PUT', 'condition/condition-by-name/Corp_SSID', { ...c, attributeValue: 'Corp-5G', link: undefined });
  assert.equal(response(put).attributeValue, 'Corp-5G');
  assert.equal(response(await call('PUT', `condition/${c.id}`, { ...response(put), description: 'updated' })).description, 'updated');
  // Used by a rule: no delete.
  const rule = created(await call('POST', `policy-set/${DEFAULT_SET}/authorization`, { rule: { name: 'Corp_Rule', condition: { conditionType: 'ConditionReference', id: block.id } }, profile: ['PermitAccess'] }));
  assert.equal(error(await call('DELETE', `condition/${block.id}`), 400), say("Condition 'Corp_Wireless' is in use by authorization rule 'Corp_Rule'"));
  assert.equal(error(await call('DELETE', `condition/${c.id}`), 400), say("Condition 'Corp_SSID' is in use by condition 'Corp_Wireless'"));
  assert.equal(error(await call('DELETE', `condition/${WIRED_MAB}`), 400), say("Condition 'Wired_MAB' is a system condition and cannot be deleted"));
  await call('DELETE', `policy-set/${DEFAULT_SET}/authorization/${rule.rule.id}`);
  assert.deepEqual((await call('DELETE', `condition/${block.id}`)).json(), { id: block.id });
  assert.deepEqual((await call('DELETE', 'condition/condition-by-name/Corp_SSID')).json(), { id: c.id });
  assert.equal((await call('GET', `condition/${c.id}`)).status, 404);
});

test('time-and-date conditions: CRUD, validation, referenced from a rule', async () => {
  const t = created(await call('POST', 'time-condition', {
    name: 'Office_Hours', description: 'weekdays', conditionType: 'TimeAndDateCondition', isNegate: false,
    weekDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], hoursRange: { startTime: '08:00', endTime: '18:00' },
    datesRangeException: { startDate: '2025-12-24', endDate: '2025-12-26' },
  }));
  assert.deepEqual(Object.keys(t).slice(0, 5), ['conditionType', 'isNegate', 'name', 'id', 'description']);
  assert.deepEqual(t.hoursRange, { startTime: '08:00', endTime: '18:00' });
  assert.deepEqual(response(await call('GET', `time-condition/${t.id}`)), t);
  assert.equal(response(await call('GET', 'time-condition')).length, 1);
  const say = (reason: string) => `Failed to handle API request - Network Access Time And Date Condition : ${reason}`;
  assert.equal(error(await call('POST', 'time-condition', { name: 'Bad', weekDays: ['Funday'] }), 400), say("weekDays: 'Funday' is not a week day (Sunday … Saturday)"));
  assert.equal(error(await call('POST', 'time-condition', { name: 'Bad', hoursRange: { startTime: '25:00', endTime: '18:00' } }), 400), say("hoursRange.startTime '25:00' is not a time (HH:mm)"));
  assert.equal(error(await call('POST', 'time-condition', { name: 'Bad', datesRange: { startDate: '2025-02-30', endDate: '2025-03-01' } }), 400), say("datesRange.startDate '2025-02-30' is not a date (YYYY-MM-DD)"));
  assert.equal(error(await call('POST', 'time-condition', { name: 'Wired_MAB' }), 400), say("Condition name 'Wired_MAB' already exists"));
  const upd = await call('PUT', `time-condition/${t.id}`, { ...t, description: 'changed', link: undefined });
  assert.equal(response(upd).description, 'changed');
  const rule = created(await call('POST', `policy-set/${DEFAULT_SET}/authorization`, { rule: { name: 'Office', condition: { conditionType: 'ConditionReference', id: t.id } }, profile: ['PermitAccess'] }));
  assert.equal(rule.rule.condition.name, 'Office_Hours');
  assert.equal(error(await call('DELETE', `time-condition/${t.id}`), 400), say("Condition 'Office_Hours' is in use by authorization rule 'Office'"));
  await call('DELETE', `policy-set/${DEFAULT_SET}/authorization/${rule.rule.id}`);
  assert.deepEqual((await call('DELETE', `time-condition/${t.id}`)).json(), { id: t.id });
  assert.equal(error(await call('GET', `time-condition/${t.id}`), 404), say(`Condition '${t.id}' not found`));
});

test('network conditions: device, port and end-station lists checked per type', async () => {
  const n = created(await call('POST', 'network-condition', {
    name: 'Lab_Switches', conditionType: 'DeviceCondition', deviceList: ['sw1'], deviceGroupList: ['Location#All Locations#Lab'], ipAddrList: ['10.9.0.0/16'],
  }));
  assert.deepEqual(n.deviceGroupList, ['Location#All Locations#Lab']);
  const ports = created(await call('POST', 'network-condition', { name: 'Uplinks', conditionType: 'DevicePortCondition', deviceList: ['sw1,Gi1/0/48', 'sw2,-ANY-'] }));
  assert.deepEqual(ports.deviceList, ['sw1,Gi1/0/48', 'sw2,-ANY-']);
  const stations = created(await call('POST', 'network-condition', {
    name: 'Printers', conditionType: 'EndstationCondition', macAddrList: ['00:11:22:33:44:55'], cliDnisList: ['-ANY-,5551234'],
  }));
  assert.equal(stations.conditionType, 'EndstationCondition');
  const say = (reason: string) => `Failed to handle API request - Network Access Network Condition : ${reason}`;
  assert.equal(error(await call('POST', 'network-condition', { name: 'B', conditionType: 'DeviceCondition', macAddrList: ['00:11:22:33:44:55'] }), 400), say('macAddrList does not apply to DeviceCondition'));
  assert.equal(error(await call('POST', 'network-condition', { name: 'B', conditionType: 'EndstationCondition', macAddrList: ['zz'] }), 400), say("macAddrList: 'zz' is not a MAC address"));
  assert.equal(error(await call('POST', 'network-condition', { name: 'B', conditionType: 'DevicePortCondition', deviceList: ['sw1'] }), 400), say("deviceList: 'sw1' needs a port (',<port>' or ',-ANY-')"));
  assert.equal(error(await call('POST', 'network-condition', { name: 'B', conditionType: 'DeviceCondition' }), 400), say('DeviceCondition needs at least one of deviceList, deviceGroupList, ipAddrList'));
  assert.equal(error(await call('POST', 'network-condition', { name: 'B', conditionType: 'Station' }), 400), say("conditionType 'Station' is invalid: expected one of [DeviceCondition, DevicePortCondition, EndstationCondition]"));
  assert.deepEqual(response(await call('PUT', `network-condition/${n.id}`, { ...n, ipAddrList: ['10.10.0.0/16'] })).ipAddrList, ['10.10.0.0/16']);
  assert.equal(response(await call('GET', 'network-condition')).length, 3);
  for (const x of [n, ports, stations]) assert.deepEqual((await call('DELETE', `network-condition/${x.id}`)).json(), { id: x.id });
});

test('dictionaries: built-ins read only, per-level attribute lists, user dictionaries and attributes, 409 on clash', async () => {
  const dicts = response(await call('GET', 'dictionaries'));
  const radius = dicts.find((d: any) => d.name === 'Radius');
  assert.deepEqual(Object.keys(radius), ['id', 'name', 'description', 'dictionaryAttrType', 'version', 'link']);
  assert.equal(radius.link.href, `https://127.0.0.1:${server.ports.https}${API}/dictionaries/Radius`);
  assert.deepEqual(response(await call('GET', 'dictionaries/Radius')), radius);
  const attrs = response(await call('GET', 'dictionaries/Radius/attribute'));
  const nasPort = attrs.find((a: any) => a.name === 'NAS-Port-Type');
  assert.ok(nasPort.allowedValues.some((v: any) => v.value === 'Wireless - IEEE 802.11'));
  assert.deepEqual(response(await call('GET', 'dictionaries/Radius/attribute/NAS-Port-Type')), nasPort);
  assert.equal(response(await call('GET', 'dictionaries/Network%20Access/attribute/UserName')).dictionaryName, 'Network Access');
  const authn = response(await call('GET', 'dictionaries/authentication'));
  const authz = response(await call('GET', 'dictionaries/authorization'));
  assert.ok(!authn.some((a: any) => a.dictionaryName === 'Session') && authz.some((a: any) => a.dictionaryName === 'Session'));
  assert.ok(!authn.some((a: any) => a.name === 'AuthenticationStatus'));
  assert.equal(response(await call('GET', 'dictionaries/policyset')).length, authn.length);
  const say = (reason: string) => `Failed to handle API request - Network Access Dictionary : ${reason}`;
  assert.equal(error(await call('PUT', 'dictionaries/Radius', { name: 'Radius', version: '2', dictionaryAttrType: 'MSG_ATTR' }), 400), say("Dictionary 'Radius' is a system dictionary and cannot be modified"));
  assert.equal(error(await call('DELETE', 'dictionaries/Radius'), 400), say("Dictionary 'Radius' is a system dictionary and cannot be deleted"));
  assert.equal(error(await call('GET', 'dictionaries/Nope'), 404), say("Dictionary 'Nope' not found"));

  const corp = created(await call('POST', 'dictionaries', { name: 'Corp', version: '1.0', dictionaryAttrType: 'ENTITY_ATTR', description: 'corporate' }));
  assert.equal(corp.name, 'Corp');
  assert.equal(error(await call('POST', 'dictionaries', { name: 'Corp', version: '1.0', dictionaryAttrType: 'ENTITY_ATTR' }), 409), say("Dictionary 'Corp' already exists"));
  assert.equal(error(await call('POST', 'dictionaries', { name: 'X', version: '1.0' }), 400), say('Validation Error - Mandatory fields missing: [dictionaryAttrType]'));
  const floor = created(await call('POST', 'dictionaries/Corp/attribute', {
    name: 'Floor', internalName: 'floor', dataType: 'UINT64', directionType: 'IN', allowedValues: [{ key: '1', value: '1', isDefault: true }],
  }));
  assert.deepEqual(floor.allowedValues, [{ key: '1', value: '1', isDefault: true }]);
  const sayAttr = (reason: string) => `Failed to handle API request - Network Access Dictionary Attribute : ${reason}`;
  assert.equal(error(await call('POST', 'dictionaries/Corp/attribute', { name: 'X', internalName: 'x', dataType: 'Uint64' }), 400),
    sayAttr("dataType 'Uint64' is invalid: expected one of [BOOLEAN, DATE, FLOAT, INT, IP, IPV4, IPV6, IPV6INTERFACE, IPV6PREFIX, LONG, OCTET_STRING, STRING, UINT64, UNIT32]"));
  assert.equal(error(await call('POST', 'dictionaries/Corp/attribute', { name: 'floor', internalName: 'x', dataType: 'INT' }), 409), sayAttr("Attribute 'floor' already exists in dictionary 'Corp'"));
  assert.equal(error(await call('POST', 'dictionaries/Radius/attribute', { name: 'X', internalName: 'x', dataType: 'INT' }), 400), sayAttr("Dictionary 'Radius' is a system dictionary and cannot be modified"));
  assert.equal(response(await call('PUT', 'dictionaries/Corp/attribute/Floor', { ...floor, description: 'floor number' })).description, 'floor number');
  assert.equal(response(await call('PUT', 'dictionaries/Corp', { name: 'Corp', version: '1.1', dictionaryAttrType: 'ENTITY_ATTR' })).version, '1.1');
  assert.equal(response(await call('GET', 'dictionaries/Corp/attribute')).length, 1);
  assert.deepEqual((await call('DELETE', 'dictionaries/Corp/attribute/Floor')).json(), { id: floor.id });
  assert.deepEqual((await call('DELETE', 'dictionaries/Corp')).json(), { id: corp.id });
});

test('lookup lists are bare arrays; profiles under both paths', async () => {
  const stores = (await call('GET', 'identity-stores')).json();
  assert.ok(Array.isArray(stores));
  for (const n of ['Internal Users', 'Internal Endpoints', 'Guest Users', 'All_User_ID_Stores']) assert.ok(stores.some((s: any) => s.name === n), n);
  assert.deepEqual(Object.keys(stores[0]), ['id', 'name']);
  const services = (await call('GET', 'service-names')).json();
  assert.deepEqual(services, [{ id: '92613980-8c01-11e6-996c-525400b48521', name: 'Default Network Access', serviceType: 'allowedProtocols' }]);
  const groups = (await call('GET', 'security-groups')).json();
  assert.ok(groups.some((g: any) => g.name === 'Employees' && g.id === '93ad6890-8c01-11e6-996c-525400b48521'));
  const profiles = (await call('GET', 'profiles')).json();
  assert.deepEqual((await call('GET', 'authorization-profiles')).json(), profiles);
  assert.ok(profiles.some((p: any) => p.name === 'PermitAccess' && p.id === '6eed36e0-8bff-11e6-996c-525400b48521'));
});
