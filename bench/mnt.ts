// MnT at scale and CoA round trips against a real DAS.
//
// Seeds a data directory through the service layer with N active sessions
// (one network device for 127.0.0.1 whose CoA port is a FreeRADIUS 3.2 DAS
// from Debian), starts a node on it, and measures over HTTPS:
//   - Session/ActiveList (XML, then JSON): the first call (rows rendered)
//     and the following ones (rows reused), wall time to the last byte,
//     body size and server CPU per call;
//   - ActiveCount and Session/MACAddress for comparison;
//   - CoA round trip: the CoA client straight to the DAS (CoA-Request out,
//     verified CoA-ACK in), and MnT CoA/Reauth end to end (HTTPS, session
//     and device lookup, CoA, live log, audit).
//   npm run bench -- mnt [--sessions 100000] [--lists 10] [--coa 2000] [--mnt-coa 200]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/store/sqlite/index.ts';
import { SqliteHotStore } from '../src/store/sqlite/hot.ts';
import { createServices } from '../src/services/index.ts';
import { SYSTEM_ACTOR } from '../src/services/context.ts';
import { emptySession } from '../src/domain/session.ts';
import { macForms } from '../src/domain/mac.ts';
import { CoaClient } from '../src/radius/coa-client.ts';
import { startDas, SKIP_NO_FREERADIUS } from '../test/helpers/freeradius-das.ts';
import { Agent, request as httpsRequest } from 'node:https';
import { ADMIN_PASSWORD } from '../test/helpers/server.ts';
import { cpuSeconds } from './lib-wrk.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100000' },
    lists: { type: 'string', default: '10' },
    coa: { type: 'string', default: '2000' },
    'mnt-coa': { type: 'string', default: '200' },
  },
});
const SESSIONS = Number(values.sessions);
const LISTS = Number(values.lists);
const COA = Number(values.coa);
const MNT_COA = Number(values['mnt-coa']);
const NODE = 'gatehouse1';

