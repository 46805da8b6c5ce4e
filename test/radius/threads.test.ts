// RADIUS on several threads sharing the authentication port (SO_REUSEPORT):
// requests from many source ports are spread over the threads by the
// kernel; every thread answers, follows configuration changes made over
// ERS, and hands its sessions, live-log rows and policy hit counts to the
// node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { Code } from '../../src/radius/codec.ts';
import { papOnce, socketsOnPort } from '../helpers/radius-udp.ts';
import { eapolTest, SKIP_NO_EAPOL } from './eapol.ts';

const SECRET = 'threads-secret';
const THREADS = 3;
const API = '/api/v1/policy/network-access';
const DEFAULT_SET = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';
let server: TestServer;
let deviceId = '';
let userId = '';

before(async () => {
  server = await startServer({ args: ['--radius-threads', String(THREADS)] });
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'threads-switch', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(dev.status, 201, dev.body);
  deviceId = String(dev.headers.location).split('/').pop()!;
  const user = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'tess', password: 'Thread-Pass1' } } });
  assert.equal(user.status, 201, user.body);
  userId = String(user.headers.location).split('/').pop()!;
});
after(async () => { await server.cleanup(); });

/** One PAP request from a socket of its own (a new source port); the reply's code, or 'timeout'. */
const pap = (password: string, secret = SECRET, k = 0) =>
  papOnce({ port: server.ports.radiusAuth, secret, user: 'tess', password, k, auditSessionId: '7F0000090000' });

const many = (n: number, f: (k: number) => Promise<number | 'timeout'>) => Promise.all(Array.from({ length: n }, (_, k) => f(k)));

const socketsOnAuthPort = () => socketsOnPort(server.ports.radiusAuth);

test('every thread binds the port and answers: requests from 60 source ports are all accepted, logged and counted once', async () => {
  assert.equal(socketsOnAuthPort(), THREADS);
  const codes = await many(60, (k) => pap('Thread-Pass1', SECRET, k));
  assert.deepEqual(codes.filter((c) => c !== Code.AccessAccept), [], 'every request accepted');
  const rows = (await settledLiveLog(server, [5200])).filter((e) => e.userName === 'tess');
  assert.equal(rows.length, 60);
  assert.equal(new Set(rows.map((e) => e.id)).size, 60, 'the node numbers the rows of every thread');
  const count = await server.request('GET', '/admin/API/mnt/Session/ActiveCount', { port: 'https', format: 'xml' });
  assert.match(count.body, /<count>60<\/count>/);
  const rules = (await server.request('GET', `${API}/policy-set/${DEFAULT_SET}/authorization`, { port: 'https' })).json().response;
  const hits = rules.reduce((n: number, r: { rule: { hitCounts: number } }) => n + r.rule.hitCounts, 0);
  assert.equal(hits, 60, 'hit counts of every thread add up');
});

test('a password changed over ERS holds on every thread at once', async () => {
  const put = await server.request('PUT', `/ers/config/internaluser/${userId}`, { body: { InternalUser: { id: userId, name: 'tess', password: 'Thread-Pass2' } } });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(new Set(await many(30, (k) => pap('Thread-Pass2', SECRET, 100 + k))), new Set([Code.AccessAccept]));
  assert.deepEqual(new Set(await many(30, (k) => pap('Thread-Pass1', SECRET, 200 + k))), new Set([Code.AccessReject]));
});

test('a shared secret changed over ERS holds on every thread: the new one is answered, the old one dropped', async () => {
  const put = await server.request('PUT', `/ers/config/networkdevice/${deviceId}`, {
    body: { NetworkDevice: { id: deviceId, name: 'threads-switch', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: 'threads-secret-2' } } },
  });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(new Set(await many(30, (k) => pap('Thread-Pass2', 'threads-secret-2', 300 + k))), new Set([Code.AccessAccept]));
  assert.deepEqual(new Set(await many(20, (k) => pap('Thread-Pass2', SECRET, 400 + k))), new Set(['timeout']));
});

test('802.1X on every thread: PEAP-MSCHAPv2 conversations from several source ports all succeed with the MPPE keys', { skip: SKIP_NO_EAPOL }, async () => {
  // Each eapol_test run sends from a port of its own, so the kernel spreads the conversations over the threads.
  const runs = await Promise.all(Array.from({ length: 4 }, (_, k) => eapolTest(server.ports.radiusAuth, 'threads-secret-2', [
    'eap=PEAP', 'identity="tess"', 'anonymous_identity="anonymous"', 'password="Thread-Pass2"', 'phase2="auth=MSCHAPV2"',
  ], { mac: `02:00:00:00:0${k}:01` })));
  for (const r of runs) {
    assert.ok(r.success, r.stdout.split('\n').filter((l) => /EAP|RADIUS|FAIL|[Rr]eject/.test(l)).slice(-40).join('\n'));
    assert.equal(r.mppeMismatch, 0);
  }
});

test('the node stops its threads on SIGTERM', async () => {
  const { code, ms } = await server.stop();
  assert.equal(code, 0);
  assert.ok(ms < 5000, `stopped in ${ms} ms`);
});
