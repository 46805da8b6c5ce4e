// The resume state of an import: one line per row that reached a final
// good outcome (created, updated, unchanged), as "row hash". Each line is
// written with its own write(2), so a killed process (even SIGKILL) keeps
// every line it wrote; fdatasync runs once a second and at the end for
// power loss. A resumed run skips a row only when its content hash is the
// one recorded, so an edited row is done again.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

const MAGIC = 'gatehouse-import-state 1';

export function rowHash(values: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 24);
}

export class ResumeState {
  readonly path: string;
  readonly #done: Map<number, string>;
  #fd: number | undefined;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;

  private constructor(path: string, done: Map<number, string>) {
    this.path = path;
    this.#done = done;
  }

  /**
   * Opens the state file for a run. With `resume` the rows recorded for the
   * same kind are kept; otherwise the file starts empty.
   */
  static open(path: string, kind: string, resume: boolean): ResumeState {
    const done = new Map<number, string>();
    const head = `${MAGIC} ${kind}`;
    if (resume && existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      if (lines[0] !== head) throw new Error(`${path} is not a state file of an import of ${kind}`);
      for (const line of lines.slice(1)) {
        const m = /^(\d+) ([0-9a-f]{24})$/.exec(line);
        if (m) done.set(Number(m[1]), m[2]);
      }
    }
    const s = new ResumeState(path, done);
    s.#fd = openSync(path, resume && existsSync(path) ? 'a' : 'w');
    if (done.size === 0) writeSync(s.#fd, `${head}\n`);
    // A line cut short by a kill is ended so the next record starts on its own line.
    else writeSync(s.#fd, '\n');
    fdatasyncSync(s.#fd);
    s.#timer = setInterval(() => s.sync(), 1000);
    s.#timer.unref();
    return s;
  }

  /** Rows recorded as done by an earlier run. */
  get resumed(): number {
    return this.#done.size;
  }

  isDone(row: number, hash: string): boolean {
    return this.#done.get(row) === hash;
  }

  markDone(row: number, hash: string): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${row} ${hash}\n`);
    this.#dirty = true;
  }

  sync(): void {
    if (this.#fd !== undefined && this.#dirty) {
      fdatasyncSync(this.#fd);
      this.#dirty = false;
    }
  }

  /** Flushes and closes; `remove` deletes the file (every row succeeded). */
  close(remove: boolean): void {
    clearInterval(this.#timer);
    if (this.#fd === undefined) return;
    this.sync();
    closeSync(this.#fd);
    this.#fd = undefined;
    if (remove) rmSync(this.path, { force: true });
  }
}
