// ERS platform behaviour: authentication, roles, throttling, CSRF, misc endpoints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const operator = { user: 'reader', password: 'Reader-pass-1' };
const ersAdmin = { user: 'automation', password: 'Automation-1' };

before(async () => {
  server = await startServer({ env: { GATEHOUSE_LOGIN_FAILURES: '3', GATEHOUSE_LOGIN_WINDOW_SECONDS: '30' } });
  for (const [a, role] of [[operator, 'ers-operator'], [ersAdmin, 'ers-admin']] as const) {
    const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', a.user, '--role', role, '--password-stdin'], a.password);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => { await server.cleanup(); });

test('missing or wrong credentials are 401 with WWW-Authenticate and an ERSResponse', async () => {
  const none = await server.request('GET', '/ers/config/internaluser', { auth: null });
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Basic realm="ERS"');
  assert.equal(none.json().ERSResponse.messages[0].title.startsWith('Unauthorized'), true);
  const wrong = await server.request('GET', '/ers/config/internaluser', { auth: { user: 'admin', password: 'nope' }, headers: { 'x-forwarded-for': '1.2.3.4' } });
  assert.equal(wrong.status, 401);
});

test('ERS Operator may read but not write (403); ERS Admin may write', async () => {
  assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth: operator })).status, 200);
  const w = await server.request('POST', '/ers/config/identitygroup', { auth: operator, body: { IdentityGroup: { name: 'ByOperator' } } });
  assert.equal(w.status, 403);
  assert.equal(w.json().ERSResponse.operation, 'POST-create-identitygroup');
  assert.equal((await server.request('DELETE', '/ers/config/identitygroup/a1740510-8c01-11e6-996c-525400b48521', { auth: operator })).status, 403);
  const ok = await server.request('POST', '/ers/config/identitygroup', { auth: ersAdmin, body: { IdentityGroup: { name: 'ByAutomation' } } });
  assert.equal(ok.status, 201);
});

test('adminuser lists the admins with ISE group names; passwords masked', async () => {
  const list = (await server.request('GET', '/ers/config/adminuser?filter=name.EQ.admin')).json().SearchResult;
  assert.equal(list.total, 1);
  const admin = (await server.request('GET', `/ers/config/adminuser/${list.resources[0].id}`)).json().AdminUser;
  assert.equal(admin.adminGroups, 'Super Admin');
  assert.equal(admin.password, '*******');
  assert.equal(admin.externalUser, false);
  const reader = (await server.request('GET', '/ers/config/adminuser/name/reader')).json().AdminUser;
  assert.equal(reader.adminGroups, 'ERS Operator');
  assert.equal((await server.request('POST', '/ers/config/adminuser', { body: {} })).status, 405);
});

test('iseversion reports a 3.x version in OperationResult', async () => {
  const r = await server.request('GET', '/ers/config/op/systemconfig/iseversion');
  assert.equal(r.status, 200);
  const values = r.json().OperationResult.resultValue;
  assert.match(values.find((v: { name: string }) => v.name === 'version').value, /^3\.\d+\.\d+\.\d+$/);
  assert.ok(values.some((v: { name: string }) => v.name === 'patch information'));
  const x = await server.request('GET', '/ers/config/op/systemconfig/iseversion', { format: 'xml' });
  assert.match(x.body, /<resultValue name="version">/);
});

test('unknown resource is 404 with an ERSResponse', async () => {
  const r = await server.request('GET', '/ers/config/nosuch');
  assert.equal(r.status, 404);
  assert.equal(r.json().ERSResponse.messages[0].code, 'Unsupported resource exception');
  const x = await server.request('GET', '/ers/config/nosuch', { format: 'xml' });
  assert.match(x.body, /<ns3:ersResponse operation="GET-getAll-nosuch"/);
  assert.match(x.body, /<message type="ERROR" code="Unsupported resource exception">/);
});

test('CSRF fetch always answers with a token and a session cookie', async () => {
  const r = await server.request('GET', '/ers/config/internaluser/versioninfo', { headers: { 'x-csrf-token': 'fetch' } });
  assert.equal(r.status, 200);
  assert.match(String(r.headers['x-csrf-token']), /^[A-Za-z0-9_-]{20,}$/);
  assert.match(String(r.headers['set-cookie']), /^APPSESSIONID=/);
});

test('OpenAPI document and Swagger UI are served', async () => {
  const doc = await server.request('GET', '/api/swagger-ui/json', { port: 'https' });
  assert.equal(doc.status, 200);
  const api = doc.json();
  assert.equal(api.openapi, '3.0.3');
  assert.ok(api.paths['/ers/config/internaluser/'] || api.paths['/ers/config/internaluser']);
  const ui = await server.request('GET', '/api/swagger-ui/', { port: 'https', headers: { accept: 'text/html' } });
  assert.equal(ui.status, 200);
  assert.match(ui.body, /swagger/i);
});

test('TLS below 1.2 is refused', async () => {
  const tls = await import('node:tls');
  const outcome = await new Promise<string>((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port: server.ports.ers, rejectUnauthorized: false, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => resolve('connected'));
    s.on('error', () => resolve('refused'));
  });
  assert.equal(outcome, 'refused');
});

// Last: it trips the limiter for 127.0.0.1.
test('repeated failures from one source are throttled with 429 and Retry-After', async () => {
  const bad = { user: 'admin', password: 'wrong' };
  for (let i = 0; i < 3; i++) assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth: bad })).status, 401);
  const r = await server.request('GET', '/ers/config/identitygroup', { auth: bad });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) > 0 && Number(r.headers['retry-after']) <= 30);
  // Even correct credentials wait while this source is throttled.
  assert.equal((await server.request('GET', '/ers/config/identitygroup')).status, 429);
});
