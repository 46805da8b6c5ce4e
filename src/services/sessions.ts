// The session table and the live log. Sessions live in memory, active and
// recently ended ones (indexed by id, MAC, user, framed IP, NAS IP and
// Acct-Session-Id), so neither the RADIUS path nor MnT reads the database for
// them; the live log's MAC and user keys are indexed in memory too. Every
// change is persisted through the write-behind queue (coalesced per session),
// and retention prunes ended sessions and old live-log rows.
import { ACTIVE_STATES, mergeAuthentication, type LiveLogEntry, type RadiusSession } from '../domain/session.ts';
import type { HotStore, LiveLogQuery } from '../store/hot-store.ts';
import { WriteBehind } from './write-behind.ts';
import { LiveLogIndex } from './live-log-index.ts';
import type { Clock } from './context.ts';

type IndexName = 'mac' | 'user' | 'ip' | 'nas' | 'acct';
const INDEX_NAMES: readonly IndexName[] = ['mac', 'user', 'ip', 'nas', 'acct'];

/** The session's key in an index, if it has one. */
function keyOf(name: IndexName, s: RadiusSession): string | undefined {
  switch (name) {
    case 'mac': return s.callingStationId || undefined;
    case 'user': return s.userName || undefined;
    case 'ip': return s.framedIpAddress || undefined;
    case 'nas': return s.nasIpAddress || undefined;
    case 'acct': return s.acctSessionId ? `${s.nasIpAddress}|${s.acctSessionId}` : undefined;
  }
}
type StoredField = 'mac' | 'user_name' | 'framed_ip' | 'nas_ip';
const STORED_INDEX: Record<StoredField, IndexName> = { mac: 'mac', user_name: 'user', framed_ip: 'ip', nas_ip: 'nas' };

export interface SessionRetention {
  /** Live-log rows kept at most, and their age. */
  liveLogMaxRows: number;
  liveLogMaxAgeMs: number;
  /** How long an ended session stays in the table. */
  endedSessionMs: number;
  /** How often retention runs. */
  sweepMs: number;
}

export const DEFAULT_RETENTION: SessionRetention = {
  liveLogMaxRows: 1_000_000, liveLogMaxAgeMs: 24 * 3600_000, endedSessionMs: 24 * 3600_000, sweepMs: 30_000,
};

/** Rows fetched per store call while walking a key's live-log ids. */
const LOG_CHUNK = 64;

