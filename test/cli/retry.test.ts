// Retries against a stub server: 429 honours Retry-After, 503/500 back off,
// a 4xx validation error is never retried, a connection that keeps
// dropping ends as "server unreachable" for that row only, a reused
// keep-alive connection reset before any answer is sent again at once, and
// an export stream that breaks off is an error, never a shorter export.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ErsHttp } from '../../src/cli/ers-http.ts';
import { cliEnv, count, gatehouse } from './cli.ts';
import { ersError, json, startStub } from './stub.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-retry-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('429 waits for Retry-After, 5xx backs off, 400 is final, a dropped connection fails only its row', async () => {
  const posts = new Map<string, number>();
  const stub = await startStub((req, res) => {
    if (req.method === 'GET' && req.url.endsWith('/versioninfo')) return json(res, 200, { VersionInfo: { currentServerVersion: '1.2' } });
    if (req.method === 'GET' && req.url.startsWith('/ers/config/internaluser/name/')) return json(res, 404, ersError('Resource not found'));
    if (req.method === 'POST' && req.url === '/ers/config/internaluser') {
      const name = JSON.parse(req.body).InternalUser.name as string;
      const n = (posts.get(name) ?? 0) + 1;
      posts.set(name, n);
      const created = () => json(res, 201, undefined, { location: `https://127.0.0.1/ers/config/internaluser/id-${name}` });
      if (name === 'r429') return n === 1 ? json(res, 429, ersError('Too many requests'), { 'retry-after': '1' }) : created();
      if (name === 'r503') return n <= 2 ? json(res, 503, ersError('busy')) : created();
      if (name === 'r400') return json(res, 400, ersError('Password must satisfy the following rules: too short'));
      if (name === 'r500') return json(res, 500, ersError('CRUD operation exception'));
      if (name === 'rgone') { res.socket?.destroy(); return; }
      return created();
    }
    json(res, 404, ersError(`unexpected ${req.method} ${req.url}`));
  });
  try {
    const csv = join(dir, 'retry.csv');
    writeFileSync(csv, 'name,password\nr429,Secret-Pass-1\nr503,Secret-Pass-2\nr400,Secret-Pass-3\nr500,Secret-Pass-4\nrok,Secret-Pass-5\nrgone,Secret-Pass-6\n');
    const errors = join(dir, 'retry-errors.csv');
    const t0 = Date.now();
    const r = await gatehouse(['import', 'users', csv, '--insecure', '--lookup', 'name', '--concurrency', '1', '--retries', '3', '--errors', errors], cliEnv(stub.url), dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'created'), 3);
    assert.equal(count(r.stdout, 'failed'), 3);
    const at = stub.requests.filter((q) => q.method === 'POST' && q.body.includes('"r429"')).map((q) => q.at);
    assert.equal(at.length, 2);
    assert.ok(at[1] - at[0] >= 950, `retried after ${at[1] - at[0]} ms, Retry-After was 1 s`);
    assert.equal(posts.get('r503'), 3);
    assert.equal(posts.get('r400'), 1, 'a 400 is never retried');
    assert.equal(posts.get('r500'), 4, 'first attempt and 3 retries');
    assert.equal(posts.get('rok'), 1);
    const rows = parse(readFileSync(errors), { columns: true }) as Record<string, string>[];
    const by = (n: string) => rows.find((x) => x.name === n)!;
    assert.equal(by('r400').status, '400');
    assert.match(by('r400').message, /^Password must satisfy/);
    assert.equal(by('r500').status, '500');
    assert.equal(by('r500').message, 'CRUD operation exception');
    assert.equal(by('rgone').status, '');
    assert.match(by('rgone').message, /server unreachable/);
    assert.ok(rows.every((x) => x.password === ''));
    assert.ok(Date.now() - t0 < 60_000);
  } finally {
    await stub.close();
  }
});

test('the rate limit spaces calls', async () => {
  const stub = await startStub((req, res) => {
    if (req.url.endsWith('/versioninfo')) return json(res, 200, { VersionInfo: {} });
    if (req.method === 'GET') return json(res, 404, ersError('Resource not found'));
    json(res, 201, undefined, { location: 'https://127.0.0.1/ers/config/internaluser/x' });
  });
  try {
    const csv = join(dir, 'rate.csv');
    writeFileSync(csv, ['name,password', ...Array.from({ length: 10 }, (_, i) => `rate${i},Secret-Pass-${i}`)].join('\n') + '\n');
    const r = await gatehouse(['import', 'users', csv, '--insecure', '--lookup', 'name', '--rate', '10', '--concurrency', '8'], cliEnv(stub.url), dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // The extension check finds none (404 as on ISE); then one GET and one POST per row.
    assert.equal(stub.requests.filter((q) => q.url === '/gatehouse/v1/').length, 1);
    const calls = stub.requests.filter((q) => !q.url.endsWith('/versioninfo') && q.url !== '/gatehouse/v1/');
    assert.equal(calls.length, 20);
    const span = calls[calls.length - 1].at - calls[0].at;
    assert.ok(span >= 1600, `20 calls at 10/s took ${span} ms`);
  } finally {
    await stub.close();
  }
});

test('a reused connection reset before any answer is sent again at once on a new one, without counting a retry', async () => {
  const served = new WeakMap<object, number>();
  const stub = await startStub((req, res) => {
    const socket = res.socket!;
    const n = (served.get(socket) ?? 0) + 1;
    served.set(socket, n);
    // The second call on a connection finds it dropped, as when a server closes an idle connection.
    if (n === 2) { socket.destroy(); return; }
    json(res, 200, { ok: req.url });
  });
  try {
    const http = new ErsHttp({ url: stub.url, user: 'admin', password: 'x', insecure: true, sockets: 1, retry: { retries: 0, baseMs: 1000, maxMs: 1000 } });
    const t0 = Date.now();
    assert.equal((await http.request('GET', '/one')).status, 200);
    const again = await http.request('GET', '/two');
    assert.equal(again.status, 200);
    assert.equal(JSON.parse(again.text).ok, '/two');
    assert.equal(http.retries, 0);
    assert.ok(Date.now() - t0 < 1000, 'no backoff');
    http.close();
  } finally {
    await stub.close();
  }
});

test('export: a Gatehouse export stream that breaks off fails the export; nothing is written as complete', async () => {
  const line = (i: number) => JSON.stringify({ id: `id-${i}`, name: `cut-${i}`, enabled: true, password: '*******', identityGroups: '' });
  const stub = await startStub((req, res) => {
    if (req.url.endsWith('/versioninfo')) return json(res, 200, { VersionInfo: {} });
    if (req.url === '/gatehouse/v1/') {
      return json(res, 200, { Gatehouse: { api: 'v1', version: '0', export: { resources: ['internaluser'] }, bulk: { resources: {}, statusResources: [], maxWaitSeconds: 60, limit: 500 } } });
    }
    if (req.url.startsWith('/ers/config/identitygroup')) return json(res, 200, { SearchResult: { total: 0, resources: [] } });
    if (req.url === '/gatehouse/v1/export/internaluser') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-total-count': '1000' });
      res.write(Array.from({ length: 10 }, (_, i) => `${line(i)}\n`).join(''));
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    json(res, 404, ersError('not here'));
  });
  try {
    const out = join(dir, 'cut.csv');
    const r = await gatehouse(['export', 'users', '--insecure', '--out', out], cliEnv(stub.url), dir);
    assert.notEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /broke off before its end/);
    assert.doesNotMatch(r.stdout, /objects\s+10/);
    assert.ok(!existsSync(out), 'no file from a broken stream');
  } finally {
    await stub.close();
  }
});
