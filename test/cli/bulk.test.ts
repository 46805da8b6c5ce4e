// The ERS bulk path of the importer against a fake bulk server (no real
// server offers bulk yet): the probe, the XML request, 503 while another
// bulk runs, status polling and per-row results, and the CLI's use of it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ErsHttp } from '../../src/cli/ers-http.ts';
import { BulkWriter, bulkOffered, bulkRequestXml, parseBulkStatus } from '../../src/cli/bulk.ts';
import { cliEnv, count, gatehouse } from './cli.ts';
import { emptyList, ersError, json, startStub, type StubRequest } from './stub.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bulk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const http = (url: string) => new ErsHttp({ url, user: 'admin', password: 'x', insecure: true });

/** A fake ERS bulk endpoint: items whose MAC ends in :99 fail; a submit may be refused with 503 first. */
function bulkServer(opts: { busyFirst: number }) {
  const jobs = new Map<string, { op: string; macs: string[]; polls: number }>();
  let submits = 0;
  const handler = (req: StubRequest, res: Parameters<Parameters<typeof startStub>[0]>[1]) => {
    if (req.url.endsWith('/versioninfo')) return json(res, 200, { VersionInfo: {} });
    if (req.method === 'GET' && /^\/ers\/config\/endpoint\?size=/.test(req.url)) return json(res, 200, emptyList);
    if (req.method === 'PUT' && req.url === '/ers/config/endpoint/bulk/submit') {
      if (!req.body.includes('BulkRequest')) return json(res, 400, ersError('Bulk request is not valid'));
      if (++submits <= opts.busyFirst) return json(res, 503, ersError('Another bulk request is running, retry later'));
      const id = String(1700000000000 + submits);
      const op = /operationType="(\w+)"/.exec(req.body)![1];
      jobs.set(id, { op, macs: [...req.body.matchAll(/<mac>([^<]+)<\/mac>/g)].map((m) => m[1]), polls: 0 });
      res.writeHead(202, { location: `https://127.0.0.1/ers/config/endpoint/bulk/${id}` });
      return res.end();
    }
    const m = /^\/ers\/config\/endpoint\/bulk\/(\d+)$/.exec(req.url);
    if (req.method === 'GET' && m && jobs.has(m[1])) {
      const job = jobs.get(m[1])!;
      const done = ++job.polls > 1;
      return json(res, 200, { BulkStatus: {
        bulkId: m[1], executionStatus: done ? 'COMPLETED' : 'IN_PROGRESS', operationType: job.op, resourcesCount: job.macs.length,
        resourcesStatus: job.macs.map((mac) => ({
          id: `id-${mac}`, name: mac, description: '', resourceExecutionStatus: done ? 'COMPLETED' : 'PENDING',
          status: !done ? 'PENDING' : mac.endsWith(':99') ? 'FAIL' : 'SUCCESS',
        })),
      } });
    }
    json(res, 404, ersError(`Unsupported resource: ${req.url}`));
  };
  return { handler, jobs, submits: () => submits };
}

test('probe: 400 to a non-bulk body means bulk is offered; 404 means it is not; internaluser never probes', async () => {
  const yes = await startStub((_r, res) => json(res, 400, ersError('Bulk request is not valid')));
  const no = await startStub((_r, res) => json(res, 404, ersError('Unsupported resource')));
  try {
    assert.equal(await bulkOffered(http(yes.url), 'endpoint'), true);
    assert.equal(yes.requests[0].method, 'PUT');
    assert.equal(yes.requests[0].url, '/ers/config/endpoint/bulk/submit');
    assert.equal(await bulkOffered(http(no.url), 'endpoint'), false);
    assert.equal(await bulkOffered(http(yes.url), 'internaluser'), false);
    assert.equal(yes.requests.length, 1);
  } finally {
    await yes.close();
    await no.close();
  }
});

