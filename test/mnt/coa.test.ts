// MnT CoA calls against a real DAS (FreeRADIUS as the switch): the packets
// it decoded, ACK, NAK with Error-Cause, an unreachable NAD, a wrong
// secret, a NAD that is gone; the live log and the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { startServer, runCli, type TestServer, type Response } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from '../radius/radclient.ts';
import { startDas, SKIP_NO_FREERADIUS, type Das } from '../helpers/freeradius-das.ts';

const SKIP = SKIP_NO_FREERADIUS || SKIP_NO_RADCLIENT;
const NODE = 'gatehouse1';
const TIMEOUT_MS = 400;
const A = { mac: '00:11:22:33:44:55', orig: '00-11-22-33-44-55', audit: '7F0000010000001A2F3C4D5E', acct: '0000001A', ip: '10.10.20.31' };
const B = { mac: '02:00:00:00:00:0B', orig: '0200.0000.000b', audit: '7F0000010000002B2F3C4D5F', acct: '0000002B', ip: '10.10.20.32' };
let server: TestServer;
let das: Das;
let deviceId: string;

const start = (who: typeof A) => [
  'Acct-Status-Type = Start', `Acct-Session-Id = "${who.acct}"`, `User-Name = "${who.orig}"`, 'NAS-IP-Address = 10.0.0.2',
  `Calling-Station-Id = "${who.orig}"`, `Cisco-AVPair = "audit-session-id=${who.audit}"`, `Framed-IP-Address = ${who.ip}`,
];

before(async () => {
  if (SKIP) return;
  das = await startDas({ nakStations: [B.orig] });
  server = await startServer({ args: ['--node-name', NODE, '--coa-timeout-ms', String(TIMEOUT_MS), '--coa-retries', '1'] });
  const r = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'sw-das', profileName: 'Cisco', coaPort: das.port, NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: das.secret } } },
  });
  assert.equal(r.status, 201, r.body);
  deviceId = String(r.headers.location).split('/').pop()!;
  for (const who of [A, B]) {
    const a = await radclient(server.ports.radiusAcct, 'acct', das.secret, start(who));
    assert.equal(a.reply, 'Accounting-Response', a.stdout + a.stderr);
  }
});
after(async () => {
  await server?.cleanup();
  await das?.stop();
});

const mnt = (path: string, method = 'GET'): Promise<Response> => server.request(method, `/admin/API/mnt/${path}`, { port: 'https', format: 'xml' });
const results = (r: Response, type: 'reauth' | 'disconnect'): boolean => {
  assert.equal(r.status, 200, r.body);
  const m = new RegExp(`^<\\?xml version="1.0" encoding="UTF-8" standalone="yes"\\?>\\n<remoteCoA requestType="${type}">\\n {2}<results>(true|false)</results>\\n</remoteCoA>\\n$`).exec(r.body);
  assert.ok(m, r.body);
  return m[1] === 'true';
};
const liveLog = (): Promise<any[]> => settledLiveLog(server, [5205, 5417]);
/** The DAS's view of the packets received since `from`. */
const received = (from: number, count?: number, answered?: boolean) => das.received(from, count, answered);
const putDevice = async (fields: Record<string, unknown>) => {
  const r = await server.request('PUT', `/ers/config/networkdevice/${deviceId}`, { body: { NetworkDevice: fields } });
  assert.equal(r.status, 200, r.body);
};

test('Reauth types 0, 1, 2: CoA-Request the DAS verified and ACKed, identification as the NAD spelled it', { skip: SKIP }, async () => {
  for (const [type, extra] of [['0', undefined], ['1', 'subscriber:reauthenticate-type=last'], ['2', 'subscriber:reauthenticate-type=rerun']] as const) {
    const n = das.packets().length;
    assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/${type}`), 'reauth'), true, `type ${type}`);
    const [p] = await received(n);
    assert.equal(p.code, 'CoA-Request');
    assert.equal(p.reply, 'CoA-ACK');
    assert.ok(p.attributes.includes('NAS-IP-Address = 10.0.0.2'), p.attributes.join('\n'));
    assert.ok(p.attributes.includes(`Calling-Station-Id = "${A.orig}"`));
    assert.ok(p.attributes.includes('Cisco-AVPair = "subscriber:command=reauthenticate"'));
    assert.ok(p.attributes.includes(`Cisco-AVPair = "audit-session-id=${A.audit}"`));
    assert.ok(p.attributes.some((a) => a.startsWith('Event-Timestamp = ')));
    assert.ok(p.attributes.some((a) => /^Message-Authenticator = 0x[0-9a-f]{32}$/.test(a)));
    assert.equal(p.attributes.filter((a) => a.includes('reauthenticate-type')).length, extra ? 1 : 0);
    if (extra) assert.ok(p.attributes.includes(`Cisco-AVPair = "${extra}"`));
  }
  const logged = (await liveLog()).filter((e) => e.sessionId === A.audit);
  assert.equal(logged.length, 3);
  assert.deepEqual(logged.map((e) => e.messageCode), [5205, 5205, 5205]);
  assert.deepEqual(logged[0].executionSteps, [11204, 11220, 11100, 11101, 11223]);
  assert.equal(logged[0].details.CoASourceComponent, 'MnT');
  assert.equal(logged[1].details.CoAType, 'reauthLast');
});

test('Disconnect types: plain Disconnect-Request, port bounce and port shutdown; short and long paths', { skip: SKIP }, async () => {
  let n = das.packets().length;
  assert.equal(results(await mnt(`CoA/Disconnect/${NODE}/${A.orig}/0/10.0.0.2/${A.ip}`), 'disconnect'), true);
  let [p] = await received(n);
  assert.equal(p.code, 'Disconnect-Request');
  assert.equal(p.reply, 'Disconnect-ACK');
  assert.ok(p.attributes.includes(`Acct-Session-Id = "${A.acct}"`));
  assert.ok(!p.attributes.some((a) => a.includes('subscriber:command')));
  for (const [type, command] of [['1', 'bounce-host-port'], ['2', 'disable-host-port']]) {
    n = das.packets().length;
    assert.equal(results(await mnt(`CoA/Disconnect/${A.audit.slice(0, 4)}/${A.mac}/${type}`, 'PUT'), 'disconnect'), true, command);
    [p] = await received(n);
    assert.equal(p.code, 'CoA-Request');
    assert.equal(p.reply, 'CoA-ACK');
    assert.ok(p.attributes.includes(`Cisco-AVPair = "subscriber:command=${command}"`));
  }
});

test('NAK with Error-Cause: results=false, live log 5417 with the reason and the Error-Cause', { skip: SKIP }, async () => {
  const n = das.packets().length;
  assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${B.orig}/0`), 'reauth'), false);
  const [p] = await received(n);
  assert.equal(p.reply, 'CoA-NAK');
  assert.ok(p.attributes.includes(`Calling-Station-Id = "${B.orig}"`), 'the NAD spelling (dotted) is kept');
  const e = (await liveLog()).filter((x) => x.sessionId === B.audit).pop();
  assert.equal(e.messageCode, 5417);
  assert.equal(e.failureReason, '11224 Received CoA failure response');
  assert.equal(e.details.ErrorCause, '503 Session Context Not Found');
  assert.deepEqual(e.executionSteps, [11204, 11220, 11100, 11101, 11224]);
  assert.equal(results(await mnt(`CoA/Disconnect/${NODE}/${B.mac}/0`), 'disconnect'), false);
  assert.equal((await liveLog()).pop().failureReason, '11222 Received disconnect dynamic authorization failure response');
});

