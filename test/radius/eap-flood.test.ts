// The EAP path in process, through the access service: a flood of half-open
// conversations stays within the session table (oldest evicted, counted),
// a State of an evicted conversation is refused (11051), idle
// conversations expire with 5411 in the live log, and mutated EAP inside
// correctly authenticated requests never crashes and is never accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import { createServices } from '../../src/services/index.ts';
import { UserIndex } from '../../src/services/user-index.ts';
import { EndpointIndex } from '../../src/services/endpoint-index.ts';
import { AccessService } from '../../src/radius/access.ts';
import { compilePolicy } from '../../src/domain/policy/evaluator.ts';
import { factoryPolicyConfig } from '../../src/domain/policy/factory-policy.ts';
import { RadiusPacket, encodePacket, decodePacket, Code } from '../../src/radius/codec.ts';
import { SYSTEM_ACTOR } from '../../src/services/context.ts';

const SECRET = Buffer.from('flood-secret');
const client = { id: 'dev', name: 'flood-nad', secret: SECRET };

async function withNode(limits: { maxSessions: number; timeoutMs: number }, run: (n: {
  access: AccessService; send(p: RadiusPacket): Promise<RadiusPacket | undefined>; liveLog(): Promise<{ messageCode: number; failureReason: string }[]>;
}) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-eap-flood-'));
  const store = SqliteStore.open(dir);
  const services = await createServices(store);
  await services.internalUsers.create({ name: 'alice', password: 'Wonder-Land1' }, SYSTEM_ACTOR);
  const policy = compilePolicy(factoryPolicyConfig());
  const access = new AccessService({
    users: await UserIndex.load(store, services.bus), endpoints: await EndpointIndex.load(store, services.bus),
    policy: () => policy, sessions: services.sessions, nodeName: 'flood',
    eap: { server: { serverName: 'flood', fragmentSize: 1000, maxTlsMessage: 65536, maxRounds: 20, ticketLifetimeSeconds: 60, ...limits } },
  });
  // Each request goes through the wire encoding (Message-Authenticator included) and straight to the access service.
  const send = async (p: RadiusPacket) => {
    const reply = await access.handle(decodePacket(encodePacket(p, SECRET)), { address: '10.1.1.1', local: '127.0.0.1', client });
    return reply ?? undefined;
  };
  try {
    await run({ access, send, liveLog: () => services.sessions.liveLog({ limit: 100_000 }) });
  } finally {
    access.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const identity = (id: number, mac: string, state?: Buffer, eap?: Buffer) => {
  const p = new RadiusPacket(Code.AccessRequest, id & 0xff);
  p.add('User-Name', 'alice').add('Calling-Station-Id', mac).add('NAS-Port-Type', 'Ethernet').add('Service-Type', 'Framed-User');
  p.add('EAP-Message', eap ?? Buffer.from('0201000a01616c696365', 'hex'));
  if (state) p.add('State', state);
  return p;
};
const macOf = (i: number) => `02-00-00-${((i >> 16) & 0xff).toString(16).padStart(2, '0')}-${((i >> 8) & 0xff).toString(16).padStart(2, '0')}-${(i & 0xff).toString(16).padStart(2, '0')}`;

test('a flood of half-open EAP sessions stays within the table; an evicted State is refused with 11051', async () => {
  await withNode({ maxSessions: 200, timeoutMs: 60_000 }, async ({ access, send, liveLog }) => {
    const first = await send(identity(1, macOf(0)));
    assert.equal(first?.code, Code.AccessChallenge);
    const firstState = first!.getBuffer('State')!;
    for (let i = 1; i < 3000; i++) {
      const r = await send(identity(i, macOf(i)));
      assert.equal(r?.code, Code.AccessChallenge);
    }
    const table = access.eapSessions!;
    assert.equal(table.size, 200);
    assert.equal(table.counters.evicted, 2800);
    const late = await send(identity(7, macOf(0), firstState, Buffer.from('020200060304', 'hex')));
    assert.equal(late?.code, Code.AccessReject);
    assert.equal(late?.getBuffer('EAP-Message')?.[0], 4);
    assert.ok((await liveLog()).some((e) => /^11051 /.test(e.failureReason)));
    assert.ok(!(await liveLog()).some((e) => e.messageCode === 5411), 'evictions are counted, not logged');
  });
});

test('idle conversations expire and are logged 5411; a station starting over logs 5440', async () => {
  await withNode({ maxSessions: 100, timeoutMs: 300 }, async ({ access, send, liveLog }) => {
    await send(identity(1, macOf(1)));
    await send(identity(2, macOf(2)));
    await send(identity(3, macOf(2)));
    assert.equal(access.eapSessions!.counters.abandoned, 1);
    await new Promise((r) => setTimeout(r, 900));
    assert.equal(access.eapSessions!.size, 0);
    const rows = await liveLog();
    assert.equal(rows.filter((e) => e.messageCode === 5411).length, 2);
    assert.equal(rows.filter((e) => e.messageCode === 5440).length, 1);
  });
});

test('mutated EAP in authenticated requests: no crash, no Access-Accept', async () => {
  await withNode({ maxSessions: 1000, timeoutMs: 60_000 }, async ({ send }) => {
    let seed = 0x5eed;
    const rand = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
    let accepts = 0;
    let answered = 0;
    for (let i = 0; i < 1500; i++) {
      const mac = macOf(10_000 + (i % 50));
      const start = await send(identity(i, mac));
      const state = start?.getBuffer('State');
      const req = start?.getBuffer('EAP-Message');
      if (!state || !req) continue;
      // An answer of the offered type or a NAK, then bytes flipped, cut or appended.
      const body = rand() % 2 === 0 ? Buffer.from([3, 4]) : Buffer.from([req[4], ...Array.from({ length: rand() % 40 }, () => rand() & 0xff)]);
      const eap = Buffer.concat([Buffer.from([2, req[1], 0, 0]), body]);
      eap.writeUInt16BE(eap.length, 2);
      const kind = rand() % 4;
      if (kind === 0) eap[rand() % eap.length] ^= 1 << (rand() % 8);
      const mutated = kind === 1 ? eap.subarray(0, rand() % eap.length) : kind === 2 ? Buffer.concat([eap, Buffer.alloc(rand() % 20, 0xff)]) : eap;
      let reply = await send(identity(i + 1, mac, state, mutated.length ? mutated : Buffer.of(2)));
      for (let round = 0; reply?.code === Code.AccessChallenge && round < 3; round++) {
        const next = reply.getBuffer('EAP-Message')!;
        const junk = Buffer.from([2, next[1], 0, 0, next[4], ...Array.from({ length: rand() % 30 }, () => rand() & 0xff)]);
        junk.writeUInt16BE(junk.length, 2);
        reply = await send(identity(i + 2 + round, mac, reply.getBuffer('State'), junk));
      }
      if (reply) answered++;
      if (reply?.code === Code.AccessAccept) accepts++;
    }
    assert.equal(accepts, 0);
    assert.ok(answered > 500, `${answered} conversations answered`);
  });
});