test('bulk request XML and status parsing follow the ERS shapes', () => {
  const xml = bulkRequestXml('endpoint', 'create', [
    { name: 'AA:BB:CC:00:00:01', mac: 'AA:BB:CC:00:00:01', description: 'a <b> & "c"', groupId: 'g1', staticGroupAssignment: true, customAttributes: { customAttributes: { owner: 'R&D' } } },
  ]);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><ns4:endpointBulkRequest operationType="create" resourceMediaType="vnd.com.cisco.ise.identity.endpoint.1.0\+xml" xmlns:ns4="identity.ers.ise.cisco.com"/);
  assert.ok(xml.includes('<ns4:resourcesList><ns4:endpoint name="AA:BB:CC:00:00:01" description="a &lt;b&gt; &amp; &quot;c&quot;">'));
  assert.ok(xml.includes('<customAttributes><customAttributes><entry><key>owner</key><value>R&amp;D</value></entry></customAttributes></customAttributes><groupId>g1</groupId><mac>AA:BB:CC:00:00:01</mac><staticGroupAssignment>true</staticGroupAssignment>'));
  const s = parseBulkStatus({ BulkStatus: { executionStatus: 'COMPLETED', resourcesStatus: [{ name: 'X', status: 'SUCCESS' }, { name: 'Y', status: 'FAIL' }] } })!;
  assert.equal(s.completed, true);
  assert.deepEqual(s.items.map((i) => i.ok), [true, false]);
  assert.match(s.items[1].message!, /FAIL/);
  assert.equal(parseBulkStatus({ BulkStatus: { executionStatus: 'IN_PROGRESS', resourcesStatus: [] } })!.completed, false);
  assert.equal(parseBulkStatus({ ERSResponse: {} }), undefined);
});

test('BulkWriter batches, waits out 503, polls to COMPLETED and reports each row', async () => {
  const fake = bulkServer({ busyFirst: 1 });
  const stub = await startStub(fake.handler);
  try {
    const w = new BulkWriter(http(stub.url), 'endpoint', { batch: 2, pollMs: 50 });
    const results = Promise.all([
      w.create('AA:BB:CC:00:00:01', { mac: 'AA:BB:CC:00:00:01' }),
      w.create('AA:BB:CC:00:00:02', { mac: 'AA:BB:CC:00:00:02' }),
      w.create('AA:BB:CC:00:00:99', { mac: 'AA:BB:CC:00:00:99' }),
      w.update('AA:BB:CC:00:00:03', 'id-3', { description: 'new' }),
    ]);
    await w.finish();
    const [a, b, c, d] = await results;
    assert.deepEqual([a.ok, b.ok, c.ok, d.ok], [true, true, false, true]);
    assert.equal(w.bulks, 3);
    assert.equal(fake.submits(), 4, 'one submit refused with 503, then three bulks');
    const ops = [...fake.jobs.values()].map((j) => `${j.op}:${j.macs.length}`);
    assert.deepEqual(ops, ['create:2', 'create:1', 'update:1']);
    const update = stub.requests.find((r) => r.body.includes('operationType="update"'))!;
    assert.ok(update.body.includes('<ns4:endpoint id="id-3" name="AA:BB:CC:00:00:03" description="new"><mac>AA:BB:CC:00:00:03</mac></ns4:endpoint>'));
  } finally {
    await stub.close();
  }
});

test('gatehouse import endpoints uses bulk when the server offers it', async () => {
  const fake = bulkServer({ busyFirst: 0 });
  const stub = await startStub(fake.handler);
  try {
    const csv = join(dir, 'ep.csv');
    writeFileSync(csv, 'mac,description\naa:bb:cc:00:00:01,one\naa-bb-cc-00-00-02,two\naabb.cc00.0099,fails\n');
    const errors = join(dir, 'ep-errors.csv');
    const r = await gatehouse(['import', 'endpoints', csv, '--insecure', '--errors', errors], cliEnv(stub.url), dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /ERS bulk requests of up to 500 rows/);
    assert.equal(count(r.stdout, 'created'), 2);
    assert.equal(count(r.stdout, 'failed'), 1);
    assert.equal(fake.jobs.size, 1);
    const rows = parse(readFileSync(errors), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].mac, 'aabb.cc00.0099');
    assert.match(rows[0].message, /FAIL/);
    const off = await gatehouse(['import', 'endpoints', csv, '--insecure', '--bulk', 'off', '--errors', errors], cliEnv(stub.url), dir);
    assert.match(off.stdout, /one call per row/);
  } finally {
    await stub.close();
  }
});
