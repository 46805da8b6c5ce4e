// ERS endpoints at scale: seeds N endpoints (default 1,000,000) through the
// service layer into a temporary data directory, starts a real node and
// measures over HTTPS with wrk at 8 concurrent connections: filter by MAC,
// filter by name, get by id, list page 1 against page 10,000 (size 100), and
// a walk through deep pages following one another. Prints p50/p99, the
// server's and wrk's CPU per request, and the node's RSS.
//   npm run bench -- endpoints [--endpoints 1000000] [--seconds 10] [--connections 8] [--data-dir DIR]
// With --data-dir an existing seeded directory is reused (and kept).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/store/sqlite/index.ts';
import { createServices } from '../src/services/index.ts';
import { SYSTEM_ACTOR } from '../src/services/context.ts';
import { BUILT_IN_ENDPOINT_GROUPS, UNKNOWN_ENDPOINT_GROUP_ID } from '../src/domain/endpoint-group.ts';
import type { EndpointDraft } from '../src/services/endpoints.ts';
import { basic, cpuSeconds, hasWrk, runWrk, type WrkResult } from './lib-wrk.ts';

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    'data-dir': { type: 'string' },
  },
});
const COUNT = Number(values.endpoints);
const SECONDS = Number(values.seconds);
const CONNS = Number(values.connections);
const PASSWORD = 'Bench-admin-1';
const PAGE_SIZE = 100;
const BATCH = 50_000;
const SEED_LIMIT_MS = 60 * 60_000;
const SAMPLE_EVERY = Math.max(1, Math.floor(COUNT / 10_000));
const TARGET_P99_MS = 20;

if (!hasWrk()) {
  console.error('wrk is not installed (apt-get install -y wrk)');
  process.exit(2);
}
if (!Number.isInteger(COUNT) || COUNT < PAGE_SIZE * 10) {
  console.error(`--endpoints must be at least ${PAGE_SIZE * 10}`);
  process.exit(2);
}

/** The i-th MAC: a bijection of i onto 40 bits (odd multiplier), so MACs arrive in random order. */
function macOf(i: number): string {
  const v = (BigInt(i) * 0x9e3779b97fn) & 0xffffffffffn;
  const hex = v.toString(16).padStart(10, '0').toUpperCase();
  return `02:${hex.match(/../g)!.join(':')}`;
}

const profileGroups = BUILT_IN_ENDPOINT_GROUPS.filter((g) => g.description.startsWith('Identity Group for Profile')).map((g) => g.id);
const reuse = values['data-dir'];
const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'gatehouse-bench-endpoints-'));
const sample: { id: string; mac: string }[] = [];

const store = SqliteStore.open(dataDir);
const services = await createServices(store);
const existing = (await services.endpoints.search({ filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 1 })).total;
if (existing >= COUNT) {
  console.log(`reusing ${existing} endpoints in ${dataDir}`);
  for (let i = 0; i < COUNT && sample.length < 10_000; i += SAMPLE_EVERY) {
    const e = await services.endpoints.getByName(macOf(i));
    if (e) sample.push({ id: e.id, mac: e.mac });
  }
} else {
  if (existing > 0) throw new Error(`${dataDir} holds ${existing} endpoints, fewer than ${COUNT}: use an empty directory`);
  console.log(`seeding ${COUNT} endpoints through the endpoint service into ${dataDir} (batches of ${BATCH}) …`);
  const t0 = Date.now();
  for (let start = 0; start < COUNT; start += BATCH) {
    if (Date.now() - t0 > SEED_LIMIT_MS) throw new Error('seeding took longer than the limit');
    const drafts: EndpointDraft[] = [];
    for (let i = start; i < Math.min(COUNT, start + BATCH); i++) {
      const profiled = i % 10 < 3;
      drafts.push({
        mac: macOf(i),
        description: i % 4 === 0 ? `asset ${i}` : '',
        groupId: profiled ? profileGroups[i % profileGroups.length] : UNKNOWN_ENDPOINT_GROUP_ID,
        staticGroupAssignment: profiled,
      });
    }
    const created = await services.endpoints.createMany(drafts, SYSTEM_ACTOR);
    for (let k = 0; k < created.length; k += SAMPLE_EVERY) sample.push({ id: created[k].id, mac: created[k].mac });
    if ((start / BATCH) % 4 === 3) console.log(`  ${start + drafts.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(`seeded ${COUNT} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
await store.close();

const portsFile = join(dataDir, 'ports.json');
rmSync(portsFile, { force: true });
const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.ts'), 'serve', '--data-dir', dataDir, '--bind', '127.0.0.1',
  '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--log-level', 'warn'],
{ env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'inherit', 'inherit'] });
const deadline = Date.now() + 120_000;
while (!existsSync(portsFile)) {
  if (Date.now() > deadline || child.exitCode !== null) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 100));
}
const port = JSON.parse(readFileSync(portsFile, 'utf8')).ers as number;
const base = `https://127.0.0.1:${port}`;
const auth = basic('admin', PASSWORD);

