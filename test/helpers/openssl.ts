// Runs the real `openssl` binary for interoperability checks of what the
// internal CA produces, in a scratch directory removed after the test file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together (openssl prints some results on stderr). */
  all: string;
}

export function openssl(args: string[], input?: string | Uint8Array): Run {
  const r = spawnSync('openssl', args, { input: typeof input === 'string' ? Buffer.from(input) : input, timeout: 30_000 });
  const stdout = r.stdout?.toString('utf8') ?? '';
  const stderr = r.stderr?.toString('utf8') ?? '';
  return { status: r.status, stdout, stderr, all: `${stdout}\n${stderr}` };
}

/** A scratch directory; `file` writes into it and returns the path. */
export function scratch(prefix = 'gatehouse-ca-'): { dir: string; file(name: string, data: string | Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
