// gatehouse import/export endpoints and export networkdevices as a
// subprocess against a real node; and an import against a node that
// enforces ERS CSRF tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cliEnv, count, gatehouse } from './cli.ts';

const WORKSTATION = '3b76f840-8c00-11e6-996c-525400b48521';
const PHONE = '14f5cac0-8c00-11e6-996c-525400b48521';

let server: TestServer;
let dataDir: string;
let dir: string;
let env: Record<string, string>;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-ep-data-'));
  writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({
    endpointCustomAttributes: [{ name: 'owner', type: 'String' }, { name: 'room', type: 'String' }],
  }));
  server = await startServer({ dataDir });
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-ep-'));
  env = cliEnv(`https://127.0.0.1:${server.ports.ers}`);
});
after(async () => {
  await server.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => gatehouse([...args, '--insecure'], env, dir);
const endpoint = async (mac: string) => {
  const r = await server.request('GET', `/ers/config/endpoint/name/${mac}`);
  return r.status === 200 ? r.json().ERSEndPoint : undefined;
};

test('endpoints: any MAC notation, group names, custom attributes; unchanged re-run; partial update; bad rows', async () => {
  const header = 'mac,groupName,description,staticGroupAssignment,attr:owner';
  const good = ['aa-bb-cc-00-00-01,Workstation,desk 1,,Facilities', 'aabb.cc00.0002,Cisco-IP-Phone,lobby phone,,', 'AABBCC000003,,printer,,IT'];
  const csv = join(dir, 'ep.csv');
  writeFileSync(csv, [header, ...good, 'zz:bb:cc:00:00:04,Workstation,,,', 'aa:bb:cc:00:00:05,No Such Group,,,', 'AA:BB:CC:00:00:01,Workstation,again,,'].join('\n') + '\n');
  const errors = join(dir, 'ep-errors.csv');
  const first = await run(['import', 'endpoints', csv, '--errors', errors, '--bulk', 'off']);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.equal(count(first.stdout, 'created'), 3);
  assert.equal(count(first.stdout, 'invalid'), 3);
  const bad = parse(readFileSync(errors), { columns: true }) as Record<string, string>[];
  assert.deepEqual(bad.map((b) => b.row), ['4', '5', '6']);
  assert.match(bad[0].message, /mac: 'zz:bb:cc:00:00:04' is not a MAC address/);
  assert.match(bad[1].message, /unknown endpoint identity group 'No Such Group'/);
  assert.match(bad[2].message, /duplicate of row 1 \(AA:BB:CC:00:00:01\)/);
  const e1 = await endpoint('AA:BB:CC:00:00:01');
  assert.equal(e1.groupId, WORKSTATION);
  assert.equal(e1.staticGroupAssignment, true);
  assert.equal(e1.description, 'desk 1');
  assert.deepEqual(e1.customAttributes.customAttributes, { owner: 'Facilities' });
  assert.equal((await endpoint('AA:BB:CC:00:00:02')).groupId, PHONE);
  assert.equal((await endpoint('AA:BB:CC:00:00:03')).description, 'printer');

  writeFileSync(csv, [header, ...good].join('\n') + '\n');
  for (const bulk of ['off', 'auto']) {
    const again = await run(['import', 'endpoints', csv, '--bulk', bulk]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(count(again.stdout, 'unchanged'), 3);
  }
  const before3 = await endpoint('AA:BB:CC:00:00:03');
  good[0] = 'aa-bb-cc-00-00-01,Cisco-IP-Phone,desk 1,,Facilities';
  good[1] = 'aabb.cc00.0002,Cisco-IP-Phone,lobby phone,false,Reception';
  writeFileSync(csv, [header, ...good].join('\n') + '\n');
  const upd = await run(['import', 'endpoints', csv, '--verbose', '--bulk', 'off']);
  assert.equal(upd.code, 0, upd.stdout);
  assert.equal(count(upd.stdout, 'updated'), 2);
  assert.match(upd.stdout, /^updated\s+row 1 AA:BB:CC:00:00:01 \(groupId\)$/m);
  assert.match(upd.stdout, /^updated\s+row 2 AA:BB:CC:00:00:02 \(.*customAttributes.*\)$/m);
  const e2 = await endpoint('AA:BB:CC:00:00:02');
  assert.equal(e2.staticGroupAssignment, false);
  assert.deepEqual(e2.customAttributes.customAttributes, { owner: 'Reception' });
  assert.equal(e2.description, 'lobby phone');
  assert.deepEqual(await endpoint('AA:BB:CC:00:00:03'), before3);

  // Export in the import format and back: nothing to do.
  const out = join(dir, 'ep-export.csv');
  const exp = await run(['export', 'endpoints', '--out', out]);
  assert.equal(exp.code, 0, exp.stderr);
  const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
  const r1 = rows.find((r) => r.mac === 'AA:BB:CC:00:00:01')!;
  assert.equal(r1.groupName, 'Cisco-IP-Phone');
  assert.equal(r1['attr:owner'], 'Facilities');
  assert.equal(r1.staticGroupAssignment, 'true');
  const back = await run(['import', 'endpoints', out, '--bulk', 'off']);
  assert.equal(back.code, 0, back.stdout);
  assert.equal(count(back.stdout, 'unchanged'), rows.length);
});

test('export networkdevices: CSV without secrets, JSON as the server returns it', async () => {
  const created = await server.request('POST', '/ers/config/networkdevice', { body: { NetworkDevice: {
    name: 'sw-export-1', description: 'access', NetworkDeviceIPList: [{ ipaddress: '10.9.8.7', mask: 32 }],
    authenticationSettings: { networkProtocol: 'RADIUS', radiusSharedSecret: 'Nas-Secret-77' }, coaPort: 1700,
  } } });
  assert.equal(created.status, 201, created.body);
  const csv = join(dir, 'nd.csv');
  const r = await run(['export', 'networkdevices', '--out', csv]);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(csv, 'utf8');
  assert.ok(!text.includes('Nas-Secret-77'));
  const row = (parse(text, { columns: true }) as Record<string, string>[]).find((x) => x.name === 'sw-export-1')!;
  assert.equal(row.ipAddresses, '10.9.8.7/32');
  assert.equal(row.coaPort, '1700');
  assert.equal(row.networkProtocol, 'RADIUS');
  const js = await run(['export', 'networkdevices', '--format', 'json']);
  assert.equal(js.code, 0, js.stderr);
  const list = JSON.parse(js.stdout) as { NetworkDevice: Record<string, any> }[];
  assert.equal(list.find((d) => d.NetworkDevice.name === 'sw-export-1')!.NetworkDevice.NetworkDeviceIPList[0].ipaddress, '10.9.8.7');
});

test('import works against a node that enforces CSRF tokens on writes', async () => {
  const csrf = await startServer({ args: ['--csrf'] });
  try {
    const denied = await csrf.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'csrf-0', password: 'Secret-Pass-90' } } });
    assert.equal(denied.status, 403);
    const csv = join(dir, 'csrf.csv');
    writeFileSync(csv, 'name,password,email\ncsrf-1,Secret-Pass-91,a@example.com\n');
    const e = cliEnv(`https://127.0.0.1:${csrf.ports.ers}`);
    const r = await gatehouse(['import', 'users', csv, '--insecure'], e, dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'created'), 1);
    writeFileSync(csv, 'name,password,email\ncsrf-1,Secret-Pass-91,b@example.com\n');
    const u = await gatehouse(['import', 'users', csv, '--insecure'], e, dir);
    assert.equal(count(u.stdout, 'updated'), 1, u.stdout);
  } finally {
    await csrf.cleanup();
  }
});
