// When a thread that died is started again: after a first delay, doubling up
// to a ceiling while it keeps dying soon after it started; one that ran long
// enough starts from the first delay again. Shared by the RADIUS worker
// threads and the sessions writer thread.

export class RestartBackoff {
  readonly #firstMs: number;
  readonly #maxMs: number;
  readonly #stableMs: number;
  #nextMs: number;

  constructor(firstMs: number, maxMs = 30_000, stableMs = 60_000) {
    this.#firstMs = firstMs;
    this.#maxMs = maxMs;
    this.#stableMs = stableMs;
    this.#nextMs = firstMs;
  }

  /** The delay before starting again a thread started at `startedAt` that died at `now`. */
  delay(startedAt: number, now = Date.now()): number {
    if (now - startedAt >= this.#stableMs) this.#nextMs = this.#firstMs;
    const delay = this.#nextMs;
    this.#nextMs = Math.min(delay * 2, this.#maxMs);
    return delay;
  }
}
