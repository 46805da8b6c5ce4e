// Network devices over real HTTPS, JSON and XML: addresses, secrets (clear
// over ERS, sealed at rest, never in the audit trail or log), groups, settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startServer, idFromLocation, runCli, type TestServer } from '../helpers/server.ts';

const DEVICES = '/ers/config/networkdevice';
let server: TestServer;

before(async () => {
  server = await startServer();
  for (const name of ['Location#All Locations#SF', 'Device Type#All Device Types#Switches']) {
    const r = await server.request('POST', '/ers/config/networkdevicegroup', { body: { NetworkDeviceGroup: { name, othername: name.split('#')[0] } } });
    assert.equal(r.status, 201, r.body);
  }
});
after(async () => { await server.cleanup(); });

const title = (r: { json(): any }) => r.json().ERSResponse.messages[0].title as string;
const device = (fields: Record<string, unknown>) => ({ NetworkDevice: fields });
const create = async (fields: Record<string, unknown>) => {
  const r = await server.request('POST', DEVICES, { body: device(fields) });
  assert.equal(r.status, 201, r.body);
  return idFromLocation(r);
};
const getJson = async (id: string) => (await server.request('GET', `${DEVICES}/${id}`)).json().NetworkDevice;
const names = async () => ((await server.request('GET', `${DEVICES}?size=100`)).json().SearchResult.resources as { name: string }[]).map((d) => d.name);
const radius = (secret: string, extra: Record<string, unknown> = {}) => ({ radiusSharedSecret: secret, ...extra });

