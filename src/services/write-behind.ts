// Bounded write-behind queue for the RADIUS path: writes are gathered and
// applied in batches (one commit each). Session writes are coalesced: a batch
// carries the latest state of each session once, however often it changed.
// `offer` never waits (flushed at the next turn of the event loop, so a batch
// holds what the sockets had ready, or after `intervalMs`) and counts what a
// full queue had to drop; `submit` resolves once its writes
// are committed (accounting answers only then, RFC 2866) and flushes at the
// next turn. Nothing on the request path blocks.
import type { HotStore, HotWrite } from '../store/hot-store.ts';

export interface WriteBehindStats {
  queued: number;
  committed: number;
  /** Session writes replaced by a later state of the same session before they were committed. */
  coalesced: number;
  batches: number;
  dropped: number;
  failed: number;
}

interface Waiter { resolve: () => void; reject: (e: unknown) => void }

type SessionWrite = Extract<HotWrite, { kind: 'session' | 'sessionDelete' }>;

export interface WriteBehindOptions {
  /** Pending writes at most (sessions and log rows); beyond it offers are dropped and submits rejected. */
  capacity?: number;
  /** Writes per transaction at most. */
  maxBatch?: number;
  /** How long offered writes may wait for more to join their batch (0: the next turn). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export class WriteBehind {
  readonly #store: HotStore;
  readonly #capacity: number;
  readonly #maxBatch: number;
  readonly #intervalMs: number;
  #sessions = new Map<string, SessionWrite>();
  #logs: HotWrite[] = [];
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #last: Promise<void> = Promise.resolve();
  readonly stats: WriteBehindStats = { queued: 0, committed: 0, coalesced: 0, batches: 0, dropped: 0, failed: 0 };
  readonly #onError: (err: unknown) => void;

  constructor(store: HotStore, opts: WriteBehindOptions = {}) {
    this.#store = store;
    this.#capacity = opts.capacity ?? 200_000;
    this.#maxBatch = opts.maxBatch ?? 5_000;
    this.#intervalMs = opts.intervalMs ?? 0;
    this.#onError = opts.onError ?? (() => undefined);
  }

  get depth(): number {
    return this.#sessions.size + this.#logs.length;
  }

  #fits(writes: readonly HotWrite[]): boolean {
    let grow = 0;
    for (const w of writes) if (w.kind === 'log' || !this.#sessions.has(idOf(w))) grow++;
    return this.depth + grow <= this.#capacity;
  }

  #add(w: HotWrite): void {
    this.stats.queued++;
    if (w.kind === 'log') {
      this.#logs.push(w);
      return;
    }
    const id = idOf(w);
    if (this.#sessions.delete(id)) this.stats.coalesced++;
    this.#sessions.set(id, w);
  }

  /** Queues a write that may be lost under overload; false when the queue was full. */
  offer(write: HotWrite): boolean {
    if (!this.#fits([write])) {
      this.stats.dropped++;
      return false;
    }
    this.#add(write);
    if (this.#intervalMs === 0) this.#soon();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs).unref();
    return true;
  }

  /** Queues writes that must be committed; resolves after the commit. Rejects when full. */
  submit(writes: HotWrite[]): Promise<void> {
    if (!this.#fits(writes)) {
      this.stats.dropped += writes.length;
      return Promise.reject(new Error('write-behind queue full'));
    }
    return new Promise((resolve, reject) => {
      for (const w of writes) this.#add(w);
      this.#waiters.push({ resolve, reject });
      this.#soon();
    });
  }

  #soon(): void {
    // Everything already readable on the sockets joins this batch.
    this.#immediate ??= setImmediate(() => void this.flush());
  }

  /** Commits everything queued now; resolves when it (and every earlier flush) is committed. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = this.#immediate = undefined;
    if (this.depth === 0 && this.#waiters.length === 0) return this.#last;
    const writes: HotWrite[] = [...this.#sessions.values()];
    for (const w of this.#logs) writes.push(w);
    this.#sessions = new Map();
    this.#logs = [];
    // Waiters are settled only when every write queued before them is committed.
    const waiters = this.#waiters.splice(0);
    const run = async () => {
      let failure: unknown;
      for (let at = 0; at < writes.length; at += this.#maxBatch) {
        const batch = writes.slice(at, at + this.#maxBatch);
        try {
          await this.#store.apply(batch);
          this.stats.committed += batch.length;
          this.stats.batches++;
        } catch (err) {
          this.stats.failed += batch.length;
          this.#onError(err);
          failure ??= err;
        }
      }
      for (const w of waiters) {
        if (failure === undefined) w.resolve();
        else w.reject(failure);
      }
    };
    // Batches commit in the order they were taken.
    this.#last = this.#last.then(run);
    return this.#last;
  }
}

const idOf = (w: SessionWrite): string => (w.kind === 'session' ? w.session.id : w.id);
