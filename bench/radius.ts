// RADIUS Access-Requests/s, Gatehouse side by side with FreeRADIUS 3.2 from
// Debian, both driven by the same C load generator (bench/radload.c,
// compiled here with gcc) from the same pre-encoded datagrams.
//
// Seeds a temporary data directory through the service layer (one network
// device for 127.0.0.1, N internal users, M endpoints), writes a FreeRADIUS
// configuration with the same client, users (rlm_files, Cleartext-Password)
// and MACs (the FreeRADIUS wiki's authorized_macs recipe: rlm_files keyed on
// the canonical Calling-Station-Id), starts both servers on their own
// 127.0.0.1 ports, checks every reply code of a mixed correctness pass, and
// after a short warm-up measures PAP and MAB alternately (Gatehouse,
// FreeRADIUS, Gatehouse, FreeRADIUS, …). Prints requests/s, the ratio, CPU
// seconds per 1,000 requests of each server (/proc/PID/stat) and of the
// generator (getrusage), the cores each server kept busy and how long its
// threads waited for one (schedstat), and its disk writes (/proc/PID/io).
// With --profile, Gatehouse is restarted under --cpu-prof afterwards and its
// self and inclusive time by function is summarised for PAP and MAB.
//   npm run bench -- radius [--endpoints 1000000] [--users 10000] [--seconds 8] [--rounds 2]
//     [--window 64] [--sockets 4] [--radius-threads N] [--profile] [--data-dir DIR] [--keep]
// With --data-dir an existing seeded directory is reused (and kept); --keep
// keeps the work directory (packet files, FreeRADIUS configuration, radload).
//   npm run bench -- radius --eap [--tls 1.2,1.3] [--seconds 8] [--rounds 2] [--window 32] [--sockets 4] [--radius-threads N] [--profile] [--keep]
// measures 802.1X instead: PEAP-MSCHAPv2 and EAP-TLS full authentications/s
// on the same two servers with the C generator bench/eapload.c (see
// bench/lib-radius-eap.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/store/sqlite/index.ts';
import { createServices } from '../src/services/index.ts';
import { SYSTEM_ACTOR } from '../src/services/context.ts';
import { UNKNOWN_ENDPOINT_GROUP_ID } from '../src/domain/endpoint-group.ts';
import type { EndpointDraft } from '../src/services/endpoints.ts';
import type { InternalUser } from '../src/domain/internal-user.ts';
import type { SearchQuery } from '../src/domain/entity.ts';
import { Code, encodePacket, RadiusPacket } from '../src/radius/codec.ts';
import { cpuSeconds } from './lib-wrk.ts';
import {
  FREERADIUS, firstReply, freePort, freeradiusBase, freeradiusBenchServer, gatehouseReady, load, rssMiB, runqueueWait, runqueueWaitSince, mainThreadProfile, startGatehouse as startNode, stop, summarise, writeBytes,
  type CpuProfile, type Server,
} from './lib-radius.ts';

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    window: { type: 'string' },
    sockets: { type: 'string', default: '4' },
    'mab-packets': { type: 'string', default: '200000' },
    'pap-packets': { type: 'string', default: '50000' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    eap: { type: 'boolean', default: false },
    tls: { type: 'string', default: '1.2,1.3' },
    'radius-threads': { type: 'string' },
  },
});
const ENDPOINTS = Number(values.endpoints);
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const WINDOW = Number(values.window ?? (values.eap ? 32 : 64));
const SOCKETS = Number(values.sockets);
const MAB_PACKETS = Math.min(Number(values['mab-packets']), ENDPOINTS);
const PAP_PACKETS = Number(values['pap-packets']);
// 802.1X is bound by TLS and gains from a thread per core; PAP and MAB run with Gatehouse's default unless told.
const RADIUS_THREADS = values['radius-threads'] !== undefined ? Number(values['radius-threads']) : values.eap ? Math.min(availableParallelism(), 4) : undefined;
const SECRET = 'bench-Secret-123';
const USER_PASSWORD = 'Seed-pass-1';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
const WARMUP_SECONDS = 2;

