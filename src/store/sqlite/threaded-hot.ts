// The hot store with its writes on a worker thread (hot-writer.ts): batches
// are posted and resolve once committed; reads run here on a connection of
// their own (WAL lets them see every committed batch). A writer that dies
// fails what it had in hand and is started again; calls in between fail.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import type { HotStore, HotWrite, LiveLogKey, LiveLogQuery } from '../hot-store.ts';
import { SqliteHotStore, hotRows } from './hot.ts';
import type { WriterReply, WriterRequest } from './hot-writer.ts';
import { RestartBackoff } from '../../restart-backoff.ts';

type Pending = { resolve: (v: number | undefined) => void; reject: (e: Error) => void };
type Request = WriterRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;


export class ThreadedHotStore implements HotStore {
  readonly #path: string;
  readonly #reads: SqliteHotStore;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  /** Why calls fail while no writer runs (it died and waits to start again, or the store closed). */
  #down: Error | undefined;
  #closed = false;
  /** A writer that dies is started again after 100 ms, doubling while it keeps dying. */
  readonly #backoff = new RestartBackoff(100);
  #restartTimer: NodeJS.Timeout | undefined;
  #restarts = 0;
  /** Called when the writer thread dies (before it is started again). */
  onWriterExit?: (err: Error) => void;

  constructor(path: string) {
    this.#path = path;
    // Opening here first applies the migrations before the writer starts.
    this.#reads = new SqliteHotStore(path);
    this.#start();
  }

  #start(): void {
    const worker = new Worker(new URL('./hot-writer.ts', import.meta.url), { workerData: { path: this.#path } });
    const started = Date.now();
    this.#worker = worker;
    this.#down = undefined;
    worker.unref();
    worker.on('message', (r: WriterReply) => {
      const p = this.#pending.get(r.seq);
      if (!p) return;
      this.#pending.delete(r.seq);
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(r.error));
    });
    let failure: Error | undefined;
    worker.on('error', (e) => { failure ??= e; });
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      // What was in flight may or may not have been committed: its callers learn it failed.
      const err = new Error(`the sessions writer thread exited (${code})${failure ? `: ${failure.message}` : ''}`);
      this.#down = err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      if (this.#closed) return;
      this.onWriterExit?.(err);
      // Each batch is a transaction of its own, so a new writer simply goes on with the next ones.
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        if (this.#closed) return;
        this.#restarts++;
        this.#start();
      }, this.#backoff.delay(started)).unref();
    });
  }

  /** Writer threads started again after one died. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The writer thread now, if one runs. */
  get writerThread(): Worker | undefined {
    return this.#worker;
  }

  static open(dataDir: string): ThreadedHotStore {
    return new ThreadedHotStore(join(dataDir, 'sessions.db'));
  }

  #call(req: Request): Promise<number | undefined> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(this.#down ?? new Error('the sessions writer thread is not running'));
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      worker.postMessage({ ...req, seq } as WriterRequest);
    });
  }

  async apply(batch: readonly HotWrite[]): Promise<void> {
    // Rows are built here: arrays of strings cost far less to post than the records.
    if (batch.length > 0) await this.#call({ op: 'apply', rows: hotRows(batch) });
  }

  async pruneLiveLog(minId: number, maxRows: number): Promise<number> {
    return (await this.#call({ op: 'prune', minId, maxRows })) ?? minId;
  }

  sessions(): RadiusSession[] {
    return this.#reads.sessions();
  }

  liveLog(q: Omit<LiveLogQuery, 'mac' | 'userName'>): LiveLogEntry[] {
    return this.#reads.liveLog(q);
  }

  liveLogByIds(ids: readonly number[]): LiveLogEntry[] {
    return this.#reads.liveLogByIds(ids);
  }

  liveLogKeys(): Iterable<LiveLogKey> {
    return this.#reads.liveLogKeys();
  }

  lastLogId(): number {
    return this.#reads.lastLogId();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker) await this.#call({ op: 'close' }).catch(() => undefined);
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#down = new Error('the sessions store is closed');
    await worker?.terminate();
    this.#reads.close();
  }
}
