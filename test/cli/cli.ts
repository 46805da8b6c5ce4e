// Runs `gatehouse import|export` against a server as a subprocess.
import { spawn, type ChildProcess } from 'node:child_process';
import { MAIN, ADMIN_PASSWORD } from '../helpers/server.ts';

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function cliEnv(url: string): Record<string, string> {
  return { GATEHOUSE_URL: url, GATEHOUSE_USER: 'admin', GATEHOUSE_PASSWORD: ADMIN_PASSWORD };
}

export function spawnCli(args: string[], env: Record<string, string>, cwd?: string): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function gatehouse(args: string[], env: Record<string, string>, cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawnCli(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The value of a summary line (`  created   3`). */
export function count(out: string, label: string): number {
  const m = new RegExp(`^\\s+${label.replace(/[()]/g, '\\$&')}\\s+(\\d+)\\s*$`, 'm').exec(out);
  if (!m) throw new Error(`no '${label}' line in:\n${out}`);
  return Number(m[1]);
}
