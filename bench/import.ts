// gatehouse import/export end to end against a local node: import N users
// from CSV, re-run (all unchanged), export; the same for M endpoints; then
// the crash check: SIGKILL the node in the middle of a users import, restart
// it, re-run with --resume and count lost and duplicated users. Each step
// prints the path the CLI took (its first line), the node's CPU time and
// the load average, since other work on the machine moves the figures.
//   npm run bench -- import [--users 100000] [--endpoints 100000] [--concurrency 48] [--ers-only]
// --ers-only runs the CLI on the calls real ISE serves (no Gatehouse fast paths).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'node:https';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' }, endpoints: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '48' }, 'ers-only': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const ENDPOINTS = Number(values.endpoints);
const CONC = values.concurrency!;
const MODE = values['ers-only'] ? ['--ers-only'] : [];
const PASSWORD = 'Bench-admin-1';
const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');
const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-import-'));
const dataDir = join(work, 'data');

function csv(path: string, prefix: string, n: number): void {
  const lines = ['name,password,email,firstName,lastName,description,identityGroup,enabled,changePassword'];
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(7, '0');
    lines.push(`${prefix}${id},Import-Pass-${i % 997}x,${prefix}${id}@example.com,First${i},Last${i},bench user ${i},Employee,true,false`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

function endpointCsv(path: string, n: number): void {
  const lines = ['mac,groupName,description,attr:owner'];
  const hex = (v: number) => v.toString(16).padStart(6, '0').toUpperCase().replace(/(..)(?=.)/g, '$1:');
  for (let i = 0; i < n; i++) lines.push(`02:00:00:${hex(i)},${i % 2 ? 'Workstation' : 'Cisco-IP-Phone'},bench endpoint ${i},team${i % 50}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

async function startNode(): Promise<{ child: ChildProcess; url: string }> {
  rmSync(join(dataDir, 'ports.json'), { force: true });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'gatehouse.json'), JSON.stringify({ endpointCustomAttributes: [{ name: 'owner', type: 'String' }] }));
  const child = spawn(process.execPath, [MAIN, 'serve', '--data-dir', dataDir, '--bind', '127.0.0.1', '--ers-port', '0', '--https-port', '0',
    '--radius-auth-port', '0', '--radius-acct-port', '0', '--pxgrid-port', '0', '--log-level', 'warn'],
  { env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(dataDir, 'ports.json'))) {
    if (Date.now() > deadline) throw new Error('the node did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `https://127.0.0.1:${JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')).ers}` };
}

interface Run { code: number | null; out: string; ms: number }

function cli(args: string[], url: string, onStart?: (c: ChildProcess) => void): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, ...args, '--insecure', '--rate', '0', '--concurrency', CONC, ...MODE], {
    env: { ...process.env, GATEHOUSE_URL: url, GATEHOUSE_USER: 'admin', GATEHOUSE_PASSWORD: PASSWORD }, cwd: work, stdio: ['ignore', 'pipe', 'pipe'],
  });
  onStart?.(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', () => {});
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, ms: performance.now() - t0 })));
}

const num = (out: string, label: string): number => Number(new RegExp(`^\\s+${label.replace(/[()]/g, '\\$&')}\\s+(\\d+)`, 'm').exec(out)?.[1] ?? NaN);

function countUsers(url: string, prefix: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path: `/ers/config/internaluser?filter=name.STARTSW.${prefix}&size=1`, agent: new Agent({ rejectUnauthorized: false }),
      headers: { accept: 'application/json', authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(JSON.parse(body).SearchResult.total));
    }).on('error', reject).end();
  });
}

const rate = (n: number, ms: number) => `${(n / (ms / 1000)).toFixed(0).padStart(6)} rows/s`;

/** CPU seconds (user + system) a process has used so far. */
function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

