// Bounded write-behind queue for the RADIUS path: writes are gathered and
// applied in batches (one commit each). `submit` resolves once its write is
// committed (accounting answers only then, RFC 2866); `offer` never waits and
// counts what a full queue had to drop. Nothing on the request path blocks.
import type { HotStore, HotWrite } from '../store/hot-store.ts';

export interface WriteBehindStats {
  queued: number;
  committed: number;
  batches: number;
  dropped: number;
  failed: number;
}

interface Waiter { resolve: () => void; reject: (e: unknown) => void }

export class WriteBehind {
  readonly #store: HotStore;
  readonly #capacity: number;
  readonly #maxBatch: number;
  #queue: HotWrite[] = [];
  #waiters: Waiter[] = [];
  #scheduled = false;
  readonly stats: WriteBehindStats = { queued: 0, committed: 0, batches: 0, dropped: 0, failed: 0 };
  readonly #onError: (err: unknown) => void;

  constructor(store: HotStore, opts: { capacity?: number; maxBatch?: number; onError?: (err: unknown) => void } = {}) {
    this.#store = store;
    this.#capacity = opts.capacity ?? 100_000;
    this.#maxBatch = opts.maxBatch ?? 5_000;
    this.#onError = opts.onError ?? (() => undefined);
  }

  get depth(): number {
    return this.#queue.length;
  }

  /** Queues a write that may be lost under overload; false when the queue was full. */
  offer(write: HotWrite): boolean {
    if (this.#queue.length >= this.#capacity) {
      this.stats.dropped++;
      return false;
    }
    this.#queue.push(write);
    this.stats.queued++;
    this.#schedule();
    return true;
  }

  /** Queues writes that must be committed; resolves after the commit. Rejects when full. */
  submit(writes: HotWrite[]): Promise<void> {
    if (this.#queue.length + writes.length > this.#capacity) {
      this.stats.dropped += writes.length;
      return Promise.reject(new Error('write-behind queue full'));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push(...writes);
      this.stats.queued += writes.length;
      this.#waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Everything already readable on the sockets joins this batch.
    setImmediate(() => this.flush());
  }

  /** Commits everything queued now. */
  flush(): void {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      // Waiters are settled only when every write queued before them is committed.
      const batch = this.#queue.splice(0, this.#maxBatch);
      const waiters = this.#queue.length === 0 ? this.#waiters.splice(0) : [];
      try {
        this.#store.apply(batch);
        this.stats.committed += batch.length;
        this.stats.batches++;
        for (const w of waiters) w.resolve();
      } catch (err) {
        this.stats.failed += batch.length;
        this.#onError(err);
        for (const w of waiters) w.reject(err);
      }
    }
  }
}