test('wrong secret: the DAS drops the request, Gatehouse reports a timeout within its bound', { skip: SKIP }, async () => {
  await putDevice({ authenticationSettings: { radiusSharedSecret: 'not-the-das-secret' } });
  try {
    const n = das.packets().length;
    const t0 = Date.now();
    assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/0`), 'reauth'), false);
    assert.ok(Date.now() - t0 < TIMEOUT_MS * 2 + 1500, `answered in ${Date.now() - t0} ms`);
    const dropped = await received(n, 2, false);
    assert.equal(dropped.length, 2, 'sent and retransmitted');
    assert.ok(dropped.every((p) => p.reply === undefined), 'the DAS answered nothing');
    assert.match(das.output(), /invalid Message-Authenticator|Shared secret is incorrect/i);
    const e = (await liveLog()).pop();
    assert.equal(e.messageCode, 5417);
    assert.match(e.failureReason, /^11213 /);
    assert.deepEqual(e.executionSteps, [11204, 11220, 11100, 11213]);
  } finally {
    await putDevice({ authenticationSettings: { radiusSharedSecret: das.secret } });
  }
  assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/0`), 'reauth'), true);
});

test('unreachable NAD: timeout after the retransmission, results=false, the session and the NAD stay', { skip: SKIP }, async () => {
  await putDevice({ coaPort: 9 });
  try {
    const t0 = Date.now();
    assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/2`), 'reauth'), false);
    const took = Date.now() - t0;
    assert.ok(took >= TIMEOUT_MS * 2 - 50 && took < TIMEOUT_MS * 2 + 1500, `answered in ${took} ms`);
    const e = (await liveLog()).pop();
    assert.equal(e.details.CoAOutcome, 'timeout');
    assert.equal(e.details.CoAPort, '9');
    assert.match(e.details.Detail, /after 2 transmission/);
    const count = await mnt('Session/ActiveCount');
    assert.match(count.body, /<count>2<\/count>/);
  } finally {
    await putDevice({ coaPort: das.port });
  }
  assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/0`), 'reauth'), true);
});

test('every CoA is in the audit trail with its outcome; a vanished NAD answers false at once', { skip: SKIP }, async () => {
  const audit = await runCli(['audit', '--data-dir', server.dataDir, '--since', '1h']);
  const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.objectType === 'session');
  const outcomes = entries.map((e) => `${e.action}:${e.result}:${e.after?.outcome}`);
  assert.ok(outcomes.includes('coa-reauth:success:ack'), outcomes.join(' '));
  assert.ok(outcomes.includes('coa-reauthLast:success:ack'));
  assert.ok(outcomes.includes('coa-disconnect:success:ack'));
  assert.ok(outcomes.includes('coa-portBounce:success:ack'));
  assert.ok(outcomes.includes('coa-reauth:failure:nak'));
  assert.ok(outcomes.includes('coa-reauth:failure:timeout'));
  const nak = entries.find((e) => e.result === 'failure' && e.after?.outcome === 'nak');
  assert.equal(nak.objectName, B.mac);
  assert.match(nak.detail, /Error-Cause 503 Session Context Not Found/);
  assert.ok(!audit.stdout.includes(das.secret), 'no secret in the audit trail');

  const del = await server.request('DELETE', `/ers/config/networkdevice/${deviceId}`);
  assert.equal(del.status, 204);
  const t0 = Date.now();
  assert.equal(results(await mnt(`CoA/Reauth/${NODE}/${A.mac}/0`), 'reauth'), false);
  assert.ok(Date.now() - t0 < 1000);
  const e = (await liveLog()).pop();
  assert.equal(e.details.CoAOutcome, 'noDevice');
  assert.equal(e.failureReason, '11007 Could not locate Network Device or AAA Client');
});