/** One request timed from this process (for the one-off cold offset jump). */
function timedGet(path: string): Promise<{ status: number; ms: number }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false, headers: { authorization: auth, accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const rss = (): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};

const headers = `wrk.headers["Authorization"] = "${auth}"
wrk.headers["Accept"] = "application/json"
`;
/** A script that cycles through the given paths (each wrk thread from its own offset). */
const cycle = (paths: string[]) => `${headers}
local paths = { ${paths.map((p) => `"${p}"`).join(',')} }
local n = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("offset", threads * 997) end
request = function()
  n = n + 1
  return wrk.format("GET", paths[((n + (offset or 0)) % #paths) + 1])
end
`;
const deepPage = Math.floor(COUNT / PAGE_SIZE);
const WALK = 100;
const deepWalkStart = Math.max(2, deepPage - CONNS * WALK - 100);
/**
 * Each wrk thread (one connection each) walks its own run of WALK pages in
 * order, over and over: every page but a run's first is reached from the
 * page before it, as a client following nextPage does.
 */
const walkLua = (start: number) => `${headers}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local n = -1
request = function()
  n = (n + 1) % ${WALK}
  local page = ${start} + (tid - 1) * ${WALK} + n
  return wrk.format("GET", "/ers/config/endpoint?size=${PAGE_SIZE}&page=" .. page)
end
`;