test('minimal RADIUS device: defaults, secret returned in clear, ISE shape', async () => {
  const r = await server.request('POST', DEVICES, {
    body: device({
      name: 'sw-access-01', description: 'Access switch', authenticationSettings: radius('s3cret-01', { enableMultiSecret: 'false' }),
      NetworkDeviceIPList: [{ ipaddress: '10.1.1.10', mask: '32' }],
    }),
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.body, '');
  const id = idFromLocation(r);
  assert.deepEqual(await getJson(id), {
    id, name: 'sw-access-01', description: 'Access switch',
    authenticationSettings: {
      networkProtocol: 'RADIUS', radiusSharedSecret: 's3cret-01', enableKeyWrap: false, dtlsRequired: false, keyEncryptionKey: '',
      messageAuthenticatorCodeKey: '', keyInputFormat: 'ASCII', enableMultiSecret: 'false', messageAuthenticatorCodeRequired: false,
      sendMAOnAllResponses: false,
    },
    profileName: 'Cisco', coaPort: 1700,
    NetworkDeviceIPList: [{ ipaddress: '10.1.1.10', mask: 32 }],
    NetworkDeviceGroupList: ['Location#All Locations', 'IPSEC#Is IPSEC Device#No', 'Device Type#All Device Types'],
    link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}/ers/config/networkdevice/${id}`, type: 'application/json' },
  });
  const byName = await server.request('GET', `${DEVICES}/name/sw-access-01`);
  assert.equal(byName.json().NetworkDevice.id, id);
  const entry = (await server.request('GET', `${DEVICES}?filter=name.EQ.sw-access-01`)).json().SearchResult.resources[0];
  assert.deepEqual(entry, { id, name: 'sw-access-01', description: 'Access switch', link: entry.link });
});

test('XML create and read: IP list, group list, TACACS, SNMP and TrustSec settings kept', async () => {
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ns0:networkdevice name="core-01" description="core" xmlns:ns0="network.ers.ise.cisco.com">
  <authenticationSettings>
    <networkProtocol>RADIUS</networkProtocol>
    <radiusSharedSecret>core-secret</radiusSharedSecret>
    <enableMultiSecret>true</enableMultiSecret>
    <secondRadiusSharedSecret>core-secret-2</secondRadiusSharedSecret>
    <enableKeyWrap>true</enableKeyWrap>
    <keyEncryptionKey>0123456789abcdef</keyEncryptionKey>
    <messageAuthenticatorCodeKey>0123456789abcdefghij</messageAuthenticatorCodeKey>
    <keyInputFormat>ASCII</keyInputFormat>
    <messageAuthenticatorCodeRequired>true</messageAuthenticatorCodeRequired>
  </authenticationSettings>
  <coaPort>3799</coaPort>
  <profileName>ArubaWireless</profileName>
  <NetworkDeviceIPList>
    <NetworkDeviceIP><ipaddress>10.2.0.0</ipaddress><mask>16</mask></NetworkDeviceIP>
    <NetworkDeviceIP><ipaddress>2001:DB8:0:0::0</ipaddress><mask>64</mask></NetworkDeviceIP>
    <NetworkDeviceIP><ipaddress>10.3.1-255.*</ipaddress><mask>32</mask><getIpaddressExclude>10.3.10-200.*</getIpaddressExclude></NetworkDeviceIP>
  </NetworkDeviceIPList>
  <NetworkDeviceGroupList>
    <NetworkDeviceGroup>Location#All Locations#SF</NetworkDeviceGroup>
    <NetworkDeviceGroup>Device Type#All Device Types#Switches</NetworkDeviceGroup>
  </NetworkDeviceGroupList>
  <tacacsSettings><sharedSecret>tacacs-key</sharedSecret><connectModeOptions>ON_LEGACY</connectModeOptions></tacacsSettings>
  <snmpsettings><version>TWO_C</version><roCommunity>public-ro</roCommunity><pollingInterval>600</pollingInterval></snmpsettings>
  <trustsecsettings>
    <deviceAuthenticationSettings><sgaDeviceId>core01</sgaDeviceId><sgaDevicePassword>sga-pass</sgaDevicePassword><restApiPassword>rest-pass</restApiPassword></deviceAuthenticationSettings>
    <sgaNotificationAndUpdates><downlaodEnvironmentDataEveryXSeconds>86400</downlaodEnvironmentDataEveryXSeconds><sendConfigurationToDeviceUsing>ENABLE_USING_COA</sendConfigurationToDeviceUsing></sgaNotificationAndUpdates>
  </trustsecsettings>
</ns0:networkdevice>`;
  const r = await server.request('POST', DEVICES, { format: 'xml', body });
  assert.equal(r.status, 201, r.body);
  const id = idFromLocation(r);
  const d = await getJson(id);
  assert.equal(d.coaPort, 3799);
  assert.equal(d.profileName, 'ArubaWireless');
  assert.deepEqual(d.NetworkDeviceIPList, [
    { ipaddress: '10.2.0.0', mask: 16 },
    { ipaddress: '2001:db8::', mask: 64 },
    { ipaddress: '10.3.1-255.*', mask: 32, getIpaddressExclude: '10.3.10-200.*' },
  ]);
  assert.deepEqual(d.NetworkDeviceGroupList, ['Location#All Locations#SF', 'Device Type#All Device Types#Switches', 'IPSEC#Is IPSEC Device#No']);
  assert.equal(d.authenticationSettings.enableMultiSecret, 'true');
  assert.equal(d.authenticationSettings.secondRadiusSharedSecret, 'core-secret-2');
  assert.equal(d.authenticationSettings.messageAuthenticatorCodeRequired, true);
  assert.deepEqual(d.tacacsSettings, { sharedSecret: 'tacacs-key', connectModeOptions: 'ON_LEGACY' });
  assert.deepEqual(d.snmpsettings, {
    version: 'TWO_C', roCommunity: 'public-ro', pollingInterval: 600, linkTrapQuery: true, macTrapQuery: true, originatingPolicyServicesNode: 'Auto',
  });
  assert.equal(d.trustsecsettings.deviceAuthenticationSettings.sgaDevicePassword, 'sga-pass');
  assert.equal(d.trustsecsettings.deviceAuthenticationSettings.restApiPassword, '*******', 'restApiPassword is write-only');
  assert.equal(d.trustsecsettings.sgaNotificationAndUpdates.sendConfigurationToDeviceUsing, 'ENABLE_USING_COA');
  const xml = (await server.request('GET', `${DEVICES}/${id}`, { format: 'xml' })).body;
  assert.match(xml, /<ns4:networkdevice id="[0-9a-f-]{36}" name="core-01" description="core"[^>]*xmlns:ns4="network.ers.ise.cisco.com"/);
  assert.match(xml, /<NetworkDeviceGroupList>\s*<NetworkDeviceGroup>Location#All Locations#SF<\/NetworkDeviceGroup>/);
  assert.match(xml, /<NetworkDeviceIP>\s*<ipaddress>10.2.0.0<\/ipaddress>\s*<mask>16<\/mask>\s*<\/NetworkDeviceIP>/);
  assert.match(xml, /<getIpaddressExclude>10.3.10-200.\*<\/getIpaddressExclude>/);
  assert.match(xml, /<radiusSharedSecret>core-secret<\/radiusSharedSecret>/);

  for (const [filter, expected] of [
    ['ipaddress.EQ.10.2.0.0', ['core-01']],
    ['ipaddress.EQ.2001:db8:0::', ['core-01']],
    ['location.EQ.All Locations#SF', ['core-01']],
    ['type.CONTAINS.Switches', ['core-01']],
    ['location.NEQ.All Locations#SF', ['sw-access-01']],
  ] as const) {
    const list = (await server.request('GET', `${DEVICES}?filter=${encodeURIComponent(filter)}`)).json().SearchResult;
    assert.deepEqual(list.resources.map((x: { name: string }) => x.name).filter((n: string) => n !== 'sw-move'), expected, filter);
  }
});

test('update by id and by name: merge, masked secret changes, mask echo keeps the secret; patch and delete by name', async () => {
  const id = await create({ name: 'sw-move', authenticationSettings: radius('first-secret'), NetworkDeviceIPList: [{ ipaddress: '10.4.0.0', mask: 24 }] });
  const put = await server.request('PUT', `${DEVICES}/${id}`, {
    body: device({ authenticationSettings: { radiusSharedSecret: 'second-secret', enableKeyWrap: false }, coaPort: '1800' }),
  });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [
    { field: 'authenticationSettings.radiusSharedSecret', oldValue: '*******', newValue: '*******' },
    { field: 'coaPort', oldValue: '1700', newValue: '1800' },
  ]);
  assert.ok(!put.body.includes('second-secret') && !put.body.includes('first-secret'));
  const echoed = await getJson(id);
  delete echoed.link;
  echoed.authenticationSettings.radiusSharedSecret = '*******';
  echoed.description = 'echoed';
  const echo = await server.request('PUT', `${DEVICES}/name/sw-move`, { body: device(echoed) });
  assert.equal(echo.status, 200, echo.body);
  assert.deepEqual(echo.json().UpdatedFieldsList.updatedField, [{ field: 'description', newValue: 'echoed' }]);
  assert.equal((await getJson(id)).authenticationSettings.radiusSharedSecret, 'second-secret');
  const patch = await server.request('PATCH', `${DEVICES}/name/sw-move`, { body: device({ NetworkDeviceIPList: [{ ipaddress: '10.4.1.0/24' }] }) });
  assert.equal(patch.status, 200, patch.body);
  assert.deepEqual(patch.json().NetworkDevice.NetworkDeviceIPList, [{ ipaddress: '10.4.1.0', mask: 24 }]);
  assert.equal(patch.json().NetworkDevice.coaPort, 1800);
  const rename = await server.request('PUT', `${DEVICES}/${id}`, { body: device({ name: 'sw-moved' }) });
  assert.equal(rename.status, 200);
  assert.equal((await server.request('GET', `${DEVICES}/name/sw-move`)).status, 404);
  assert.equal((await server.request('DELETE', `${DEVICES}/name/sw-moved`)).status, 204);
  assert.equal((await server.request('GET', `${DEVICES}/${id}`)).status, 404);
  assert.equal((await server.request('DELETE', `${DEVICES}/name/sw-moved`)).status, 404);
});

test('secrets are sealed at rest and never reach the audit trail or the log', async () => {
  const secrets = ['Rad1us-Secret-Xy', 'Sec0nd-Secret-Zq', 'Tacacs-Key-Pw77', 'Snmp-Community-R0'];
  const id = await create({
    name: 'sealed-sw', NetworkDeviceIPList: [{ ipaddress: '10.5.0.1' }],
    authenticationSettings: radius(secrets[0], { enableMultiSecret: true, secondRadiusSharedSecret: secrets[1] }),
    tacacsSettings: { sharedSecret: secrets[2] }, snmpsettings: { roCommunity: secrets[3] },
  });
  await server.request('PUT', `${DEVICES}/${id}`, { body: device({ authenticationSettings: radius('Changed-Secret-99') }) });
  await server.request('POST', DEVICES, { body: device({ name: 'sealed-sw', NetworkDeviceIPList: [{ ipaddress: '10.5.0.2' }], authenticationSettings: radius('Refused-Secret-1') }) });
  await server.request('DELETE', `${DEVICES}/${id}`);
  const all = [...secrets, 'Changed-Secret-99', 'Refused-Secret-1'];
  const db = new DatabaseSync(join(server.dataDir, 'gatehouse.db'), { readOnly: true });
  const dump = JSON.stringify(db.prepare('SELECT * FROM network_devices').all()) + JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
  db.close();
  const file = readFileSync(join(server.dataDir, 'gatehouse.db')).toString('latin1');
  const audit = await runCli(['audit', '--data-dir', server.dataDir, '--since', '1h']);
  assert.equal(audit.code, 0, audit.stderr);
  const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.objectType === 'networkdevice');
  assert.deepEqual(entries.filter((e) => e.objectName === 'sealed-sw').map((e) => `${e.action}:${e.result}`), ['create:success', 'update:success', 'create:failure', 'delete:success']);
  assert.equal(entries.find((e) => e.action === 'create' && e.result === 'success').after.authenticationSettings.radiusSharedSecret, '*******');
  for (const s of all) {
    assert.ok(!dump.includes(s), `database rows contain ${s}`);
    assert.ok(!file.includes(s), `database file contains ${s}`);
    assert.ok(!audit.stdout.includes(s), `audit contains ${s}`);
    assert.ok(!server.output().includes(s), `log contains ${s}`);
  }
});

test('bad input on create: ISE status, a title naming the field, nothing stored', async () => {
  await create({ name: 'taken', NetworkDeviceIPList: [{ ipaddress: '10.6.0.0', mask: 24 }, { ipaddress: '10.6.1.10-20' }], authenticationSettings: radius('taken-secret') });
  const ip = (ipaddress: unknown, mask?: unknown, extra: Record<string, unknown> = {}) => ({ NetworkDeviceIPList: [{ ipaddress, ...(mask !== undefined && { mask }), ...extra }] });
  const cases: Array<{ fields: Record<string, unknown>; title: RegExp }> = [
    { fields: { name: 'd1', ...ip('10.7.0.300') }, title: /^NetworkDeviceIPList\[0\]\.ipaddress: / },
    { fields: { name: 'd1', ...ip('10.7.0.0', 33) }, title: /^NetworkDeviceIPList\[0\]\.mask: / },
    { fields: { name: 'd1', ...ip('10.7.0.0', 'x') }, title: /JSON invalidity.*mask|^NetworkDeviceIPList\[0\]\.mask/ },
    { fields: { name: 'd1', ...ip('2001:db8::', 129) }, title: /^NetworkDeviceIPList\[0\]\.mask: / },
    { fields: { name: 'd1', ...ip('2001:db8::g') }, title: /^NetworkDeviceIPList\[0\]\.ipaddress: / },
    { fields: { name: 'd1', ...ip('10.7.1-5.*', 32, { getIpaddressExclude: '10.8.1.1' }) }, title: /^NetworkDeviceIPList\[0\]\.getIpaddressExclude: / },
    { fields: { name: 'd1' }, title: /Mandatory fields missing: \[NetworkDeviceIPList\]/ },
    { fields: { name: 'd1', NetworkDeviceIPList: [] }, title: /Mandatory fields missing: \[NetworkDeviceIPList\]/ },
    { fields: { name: 'd1', ...ip('10.6.0.0', 24) }, title: /^NetworkDeviceIPList: 10\.6\.0\.0\/24 overlaps 10\.6\.0\.0\/24 of network device 'taken'/ },
    { fields: { name: 'd1', ...ip('10.6.0.77', 24) }, title: /^NetworkDeviceIPList: 10\.6\.0\.77\/24 overlaps 10\.6\.0\.0\/24 of network device 'taken'/ },
    { fields: { name: 'd1', ...ip('10.6.1.15-30') }, title: /^NetworkDeviceIPList: 10\.6\.1\.15-30 overlaps 10\.6\.1\.10-20 of network device 'taken'/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), authenticationSettings: radius('abc') }, title: /^authenticationSettings\.radiusSharedSecret is too short/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), authenticationSettings: radius('x'.repeat(128)) }, title: /^authenticationSettings\.radiusSharedSecret is too long/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), authenticationSettings: radius('okay-secret', { enableMultiSecret: 'true', secondRadiusSharedSecret: 'ab' }) }, title: /^authenticationSettings\.secondRadiusSharedSecret is too short/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), authenticationSettings: radius('okay-secret', { enableKeyWrap: true, keyEncryptionKey: 'short', messageAuthenticatorCodeKey: '0123456789abcdefghij' }) }, title: /^authenticationSettings\.keyEncryptionKey must be 16 ASCII/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), authenticationSettings: radius('okay-secret', { enableMultiSecret: 'maybe' }) }, title: /^authenticationSettings\.enableMultiSecret/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), tacacsSettings: { sharedSecret: 'x'.repeat(200) } }, title: /^tacacsSettings\.sharedSecret is too long/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), NetworkDeviceGroupList: ['Location#All Locations#Atlantis'] }, title: /^NetworkDeviceGroupList: network device group 'Location#All Locations#Atlantis' does not exist/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), NetworkDeviceGroupList: ['Location#All Locations', 'Location#All Locations#SF'] }, title: /^NetworkDeviceGroupList: .*both of type 'Location'/ },
    { fields: { name: 'bad/name', ...ip('10.7.0.1') }, title: /^name 'bad\/name' contains characters that are not allowed/ },
    { fields: { name: 'x'.repeat(65), ...ip('10.7.0.1') }, title: /^name must not be longer than 64/ },
    { fields: { ...ip('10.7.0.1') }, title: /Mandatory fields missing: \[name\]/ },
    { fields: { name: 'taken', ...ip('10.7.0.1') }, title: /^Network Device Create failed: Device Name Already Exist$/ },
    { fields: { name: 'd1', ...ip('10.7.0.1'), coaPort: 70000 }, title: /^coaPort: / },
  ];
  const before = await names();
  for (const c of cases) {
    for (const format of ['json', 'xml'] as const) {
      const r = await server.request('POST', DEVICES, { body: format === 'json' ? device(c.fields) : toXml(c.fields), format });
      assert.equal(r.status, 400, `${JSON.stringify(c.fields).slice(0, 200)} ${format}: ${r.body}`);
      if (format === 'json') {
        assert.match(title(r), c.title);
        assert.equal(r.json().ERSResponse.operation, 'POST-create-networkdevice');
      } else {
        assert.match(r.body, /<ns3:ersResponse operation="POST-create-networkdevice"/);
      }
    }
  }
  assert.deepEqual(await names(), before);
});

