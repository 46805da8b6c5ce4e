// ERS internal users over HTTPS with keep-alive at 32 concurrent clients and
// 100,000 users stored: creates/s, GET-by-id p50/p99, and the same GET path
// side by side with versioninfo (authenticated, no store read) and with the
// generator's own CPU per request.
//   npm run bench -- ers-users [--users 100000] [--seconds 10] [--connections 32]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/store/sqlite/index.ts';
import { createServices } from '../src/services/index.ts';
import type { InternalUser } from '../src/domain/internal-user.ts';
import { basic, cpuSeconds, hasWrk, runWrk, type WrkResult } from './lib-wrk.ts';

const { values } = parseArgs({ options: { users: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } } });
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const CONNS = Number(values.connections);
const PASSWORD = 'Bench-admin-1';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';

if (!hasWrk()) {
  console.error('wrk is not installed (apt-get install -y wrk)');
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
console.log(`seeding ${USERS} users into ${dataDir} …`);
const t0 = Date.now();
const ids: string[] = [];
{
  const store = SqliteStore.open(dataDir);
  await createServices(store);
  const now = new Date().toISOString();
  const BATCH = 5000;
  for (let i = 0; i < USERS; i += BATCH) {
    await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(USERS, i + BATCH); j++) {
        const u: InternalUser = {
          id: randomUUID(), name: `seed-${String(j).padStart(7, '0')}`, description: '', enabled: true, email: `seed${j}@example.com`,
          firstName: 'Seed', lastName: String(j), changePassword: false, identityGroups: [EMPLOYEE], expiryDateEnabled: false,
          expiryDate: '', customAttributes: {}, passwordIDStore: 'Internal Users', passwordNeverExpires: false, accountNameAlias: '',
          hasPassword: true, hasEnablePassword: false, passwordChangedAt: now, createdAt: now, updatedAt: now,
        };
        await tx.users.insert(u);
        await tx.users.setSecrets(u.id, { password: 'Seed-pass-1' });
        ids.push(u.id);
      }
    });
  }
  await store.close();
}
console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.ts'), 'serve', '--data-dir', dataDir, '--bind', '127.0.0.1',
  '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--log-level', 'warn'],
{ env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'inherit', 'inherit'] });
const deadline = Date.now() + 30_000;
while (!existsSync(join(dataDir, 'ports.json'))) {
  if (Date.now() > deadline) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 100));
}
const port = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')).ers as number;
const base = `https://127.0.0.1:${port}`;
const auth = basic('admin', PASSWORD);
const threads = 2;

const headers = `wrk.headers["Authorization"] = "${auth}"
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/json"
`;
const createLua = `${headers}
local counter = 0
local threads_made = 0
function setup(thread) threads_made = threads_made + 1; thread:set("tid", threads_made) end
request = function()
  counter = counter + 1
  local body = '{"InternalUser":{"name":"bench-' .. tostring(tid) .. '-' .. counter .. '","password":"Bench-user-1","identityGroups":"${EMPLOYEE}","changePassword":false}}'
  return wrk.format("POST", "/ers/config/internaluser", nil, body)
end
`;
const sample = Array.from({ length: 2000 }, (_, i) => ids[Math.floor((i * 7919) % ids.length)]);
const getLua = `${headers}
local ids = { ${sample.map((id) => `"${id}"`).join(',')} }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/ers/config/internaluser/" .. ids[(n % #ids) + 1])
end
`;
const versionLua = `${headers}
request = function() return wrk.format("GET", "/ers/config/internaluser/versioninfo") end
`;

function measure(name: string, lua: string): WrkResult & { serverCpu: number } {
  const before = cpuSeconds(child.pid!);
  const r = runWrk({ url: base, lua, connections: CONNS, threads, seconds: SECONDS });
  const serverCpu = cpuSeconds(child.pid!) - before;
  console.log(`${name.padEnd(22)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50ms.toFixed(2)} ms  p99 ${r.p99ms.toFixed(2)} ms  ` +
    `non-2xx ${r.non2xx}  errors ${r.socketErrors}  server ${(serverCpu / r.requests * 1000).toFixed(3)} CPU-s/1k  ` +
    `wrk ${(r.wrkCpu / r.requests * 1000).toFixed(3)} CPU-s/1k`);
  return { ...r, serverCpu };
}

try {
  console.log(`\n${CONNS} connections, keep-alive, ${SECONDS} s each, ${USERS} users stored`);
  const version = measure('GET versioninfo', versionLua);
  const get = measure('GET internaluser/{id}', getLua);
  const create = measure('POST internaluser', createLua);
  console.log('\nratios measured in this run:');
  console.log(`  GET by id / versioninfo throughput      ${(get.rps / version.rps).toFixed(2)}`);
  console.log(`  POST create / GET by id throughput      ${(create.rps / get.rps).toFixed(2)}`);
  console.log(`  creates/s vs ISE's ERS cap (100 req/s)  ${(create.rps / 100).toFixed(1)}x`);
  for (const [n, r] of [['GET by id', get], ['POST create', create]] as const) {
    console.log(`  generator/server CPU per request (${n})  ${(r.wrkCpu / r.serverCpu).toFixed(2)}`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
