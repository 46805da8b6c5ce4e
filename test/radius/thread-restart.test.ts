// A RADIUS worker thread that dies is started again: until then the kernel
// gives its share of requests to the sockets still bound, and afterwards the
// new thread binds the port, follows configuration changes and answers.
// Runs a node in this process so the test can end one of its threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startNode } from '../../src/node.ts';
import { Code } from '../../src/radius/codec.ts';
import { papOnce, socketsOnPort } from '../helpers/radius-udp.ts';
import { ADMIN_PASSWORD, httpsCall } from '../helpers/server.ts';

const SECRET = 'restart-secret';

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a RADIUS thread that dies is started again and answers with the current configuration', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-restart-'));
  const config = loadConfig({ 'data-dir': dataDir, bind: '127.0.0.1', 'ers-port': 0, 'https-port': 0, 'radius-auth-port': 0, 'radius-acct-port': 0, 'radius-threads': 3 }, {});
  const node = await startNode(config, createLogger('silent'), { GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const call = (method: string, path: string, body?: object) => httpsCall(node.ports.ers, method, path, { body });
  const port = node.ports.radiusAuth;
  const many = (n: number, password: string, from: number) =>
    Promise.all(Array.from({ length: n }, (_, k) => papOnce({ port, secret: SECRET, user: 'rita', password, k: from + k, nasIp: '10.0.0.7' })));
  try {
    const pool = node.radiusThreads!;
    assert.equal(pool.size, 2);
    assert.equal(socketsOnPort(port), 3);
    assert.equal((await call('POST', '/ers/config/networkdevice', { NetworkDevice: { name: 'sw', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } })).status, 201);
    const user = await call('POST', '/ers/config/internaluser', { InternalUser: { name: 'rita', password: 'Restart-Pass1' } });
    assert.equal(user.status, 201, user.body);
    const userId = String(user.headers.location).split('/').pop()!;
    assert.deepEqual(new Set(await many(30, 'Restart-Pass1', 0)), new Set([Code.AccessAccept]));

    await pool.threads[0].terminate();
    await until('the thread to be gone', () => pool.size === 1);
    assert.equal(socketsOnPort(port), 2, 'its socket is closed');
    assert.deepEqual(new Set(await many(30, 'Restart-Pass1', 100)), new Set([Code.AccessAccept]), 'the other sockets take every request');
    // A change made while the thread is down reaches the new one.
    const put = await call('PUT', `/ers/config/internaluser/${userId}`, { InternalUser: { id: userId, name: 'rita', password: 'Restart-Pass2' } });
    assert.equal(put.status, 200, put.body);

    await until('the thread to start again', () => pool.restarts === 1 && pool.size === 2 && socketsOnPort(port) === 3);
    assert.deepEqual(new Set(await many(60, 'Restart-Pass2', 200)), new Set([Code.AccessAccept]), 'every socket answers with the new password');
    assert.deepEqual(new Set(await many(30, 'Restart-Pass1', 300)), new Set([Code.AccessReject]), 'and none with the old one');
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
