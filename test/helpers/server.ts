// Starts a real Gatehouse node (`gatehouse serve`) as a child process on
// port 0 with a temporary data directory, and talks to it over HTTPS.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request as httpsRequest } from 'node:https';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const MAIN = join(ROOT, 'src', 'main.ts');
export const ADMIN_PASSWORD = 'Gatehouse-Test-1';

export interface Ports { ers: number; https: number; radiusAuth: number; radiusAcct: number }

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = any>(): T;
}

export interface RequestOptions {
  body?: string | object;
  /** Sets Accept and Content-Type; default json. */
  format?: 'json' | 'xml';
  headers?: Record<string, string>;
  auth?: { user: string; password: string } | null;
  port?: 'ers' | 'https';
}

export interface TestServer {
  dataDir: string;
  ports: Ports;
  process: ChildProcess;
  output: () => string;
  request(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  /** SIGTERM and wait; resolves with the exit code and how long it took. */
  stop(): Promise<{ code: number | null; ms: number }>;
  /** Stops (if running) and removes the data directory. */
  cleanup(): Promise<void>;
}

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });

export function httpsCall(port: number, method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const format = opts.format ?? 'json';
  const type = format === 'json' ? 'application/json' : 'application/xml';
  const headers: Record<string, string> = { accept: type, ...opts.headers };
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = type;
  }
  const auth = opts.auth === undefined ? { user: 'admin', password: ADMIN_PASSWORD } : opts.auth;
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface StartOptions {
  env?: Record<string, string>;
  args?: string[];
  dataDir?: string;
}

/** Starts a node and waits for ports.json. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const portsFile = join(dataDir, 'ports.json');
  rmSync(portsFile, { force: true });
  const child = spawn(process.execPath, [MAIN, 'serve', '--data-dir', dataDir, '--bind', '127.0.0.1',
    '--ers-port', '0', '--https-port', '0', '--radius-auth-port', '0', '--radius-acct-port', '0', '--pxgrid-port', '0',
    '--log-level', 'warn', ...(opts.args ?? [])], {
    env: { ...process.env, GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  let exited = false;
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => { exited = true; r(code); }));
  const deadline = Date.now() + 20_000;
  while (!existsSync(portsFile)) {
    if (exited) throw new Error(`gatehouse exited before it was ready:\n${out}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`gatehouse did not become ready:\n${out}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as Ports;
  const stop = async () => {
    const t0 = Date.now();
    if (!exited) child.kill('SIGTERM');
    const code = await exit;
    return { code, ms: Date.now() - t0 };
  };
  return {
    dataDir,
    ports,
    process: child,
    output: () => out,
    request: (method, path, o = {}) => httpsCall(o.port === 'https' ? ports.https : ports.ers, method, path, o),
    stop,
    cleanup: async () => {
      await stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], input?: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** The id at the end of a Location header. */
export const idFromLocation = (r: Response): string => String(r.headers.location).split('/').pop()!;
