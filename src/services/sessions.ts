// The session table and the live log. Active sessions live in memory
// (indexed by id, MAC, user, framed IP and Acct-Session-Id) so the RADIUS path
// never reads the database; every change is persisted through the
// write-behind queue, and MnT reads from here or from the hot store.
import { ACTIVE_STATES, type LiveLogEntry, type RadiusSession } from '../domain/session.ts';
import type { HotStore, LiveLogQuery } from '../store/hot-store.ts';
import { WriteBehind } from './write-behind.ts';
import type { Clock } from './context.ts';

type IndexName = 'mac' | 'user' | 'ip' | 'acct';

export class SessionService {
  readonly #hot: HotStore;
  readonly #clock: Clock;
  readonly queue: WriteBehind;
  readonly #byId = new Map<string, RadiusSession>();
  readonly #indexes: Record<IndexName, Map<string, Set<string>>> = { mac: new Map(), user: new Map(), ip: new Map(), acct: new Map() };
  #nextLogId: number;

  constructor(hot: HotStore, clock: Clock, onError?: (err: unknown) => void) {
    this.#hot = hot;
    this.#clock = clock;
    this.queue = new WriteBehind(hot, { onError });
    for (const s of hot.activeSessions()) this.#index(s);
    // Ids continue from the stored ones and stay ahead of the clock-based start.
    this.#nextLogId = Math.max(hot.lastLogId() + 1, clock().getTime() * 1000);
  }

  #keys(s: RadiusSession): [IndexName, string][] {
    const keys: [IndexName, string][] = [];
    if (s.callingStationId) keys.push(['mac', s.callingStationId]);
    if (s.userName) keys.push(['user', s.userName]);
    if (s.framedIpAddress) keys.push(['ip', s.framedIpAddress]);
    if (s.acctSessionId) keys.push(['acct', `${s.nasIpAddress}|${s.acctSessionId}`]);
    return keys;
  }

  #index(s: RadiusSession): void {
    this.#byId.set(s.id, s);
    for (const [name, key] of this.#keys(s)) {
      let set = this.#indexes[name].get(key);
      if (!set) this.#indexes[name].set(key, (set = new Set()));
      set.add(s.id);
    }
  }

  #unindex(s: RadiusSession): void {
    this.#byId.delete(s.id);
    for (const [name, key] of this.#keys(s)) {
      const set = this.#indexes[name].get(key);
      set?.delete(s.id);
      if (set?.size === 0) this.#indexes[name].delete(key);
    }
  }

  get(id: string): RadiusSession | undefined {
    return this.#byId.get(id);
  }

  /** In-memory sessions whose key matches, newest first. */
  find(index: IndexName, key: string): RadiusSession[] {
    const ids = this.#indexes[index].get(key);
    if (!ids) return [];
    return [...ids].map((id) => this.#byId.get(id)!).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  }

  /** All sessions held in memory (active, and recently disconnected until pruned). */
  all(): IterableIterator<RadiusSession> {
    return this.#byId.values();
  }

  activeCount(): number {
    let n = 0;
    for (const s of this.#byId.values()) if (ACTIVE_STATES.has(s.state)) n++;
    return n;
  }

  /** Replaces the in-memory record and queues it for persistence (not awaited). */
  put(s: RadiusSession): void {
    const old = this.#byId.get(s.id);
    if (old) this.#unindex(old);
    s.updatedAt = this.#clock().toISOString();
    if (s.state === 'DISCONNECTED') {
      this.queue.offer({ kind: 'session', session: s });
      return;
    }
    this.#index(s);
    this.queue.offer({ kind: 'session', session: s });
  }

  /** Like put, but resolves once the record is committed. */
  putDurable(s: RadiusSession): Promise<void> {
    const old = this.#byId.get(s.id);
    if (old) this.#unindex(old);
    s.updatedAt = this.#clock().toISOString();
    if (s.state !== 'DISCONNECTED') this.#index(s);
    return this.queue.submit([{ kind: 'session', session: s }]);
  }

  /** Removes a session (MnT Session/Delete). */
  remove(id: string): boolean {
    const s = this.#byId.get(id);
    if (s) this.#unindex(s);
    this.queue.offer({ kind: 'sessionDelete', id });
    return s !== undefined;
  }

  /** Appends a live-log row (never blocks; counted when the queue is full). */
  log(entry: Omit<LiveLogEntry, 'id' | 'at'>): LiveLogEntry {
    const full: LiveLogEntry = { ...entry, id: this.#nextLogId++, at: this.#clock().toISOString() };
    this.queue.offer({ kind: 'log', entry: full });
    return full;
  }

  /** Commits everything queued (used before shutdown). */
  flush(): void {
    this.queue.flush();
  }

  liveLog(q: LiveLogQuery): LiveLogEntry[] {
    this.queue.flush();
    return this.#hot.liveLog(q);
  }

  /** Sessions (active and ended) whose field matches, most recently updated first, once everything queued is committed. */
  storedBy(field: 'mac' | 'user_name' | 'framed_ip' | 'nas_ip', value: string, limit?: number): RadiusSession[] {
    this.queue.flush();
    return this.#hot.sessionsBy(field, value, limit);
  }

  stored(id: string): RadiusSession | undefined {
    return this.#byId.get(id) ?? this.#hot.session(id);
  }
}