for (const [name, v, min] of [['endpoints', ENDPOINTS, 100], ['users', USERS, 10], ['seconds', SECONDS, 1], ['rounds', ROUNDS, 1],
  ['window', WINDOW, 1], ['sockets', SOCKETS, 1], ['radius-threads', RADIUS_THREADS ?? 1, 1], ['mab-packets', MAB_PACKETS, 100], ['pap-packets', PAP_PACKETS, 100]] as const) {
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name} must be an integer >= ${min}`);
    process.exit(2);
  }
}
if (SECONDS > 60 || ROUNDS > 10 || SOCKETS > 64 || WINDOW > SOCKETS * 256) {
  console.error('bounds: --seconds <= 60, --rounds <= 10, --sockets <= 64, --window <= sockets*256');
  process.exit(2);
}
if (!existsSync(FREERADIUS)) {
  console.error(`${FREERADIUS} is missing (apt-get install -y freeradius)`);
  process.exit(2);
}
if (spawnSync('gcc', ['--version'], { stdio: 'ignore' }).error) {
  console.error('gcc is missing (apt-get install -y gcc)');
  process.exit(2);
}

if (values.eap) {
  // 802.1X mode: PEAP-MSCHAPv2 and EAP-TLS full authentications (bench/lib-radius-eap.ts).
  const { runEapBench } = await import('./lib-radius-eap.ts');
  process.exitCode = await runEapBench({
    seconds: SECONDS, rounds: ROUNDS, window: WINDOW, sockets: SOCKETS, keep: values.keep, tls: values.tls.split(','), profile: values.profile,
    radiusThreads: RADIUS_THREADS!,
  });
  process.exit();
}

const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-radius-'));
const children: ChildProcess[] = [];
const reuse = values['data-dir'];
const dataDir = reuse ?? join(work, 'gatehouse');

const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const threadArgs = RADIUS_THREADS === undefined ? [] : ['--radius-threads', String(RADIUS_THREADS)];
const startGatehouse = (extraNodeArgs: string[] = []) => startNode(dataDir, children, extraNodeArgs, threadArgs);

// ---------------------------------------------------------------- identities

/** The i-th MAC: a bijection of i onto 40 bits (odd multiplier), so MACs are spread, canonical form. */
function macOf(i: number): string {
  const v = (BigInt(i) * 0x9e3779b97fn) & 0xffffffffffn;
  const hex = v.toString(16).padStart(10, '0').toUpperCase();
  return `02:${hex.match(/../g)!.join(':')}`;
}
const userOf = (i: number) => `seed-${String(i).padStart(7, '0')}`;

async function seed(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = SqliteStore.open(dataDir);
  try {
    const services = await createServices(store);
    const search: SearchQuery = { filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 1 };
    const haveEndpoints = (await services.endpoints.search(search)).total;
    const haveUsers = (await store.users.search(search)).total;
    if (haveEndpoints === ENDPOINTS && haveUsers === USERS) {
      console.log(`reusing ${dataDir}: ${haveUsers} users, ${haveEndpoints} endpoints`);
      return;
    }
    if (haveEndpoints > 0 || haveUsers > 0) throw new Error(`${dataDir} holds ${haveUsers} users and ${haveEndpoints} endpoints; use an empty directory`);
    const t0 = performance.now();
    await services.networkDevices.create({
      name: 'bench-nad', ipList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET },
    }, SYSTEM_ACTOR);
    const now = new Date().toISOString();
    for (let i = 0; i < USERS; i += 5000) {
      await store.transaction(async (tx) => {
        for (let j = i; j < Math.min(USERS, i + 5000); j++) {
          const u: InternalUser = {
            id: randomUUID(), name: userOf(j), description: '', enabled: true, email: `seed${j}@example.com`,
            firstName: 'Seed', lastName: String(j), changePassword: false, identityGroups: [EMPLOYEE], expiryDateEnabled: false,
            expiryDate: '', customAttributes: {}, passwordIDStore: 'Internal Users', passwordNeverExpires: false, accountNameAlias: '',
            hasPassword: true, hasEnablePassword: false, passwordChangedAt: now, createdAt: now, updatedAt: now,
          };
          await tx.users.insert(u);
          await tx.users.setSecrets(u.id, { password: USER_PASSWORD });
        }
      });
    }
    console.log(`seeded ${USERS} users in ${secs(t0)} s; seeding ${ENDPOINTS} endpoints …`);
    const BATCH = 50_000;
    for (let start = 0; start < ENDPOINTS; start += BATCH) {
      const drafts: EndpointDraft[] = [];
      for (let i = start; i < Math.min(ENDPOINTS, start + BATCH); i++) drafts.push({ mac: macOf(i), groupId: UNKNOWN_ENDPOINT_GROUP_ID });
      await services.endpoints.createMany(drafts, SYSTEM_ACTOR);
      if ((start / BATCH) % 5 === 4) console.log(`  ${start + drafts.length} (${secs(t0)} s)`);
    }
    console.log(`seeded in ${secs(t0)} s`);
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- packets

const dashed = (mac: string) => mac.replaceAll(':', '-');
const bare = (mac: string) => mac.replaceAll(':', '').toLowerCase();

/** A PAP Access-Request as a Cisco switch sends it for a login (audit-session-id, Message-Authenticator). */
function papPacket(id: number, user: string, password: string, k: number): Buffer {
  const p = new RadiusPacket(Code.AccessRequest, id & 0xff)
    .add('User-Name', user)
    .add('User-Password', password)
    .add('Service-Type', 'Framed-User')
    .add('Cisco-AVPair', `audit-session-id=0A0000020000${k.toString(16).padStart(12, '0').toUpperCase()}`)
    .add('NAS-IP-Address', '10.0.0.2')
    .add('NAS-Port', 50000 + (k % 48))
    .add('NAS-Port-Id', `GigabitEthernet1/0/${(k % 48) + 1}`)
    .add('NAS-Port-Type', 'Virtual')
    .add('Calling-Station-Id', '10.20.30.40')
    .add('Called-Station-Id', '10.0.0.2');
  return encodePacket(p, SECRET, { messageAuthenticator: true });
}

/** A MAB Access-Request as a Cisco switch sends it: Call-Check, Ethernet, User-Name/User-Password = MAC, dashed Calling-Station-Id. */
function mabPacket(id: number, mac: string, k: number): Buffer {
  const p = new RadiusPacket(Code.AccessRequest, id & 0xff)
    .add('User-Name', bare(mac))
    .add('User-Password', bare(mac))
    .add('Service-Type', 'Call-Check')
    .add('Cisco-AVPair', 'service-type=Call Check')
    .add('Framed-MTU', 1500)
    .add('Called-Station-Id', '00-BE-75-B9-93-05')
    .add('Calling-Station-Id', dashed(mac))
    .add('Cisco-AVPair', `audit-session-id=0A0000010000${k.toString(16).padStart(12, '0').toUpperCase()}`)
    .add('Cisco-AVPair', 'method=mab')
    .add('NAS-IP-Address', '10.0.0.1')
    .add('NAS-Port-Id', `GigabitEthernet1/0/${(k % 48) + 1}`)
    .add('NAS-Port-Type', 'Ethernet')
    .add('NAS-Port', 50100 + (k % 48));
  return encodePacket(p, SECRET, { messageAuthenticator: true });
}

interface Entry { wire: Buffer; expect: number }

/** Writes a radload file: "RLD1", count, then per packet u16 length, u8 expected code, u8 0, datagram. */
async function writePackets(path: string, entries: Iterable<Entry>, count: number): Promise<void> {
  const out = createWriteStream(path);
  const head = Buffer.alloc(8);
  head.write('RLD1', 0, 'latin1');
  head.writeUInt32LE(count, 4);
  out.write(head);
  let n = 0;
  let chunk: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(e.wire.length, 0);
    h[2] = e.expect;
    chunk.push(h, e.wire);
    if (++n % 10_000 === 0) {
      if (!out.write(Buffer.concat(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  if (n !== count) throw new Error(`wrote ${n} packets, announced ${count}`);
  out.end(Buffer.concat(chunk));
  await new Promise<void>((r, j) => { out.once('finish', () => r()); out.once('error', j); });
}

/** MAB file: distinct MACs spread over the stored endpoints. */
function* mabEntries(): Generator<Entry> {
  const stride = Math.max(1, Math.floor(ENDPOINTS / MAB_PACKETS));
  for (let k = 0; k < MAB_PACKETS; k++) yield { wire: mabPacket(k, macOf((k * stride) % ENDPOINTS), k), expect: Code.AccessAccept };
}
function* papEntries(): Generator<Entry> {
  for (let k = 0; k < PAP_PACKETS; k++) yield { wire: papPacket(k, userOf((k * 7919) % USERS), USER_PASSWORD, k % USERS), expect: Code.AccessAccept };
}
/** Correctness pass: accepts and rejects of both kinds, interleaved. */
function* checkEntries(): Generator<Entry> {
  for (let k = 0; k < 400; k++) {
    const id = k;
    switch (k % 5) {
      case 0: yield { wire: papPacket(id, userOf((k * 31) % USERS), USER_PASSWORD, 900_000 + k), expect: Code.AccessAccept }; break;
      case 1: yield { wire: papPacket(id, userOf((k * 31) % USERS), 'Wrong-pass-1', 900_000 + k), expect: Code.AccessReject }; break;
      case 2: yield { wire: papPacket(id, `nobody-${k}`, USER_PASSWORD, 900_000 + k), expect: Code.AccessReject }; break;
      case 3: yield { wire: mabPacket(id, macOf((k * 2503) % ENDPOINTS), 900_000 + k), expect: Code.AccessAccept }; break;
      default: yield { wire: mabPacket(id, `04:00:00:00:${(k >> 8).toString(16).padStart(2, '0')}:${(k & 0xff).toString(16).padStart(2, '0')}`.toUpperCase(), 900_000 + k), expect: Code.AccessReject };
    }
  }
}

// ---------------------------------------------------------------- FreeRADIUS

/** A copy of Debian's configuration with one lean virtual server for the bench. */
function configureFreeradius(dir: string, port: number): void {
  freeradiusBase(dir, SECRET);
  // EAP is not exercised and its default configuration points at the inner-tunnel server removed above.
  rmSync(join(dir, 'mods-enabled', 'eap'), { force: true });
  writeFileSync(join(dir, 'mods-enabled', 'authorized_macs'),
    `files authorized_macs {\n\tkey = "%{Calling-Station-Id}"\n\tfilename = \${modconfdir}/files/authorized_macs\n}\n`);
  freeradiusBenchServer(dir, port, `	authorize {
		if (&Service-Type == Call-Check) {
			rewrite_calling_station_id
			authorized_macs
			if (!ok) {
				reject
			}
			update control {
				&Auth-Type := Accept
			}
		}
		else {
			files
			pap
		}
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
	}
	post-auth {
	}