/** The subset of device fields used above, as an XML body. */
function toXml(fields: Record<string, unknown>): string {
  const el = (name: string, v: unknown): string => {
    if (Array.isArray(v)) {
      const item = name === 'NetworkDeviceIPList' ? 'NetworkDeviceIP' : 'NetworkDeviceGroup';
      return `<${name}>${v.map((x) => el(item, x)).join('')}</${name}>`;
    }
    if (typeof v === 'object' && v !== null) return `<${name}>${Object.entries(v).map(([k, x]) => el(k, x)).join('')}</${name}>`;
    return `<${name}>${String(v)}</${name}>`;
  };
  const { name, ...rest } = fields;
  const nameAttr = name === undefined ? '' : ` name="${String(name)}"`;
  return `<ns4:networkdevice${nameAttr} xmlns:ns4="network.ers.ise.cisco.com">${Object.entries(rest).map(([k, v]) => el(k, v)).join('')}</ns4:networkdevice>`;
}

test('bad input on update changes nothing', async () => {
  await create({ name: 'neighbour', NetworkDeviceIPList: [{ ipaddress: '10.9.0.0', mask: 24 }] });
  const id = await create({ name: 'stable', NetworkDeviceIPList: [{ ipaddress: '10.9.1.0', mask: 24 }], authenticationSettings: radius('stable-secret') });
  const stored = await getJson(id);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ NetworkDeviceIPList: [{ ipaddress: '10.9.0.0', mask: 24 }] }, /^NetworkDeviceIPList: .*'neighbour'/],
    [{ NetworkDeviceIPList: [] }, /Mandatory fields missing: \[NetworkDeviceIPList\]/],
    [{ authenticationSettings: { radiusSharedSecret: 'ab' } }, /radiusSharedSecret is too short/],
    [{ name: 'neighbour' }, /Device Name Already Exist/],
    [{ NetworkDeviceGroupList: ['Nope#Nope'] }, /^NetworkDeviceGroupList: /],
  ];
  for (const [fields, field] of cases) {
    for (const path of [`${DEVICES}/${id}`, `${DEVICES}/name/stable`]) {
      const r = await server.request('PUT', path, { body: device(fields) });
      assert.equal(r.status, 400, r.body);
      assert.match(title(r), field);
    }
  }
  assert.deepEqual(await getJson(id), stored);
});
