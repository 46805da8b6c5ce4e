// The node's lifecycle contract: ports.json, the ready line, first-start
// bootstrap, restart with data kept, SIGTERM within 5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, runCli } from './helpers/server.ts';

test('first start: ports.json, ready line, self-signed certificate, keys 0600; restart keeps data; SIGTERM < 5 s', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-node-'));
  try {
    const s1 = await startServer({ dataDir, args: ['--log-level', 'info'] });
    const ports = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8'));
    assert.deepEqual(Object.keys(ports).sort(), ['ers', 'https', 'radiusAcct', 'radiusAuth']);
    for (const p of Object.values(ports)) assert.ok(Number(p) > 0);
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'server.key')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dataDir, 'server.crt'), 'utf8'), /BEGIN CERTIFICATE/);
    const r = await s1.request('POST', '/ers/config/identitygroup', { body: { IdentityGroup: { name: 'Survivor' } } });
    assert.equal(r.status, 201);
    await new Promise((res) => setTimeout(res, 100));
    const ready = s1.output().split('\n').filter((l) => l.includes('"msg":"ready"'));
    assert.equal(ready.length, 1);
    assert.deepEqual(JSON.parse(ready[0]).ports, ports);
    const stopped = await s1.stop();
    assert.equal(stopped.code, 0);
    assert.ok(stopped.ms < 5000, `stop took ${stopped.ms} ms`);
    const cert = readFileSync(join(dataDir, 'server.crt'), 'utf8');
    const s2 = await startServer({ dataDir });
    assert.equal((await s2.request('GET', '/ers/config/identitygroup/name/Survivor')).status, 200);
    assert.equal(readFileSync(join(dataDir, 'server.crt'), 'utf8'), cert);
    await s2.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('without GATEHOUSE_ADMIN_PASSWORD the bootstrap password is generated and shown once, not logged', async () => {
  const s = await startServer({ env: { GATEHOUSE_ADMIN_PASSWORD: '' }, args: ['--log-level', 'info'] });
  try {
    const m = /user 'admin', password '([^']+)'/.exec(s.output());
    assert.ok(m, s.output());
    const password = m![1];
    assert.equal((await s.request('GET', '/ers/config/identitygroup', { auth: { user: 'admin', password } })).status, 200);
    const logLines = s.output().split('\n').filter((l) => l.startsWith('{'));
    assert.ok(logLines.every((l) => !l.includes(password)));
    await s.stop();
    const again = await startServer({ dataDir: s.dataDir, env: { GATEHOUSE_ADMIN_PASSWORD: '' } });
    assert.doesNotMatch(again.output(), /bootstrap admin created/);
    await again.stop();
  } finally {
    await s.cleanup();
  }
});

test('config file, environment and flags', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cfg-'));
  try {
    writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({ csrf: true, userCustomAttributes: [{ name: 'Department', type: 'String' }] }));
    const s = await startServer({ dataDir });
    // csrf from the file: a write without a token is refused.
    assert.equal((await s.request('POST', '/ers/config/identitygroup', { body: { IdentityGroup: { name: 'X' } } })).status, 403);
    await s.stop();
    writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({ nosuchsetting: 1 }));
    const bad = await runCli(['serve', '--data-dir', dataDir, '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--bind', '127.0.0.1']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unknown setting 'nosuchsetting'/);
    const port = await runCli(['serve', '--data-dir', dataDir, '--ers-port', '70000']);
    assert.match(port.stderr, /from 0 to 65535/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('user custom attributes from the config file are enforced by type', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-attr-'));
  writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({ userCustomAttributes: [{ name: 'Department', type: 'String' }, { name: 'Badge', type: 'Integer' }] }));
  const s = await startServer({ dataDir });
  try {
    const ok = await s.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'attr1', password: 'Gatehouse1', customAttributes: { Department: 'EN', Badge: '42' } } } });
    assert.equal(ok.status, 201, ok.body);
    const got = await s.request('GET', '/ers/config/internaluser/name/attr1');
    assert.deepEqual(got.json().InternalUser.customAttributes, { Department: 'EN', Badge: '42' });
    const xml = await s.request('GET', '/ers/config/internaluser/name/attr1', { format: 'xml' });
    assert.match(xml.body, /<customAttributes>\s*<entry>\s*<key>Department<\/key>\s*<value>EN<\/value>/);
    const bad = await s.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'attr2', password: 'Gatehouse1', customAttributes: { Badge: 'x' } } } });
    assert.equal(bad.status, 400);
    assert.match(bad.json().ERSResponse.messages[0].title, /Badge/);
  } finally {
    await s.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
