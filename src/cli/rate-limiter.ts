// A token bucket shared by every request of a run: at most `perSecond`
// requests start in any second (bursts up to one second's worth). Zero
// means unlimited.

export class RateLimiter {
  readonly #perSecond: number;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();
  readonly #now: () => number;

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.#perSecond = perSecond;
    this.#tokens = Math.min(perSecond, 1);
    this.#now = now;
    this.#last = now();
  }

  get unlimited(): boolean {
    return this.#perSecond <= 0;
  }

  /** Resolves when the caller may send one request. Callers are served in order. */
  take(): Promise<void> {
    if (this.unlimited) return Promise.resolve();
    const turn = this.#queue.then(() => this.#wait());
    this.#queue = turn;
    return turn;
  }

  async #wait(): Promise<void> {
    for (;;) {
      const now = this.#now();
      this.#tokens = Math.min(this.#perSecond, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000)));
    }
  }
}
