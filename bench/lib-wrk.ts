// Helpers for HTTP benchmarks: run wrk with a Lua script, parse its latency
// percentiles, and measure CPU seconds of the server and of wrk itself.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
  socketErrors: number;
  /** CPU seconds wrk itself used (user + system). */
  wrkCpu: number;
}

const CLK_TCK = 100;

/** user+system CPU seconds of a process so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

const toMs = (v: string): number => {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
};

export function runWrk(opts: { url: string; lua: string; connections: number; threads: number; seconds: number }): WrkResult {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wrk-'));
  const script = join(dir, 'script.lua');
  writeFileSync(script, opts.lua);
  const cmd = `TIMEFORMAT='%U %S'; time wrk --latency -t${opts.threads} -c${opts.connections} -d${opts.seconds}s --timeout 10s -s ${script} '${opts.url}'`;
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: (opts.seconds + 60) * 1000 });
  const out = r.stdout;
  const times = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(out)?.[1] ?? 0);
  const secs = toMs((/requests in ([\d.]+\w+)/.exec(out)?.[1] ?? '0s')) / 1000;
  const pct = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? 'NaNms');
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests,
    seconds: secs,
    rps: requests / secs,
    p50ms: pct('50'),
    p99ms: pct('99'),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    wrkCpu: (times[0] ?? 0) + (times[1] ?? 0),
  };
}

export const hasWrk = (): boolean => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
