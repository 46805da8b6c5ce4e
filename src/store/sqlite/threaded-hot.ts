// The hot store with its writes on a worker thread (hot-writer.ts): batches
// are posted and resolve once committed; reads run here on a connection of
// their own (WAL lets them see every committed batch).
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import type { HotStore, HotWrite, LiveLogKey, LiveLogQuery } from '../hot-store.ts';
import { SqliteHotStore, hotRows } from './hot.ts';
import type { WriterReply, WriterRequest } from './hot-writer.ts';

type Pending = { resolve: (v: number | undefined) => void; reject: (e: Error) => void };
type Request = WriterRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

export class ThreadedHotStore implements HotStore {
  readonly #reads: SqliteHotStore;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  #failed: Error | undefined;

  constructor(path: string) {
    // Opening here first applies the migrations before the writer starts.
    this.#reads = new SqliteHotStore(path);
    this.#worker = new Worker(new URL('./hot-writer.ts', import.meta.url), { workerData: { path } });
    this.#worker.unref();
    this.#worker.on('message', (r: WriterReply) => {
      const p = this.#pending.get(r.seq);
      if (!p) return;
      this.#pending.delete(r.seq);
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(r.error));
    });
    const fail = (e: Error) => {
      this.#failed ??= e;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the sessions writer thread exited (${code})`)));
  }

  static open(dataDir: string): ThreadedHotStore {
    return new ThreadedHotStore(join(dataDir, 'sessions.db'));
  }

  #call(req: Request): Promise<number | undefined> {
    if (this.#failed) return Promise.reject(this.#failed);
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#worker.postMessage({ ...req, seq } as WriterRequest);
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
    if (!this.#failed) await this.#call({ op: 'close' }).catch(() => undefined);
    await this.#worker.terminate();
    this.#reads.close();
  }
}
