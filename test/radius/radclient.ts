// Runs FreeRADIUS's radclient against a node. Interop tests skip (with a
// message) when freeradius-utils is not installed; .ci/run installs it.
import { spawnSync, spawn } from 'node:child_process';

export const RADCLIENT = spawnSync('radclient', ['-v'], { stdio: 'ignore' }).error ? undefined : 'radclient';
export const SKIP_NO_RADCLIENT = RADCLIENT ? false : 'radclient not installed (apt-get install freeradius-utils)';

export interface RadclientResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Reply code name, e.g. 'Access-Accept', or undefined when none came. */
  reply?: string;
  /** Reply attributes as `Name = value` strings. */
  attributes: string[];
}

/** Sends one request; `attrs` are radclient input lines. */
export function radclient(port: number, type: 'auth' | 'acct' | 'status', secret: string, attrs: string[], opts: { timeout?: number; retries?: number } = {}): Promise<RadclientResult> {
  return new Promise((resolve) => {
    const args = ['-x', '-r', String(opts.retries ?? 1), '-t', String(opts.timeout ?? 2), `127.0.0.1:${port}`, type, secret];
    const child = spawn(RADCLIENT ?? 'radclient', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => {
      const m = /Received (\S+) Id \d+/.exec(stdout);
      const attributes: string[] = [];
      if (m) {
        const after = stdout.slice(stdout.indexOf(m[0]) + m[0].length).split('\n').slice(1);
        for (const line of after) {
          if (!/^\s+\S/.test(line)) break;
          attributes.push(line.trim());
        }
      }
      resolve({ code, stdout, stderr, reply: m?.[1], attributes });
    });
    child.stdin.end(attrs.join('\n') + '\n');
  });
}
