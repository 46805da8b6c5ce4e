// Duplicate detection (RFC 5080 §2.2.2): a request with the same source
// address and port, Identifier and Request Authenticator seen within the
// window is a retransmission. While the first is in progress the copy is
// ignored; once answered, the cached reply is sent again without a second
// evaluation.

export type DuplicateState = { kind: 'new' } | { kind: 'inflight' } | { kind: 'answered'; reply: Buffer };

interface Entry { key: string; expires: number; reply?: Buffer }

export class DuplicateCache {
  readonly #windowMs: number;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();
  /**
   * Entries in insertion order, oldest at `#head`, for eviction. (Iterating
   * the Map from its front instead would step over every deleted slot the
   * Map has not yet compacted: a cost per request growing with the rate.)
   */
  #order: (Entry | undefined)[] = [];
  #head = 0;

  constructor(windowMs = 5000, max = 100_000) {
    this.#windowMs = windowMs;
    this.#max = max;
  }

  /** Cache key of a datagram from a source: address, port, Identifier and Request Authenticator. */
  static key(address: string, port: number, datagram: Buffer): string {
    return `${address}|${port}|${datagram.toString('latin1', 1, 2)}${datagram.toString('latin1', 4, 20)}`;
  }

  /** Looks the key up; a new key is recorded as in progress. */
  begin(key: string, now = Date.now()): DuplicateState {
    const e = this.#entries.get(key);
    if (e && e.expires > now) return e.reply ? { kind: 'answered', reply: e.reply } : { kind: 'inflight' };
    if (e) this.#entries.delete(key);
    this.#evict(now);
    const entry: Entry = { key, expires: now + this.#windowMs };
    this.#entries.set(key, entry);
    this.#order.push(entry);
    return { kind: 'new' };
  }

  /** Records the reply sent for the key. */
  answered(key: string, reply: Buffer, now = Date.now()): void {
    const e = this.#entries.get(key);
    if (e) {
      e.reply = reply;
      e.expires = now + this.#windowMs;
    }
  }

  /** Forgets a key whose request was dropped without a reply. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(now: number): void {
    // Entries are in insertion order; expired ones sit at the front. Slots of
    // forgotten or replaced entries are skipped.
    const order = this.#order;
    while (this.#head < order.length) {
      const e = order[this.#head]!;
      const current = this.#entries.get(e.key) === e;
      if (current && e.expires > now && this.#entries.size < this.#max) break;
      if (current) this.#entries.delete(e.key);
      order[this.#head++] = undefined;
    }
    if (this.#head > 1024 && this.#head * 2 > order.length) {
      this.#order = order.slice(this.#head);
      this.#head = 0;
    }
  }
}
