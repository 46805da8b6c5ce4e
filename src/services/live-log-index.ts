// The live log's MAC and user-name keys, held in memory so the store needs no
// secondary index: per key the row ids in ascending order (ids only grow).
// Rows the store pruned are dropped lazily: ids below the lowest kept id are
// skipped on reads and trimmed when a key is next touched or on compaction.
import type { LiveLogKey } from '../store/hot-store.ts';

export type LiveLogKeyName = 'mac' | 'user';

export class LiveLogIndex {
  readonly #keys: Record<LiveLogKeyName, Map<string, number[]>> = { mac: new Map(), user: new Map() };
  #minId = 0;

  add(k: LiveLogKey): void {
    if (k.mac) this.#push('mac', k.mac, k.id);
    if (k.userName) this.#push('user', k.userName, k.id);
  }

  #push(name: LiveLogKeyName, key: string, id: number): void {
    const ids = this.#keys[name].get(key);
    if (!ids) {
      this.#keys[name].set(key, [id]);
      return;
    }
    if (ids[0] < this.#minId) this.#trim(ids);
    ids.push(id);
  }

  #trim(ids: number[]): void {
    let n = 0;
    while (n < ids.length && ids[n] < this.#minId) n++;
    ids.splice(0, n);
  }

  /** Row ids of a key, newest first, not below `fromId`. */
  *ids(name: LiveLogKeyName, key: string, fromId = 0): Generator<number> {
    const ids = this.#keys[name].get(key);
    if (!ids) return;
    const floor = Math.max(fromId, this.#minId);
    for (let i = ids.length - 1; i >= 0 && ids[i] >= floor; i--) yield ids[i];
  }

  /** Rows below `minId` are gone from the store; drops keys left empty. */
  pruneBelow(minId: number): void {
    if (minId <= this.#minId) return;
    this.#minId = minId;
    for (const map of Object.values(this.#keys)) {
      for (const [key, ids] of map) {
        if (ids[ids.length - 1] < minId) map.delete(key);
        else if (ids[0] < minId) this.#trim(ids);
      }
    }
  }

  get keyCount(): number {
    return this.#keys.mac.size + this.#keys.user.size;
  }
}
