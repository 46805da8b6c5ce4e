// The Gatehouse extension API (/gatehouse/v1) against a real node over
// HTTPS: detection, authentication and roles, the NDJSON export (complete,
// in name order, the ERS GET view of every object), bulk create/update of
// internal users (per-item results, failures with their message, secrets
// never at rest in clear), the waiting status call, one bulk in line behind
// the running one, and the ERS paths left exactly as ISE has them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, runCli, type Response, type TestServer } from '../helpers/server.ts';
import { EXPORT_CHUNK } from '../../src/ext/export.ts';

const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
/** Items per bulk on this node (ISE's 500 is the default; large jobs keep the queueing test's jobs busy long enough). */
const LIMIT = 2000;
const operator = { user: 'ext-reader', password: 'Reader-pass-1' };
const ersAdmin = { user: 'ext-automation', password: 'Automation-1' };

let server: TestServer;
before(async () => {
  server = await startServer({ env: { GATEHOUSE_BULK_LIMIT: String(LIMIT) } });
  for (const [a, role] of [[operator, 'ers-operator'], [ersAdmin, 'ers-admin']] as const) {
    const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', a.user, '--role', role, '--password-stdin'], a.password);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => { await server.cleanup(); });

const lines = (r: Response): Record<string, unknown>[] => r.body.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const bulkBody = (operationType: string, resourcesList: unknown[]) => ({ InternalUserBulkRequest: { operationType, resourcesList } });
const statusPath = (r: Response): string => new URL(String(r.headers.location)).pathname;

/** Submits a users bulk and returns its completed BulkStatus. */
async function runBulk(operationType: string, resourcesList: unknown[]): Promise<Record<string, any>> {
  const r = await server.request('PUT', '/gatehouse/v1/bulk/internaluser', { body: bulkBody(operationType, resourcesList) });
  assert.equal(r.status, 202, r.body);
  const s = await server.request('GET', `${statusPath(r)}?wait=30`);
  assert.equal(s.status, 200, s.body);
  const status = s.json().BulkStatus;
  assert.equal(status.executionStatus, 'COMPLETED');
  return status;
}

test('GET /gatehouse/v1 answers the capabilities to any admin; 401 without valid credentials; JSON errors', async () => {
  for (const auth of [undefined, operator, ersAdmin]) {
    const r = await server.request('GET', '/gatehouse/v1/', { auth });
    assert.equal(r.status, 200, r.body);
    const g = r.json().Gatehouse;
    assert.equal(g.api, 'v1');
    assert.deepEqual(g.export.resources, ['internaluser', 'endpoint', 'networkdevice']);
    assert.deepEqual(g.bulk.resources, { internaluser: ['create', 'update'] });
    assert.equal(g.bulk.limit, LIMIT);
  }
  assert.equal((await server.request('GET', '/gatehouse/v1')).status, 200);
  const none = await server.request('GET', '/gatehouse/v1/', { auth: null });
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Basic realm="ERS"');
  assert.deepEqual(none.json(), { error: 'Unauthorized', message: 'Unauthorized: Basic authentication is required' });
  assert.equal((await server.request('GET', '/gatehouse/v1/export/internaluser', { auth: { user: 'admin', password: 'wrong' } })).status, 401);
  const unknown = await server.request('GET', '/gatehouse/v1/nothing-here');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json().error, 'Unsupported resource exception');
  const method = await server.request('DELETE', '/gatehouse/v1/export/internaluser');
  assert.equal(method.status, 405);
  assert.equal(method.headers.allow, 'GET');
  assert.equal((await server.request('GET', '/gatehouse/v1/export/identitygroup')).status, 404);
});

test('users bulk: creates with per-item results, a failing item with its message, updates by id; export shows the result', async () => {
  const created = await runBulk('create', [
    { name: 'xb-1', password: 'Secret-Pass-51', email: 'one@example.com', identityGroups: EMPLOYEE, changePassword: false },
    { name: 'xb-2', password: 'weak', email: 'two@example.com' },
    { name: 'xb-3', password: 'Secret-Pass-53', firstName: 'Three', customAttributes: {} },
  ]);
  assert.equal(created.operationType, 'create');
  assert.deepEqual([created.resourcesCount, created.successCount, created.failCount], [3, 2, 1]);
  const items = created.resourcesStatus as Record<string, string>[];
  assert.deepEqual(items.map((i) => `${i.name}:${i.status}`), ['xb-1:SUCCESS', 'xb-2:FAIL', 'xb-3:SUCCESS']);
  assert.match(items[1].errorMessage, /password/i);
  assert.equal(items[0].errorMessage, undefined);
  const one = (await server.request('GET', `/ers/config/internaluser/${items[0].id}`)).json().InternalUser;
  assert.equal(one.email, 'one@example.com');
  assert.equal(one.identityGroups, EMPLOYEE);
  assert.equal(one.changePassword, false);
  assert.equal((await server.request('GET', '/ers/config/internaluser/name/xb-2')).status, 404);

  const updated = await runBulk('update', [
    { id: items[0].id, email: 'one@new.example.com' },
    { id: items[2].id, lastName: 'Renamed', password: 'Secret-Pass-63' },
    { id: '00000000-0000-0000-0000-000000000000', email: 'x@example.com' },
  ]);
  assert.deepEqual((updated.resourcesStatus as Record<string, string>[]).map((i) => i.status), ['SUCCESS', 'SUCCESS', 'FAIL']);
  assert.match(updated.resourcesStatus[2].errorMessage, /not found/);
  const after1 = (await server.request('GET', `/ers/config/internaluser/${items[0].id}`)).json().InternalUser;
  assert.equal(after1.email, 'one@new.example.com');
  assert.equal(after1.firstName, one.firstName);
  const exported = lines(await server.request('GET', '/gatehouse/v1/export/internaluser'));
  assert.equal(exported.find((u) => u.name === 'xb-3')!.lastName, 'Renamed');

  // Passwords travel sealed: not in the database, its WAL, the audit trail or the log.
  const secrets = ['Secret-Pass-51', 'Secret-Pass-53', 'Secret-Pass-63'];
  const raw = ['gatehouse.db', 'gatehouse.db-wal'].map((f) => join(server.dataDir, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
  const audit = await runCli(['audit', '--data-dir', server.dataDir, '--since', '1h']);
  for (const s of secrets) {
    assert.ok(!raw.includes(s), `database contains ${s}`);
    assert.ok(!audit.stdout.includes(s), `audit contains ${s}`);
    assert.ok(!server.output().includes(s), `log contains ${s}`);
  }
});

test('users bulk refuses bad requests as a whole: content type, body, operation, missing ids, other resources', async () => {
  const put = (body: unknown, headers: Record<string, string> = {}) => server.request('PUT', '/gatehouse/v1/bulk/internaluser', { body: body as object, headers });
  const xml = await server.request('PUT', '/gatehouse/v1/bulk/internaluser', { format: 'xml', body: '<internaluserBulkRequest/>' });
  assert.equal(xml.status, 415);
  assert.match(xml.json().message, /application\/json/);
  assert.equal((await put('not json')).status, 400);
  assert.equal((await put({ EndpointBulkRequest: {} })).status, 400);
  const op = await put(bulkBody('delete', []));
  assert.equal(op.status, 400);
  const delOp = await put({ InternalUserBulkRequest: { operationType: 'delete', idList: ['x'] } });
  assert.equal(delOp.status, 400);
  assert.match(delOp.json().message, /Supported: create, update/);
  const noId = await put(bulkBody('update', [{ email: 'a@example.com' }]));
  assert.equal(noId.status, 400);
  assert.match(noId.json().message, /id is missing/);
  const unknownField = await put(bulkBody('create', [{ name: 'x', colour: 'red' }]));
  assert.equal(unknownField.status, 400);
  assert.match(unknownField.json().message, /Unrecognized field "colour"/);
  const tooMany = await put(bulkBody('create', Array.from({ length: LIMIT + 1 }, (_, i) => ({ name: `many-${i}`, password: 'Secret-Pass-99' }))));
  assert.equal(tooMany.status, 400);
  assert.equal((await server.request('PUT', '/gatehouse/v1/bulk/endpoint', { body: { EndpointBulkRequest: {} } })).status, 404);
  assert.equal((await server.request('GET', '/gatehouse/v1/bulk/internaluser/123')).status, 404);
  assert.equal((await server.request('GET', '/gatehouse/v1/bulk/internaluser/123?wait=61')).status, 400);
  // ISE has no ERS bulk for internal users, and neither does Gatehouse's ERS.
  assert.equal((await server.request('PUT', '/ers/config/internaluser/bulk/submit', { format: 'xml', body: '<probe/>' })).status, 404);
});

test('roles: ERS Operator may export and read bulk status but not submit; ERS Admin may submit', async () => {
  assert.equal((await server.request('GET', '/gatehouse/v1/export/internaluser', { auth: operator })).status, 200);
  const denied = await server.request('PUT', '/gatehouse/v1/bulk/internaluser', { auth: operator, body: bulkBody('create', [{ name: 'by-op', password: 'Secret-Pass-71' }]) });
  assert.equal(denied.status, 403);
  assert.match(denied.json().message, /may only read/);
  const ok = await server.request('PUT', '/gatehouse/v1/bulk/internaluser', { auth: ersAdmin, body: bulkBody('create', [{ name: 'by-ersadmin', password: 'Secret-Pass-72' }]) });
  assert.equal(ok.status, 202, ok.body);
  const status = await server.request('GET', `${statusPath(ok)}?wait=30`, { auth: operator });
  assert.equal(status.json().BulkStatus.resourcesStatus[0].status, 'SUCCESS');
  assert.equal((await server.request('GET', '/ers/config/internaluser/name/by-op')).status, 404);
});

test('one bulk waits in line behind the running one; a third is refused with 503 as ISE does; ERS bulk is refused meanwhile', async () => {
  const batch = (prefix: string) => bulkBody('create', Array.from({ length: LIMIT }, (_, i) => ({ name: `${prefix}-${String(i).padStart(4, '0')}`, password: 'Secret-Pass-81' })));
  const answers = await Promise.all(['q1', 'q2', 'q3'].map((p) => server.request('PUT', '/gatehouse/v1/bulk/internaluser', { body: batch(p) })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [202, 202, 503]);
  const refused = answers.find((a) => a.status === 503)!;
  assert.equal(refused.headers['retry-after'], '5');
  const ers = await server.request('PUT', '/ers/config/endpoint/bulk/submit', {
    format: 'xml', body: '<ns4:endpointBulkRequest operationType="create" xmlns:ns4="identity.ers.ise.cisco.com"><ns4:resourcesList><ns4:endpoint><mac>AA:BB:CC:00:77:01</mac></ns4:endpoint></ns4:resourcesList></ns4:endpointBulkRequest>',
  });
  assert.equal(ers.status, 503);
  const [first, second] = answers.filter((a) => a.status === 202).sort((a, b) => Number(statusPath(a).split('/').pop()) - Number(statusPath(b).split('/').pop()));
  // The status of the one in line waits for that job, not for whatever runs before it.
  const s2 = (await server.request('GET', `${statusPath(second)}?wait=60`)).json().BulkStatus;
  assert.equal(s2.executionStatus, 'COMPLETED');
  assert.equal(s2.successCount, LIMIT);
  const s1 = (await server.request('GET', `${statusPath(first)}?wait=0`)).json().BulkStatus;
  assert.equal(s1.successCount, LIMIT);
  const id = statusPath(first).split('/').pop()!;
  assert.equal((await server.request('GET', `/gatehouse/v1/bulk/endpoint/${id}`)).status, 404, 'a users job is not an endpoint job');
  assert.equal((await server.request('GET', `/ers/config/endpoint/bulk/${id}`)).status, 404);
});

test('export: every object once, in name order, across chunks, as ERS GET shows it (passwords masked, device secrets as ERS)', async () => {
  const total = EXPORT_CHUNK + 345;
  for (let start = 0; start < total; start += LIMIT) {
    const list = Array.from({ length: Math.min(LIMIT, total - start) }, (_, i) => ({ name: `exp-${String(start + i).padStart(5, '0')}`, password: 'Secret-Pass-91', description: `n${start + i}` }));
    const s = await runBulk('create', list);
    assert.equal(s.failCount, 0);
  }
  const r = await server.request('GET', '/gatehouse/v1/export/internaluser');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/x-ndjson/);
  const users = lines(r);
  const count = (await server.request('GET', '/ers/config/internaluser?size=1')).json().SearchResult.total;
  assert.equal(users.length, count);
  assert.equal(Number(r.headers['x-total-count']), count);
  assert.equal(new Set(users.map((u) => u.id)).size, users.length, 'no object twice');
  assert.equal(users.filter((u) => String(u.name).startsWith('exp-')).length, total);
  const names = users.map((u) => String(u.name));
  assert.deepEqual(names, [...names].sort());
  for (const u of [users[0], users[EXPORT_CHUNK - 1], users[EXPORT_CHUNK], users[users.length - 1]]) {
    const viaErs = (await server.request('GET', `/ers/config/internaluser/${u.id}`)).json().InternalUser;
    delete viaErs.link;
    assert.deepEqual(u, viaErs);
    assert.equal(u.password, '*******');
  }

  const mac = 'AA:BB:CC:00:88:01';
  assert.equal((await server.request('POST', '/ers/config/endpoint', { body: { ERSEndPoint: { mac, description: 'exported' } } })).status, 201);
  const endpoints = lines(await server.request('GET', '/gatehouse/v1/export/endpoint'));
  const ep = endpoints.find((e) => e.mac === mac)!;
  const epErs = (await server.request('GET', `/ers/config/endpoint/${ep.id}`)).json().ERSEndPoint;
  delete epErs.link;
  assert.deepEqual(ep, epErs);

  assert.equal((await server.request('POST', '/ers/config/networkdevice', { body: { NetworkDevice: {
    name: 'exp-sw', NetworkDeviceIPList: [{ ipaddress: '10.77.0.1', mask: 32 }], authenticationSettings: { networkProtocol: 'RADIUS', radiusSharedSecret: 'Exported-Secret-1' },
  } } })).status, 201);
  const devices = lines(await server.request('GET', '/gatehouse/v1/export/networkdevice', { auth: operator }));
  const sw = devices.find((d) => d.name === 'exp-sw')!;
  assert.equal((sw.authenticationSettings as Record<string, unknown>).radiusSharedSecret, 'Exported-Secret-1');
  const swErs = (await server.request('GET', `/ers/config/networkdevice/${sw.id}`)).json().NetworkDevice;
  delete swErs.link;
  assert.deepEqual(sw, swErs);
});
