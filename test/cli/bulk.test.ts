// The importer's bulk paths against a real node: the ERS bulk probe, the XML
// request and status parsing, the ERS bulk writer (batches, 503 waited out,
// per-row results), detection of the Gatehouse extension (and of its
// absence on an ISE-like server), and `gatehouse import` taking ERS bulk for
// endpoints and the extension's bulk for users; --ers-only and --bulk off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ErsHttp, type HttpResult } from '../../src/cli/ers-http.ts';
import { BulkWriter, bulkOffered, bulkRequestXml, ersBulkRoute, extBulkRoute, parseBulkStatus } from '../../src/cli/bulk.ts';
import { detectExtension } from '../../src/cli/gatehouse-ext.ts';
import { ENDPOINTS } from '../../src/cli/endpoint-rows.ts';
import { USERS } from '../../src/cli/user-rows.ts';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.ts';
import { cliEnv, count, gatehouse } from './cli.ts';
import { ersError, json, startStub } from './stub.ts';

const WORKSTATION = '3b76f840-8c00-11e6-996c-525400b48521';

let server: TestServer;
let dir: string;
let url: string;
before(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-bulk-'));
  url = `https://127.0.0.1:${server.ports.ers}`;
});
after(async () => {
  await server.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const http = (target = url, retries = 5) =>
  new ErsHttp({ url: target, user: 'admin', password: ADMIN_PASSWORD, insecure: true, retry: { retries, baseMs: 50, maxMs: 500 } });
const run = (args: string[]) => gatehouse([...args, '--insecure'], cliEnv(url), dir);
const endpoint = async (mac: string) => {
  const r = await server.request('GET', `/ers/config/endpoint/name/${mac}`);
  return r.status === 200 ? r.json().ERSEndPoint : undefined;
};

/** Records every answer the client gets. */
function spy(h: ErsHttp): number[] {
  const statuses: number[] = [];
  const request = h.request.bind(h);
  h.request = async (...args: Parameters<ErsHttp['request']>): Promise<HttpResult> => {
    const r = await request(...args);
    statuses.push(r.status);
    return r;
  };
  return statuses;
}

test('probe: the node answers 400 to a non-bulk body (bulk offered); an ISE-like 404 means none; internaluser is never probed', async () => {
  const node = http();
  const statuses = spy(node);
  assert.equal(await bulkOffered(node, 'endpoint'), true);
  assert.deepEqual(statuses, [400]);
  assert.equal(await bulkOffered(node, 'internaluser'), false);
  assert.equal(statuses.length, 1);
  const none = await startStub((_r, res) => json(res, 404, ersError('Unsupported resource')));
  try {
    assert.equal(await bulkOffered(http(none.url), 'endpoint'), false);
    assert.equal(none.requests[0].url, '/ers/config/endpoint/bulk/submit');
  } finally {
    await none.close();
  }
});

test('detection: the node answers its capabilities; a 404, an HTML portal page or a stranger JSON mean no extension', async () => {
  const ext = await detectExtension(http());
  assert.ok(ext);
  assert.ok(ext.exports.has('internaluser') && ext.exports.has('endpoint') && ext.exports.has('networkdevice'));
  assert.deepEqual([...ext.bulk.get('internaluser')!], ['create', 'update']);
  assert.ok(ext.bulkStatus.has('endpoint'));
  assert.ok(ext.maxWaitSeconds > 0);
  const answers: [number, string][] = [[404, '{"ERSResponse":{}}'], [200, '<html>ISE</html>'], [200, '{"Gatehouse":{"api":"v9"}}'], [302, '']];
  for (const [status, body] of answers) {
    const stub = await startStub((_r, res) => { res.writeHead(status, { 'content-type': 'text/html' }); res.end(body); });
    try {
      assert.equal(await detectExtension(http(stub.url)), undefined, `${status} ${body}`);
      assert.equal(stub.requests[0].url, '/gatehouse/v1/');
      assert.equal(stub.requests.length, 1);
    } finally {
      await stub.close();
    }
  }
});

test('bulk request XML and status parsing follow the ERS shapes', () => {
  const xml = bulkRequestXml('endpoint', 'create', [
    { name: 'AA:BB:CC:00:00:01', mac: 'AA:BB:CC:00:00:01', description: 'a <b> & "c"', groupId: 'g1', staticGroupAssignment: true, customAttributes: { customAttributes: { owner: 'R&D' } } },
  ]);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><ns4:endpointBulkRequest operationType="create" resourceMediaType="vnd.com.cisco.ise.identity.endpoint.1.0\+xml" xmlns:ns4="identity.ers.ise.cisco.com"/);
  assert.ok(xml.includes('<ns4:resourcesList><ns4:endpoint name="AA:BB:CC:00:00:01" description="a &lt;b&gt; &amp; &quot;c&quot;">'));
  assert.ok(xml.includes('<customAttributes><customAttributes><entry><key>owner</key><value>R&amp;D</value></entry></customAttributes></customAttributes><groupId>g1</groupId><mac>AA:BB:CC:00:00:01</mac><staticGroupAssignment>true</staticGroupAssignment>'));
  const s = parseBulkStatus({ BulkStatus: { executionStatus: 'COMPLETED', resourcesStatus: [{ name: 'X', status: 'SUCCESS' }, { name: 'Y', status: 'FAIL' }, { name: 'Z', status: 'FAIL', errorMessage: 'why' }] } })!;
  assert.equal(s.completed, true);
  assert.deepEqual(s.items.map((i) => i.ok), [true, false, false]);
  assert.match(s.items[1].message!, /FAIL/);
  assert.equal(s.items[2].message, 'why');
  assert.equal(parseBulkStatus({ BulkStatus: { executionStatus: 'IN_PROGRESS', resourcesStatus: [] } })!.completed, false);
  assert.equal(parseBulkStatus({ ERSResponse: {} }), undefined);
});

test('ERS bulk writer on the node: batches, a 503 while another bulk runs is waited out, each row gets its own result', async () => {
  // Two users jobs (one running, one in line) keep the node busy, so the first ERS submit is refused with 503.
  for (const prefix of ['busy-a', 'busy-b']) {
    const busy = await server.request('PUT', '/gatehouse/v1/bulk/internaluser', {
      body: { InternalUserBulkRequest: { operationType: 'create', resourcesList: Array.from({ length: 500 }, (_, i) => ({ name: `${prefix}-${i}`, password: 'Secret-Pass-99' })) } },
    });
    assert.equal(busy.status, 202);
  }
  const client = http(url, 0);
  const statuses = spy(client);
  const w = new BulkWriter(client, ENDPOINTS, ersBulkRoute('endpoint'), { batch: 2, pollMs: 50 });
  assert.equal(w.description, 'ERS bulk requests of up to 2 rows');
  const results = Promise.all([
    w.create('AA:BB:CC:00:10:01', { mac: 'AA:BB:CC:00:10:01', groupId: WORKSTATION, staticGroupAssignment: true }),
    w.create('AA:BB:CC:00:10:02', { mac: 'AA:BB:CC:00:10:02', description: 'two' }),
    w.create('AA:BB:CC:00:10:03', { mac: 'AA:BB:CC:00:10:03', customAttributes: { customAttributes: { colour: 'red' } } }),
  ]);
  await w.finish();
  const [a, b, c] = await results;
  assert.deepEqual([a.ok, b.ok, c.ok], [true, true, false]);
  assert.match((c as { message: string }).message, /attribute 'colour' is not defined/);
  assert.ok(statuses.includes(503), `statuses ${statuses.join(',')}`);
  assert.equal(w.bulks, 2);
  assert.equal((await endpoint('AA:BB:CC:00:10:01')).groupId, WORKSTATION);
  const id2 = (await endpoint('AA:BB:CC:00:10:02')).id;
  const u = new BulkWriter(client, ENDPOINTS, ersBulkRoute('endpoint'), { pollMs: 50 });
  const upd = u.update('AA:BB:CC:00:10:02', id2, { description: 'changed' });
  await u.finish();
  assert.deepEqual(await upd, { ok: true, fields: ['description'] });
  assert.equal((await endpoint('AA:BB:CC:00:10:02')).description, 'changed');
  // A writer holds a bounded window of rows (one bulk in flight and two part-filled queues): room() waits beyond it.
  const small = new BulkWriter(client, ENDPOINTS, ersBulkRoute('endpoint'), { batch: 1, pollMs: 50 });
  const held = ['AA:BB:CC:00:10:11', 'AA:BB:CC:00:10:12', 'AA:BB:CC:00:10:13'].map((mac) => small.create(mac, { mac }));
  let roomy = false;
  const room = small.room().then(() => { roomy = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(roomy, false);
  await small.finish();
  await room;
  assert.ok((await Promise.all(held)).every((r) => r.ok));
});

test('extension bulk writer: users in line one behind the other, results per row, the status call waits', async () => {
  const ext = (await detectExtension(http()))!;
  const client = http();
  const statuses = spy(client);
  const w = new BulkWriter(client, USERS, extBulkRoute('internaluser', ext), { batch: 3 });
  assert.equal(w.description, 'Gatehouse fast path: bulk requests of up to 3 rows (/gatehouse/v1/bulk/internaluser)');
  const rows = Array.from({ length: 8 }, (_, i) => w.create(`ew-${i}`, { name: `ew-${i}`, password: i === 5 ? 'short' : `Secret-Pass-${i}x` }));
  await w.finish();
  const results = await Promise.all(rows);
  assert.deepEqual(results.map((r) => r.ok), [true, true, true, true, true, false, true, true]);
  assert.match((results[5] as { message: string }).message, /assword/);
  assert.equal(w.bulks, 3);
  // Three submits and three status calls, no polling and no 503.
  assert.deepEqual(statuses.filter((s) => s === 202).length, 3);
  assert.deepEqual(statuses.filter((s) => s === 200).length, 3);
  assert.ok(!statuses.includes(503));
});

test('gatehouse import endpoints: ERS bulk with the waiting status on the node; --ers-only polls ERS; --bulk off is one call per row', async () => {
  const csv = join(dir, 'ep.csv');
  writeFileSync(csv, 'mac,groupName,description,attr:colour\naa:bb:cc:00:20:01,Workstation,one,\naa-bb-cc-00-20-02,,two,\naabb.cc00.2099,,fails,red\n');
  const errors = join(dir, 'ep-errors.csv');
  const r = await run(['import', 'endpoints', csv, '--errors', errors]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /ERS bulk requests of up to 500 rows, status through the Gatehouse waiting status call/);
  assert.match(r.stdout, /lookup by one Gatehouse export stream/);
  assert.equal(count(r.stdout, 'created'), 2);
  assert.equal(count(r.stdout, 'failed'), 1);
  const rows = parse(readFileSync(errors), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].mac, 'aabb.cc00.2099');
  assert.match(rows[0].message, /attribute 'colour' is not defined/);
  assert.equal((await endpoint('AA:BB:CC:00:20:01')).groupId, WORKSTATION);

  writeFileSync(csv, 'mac,description\naa:bb:cc:00:20:01,one again\naa:bb:cc:00:20:03,three\n');
  const ers = await run(['import', 'endpoints', csv, '--ers-only', '--verbose']);
  assert.equal(ers.code, 0, ers.stdout + ers.stderr);
  assert.match(ers.stdout, /: ERS bulk requests of up to 500 rows, concurrency/);
  assert.doesNotMatch(ers.stdout, /Gatehouse/);
  assert.equal(count(ers.stdout, 'created'), 1);
  assert.equal(count(ers.stdout, 'updated'), 1);
  assert.match(ers.stdout, /^updated\s+row 1 AA:BB:CC:00:20:01 \(description\)$/m);
  assert.equal((await endpoint('AA:BB:CC:00:20:01')).description, 'one again');

  writeFileSync(csv, 'mac,description\naa:bb:cc:00:20:04,four\n');
  const off = await run(['import', 'endpoints', csv, '--bulk', 'off']);
  assert.equal(off.code, 0, off.stdout);
  assert.match(off.stdout, /one call per row/);
  assert.equal(count(off.stdout, 'created'), 1);
});

test('gatehouse import users: the Gatehouse bulk on the node, ERS calls per row with --ers-only; the same outcome either way', async () => {
  const lines = (prefix: string) => ['name,password,email,identityGroup', ...Array.from({ length: 6 }, (_, i) => `${prefix}-${i},${i === 3 ? 'weak' : `Secret-Pass-${i}y`},${prefix}${i}@example.com,Employee`)].join('\n') + '\n';
  const results: Record<string, { out: string; errors: Record<string, string>[] }> = {};
  for (const [prefix, flags] of [['fast', []], ['ers', ['--ers-only']]] as const) {
    const csv = join(dir, `${prefix}.csv`);
    writeFileSync(csv, lines(prefix));
    const errors = join(dir, `${prefix}-errors.csv`);
    const r = await run(['import', 'users', csv, '--errors', errors, ...flags]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'created'), 5);
    assert.equal(count(r.stdout, 'failed'), 1);
    results[prefix] = { out: r.stdout, errors: parse(readFileSync(errors), { columns: true }) };
  }
  assert.match(results.fast.out, /Gatehouse fast path: bulk requests of up to 500 rows \(\/gatehouse\/v1\/bulk\/internaluser\)/);
  assert.match(results.fast.out, /lookup by one Gatehouse export stream/);
  assert.match(results.ers.out, /one call per row/);
  assert.doesNotMatch(results.ers.out, /Gatehouse/);
  // The same message for the refused row; the HTTP status only where the row had its own call.
  assert.equal(results.fast.errors[0].row, '4');
  assert.equal(results.fast.errors[0].message, results.ers.errors[0].message);
  assert.equal(results.fast.errors[0].status, '');
  assert.equal(results.ers.errors[0].status, '400');
  assert.ok(results.fast.errors.every((x) => x.password === ''));
  for (const prefix of ['fast', 'ers']) {
    const u = (await server.request('GET', `/ers/config/internaluser/name/${prefix}-0`)).json().InternalUser;
    assert.equal(u.email, `${prefix}0@example.com`);
  }
});

test('a row whose create fails because the user appeared meanwhile is looked up again and updated through a second bulk', async () => {
  // A stub stands in for a node whose export stream was taken before someone else created the user.
  const bulks: { op: string; names: string[] }[] = [];
  const stub = await startStub((req, res) => {
    if (req.url.endsWith('/versioninfo')) return json(res, 200, { VersionInfo: {} });
    if (req.url === '/gatehouse/v1/') {
      return json(res, 200, { Gatehouse: { api: 'v1', version: 'stub', export: { resources: ['internaluser'] }, bulk: { resources: { internaluser: ['create', 'update'] }, statusResources: ['internaluser'], maxWaitSeconds: 60, limit: 500 } } });
    }
    if (req.url === '/gatehouse/v1/export/internaluser') { res.writeHead(200, { 'content-type': 'application/x-ndjson' }); return res.end(); }
    if (req.url === '/ers/config/internaluser/name/late') {
      return json(res, 200, { InternalUser: { id: 'id-late', name: 'late', email: 'old@example.com', enabled: true, identityGroups: '' } });
    }
    if (req.method === 'PUT' && req.url === '/gatehouse/v1/bulk/internaluser') {
      const body = JSON.parse(req.body).InternalUserBulkRequest;
      bulks.push({ op: body.operationType, names: body.resourcesList.map((u: { name: string }) => u.name) });
      return json(res, 202, {}, { location: `https://127.0.0.1/gatehouse/v1/bulk/internaluser/${bulks.length}` });
    }
    const m = /^\/gatehouse\/v1\/bulk\/internaluser\/(\d+)\?wait=60$/.exec(req.url);
    if (m) {
      const b = bulks[Number(m[1]) - 1];
      return json(res, 200, { BulkStatus: { executionStatus: 'COMPLETED', resourcesStatus: b.names.map((name) => ({
        name, status: b.op === 'create' && name === 'late' ? 'FAIL' : 'SUCCESS',
        ...(b.op === 'create' && name === 'late' && { errorMessage: "Resource creation failed: user name 'late' already exists" }),
      })) } });
    }
    json(res, 404, ersError(`no ${req.url}`));
  });
  try {
    const csv = join(dir, 'late.csv');
    writeFileSync(csv, 'name,password,email\nearly,Secret-Pass-1x,early@example.com\nlate,Secret-Pass-2x,new@example.com\n');
    const r = await gatehouse(['import', 'users', csv, '--insecure', '--verbose'], cliEnv(stub.url), dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'created'), 1);
    assert.equal(count(r.stdout, 'updated'), 1);
    assert.match(r.stdout, /^updated\s+row 2 late \(email\)$/m);
    assert.deepEqual(bulks, [{ op: 'create', names: ['early', 'late'] }, { op: 'update', names: ['late'] }]);
  } finally {
    await stub.close();
  }
});
