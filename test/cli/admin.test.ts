// gatehouse admin and audit, on a stopped and on a running node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const dd = () => ['--data-dir', server.dataDir];

test('admin add/list/passwd/remove on a running node take effect at once', async () => {
  const add = await runCli(['admin', 'add', ...dd(), '--name', 'ops', '--role', 'ers-admin', '--password-stdin'], 'Ops-password-1\n');
  assert.equal(add.code, 0, add.stderr);
  const auth = { user: 'ops', password: 'Ops-password-1' };
  assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth })).status, 200);
  const list = await runCli(['admin', 'list', ...dd()]);
  assert.match(list.stdout, /^admin\tsuper-admin\tenabled/m);
  assert.match(list.stdout, /^ops\ters-admin\tenabled/m);
  const pw = await runCli(['admin', 'passwd', ...dd(), '--name', 'ops', '--password-stdin'], 'Ops-password-2');
  assert.equal(pw.code, 0, pw.stderr);
  assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth })).status, 401);
  assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth: { user: 'ops', password: 'Ops-password-2' } })).status, 200);
  const rm = await runCli(['admin', 'remove', ...dd(), '--name', 'ops']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal((await server.request('GET', '/ers/config/identitygroup', { auth: { user: 'ops', password: 'Ops-password-2' } })).status, 401);
});

test('admin errors: unknown role, short password, duplicate, last super admin', async () => {
  const role = await runCli(['admin', 'add', ...dd(), '--name', 'x1', '--role', 'root', '--password-stdin'], 'Long-enough-1');
  assert.notEqual(role.code, 0);
  assert.match(role.stderr, /unknown role/);
  const short = await runCli(['admin', 'add', ...dd(), '--name', 'x2', '--role', 'ers-admin', '--password-stdin'], 'short');
  assert.match(short.stderr, /at least 8/);
  const dup = await runCli(['admin', 'add', ...dd(), '--name', 'admin', '--role', 'ers-admin', '--password-stdin'], 'Long-enough-1');
  assert.match(dup.stderr, /already exists/);
  const last = await runCli(['admin', 'remove', ...dd(), '--name', 'admin']);
  assert.match(last.stderr, /last super admin/);
});

test('audit trail records writes with actor, source and result, and never secrets', async () => {
  const r = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'audited', password: 'Sup3rSecretPw', enablePassword: 'En4blePassXy' } } });
  assert.equal(r.status, 201);
  await server.request('PUT', '/ers/config/internaluser/name/audited', { body: { InternalUser: { password: 'An0therSecretPw', description: 'changed' } } });
  await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'audited', password: 'Sup3rSecretPw' } } });
  const out = await runCli(['audit', ...dd(), '--since', '1h']);
  assert.equal(out.code, 0, out.stderr);
  const entries = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const mine = entries.filter((e) => e.objectType === 'internaluser' && (e.objectName === 'audited' || e.after?.name === 'audited'));
  assert.deepEqual(mine.map((e) => `${e.action}:${e.result}`), ['create:success', 'update:success', 'create:failure']);
  assert.equal(mine[0].actor, 'admin');
  assert.equal(mine[0].source, '127.0.0.1');
  assert.equal(mine[1].before.description, '');
  assert.equal(mine[1].after.description, 'changed');
  assert.match(mine[2].detail, /already exists/);
  for (const secret of ['Sup3rSecretPw', 'En4blePassXy', 'An0therSecretPw']) {
    assert.ok(!out.stdout.includes(secret), `audit contains ${secret}`);
    assert.ok(!server.output().includes(secret), `log contains ${secret}`);
  }
  const cliEntries = entries.filter((e) => e.objectType === 'adminuser');
  assert.ok(cliEntries.some((e) => e.action === 'create' && e.source === 'local'));
  const bad = await runCli(['audit', ...dd(), '--since', 'yesterday-ish']);
  assert.notEqual(bad.code, 0);
});