`);
  const users: string[] = [];
  for (let i = 0; i < USERS; i++) users.push(`${userOf(i)}\tCleartext-Password := "${USER_PASSWORD}"\n`);
  writeFileSync(join(dir, 'mods-config', 'files', 'authorize'), users.join(''));
  const fd = createWriteStream(join(dir, 'mods-config', 'files', 'authorized_macs'));
  let buf = '';
  for (let i = 0; i < ENDPOINTS; i++) {
    buf += `${dashed(macOf(i))}\n`;
    if (buf.length > 1 << 20) {
      fd.write(buf);
      buf = '';
    }
  }
  fd.end(buf);
}

// ---------------------------------------------------------------- running

const radloadBin = join(work, 'radload');

interface LoadResult {
  sent: number; replies: number; accept: number; reject: number; challenge: number; other: number; timeouts: number;
  mismatches: number; late: number; sendErrors: number; seconds: number; elapsed: number; rps: number; cpu: number; passes: number;
}

function radload(file: string, port: number, opts: { seconds?: number; count?: number; timeoutMs?: number }): LoadResult {
  const args = ['-f', file, '-p', String(port), '-s', String(SOCKETS), '-w', String(WINDOW), '-t', String(opts.timeoutMs ?? 2000)];
  if (opts.count !== undefined) args.push('-c', String(opts.count));
  else args.push('-d', String(opts.seconds));
  const r = spawnSync(radloadBin, args, { encoding: 'utf8', timeout: ((opts.seconds ?? 60) + 30) * 1000 });
  if (r.status !== 0) throw new Error(`radload failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout) as LoadResult;
}