const forms = (mac: string, i: number): string => {
  const hex = mac.replaceAll(':', '');
  switch (i % 4) {
    case 0: return mac.toLowerCase();
    case 1: return mac.replaceAll(':', '-');
    case 2: return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`.toLowerCase();
    default: return hex;
  }
};
const shuffled = sample.map((s, i) => ({ ...s, k: (i * 7919) % sample.length })).sort((a, b) => a.k - b.k);

interface Row { name: string; r: WrkResult; serverCpu: number }
function measure(name: string, lua: string, threads = 2): Row {
  const before = cpuSeconds(child.pid!);
  const r = runWrk({ url: base, lua, connections: CONNS, threads, seconds: SECONDS });
  const serverCpu = cpuSeconds(child.pid!) - before;
  const perK = (cpu: number) => (cpu / r.requests * 1000).toFixed(3);
  console.log(`${name.padEnd(34)} -t${String(threads).padEnd(2)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50ms.toFixed(2).padStart(6)} ms  p99 ${r.p99ms.toFixed(2).padStart(6)} ms  ` +
    `non-2xx ${r.non2xx}  errors ${r.socketErrors}  CPU-s/1k req: server ${perK(serverCpu)} wrk ${perK(r.wrkCpu)}`);
  return { name, r, serverCpu };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

try {
  const first = await timedGet(`/ers/config/endpoint?size=${PAGE_SIZE}&page=1`);
  const cold = await timedGet(`/ers/config/endpoint?size=${PAGE_SIZE}&page=${deepPage}`);
  const back = await timedGet(`/ers/config/endpoint?size=${PAGE_SIZE}&page=${deepPage - 1}`);
  console.log(`\n${COUNT} endpoints; first list request (counts them) ${first.ms.toFixed(1)} ms; ` +
    `cold jump to page ${deepPage} (offset scan, once) ${cold.ms.toFixed(1)} ms [${cold.status}]; ` +
    `page ${deepPage - 1} right after it (seek back) ${back.ms.toFixed(1)} ms`);
  console.log(`${CONNS} connections, keep-alive, ${SECONDS} s each; load average before: ${load()}\n`);
  const coldIds = measure('GET endpoint/{id}, first touch', cycle(shuffled.map((s) => `/ers/config/endpoint/${s.id}`)));
  const mac = measure('filter mac.EQ (4 notations)', cycle(shuffled.map((s, i) => `/ers/config/endpoint?filter=mac.EQ.${forms(s.mac, i)}`)));
  const name = measure('filter name.EQ', cycle(shuffled.map((s) => `/ers/config/endpoint?filter=name.EQ.${s.mac}`)));
  const byId = measure('GET endpoint/{id}', cycle(shuffled.map((s) => `/ers/config/endpoint/${s.id}`)));
  const page1 = measure(`list page 1 (size ${PAGE_SIZE})`, cycle([`/ers/config/endpoint?size=${PAGE_SIZE}&page=1`]), CONNS);
  const deep = measure(`list page ${deepPage} (size ${PAGE_SIZE})`, cycle([`/ers/config/endpoint?size=${PAGE_SIZE}&page=${deepPage}`]), CONNS);
  // Each walk's first pages are requested once beforehand, so the walks measure page-after-page
  // steps; the one-off cost of jumping to a page with no neighbour served is the cold jump above.
  const prime = async (start: number) => {
    for (let t = 0; t < CONNS; t++) await timedGet(`/ers/config/endpoint?size=${PAGE_SIZE}&page=${start + t * WALK}`);
  };
  await prime(2);
  const shallowWalk = measure(`walk pages 2-${2 + CONNS * WALK - 1}`, walkLua(2), CONNS);
  await prime(deepWalkStart);
  const deepWalk = measure(`walk pages ${deepWalkStart}-${deepWalkStart + CONNS * WALK - 1}`, walkLua(deepWalkStart), CONNS);
  const mem = rss();

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`\nload average after: ${load()}`);
  console.log(`node RSS ${mem.rss.toFixed(0)} MiB (peak ${mem.peak.toFixed(0)} MiB) with ${COUNT} endpoints stored`);
  console.log('ratios measured in this run:');
  console.log(`  page ${deepPage} / page 1 (same page repeated)   p50 ${ratio(deep.r.p50ms, page1.r.p50ms)}  p99 ${ratio(deep.r.p99ms, page1.r.p99ms)}  throughput ${ratio(deep.r.rps, page1.r.rps)}`);
  console.log(`  deep walk / shallow walk (pages in order)   p50 ${ratio(deepWalk.r.p50ms, shallowWalk.r.p50ms)}  p99 ${ratio(deepWalk.r.p99ms, shallowWalk.r.p99ms)}  throughput ${ratio(deepWalk.r.rps, shallowWalk.r.rps)}`);
  console.log(`  filter by MAC / GET by id                   p50 ${ratio(mac.r.p50ms, byId.r.p50ms)}  p99 ${ratio(mac.r.p99ms, byId.r.p99ms)}`);
  for (const row of [coldIds, mac, name, byId, page1, deep, shallowWalk, deepWalk]) {
    console.log(`  wrk/server CPU, ${row.name}`.padEnd(48) + ratio(row.r.wrkCpu, row.serverCpu));
  }
  for (const row of [mac, name, byId]) {
    const ok = row.r.p99ms < TARGET_P99_MS && row.r.non2xx === 0 && row.r.socketErrors === 0;
    console.log(`  ${row.name.padEnd(30)} p99 < ${TARGET_P99_MS} ms: ${ok ? 'yes' : 'NO'}`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (!reuse) rmSync(dataDir, { recursive: true, force: true });
}
