// Random and mutated datagrams through the whole RADIUS path in process:
// nothing crashes, nothing is accepted that should not be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemoteInfo } from 'node:dgram';
import pino from 'pino';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import { createServices } from '../../src/services/index.ts';
import { UserIndex } from '../../src/services/user-index.ts';
import { EndpointIndex } from '../../src/services/endpoint-index.ts';
import { AccessService } from '../../src/radius/access.ts';
import { RadiusServer } from '../../src/radius/server.ts';
import { compilePolicy } from '../../src/domain/policy/evaluator.ts';
import { factoryPolicyConfig } from '../../src/domain/policy/factory-policy.ts';
import { RadiusPacket, encodePacket, decodePacket, Code } from '../../src/radius/codec.ts';
import { SYSTEM_ACTOR } from '../../src/services/context.ts';

const SECRET = Buffer.from('fuzz-secret');
const COUNT = Number(process.env.GATEHOUSE_FUZZ_COUNT ?? 100_000);

// A small deterministic PRNG so a failure can be replayed.
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

function seeds(): Buffer[] {
  const out: Buffer[] = [];
  const pap = new RadiusPacket(Code.AccessRequest, 1);
  pap.add('User-Name', 'mallory').add('User-Password', 'not-the-password').add('NAS-IP-Address', '10.0.0.2').add('Message-Authenticator', Buffer.alloc(16));
  out.push(encodePacket(pap, SECRET));
  const known = new RadiusPacket(Code.AccessRequest, 2);
  known.add('User-Name', 'fuzzuser').add('User-Password', 'Wrong-Pass-1').add('Service-Type', 'Framed-User').add('NAS-Port-Type', 'Ethernet');
  out.push(encodePacket(known, SECRET));
  const mab = new RadiusPacket(Code.AccessRequest, 3);
  mab.add('User-Name', 'aabbccddeeff').add('User-Password', 'aabbccddeeff').add('Service-Type', 'Call-Check')
    .add('NAS-Port-Type', 'Ethernet').add('Calling-Station-Id', 'AA-BB-CC-DD-EE-FF').add('Cisco-AVPair', 'audit-session-id=0A000002000000FF00000001');
  out.push(encodePacket(mab, SECRET));
  const chap = new RadiusPacket(Code.AccessRequest, 4);
  chap.add('User-Name', 'fuzzuser').add('CHAP-Password', Buffer.alloc(17, 7)).add('CHAP-Challenge', Buffer.alloc(16, 9));
  out.push(encodePacket(chap, SECRET));
  const eap = new RadiusPacket(Code.AccessRequest, 5);
  eap.add('User-Name', 'fuzzuser').add('EAP-Message', Buffer.from([2, 1, 0, 13, 1, 102, 117, 122, 122, 117, 115, 101, 114])).add('Message-Authenticator', Buffer.alloc(16));
  out.push(encodePacket(eap, SECRET));
  const acct = new RadiusPacket(Code.AccountingRequest, 6);
  acct.add('Acct-Status-Type', 'Start').add('Acct-Session-Id', '00000001').add('User-Name', 'fuzzuser').add('Calling-Station-Id', '00-11-22-33-44-55');
  out.push(encodePacket(acct, SECRET));
  return out;
}

function mutate(seed: Buffer, r: () => number): Buffer {
  const b = Buffer.from(seed);
  const kind = Math.floor(r() * 6);
  switch (kind) {
    case 0: { // flip bytes
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
      return b;
    }
    case 1: // truncate
      return b.subarray(0, Math.floor(r() * b.length));
    case 2: { // lie in the length field
      b.writeUInt16BE(Math.floor(r() * 5000), 2);
      return b;
    }
    case 3: { // corrupt an attribute length
      let off = 20;
      const steps = Math.floor(r() * 6);
      for (let i = 0; i < steps && off + 1 < b.length; i++) off += Math.max(2, b[off + 1]);
      if (off + 1 < b.length) b[off + 1] = Math.floor(r() * 256);
      return b;
    }
    case 4: { // append garbage
      const extra = Buffer.alloc(Math.floor(r() * 300));
      for (let i = 0; i < extra.length; i++) extra[i] = Math.floor(r() * 256);
      const out = Buffer.concat([b, extra]);
      if (r() < 0.5) out.writeUInt16BE(Math.min(out.length, 4096), 2);
      return out;
    }
    default: { // pure noise
      const out = Buffer.alloc(Math.floor(r() * 200));
      for (let i = 0; i < out.length; i++) out[i] = Math.floor(r() * 256);
      return out;
    }
  }
}

test(`${COUNT} random and mutated datagrams: no crash, no Access-Accept`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-fuzz-'));
  const store = SqliteStore.open(dir);
  try {
    const services = await createServices(store);
    await services.internalUsers.create({ name: 'fuzzuser', password: 'Right-Pass-1' }, SYSTEM_ACTOR);
    const policy = compilePolicy(factoryPolicyConfig());
    const access = new AccessService({
      users: await UserIndex.load(store, services.bus), endpoints: await EndpointIndex.load(store, services.bus),
      policy: () => policy, sessions: services.sessions, nodeName: 'fuzz',
    });
    const log = pino({ level: 'silent' });
    const server = new RadiusServer({ resolver: { resolve: () => undefined }, sessions: services.sessions, accounting: services.sessions, access, log });
    const client = { id: 'dev', name: 'fuzz-nad', secret: SECRET };
    const replies: Buffer[] = [];
    const base = seeds();
    const r = rng(0x5eed);
    let sent = 0;
    for (let i = 0; i < COUNT; i++) {
      const seed = base[Math.floor(r() * base.length)];
      const msg = mutate(seed, r);
      const from: RemoteInfo = { address: '10.9.9.9', family: 'IPv4', port: 1000 + (i % 50_000), size: msg.length };
      server.receive(r() < 0.8 ? 'auth' : 'acct', msg, from, client, (out) => replies.push(out), '127.0.0.1');
      sent++;
      if (i % 2000 === 0) await new Promise((res) => setImmediate(res));
    }
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(sent, COUNT);
    let accepts = 0;
    for (const out of replies) if (decodePacket(out).code === Code.AccessAccept) accepts++;
    assert.equal(accepts, 0, 'no mutated request may be accepted');
    const drops = Object.values(server.auth.drops).reduce((a, b) => a + b, 0) + Object.values(server.acct.drops).reduce((a, b) => a + b, 0);
    console.log(`fuzz: ${COUNT} datagrams, ${replies.length} replies, ${drops} drops counted, ${server.counters.accessRequests} access requests decided`);
    assert.ok(drops > COUNT / 2, 'most mutations are dropped as malformed or unauthenticated');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