interface Run { server: string; kind: string; r: LoadResult; cpu: number; written: number; runqWait: number }

function measure(server: Server, kind: string, file: string, seconds: number): Run {
  const pid = server.child.pid!;
  const before = { cpu: cpuSeconds(pid), written: writeBytes(pid), wait: runqueueWait(pid) };
  const r = radload(file, server.port, { seconds });
  return {
    server: server.name, kind, r, cpu: cpuSeconds(pid) - before.cpu, written: writeBytes(pid) - before.written, runqWait: runqueueWaitSince(before.wait, pid),
  };
}

// ---------------------------------------------------------------- main

try {
  const t0 = performance.now();
  const cc = spawnSync('gcc', ['-O2', '-Wall', '-o', radloadBin, join(import.meta.dirname, 'radload.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stderr}`);

  await seed();
  const files = { pap: join(work, 'pap.rld'), mab: join(work, 'mab.rld'), check: join(work, 'check.rld') };
  await writePackets(files.pap, papEntries(), PAP_PACKETS);
  await writePackets(files.mab, mabEntries(), MAB_PACKETS);
  await writePackets(files.check, checkEntries(), 400);
  const probe = papPacket(0, userOf(0), USER_PASSWORD, 999_999);
  console.log(`packets: ${PAP_PACKETS} PAP (${USERS} users), ${MAB_PACKETS} MAB (distinct MACs of ${ENDPOINTS}), 400 for the correctness pass (${secs(t0)} s)`);

  const frDir = join(work, 'freeradius');
  const frPort = await freePort();
  let t = performance.now();
  configureFreeradius(frDir, frPort);
  console.log(`FreeRADIUS configuration written: ${USERS} users, ${ENDPOINTS} MACs (${secs(t)} s)`);

  t = performance.now();
  const frChild = spawn(FREERADIUS, ['-f', '-d', frDir, '-n', 'radiusd'], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(frChild);
  await firstReply(frPort, probe, frChild);
  const frStart = secs(t);
  const fr: Server = { name: 'FreeRADIUS', port: frPort, child: frChild };

  // Not a RADIUS server: Node's UDP path alone, the floor under Gatehouse's cost per request.
  const echoPort = await freePort();
  const echoChild = spawn(process.execPath, [join(import.meta.dirname, 'udp-echo.ts'), String(echoPort)], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(echoChild);
  await firstReply(echoPort, probe, echoChild);
  const echo: Server = { name: 'Node echo', port: echoPort, child: echoChild };

  t = performance.now();
  const gh = startGatehouse();
  await gatehouseReady(gh, probe);
  const ghStart = secs(t);
  console.log(`start until the first reply: FreeRADIUS ${frStart} s, Gatehouse ${ghStart} s (${ENDPOINTS} endpoints, ${USERS} users, ` +
    `--radius-threads ${RADIUS_THREADS ?? 'default'})`);
  console.log(`FreeRADIUS ${spawnSync(FREERADIUS, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]}`);

  // Correctness: every reply code as expected, nothing lost.
  for (const s of [gh, fr]) {
    const c = radload(files.check, s.port, { count: 400, timeoutMs: 5000 });
    const ok = c.replies === 400 && c.mismatches === 0 && c.timeouts === 0;
    console.log(`correctness pass, ${s.name}: ${c.accept} accepts, ${c.reject} rejects, ${c.mismatches} unexpected codes, ${c.timeouts} timeouts: ${ok ? 'ok' : 'FAILED'}`);
    if (!ok) throw new Error(`${s.name} answered the correctness pass wrongly`);
  }

  for (const s of [gh, fr, echo]) for (const kind of ['pap', 'mab'] as const) radload(files[kind], s.port, { seconds: WARMUP_SECONDS });
  console.log(`\nwindow ${WINDOW} outstanding over ${SOCKETS} sockets, ${SECONDS} s per run, ${ROUNDS} rounds; load average before: ${load()}`);
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['pap', 'mab'] as const) {
      for (const s of [gh, fr, echo]) {
        const run = measure(s, kind, files[kind], SECONDS);
        runs.push(run);
        const r = run.r;
        console.log(`  round ${round + 1} ${kind.toUpperCase()} ${s.name.padEnd(10)} ${r.rps.toFixed(0).padStart(7)} req/s  accept ${r.accept} reject ${r.reject} ` +
          `other ${r.other} timeouts ${r.timeouts}  server ${(run.cpu / r.replies * 1000).toFixed(3)} CPU-s/1k (${(run.cpu / r.elapsed).toFixed(2)} cores busy, ` +
          `${(run.runqWait / r.elapsed).toFixed(2)} waiting for one)  ` +
          `generator ${(r.cpu / r.replies * 1000).toFixed(3)} CPU-s/1k  disk writes ${(run.written / r.replies / 1024).toFixed(1)} KiB/req`);
      }
    }
  }
  console.log(`load average after: ${load()}; RSS: Gatehouse ${rssMiB(gh.child.pid!).toFixed(0)} MiB, FreeRADIUS ${rssMiB(fr.child.pid!).toFixed(0)} MiB`);

  console.log('\n| requests | server | req/s | server CPU-s / 1k req | server cores busy | server threads waiting for a core | generator CPU-s / 1k req | disk writes / req | accepted | timeouts |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const totals = new Map<string, { rps: number }>();
  let allGood = true;
  for (const kind of ['pap', 'mab']) {
    for (const name of [gh.name, fr.name, echo.name]) {
      const rs = runs.filter((x) => x.kind === kind && x.server === name);
      const sum = (f: (x: Run) => number) => rs.reduce((a, x) => a + f(x), 0);
      const rps = sum((x) => x.r.rps * x.r.seconds) / sum((x) => x.r.seconds);
      const replies = sum((x) => x.r.replies);
      const sent = sum((x) => x.r.sent);
      const timeouts = sum((x) => x.r.timeouts);
      const accepted = sum((x) => x.r.accept);
      totals.set(`${kind}|${name}`, { rps });
      if (name !== echo.name && (accepted !== replies || sum((x) => x.r.mismatches) > 0 || timeouts > sent * 0.001)) allGood = false;
      console.log(`| ${kind.toUpperCase()} | ${name} | ${rps.toFixed(0)} | ${(sum((x) => x.cpu) / replies * 1000).toFixed(3)} | ` +
        `${(sum((x) => x.cpu) / sum((x) => x.r.elapsed)).toFixed(2)} | ${(sum((x) => x.runqWait) / sum((x) => x.r.elapsed)).toFixed(2)} | ` +
        `${(sum((x) => x.r.cpu) / replies * 1000).toFixed(3)} | ` +
        `${(sum((x) => x.written) / replies / 1024).toFixed(1)} KiB | ${(accepted / replies * 100).toFixed(2)}% | ${timeouts} of ${sent} |`);
    }
  }
  console.log('\nratios Gatehouse / FreeRADIUS (target >= 1.2):');
  for (const kind of ['pap', 'mab']) {
    const ratio = totals.get(`${kind}|Gatehouse`)!.rps / totals.get(`${kind}|FreeRADIUS`)!.rps;
    console.log(`  ${kind.toUpperCase()}  ${ratio.toFixed(2)}  ${ratio >= 1.2 ? 'meets the target' : 'below the target'}`);
  }
  console.log(`${echo.name} (Node's UDP path answering without any RADIUS work) / FreeRADIUS, the ceiling of a server on Node's dgram here:`);
  for (const kind of ['pap', 'mab']) {
    console.log(`  ${kind.toUpperCase()}  ${(totals.get(`${kind}|${echo.name}`)!.rps / totals.get(`${kind}|FreeRADIUS`)!.rps).toFixed(2)}`);
  }
  console.log(`correctness under load (all accepted, no unexpected codes, timeouts <= 0.1%): ${allGood ? 'ok' : 'FAILED'}`);

  await stop(fr.child);
  await stop(gh.child);
  await stop(echo.child);

  if (values.profile) {
    const profDir = join(work, 'profile');
    console.log('\nprofiling Gatehouse (node --cpu-prof) …');
    const g = startGatehouse(['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250']);
    await gatehouseReady(g, probe);
    for (const kind of ['pap', 'mab'] as const) radload(files[kind], g.port, { seconds: WARMUP_SECONDS });
    const spans: Record<string, [number, number]> = {};
    for (const kind of ['pap', 'mab'] as const) {
      const from = Number(process.hrtime.bigint() / 1000n);
      const r = radload(files[kind], g.port, { seconds: SECONDS });
      spans[kind] = [from, Number(process.hrtime.bigint() / 1000n)];
      console.log(`  ${kind.toUpperCase()} under the profiler: ${r.rps.toFixed(0)} req/s`);
    }
    await stop(g.child);
    const file = mainThreadProfile(profDir);
    if (!file) throw new Error('no CPU profile written');
    const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as CpuProfile;
    for (const kind of ['pap', 'mab'] as const) {
      console.log(`\nGatehouse CPU profile, ${kind.toUpperCase()} (share of busy samples; samples are wall-clock, time blocked in a system call counts):`);
      for (const line of summarise(profile, spans[kind][0], spans[kind][1], 20)) console.log(`  ${line}`);
    }
    const kept = join(tmpdir(), `gatehouse-radius-${Date.now()}.cpuprofile`);
    cpSync(join(profDir, file), kept);
    console.log(`\nprofile kept at ${kept}`);
  }
} finally {
  for (const c of children) await stop(c);
  if (values.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
