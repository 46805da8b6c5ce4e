// Helpers of the RADIUS benchmarks (bench/radius.ts and its EAP mode,
// bench/lib-radius-eap.ts): free UDP ports, waiting for a server's first
// reply, starting a Gatehouse node on a data directory, a FreeRADIUS 3.2
// configuration copied from Debian's, and what /proc tells about a
// server process (CPU, run-queue wait, disk writes, RSS).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import { join } from 'node:path';

export const FREERADIUS = '/usr/sbin/freeradius';
export const START_LIMIT_MS = 180_000;

export interface Server { name: string; port: number; child: ChildProcess }

export const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

export async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Sends one datagram every 250 ms until something answers (the server is up). */
export async function firstReply(port: number, packet: Buffer, child: ChildProcess, limitMs = START_LIMIT_MS): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  try {
    const deadline = Date.now() + limitMs;
    let answered = false;
    s.on('message', () => { answered = true; });
    while (!answered) {
      if (Date.now() > deadline) throw new Error('no reply before the start limit');
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      s.send(packet, port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    s.close();
  }
}

/** Nanoseconds each thread of the process has spent runnable but waiting for a CPU, by thread id (/proc/PID/task/TID/schedstat). */
export function runqueueWait(pid: number): Map<string, number> {
  const waits = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      waits.set(tid, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return waits;
}

/**
 * Seconds of run-queue wait since `before`, summed over the threads alive
 * now (a thread pool that shrinks takes its threads' totals with it, so the
 * difference of two process-wide sums could go negative; what the ended
 * threads waited is left out).
 */
export function runqueueWaitSince(before: Map<string, number>, pid: number): number {
  let ns = 0;
  for (const [tid, wait] of runqueueWait(pid)) ns += Math.max(0, wait - (before.get(tid) ?? 0));
  return ns / 1e9;
}

/** Bytes the process caused to be written to storage so far (/proc/PID/io). */
export const writeBytes = (pid: number): number => Number(/^write_bytes:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);

export const rssMiB = (pid: number): number => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export type GatehouseServer = Server & { portsFile: string };

/** Starts `gatehouse serve` on 127.0.0.1 with ephemeral ports; each start begins with an empty session table and live log. */
export function startGatehouse(dataDir: string, children: ChildProcess[], extraNodeArgs: string[] = [], extraArgs: string[] = []): GatehouseServer {
  const portsFile = join(dataDir, 'ports.json');
  rmSync(portsFile, { force: true });
  for (const f of ['sessions.db', 'sessions.db-wal', 'sessions.db-shm']) rmSync(join(dataDir, f), { force: true });
  const child = spawn(process.execPath, [...extraNodeArgs, join(import.meta.dirname, '..', 'src', 'main.ts'), 'serve', '--data-dir', dataDir,
    '--bind', '127.0.0.1', '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--pxgrid-port', '0',
    '--log-level', 'warn', ...extraArgs], { env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: 'Bench-admin-1' }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return { name: 'Gatehouse', port: 0, child, portsFile };
}

/** Waits for ports.json, then for the first RADIUS reply to `probe`. */
export async function gatehouseReady(g: GatehouseServer, probe: Buffer): Promise<void> {
  const deadline = Date.now() + START_LIMIT_MS;
  while (!existsSync(g.portsFile)) {
    if (Date.now() > deadline || g.child.exitCode !== null) throw new Error('Gatehouse did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  g.port = JSON.parse(readFileSync(g.portsFile, 'utf8')).radiusAuth as number;
  await firstReply(g.port, probe, g.child);
}

/**
 * A copy of Debian's FreeRADIUS configuration in `dir`, running from there
 * (own run and log directories, logging to /dev/null, not dropping
 * privileges), with one client (127.0.0.1, `secret`) and no virtual
 * servers: the caller adds its own to sites-enabled.
 */
export function freeradiusBase(dir: string, secret: string): void {
  cpSync('/etc/freeradius/3.0', dir, { recursive: true, dereference: false, verbatimSymlinks: true });
  for (const d of ['run', 'log']) mkdirSync(join(dir, d), { recursive: true });
  let conf = readFileSync(join(dir, 'radiusd.conf'), 'utf8');
  conf = conf
    .replace(/^raddbdir = .*$/m, `raddbdir = ${dir}`)
    .replace(/^logdir = .*$/m, `logdir = ${dir}/log`)
    .replace(/^run_dir = .*$/m, `run_dir = ${dir}/run`)
    .replace(/^(\s*)file = \$\{logdir\}\/radius\.log$/m, '$1file = /dev/null')
    .replace(/^\s*(user|group) = freerad$/gm, '');
  writeFileSync(join(dir, 'radiusd.conf'), conf);
  writeFileSync(join(dir, 'clients.conf'), `client bench {\n\tipaddr = 127.0.0.1\n\tsecret = ${secret}\n\tshortname = bench-nad\n\tnas_type = cisco\n}\n`);
  for (const f of readdirSync(join(dir, 'sites-enabled'))) rmSync(join(dir, 'sites-enabled', f));
}

/** Writes sites-enabled/bench: the bench's virtual server listening for authentication on 127.0.0.1:`port`; `sections` is its body after `listen`. */
export function freeradiusBenchServer(dir: string, port: number, sections: string): void {
  writeFileSync(join(dir, 'sites-enabled', 'bench'), `server bench {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = ${port}
	}
${sections}}
`);
}

// ---------------------------------------------------------------- CPU profile summary

/** The main thread's profile among those `node --cpu-prof` wrote (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; workers write their own). */
export function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  return files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0];
}

export interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const frameName = (f: ProfileNode['callFrame']): string => {
  const file = f.url.replace(/^file:\/\/.*?\/(src|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
};

/**
 * Time by function between two CLOCK_MONOTONIC instants (µs): self time
 * (top rows, any code) and inclusive time (Gatehouse's own functions and
 * dgram), as shares of the busy (non-idle) time.
 */
export function summarise(profile: CpuProfile, fromUs: number, toUs: number, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const key = frameName(byId.get(profile.samples[i])!.callFrame);
    if (key === '(idle)') continue;
    busy += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = parent.get(profile.samples[i]); id !== undefined; id = parent.get(id)) {
      const k = frameName(byId.get(id)!.callFrame);
      if (!seen.has(k) && (k.includes('src/') || k.includes('dgram'))) {
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
    if (key.includes('src/') || key.includes('dgram')) if (!seen.has(key)) incl.set(key, (incl.get(key) ?? 0) + dt);
  }
  const row = ([k, us]: [string, number]) => `${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`;
  return [`busy ${(busy / 1e6).toFixed(2)} s of ${((toUs - fromUs) / 1e6).toFixed(2)} s`, 'self time:',
    ...[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(row),
    'inclusive time (Gatehouse and dgram):',
    ...[...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(row)];
}
