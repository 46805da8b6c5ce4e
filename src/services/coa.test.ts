// CoA and ANC decisions through the real services and store, with a
// recording CoA transport (the wire is tested in radius/coa-client.test.ts
// and against FreeRADIUS in test/mnt/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/index.ts';
import { emptySession, type RadiusSession } from '../domain/session.ts';
import type { CoaReply, CoaRequest, CoaSender } from '../domain/coa.ts';
import { createServices, type Services } from './index.ts';
import { SYSTEM_ACTOR } from './context.ts';

class RecordingSender implements CoaSender {
  readonly sent: CoaRequest[] = [];
  reply: CoaReply = { outcome: 'ack', attempts: 1, invalidReplies: 0, rttMs: 1 };
  async send(r: CoaRequest): Promise<CoaReply> {
    this.sent.push(r);
    return this.reply;
  }
  async close(): Promise<void> {}
}

async function withServices(fn: (s: Services, sender: RecordingSender) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-coa-'));
  const store = SqliteStore.open(dir);
  const sender = new RecordingSender();
  try {
    await fn(await createServices(store, { coa: sender }), sender);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const device = (s: Services, name: string, ip: string, profileName = 'Cisco') => s.networkDevices.create({
  name, profileName, coaPort: 3799, ipList: [{ ipaddress: ip }], authenticationSettings: { radiusSharedSecret: `${name}-secret` },
}, SYSTEM_ACTOR);

function session(s: Services, id: string, deviceId: string, ip: string, extra: Partial<RadiusSession> = {}): RadiusSession {
  const x: RadiusSession = {
    ...emptySession(id, new Date().toISOString()), state: 'STARTED', callingStationId: 'AA:BB:CC:DD:EE:01', origCallingStationId: 'aabb.ccdd.ee01',
    nasIpAddress: '10.0.0.2', deviceId, deviceIpAddress: ip, acctSessionId: '1A', auditSessionId: id, ...extra,
  };
  s.sessions.put(x);
  return x;
}

const ctx = { actor: SYSTEM_ACTOR, trigger: 'test' };

test('Cisco device: the request names the DAS and the session as the NAD spelled it', () => withServices(async (s, sender) => {
  const d = await device(s, 'sw1', '192.0.2.1');
  const r = await s.coa.send(session(s, 'AUDIT1', d.id, '192.0.2.1'), 'reauthRerun', ctx);
  assert.equal(r.ok, true);
  assert.equal(r.outcome, 'ack');
  assert.deepEqual(sender.sent, [{
    action: 'reauthRerun', cisco: true, address: '192.0.2.1', port: 3799, secret: Buffer.from('sw1-secret'),
    session: { nasIpAddress: '10.0.0.2', callingStationId: 'aabb.ccdd.ee01', acctSessionId: '1A', auditSessionId: 'AUDIT1' },
  }]);
  const log = await s.sessions.liveLog({ limit: 1, codes: [5205] });
  assert.equal(log[0].sessionId, 'AUDIT1');
}));

test('non-Cisco profile: re-authentication becomes a Disconnect without VSAs; port commands are not sent', () => withServices(async (s, sender) => {
  const d = await device(s, 'hp1', '192.0.2.2', 'HPWired');
  const x = session(s, 'S2', d.id, '192.0.2.2');
  const reauth = await s.coa.send(x, 'reauth', ctx);
  assert.equal(reauth.sent, 'disconnect');
  assert.equal(sender.sent[0].action, 'disconnect');
  assert.equal(sender.sent[0].cisco, false);
  const bounce = await s.coa.send(x, 'portBounce', ctx);
  assert.equal(bounce.outcome, 'unsupported');
  assert.equal(sender.sent.length, 1);
}));

test('nothing is sent for an ended session or a session whose device is gone; a NAK is reported with its cause', () => withServices(async (s, sender) => {
  const d = await device(s, 'sw3', '192.0.2.3');
  const ended = await s.coa.send({ ...session(s, 'S3', d.id, '192.0.2.3'), state: 'DISCONNECTED' }, 'reauth', ctx);
  assert.equal(ended.outcome, 'noSession');
  const orphan = await s.coa.send(session(s, 'S4', 'no-such-device', '192.0.2.99'), 'reauth', ctx);
  assert.equal(orphan.outcome, 'noDevice');
  assert.equal(sender.sent.length, 0);
  sender.reply = { outcome: 'nak', errorCause: 503, attempts: 1, invalidReplies: 0 };
  const nak = await s.coa.send(session(s, 'S5', d.id, '192.0.2.3'), 'disconnect', ctx);
  assert.deepEqual([nak.ok, nak.outcome, nak.errorCause], [false, 'nak', 503]);
  assert.match(nak.detail, /Error-Cause 503 Session Context Not Found/);
  const failed = await s.sessions.liveLog({ limit: 5, codes: [5417] });
  assert.deepEqual(failed.map((e) => e.sessionId).sort(), ['S3', 'S4', 'S5']);
  const audit = await s.audit.since('1970-01-01T00:00:00Z');
  assert.deepEqual(audit.filter((e) => e.objectType === 'session').map((e) => `${e.action}:${e.result}`), [
    'coa-reauth:failure', 'coa-reauth:failure', 'coa-disconnect:failure',
  ]);
}));

test('ANC: one CoA per active session of the MAC, the policy decides which; the assignment is read in any notation', () => withServices(async (s, sender) => {
  const d1 = await device(s, 'sw6', '192.0.2.6');
  const d2 = await device(s, 'sw7', '192.0.2.7');
  session(s, 'S6', d1.id, '192.0.2.6');
  session(s, 'S7', d2.id, '192.0.2.7');
  await s.anc.createPolicy({ name: 'Bounce', actions: ['PORT_BOUNCE'] }, SYSTEM_ACTOR);
  const applied = await s.anc.apply({ mac: 'aa-bb-cc-dd-ee-01' }, 'bounce', SYSTEM_ACTOR);
  assert.equal(applied.policyName, 'Bounce');
  assert.deepEqual(sender.sent.map((r) => `${r.action}@${r.address}`).sort(), ['portBounce@192.0.2.6', 'portBounce@192.0.2.7']);
  for (const form of ['AA:BB:CC:DD:EE:01', 'aabb.ccdd.ee01', 'AABBCCDDEE01']) assert.equal(s.anc.policyFor(form), 'Bounce');
  assert.equal(s.anc.policyFor('AA:BB:CC:DD:EE:02'), undefined);
  sender.sent.length = 0;
  const cleared = await s.anc.clear({ mac: 'AA:BB:CC:DD:EE:01' }, SYSTEM_ACTOR);
  assert.equal(cleared.coa.length, 2);
  assert.deepEqual(sender.sent.map((r) => r.action), ['reauth', 'reauth']);
  assert.equal(s.anc.policyFor('AA:BB:CC:DD:EE:01'), undefined);
  const none = await s.anc.apply({ mac: '02:00:00:00:00:01' }, 'Bounce', SYSTEM_ACTOR);
  assert.deepEqual(none.coa, []);
  assert.equal(s.anc.policyFor('02:00:00:00:00:01'), 'Bounce');
}));