/** Runs one CLI step and prints its figures: rows, wall time, rate, the node's CPU seconds, the load average after it. */
async function step(name: string, args: string[], label: string, target: number | undefined): Promise<Run> {
  const cpu0 = cpuOf(node.child.pid);
  const r = await cli(args, node.url);
  if (r.code !== 0) throw new Error(`${name} failed:\n${r.out}`);
  const n = num(r.out, label);
  const cpu = cpuOf(node.child.pid) - cpu0;
  const path = r.out.split('\n')[0].replace(/^.*?: /, '');
  console.log(`${name.padEnd(26)} ${String(n).padStart(7)} rows  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${rate(n, r.ms)}  node CPU ${cpu.toFixed(1).padStart(5)} s  load ${load()}` +
    `${target ? `  (target < ${target} s)` : ''}\n${''.padEnd(28)}${path}`);
  return r;
}

let node = await startNode();
try {
  const file = join(work, 'users.csv');
  csv(file, 'bench-', USERS);
  console.log(`${USERS} users, ${ENDPOINTS} endpoints, concurrency ${CONC}, no rate limit${MODE.length ? ', --ers-only' : ''}, ` +
    `node at ${node.url}, work dir ${work}, ${cpus().length} CPUs, load ${load()}`);
  await step('users import (create)', ['import', 'users', file], 'created', 30);
  await step('users re-run (unchanged)', ['import', 'users', file], 'unchanged', 15);
  await step('users export (CSV)', ['export', 'users', '--out', join(work, 'export.csv')], 'objects', 10);
  if (ENDPOINTS > 0) {
    const eps = join(work, 'endpoints.csv');
    endpointCsv(eps, ENDPOINTS);
    await step('endpoints import (create)', ['import', 'endpoints', eps], 'created', undefined);
    await step('endpoints re-run', ['import', 'endpoints', eps], 'unchanged', undefined);
    await step('endpoints export (CSV)', ['export', 'endpoints', '--out', join(work, 'endpoints-export.csv')], 'objects', undefined);
  }

  // Crash check: a second batch, the node SIGKILLed when about a third is done.
  const n2 = Math.max(1000, Math.round(USERS / 5));
  const file2 = join(work, 'crash.csv');
  csv(file2, 'crash-', n2);
  const state = `${file2}.state`;
  let killedAt = 0;
  const interrupted = await cli(['import', 'users', file2, '--errors', join(work, 'crash-errors.csv'), '--retries', '2'], node.url, () => {
    const timer = setInterval(() => {
      const done = existsSync(state) ? readFileSync(state, 'utf8').split('\n').length - 2 : 0;
      if (done >= n2 / 3 && !killedAt) {
        killedAt = done;
        node.child.kill('SIGKILL');
        clearInterval(timer);
      }
    }, 20);
  });
  const doneBefore = readFileSync(state, 'utf8').split('\n').filter((l) => /^\d+ /.test(l)).length;
  console.log(`crash: node SIGKILLed with ${killedAt} rows recorded; the CLI finished with exit ${interrupted.code}: ` +
    `${num(interrupted.out, 'created')} created, ${num(interrupted.out, 'failed')} failed (server unreachable)`);
  node = await startNode();
  const resumed = await cli(['import', 'users', file2, '--resume', '--errors', join(work, 'crash-errors.csv')], node.url);
  const skipped = num(resumed.out, 'skipped (done before)');
  const created = num(resumed.out, 'created');
  const unchanged = num(resumed.out, 'unchanged');
  const stored = await countUsers(node.url, 'crash-');
  console.log(`resume: exit ${resumed.code}, ${skipped} skipped (state had ${doneBefore}), ${created} created, ${unchanged} unchanged ` +
    `(committed before the kill, not yet recorded), ${num(resumed.out, 'failed')} failed`);
  console.log(`crash check: ${n2} rows, ${stored} users stored: lost ${n2 - Math.min(stored, n2)}, duplicates ${Math.max(0, stored - n2)}, ` +
    `rows accounted ${skipped + created + unchanged}/${n2}`);
} finally {
  node.child.kill('SIGTERM');
  await new Promise((r) => node.child.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