if (SKIP_NO_FREERADIUS) {
  console.error(SKIP_NO_FREERADIUS);
  process.exit(2);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const macOf = (i: number) => macForms((0x020000000000 + i).toString(16).padStart(12, '0'))!;
const auditOf = (i: number) => `7F000001${i.toString(16).toUpperCase().padStart(16, '0')}`;

const das = await startDas();
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-mnt-'));
let child: ReturnType<typeof spawn> | undefined;
try {
  console.log(`seeding ${SESSIONS} active sessions into ${dataDir} …`);
  const t0 = performance.now();
  {
    const store = SqliteStore.open(dataDir);
    const hot = SqliteHotStore.open(dataDir);
    const services = await createServices(store, { hot });
    const device = await services.networkDevices.create({
      name: 'bench-switch', coaPort: das.port, ipList: [{ ipaddress: '127.0.0.1', mask: 32 }],
      authenticationSettings: { radiusSharedSecret: das.secret },
    }, SYSTEM_ACTOR);
    const now = new Date().toISOString();
    for (let i = 0; i < SESSIONS; i++) {
      const mac = macOf(i);
      services.sessions.put({
        ...emptySession(auditOf(i), now), state: 'STARTED', started: true, userName: `user${i}`, originalUserName: `user${i}`,
        callingStationId: mac.colon, origCallingStationId: mac.dash, nasIpAddress: `10.0.${(i >> 8) & 0xff}.${i & 0xff}`,
        acctSessionId: i.toString(16).toUpperCase().padStart(8, '0'), framedIpAddress: `10.${100 + ((i >> 16) & 0x3f)}.${(i >> 8) & 0xff}.${i & 0xff}`,
        deviceId: device.id, deviceName: device.name, deviceIpAddress: '127.0.0.1', destinationIpAddress: '127.0.0.1',
        auditSessionId: auditOf(i), acctAt: now, acctStatusType: 'Start', acctAuthentic: 'RADIUS',
      });
      if (i % 20_000 === 19_999) await services.sessions.flush();
    }
    await services.sessions.flush();
    hot.close();
    await store.close();
  }
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const started = performance.now();
  child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.ts'), 'serve', '--data-dir', dataDir, '--bind', '127.0.0.1',
    '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--log-level', 'warn', '--node-name', NODE],
  { env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD }, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 120_000;
  while (!existsSync(join(dataDir, 'ports.json'))) {
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`node ready with ${SESSIONS} sessions loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const port = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')).https as number;
  const pid = child.pid!;

  const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });
  const authorization = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
  /** GET over HTTPS: time to the last byte; the body is counted, and kept only when small. */
  const get = (path: string, format: 'xml' | 'json') => new Promise<{ status: number; bytes: number; head: string }>((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port, path: `/admin/API/mnt/${path}`, agent,
      headers: { accept: `application/${format}`, authorization },
    }, (res) => {
      let bytes = 0;
      const head: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (bytes < 4096) head.push(c);
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, head: Buffer.concat(head).toString('utf8', 0, 4096) }));
    });
    req.on('error', reject);
    req.end();
  });
  const timed = async (path: string, format: 'xml' | 'json' = 'xml') => {
    const cpu0 = cpuSeconds(pid);
    const t = performance.now();
    const r = await get(path, format);
    const wall = performance.now() - t;
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.head.slice(0, 300)}`);
    return { wall, cpu: (cpuSeconds(pid) - cpu0) * 1000, bytes: r.bytes, body: r.head };
  };

  console.log(`\nSession/ActiveList with ${SESSIONS} active sessions (${LISTS} calls after the first)`);
  for (const format of ['xml', 'json'] as const) {
    const first = await timed('Session/ActiveList', format);
    const expected = format === 'xml' ? `noOfActiveSession="${SESSIONS}"` : `"noOfActiveSession":${SESSIONS}`;
    if (!first.body.includes(expected)) throw new Error(`ActiveList did not list ${SESSIONS} sessions`);
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < LISTS; i++) {
      const r = await timed('Session/ActiveList', format);
      walls.push(r.wall);
      cpus.push(r.cpu);
    }
    console.log(`  ${format.padEnd(4)} first ${ms(first.wall)} (server CPU ${ms(first.cpu)}), then p50 ${ms(pct(walls, 50))} max ${ms(Math.max(...walls))}`
      + ` (server CPU p50 ${ms(pct(cpus, 50))}), ${(first.bytes / 1e6).toFixed(1)} MB`);
  }
  for (const [name, path] of [['ActiveCount', 'Session/ActiveCount'], ['MACAddress', `Session/MACAddress/${macOf(SESSIONS >> 1).dash}`]]) {
    const walls: number[] = [];
    for (let i = 0; i < 50; i++) walls.push((await timed(path)).wall);
    console.log(`  ${name.padEnd(12)} p50 ${ms(pct(walls, 50))} p99 ${ms(pct(walls, 99))}`);
  }

  console.log(`\nCoA round trip against FreeRADIUS ${das.port} (sequential)`);
  const client = new CoaClient({ source: '127.0.0.1', timeoutMs: 2000, retries: 0 });
  const rtts: number[] = [];
  let acks = 0;
  for (let i = 0; i < COA; i++) {
    const mac = macOf(i % SESSIONS);
    const r = await client.send({
      action: 'reauth', cisco: true, address: '127.0.0.1', port: das.port, secret: Buffer.from(das.secret),
      session: { nasIpAddress: '10.0.0.1', callingStationId: mac.dash, acctSessionId: '', auditSessionId: auditOf(i % SESSIONS) },
    });
    if (r.outcome === 'ack') acks++;
    if (r.rttMs !== undefined) rtts.push(r.rttMs);
  }
  await client.close();
  console.log(`  CoA client → DAS   ${COA} requests, ${acks} ACKs, p50 ${ms(pct(rtts, 50))} p99 ${ms(pct(rtts, 99))}`);
  const walls: number[] = [];
  let trues = 0;
  for (let i = 0; i < MNT_COA; i++) {
    const r = await timed(`CoA/Reauth/${NODE}/${macOf((i * 7919) % SESSIONS).colon}/0`);
    if (r.body.includes('<results>true</results>')) trues++;
    walls.push(r.wall);
  }
  console.log(`  MnT CoA/Reauth     ${MNT_COA} calls, ${trues} results=true, p50 ${ms(pct(walls, 50))} p99 ${ms(pct(walls, 99))}`);
} finally {
  if (child) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  await das.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