export class SessionService {
  readonly #hot: HotStore;
  readonly #clock: Clock;
  readonly #retention: SessionRetention;
  readonly queue: WriteBehind;
  readonly #byId = new Map<string, RadiusSession>();
  readonly #indexes: Record<IndexName, Map<string, Set<string>>> = { mac: new Map(), user: new Map(), ip: new Map(), nas: new Map(), acct: new Map() };
  readonly #logKeys = new LiveLogIndex();
  /** Ended sessions in the order they ended (an entry is stale when the session changed since). */
  #ended: { id: string; updatedAt: string }[] = [];
  #nextLogId: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(hot: HotStore, clock: Clock, onError?: (err: unknown) => void, retention: Partial<SessionRetention> = {}) {
    this.#hot = hot;
    this.#clock = clock;
    this.#retention = { ...DEFAULT_RETENTION, ...retention };
    this.queue = new WriteBehind(hot, { onError });
    const stored = hot.sessions().sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
    for (const s of stored) {
      this.#index(s);
      if (s.state === 'DISCONNECTED') this.#ended.push({ id: s.id, updatedAt: s.updatedAt });
    }
    for (const k of hot.liveLogKeys()) this.#logKeys.add(k);
    this.#nextLogId = hot.lastLogId() + 1;
    this.#sweeper = setInterval(() => void this.sweep().catch(onError ?? (() => undefined)), this.#retention.sweepMs).unref();
  }

  #index(s: RadiusSession): void {
    this.#byId.set(s.id, s);
    for (const name of INDEX_NAMES) {
      const key = keyOf(name, s);
      if (key) this.#add(name, key, s.id);
    }
  }

  #unindex(s: RadiusSession): void {
    this.#byId.delete(s.id);
    for (const name of INDEX_NAMES) {
      const key = keyOf(name, s);
      if (key) this.#remove(name, key, s.id);
    }
  }

  /** Moves the session's entries from `old`'s keys to `s`'s, touching only the keys that changed. */
  #reindex(old: RadiusSession, s: RadiusSession): void {
    this.#byId.set(s.id, s);
    for (const name of INDEX_NAMES) {
      const from = keyOf(name, old);
      const to = keyOf(name, s);
      if (from === to) continue;
      if (from) this.#remove(name, from, old.id);
      if (to) this.#add(name, to, s.id);
    }
  }

  #add(name: IndexName, key: string, id: string): void {
    let set = this.#indexes[name].get(key);
    if (!set) this.#indexes[name].set(key, (set = new Set()));
    set.add(id);
  }

  #remove(name: IndexName, key: string, id: string): void {
    const set = this.#indexes[name].get(key);
    set?.delete(id);
    if (set?.size === 0) this.#indexes[name].delete(key);
  }

  /** A session that has not ended. */
  get(id: string): RadiusSession | undefined {
    const s = this.#byId.get(id);
    return s && s.state !== 'DISCONNECTED' ? s : undefined;
  }

  /** Sessions (active and ended) whose key matches, most recently updated first. */
  find(index: IndexName, key: string): RadiusSession[] {
    const ids = this.#indexes[index].get(key);
    if (!ids) return [];
    return [...ids].map((id) => this.#byId.get(id)!).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  }

  /** Every session held: active, and ended ones until retention removes them. */
  all(): IterableIterator<RadiusSession> {
    return this.#byId.values();
  }

  activeCount(): number {
    let n = 0;
    for (const s of this.#byId.values()) if (ACTIVE_STATES.has(s.state)) n++;
    return n;
  }

  #replace(s: RadiusSession): void {
    const old = this.#byId.get(s.id);
    s.updatedAt = this.#clock().toISOString();
    if (old) this.#reindex(old, s);
    else this.#index(s);
    if (s.state === 'DISCONNECTED') this.#ended.push({ id: s.id, updatedAt: s.updatedAt });
  }

  /** Replaces the in-memory record and queues it for persistence (not awaited). */
  put(s: RadiusSession): void {
    this.#replace(s);
    this.queue.offer({ kind: 'session', session: s });
  }

  /**
   * Records an authentication a RADIUS worker thread decided, over what the
   * table learnt since (accounting). `doc` is the thread's document of `s`
   * (domain/session-doc.ts), stored as is when nothing had to be merged.
   */
  putAuthentication(s: RadiusSession, doc?: string): void {
    const merged = mergeAuthentication(this.#byId.get(s.id), s);
    this.#replace(merged);
    this.queue.offer({ kind: 'session', session: merged, doc: merged === s ? doc : undefined });
  }

  /** Like put, but resolves once the record is committed. */
  putDurable(s: RadiusSession): Promise<void> {
    this.#replace(s);
    return this.queue.submit([{ kind: 'session', session: s }]);
  }

  /** Removes a session (MnT Session/Delete). */
  remove(id: string): boolean {
    const s = this.#byId.get(id);
    if (s) this.#unindex(s);
    this.queue.offer({ kind: 'sessionDelete', id });
    return s !== undefined;
  }

  /** Appends a live-log row (never blocks; counted when the queue is full); `doc`, when given, is the entry's document. */
  log(entry: Omit<LiveLogEntry, 'id' | 'at'>, doc?: string): LiveLogEntry {
    const now = this.#clock();
    // Ids are never behind the clock in microseconds, so a time bound is an id bound.
    this.#nextLogId = Math.max(this.#nextLogId, now.getTime() * 1000);
    const full: LiveLogEntry = { ...entry, id: this.#nextLogId++, at: now.toISOString() };
    if (this.queue.offer({ kind: 'log', entry: full, doc })) this.#logKeys.add({ id: full.id, mac: full.callingStationId, userName: full.userName });
    return full;
  }

  /** Commits everything queued. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Live-log rows newest first. */
  async liveLog(q: LiveLogQuery): Promise<LiveLogEntry[]> {
    await this.queue.flush();
    if (!q.mac && !q.userName) return this.#hot.liveLog(q);
    const fromId = q.since ? Date.parse(q.since) * 1000 : 0;
    const codes = q.codes && q.codes.length > 0 ? new Set(q.codes) : undefined;
    const keep = (e: LiveLogEntry) => (!q.since || e.at >= q.since) && (!codes || codes.has(e.messageCode))
      && (!q.mac || e.callingStationId === q.mac) && (!q.userName || e.userName === q.userName);
    const out: LiveLogEntry[] = [];
    let chunk: number[] = [];
    const drain = () => {
      for (const e of this.#hot.liveLogByIds(chunk)) if (out.length < q.limit && keep(e)) out.push(e);
      chunk = [];
    };
    for (const id of q.mac ? this.#logKeys.ids('mac', q.mac, fromId) : this.#logKeys.ids('user', q.userName!, fromId)) {
      chunk.push(id);
      if (chunk.length === LOG_CHUNK) drain();
      if (out.length >= q.limit) break;
    }
    if (out.length < q.limit) drain();
    return out;
  }

  /** Sessions (active and ended) whose field matches, most recently updated first. */
  storedBy(field: StoredField, value: string, limit?: number): RadiusSession[] {
    const found = this.find(STORED_INDEX[field], value);
    return limit === undefined || limit < 0 ? found : found.slice(0, limit);
  }

  /** A session by id, active or ended. */
  stored(id: string): RadiusSession | undefined {
    return this.#byId.get(id);
  }

  /** Applies retention: ended sessions past their time, live-log rows past their age or count. */
  async sweep(): Promise<void> {
    const now = this.#clock().getTime();
    const cutoff = new Date(now - this.#retention.endedSessionMs).toISOString();
    let n = 0;
    for (; n < this.#ended.length && this.#ended[n].updatedAt < cutoff; n++) {
      const { id, updatedAt } = this.#ended[n];
      const s = this.#byId.get(id);
      if (s && s.state === 'DISCONNECTED' && s.updatedAt === updatedAt) this.remove(id);
    }
    if (n > 0) this.#ended = this.#ended.slice(n);
    await this.queue.flush();
    const minId = await this.#hot.pruneLiveLog((now - this.#retention.liveLogMaxAgeMs) * 1000, this.#retention.liveLogMaxRows);
    this.#logKeys.pruneBelow(minId);
  }

  /** Stops retention and commits everything queued. */
  close(): Promise<void> {
    clearInterval(this.#sweeper);
    return this.queue.flush();
  }
}
