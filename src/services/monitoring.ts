// What the Monitoring (MnT) API asks about sessions: counts, the active and
// authenticated lists, the most recent session for a MAC / user / NAS IP /
// endpoint IP, authentication and accounting history from the live log, and
// the manual purge of stale sessions (audited).
import { ACTIVE_STATES, type LiveLogEntry, type RadiusSession } from '../domain/session.ts';
import { SUMMARY } from '../domain/live-log-codes.ts';
import type { Store } from '../store/store.ts';
import type { AuditService } from './audit.ts';
import type { Actor } from './context.ts';
import type { SessionService } from './sessions.ts';

export type SessionKey = 'mac' | 'user' | 'nasIp' | 'endpointIp';

/** Live-log codes of authentication attempts (AuthStatus) and accounting records (AcctStatus). */
export const AUTH_ATTEMPT_CODES: readonly number[] = [SUMMARY.authPassed, SUMMARY.authFailed, SUMMARY.requestDropped];
export const ACCOUNTING_CODES: readonly number[] = [SUMMARY.acctStart, SUMMARY.acctStop, SUMMARY.acctInterim];

const STORED_FIELD = { mac: 'mac', user: 'user_name', nasIp: 'nas_ip', endpointIp: 'framed_ip' } as const;
const MEMORY_INDEX = { mac: 'mac', user: 'user', endpointIp: 'ip' } as const;

const newer = (a: RadiusSession, b: RadiusSession): RadiusSession => (b.updatedAt > a.updatedAt ? b : a);

export class MonitoringService {
  readonly #sessions: SessionService;
  readonly #audit: AuditService;
  readonly #store: Store;

  constructor(sessions: SessionService, audit: AuditService, store: Store) {
    this.#sessions = sessions;
    this.#audit = audit;
    this.#store = store;
  }

  /** Sessions in an active state (AUTHENTICATED, POSTURED, STARTED). */
  *active(): Generator<RadiusSession> {
    for (const s of this.#sessions.all()) if (ACTIVE_STATES.has(s.state)) yield s;
  }

  activeCount(): number {
    return this.#sessions.activeCount();
  }

  postureCount(): number {
    let n = 0;
    for (const s of this.active()) if (s.state === 'POSTURED') n++;
    return n;
  }

  profilerCount(): number {
    let n = 0;
    for (const s of this.active()) if (s.endpointPolicy !== '' && s.endpointPolicy !== 'Unknown') n++;
    return n;
  }

  /** Active sessions that authenticated (passed) within [from, to]; open ends when absent. */
  authenticated(from?: string, to?: string): RadiusSession[] {
    const out: RadiusSession[] = [];
    for (const s of this.active()) {
      if (!s.passed || s.authAt === '') continue;
      if (from !== undefined && s.authAt < from) continue;
      if (to !== undefined && s.authAt > to) continue;
      out.push(s);
    }
    return out;
  }

  /** The most recently updated session (active or ended) for the key. */
  latest(kind: SessionKey, value: string): RadiusSession | undefined {
    const [stored] = this.#sessions.storedBy(STORED_FIELD[kind], value, 1);
    const index = kind === 'nasIp' ? undefined : MEMORY_INDEX[kind];
    const [live] = index ? this.#sessions.find(index, value) : [];
    if (stored && live) return newer(stored, live);
    return live ?? stored;
  }

  /** An active session by its id (audit-session-id / CPM session id). */
  activeById(id: string): RadiusSession | undefined {
    const s = this.#sessions.get(id);
    return s && ACTIVE_STATES.has(s.state) ? s : undefined;
  }

  /** Authentication attempts of a MAC within the last `seconds`, newest first. */
  authHistory(mac: string, seconds: number, records: number, now: Date): Promise<LiveLogEntry[]> {
    const since = new Date(now.getTime() - seconds * 1000).toISOString();
    return this.#sessions.liveLog({ mac, since, codes: AUTH_ATTEMPT_CODES, limit: records });
  }

  /** Accounting records of a MAC within the last `seconds`, newest first. */
  acctHistory(mac: string, seconds: number, records: number, now: Date): Promise<LiveLogEntry[]> {
    const since = new Date(now.getTime() - seconds * 1000).toISOString();
    return this.#sessions.liveLog({ mac, since, codes: ACCOUNTING_CODES, limit: records });
  }

  /** Removes sessions (MnT Session/Delete); returns how many were removed. */
  async remove(by: { mac: string } | { id: string } | { all: true }, actor: Actor): Promise<number> {
    const ids = new Set<string>();
    if ('all' in by) {
      for (const s of this.#sessions.all()) ids.add(s.id);
    } else if ('mac' in by) {
      for (const s of this.#sessions.find('mac', by.mac)) ids.add(s.id);
      for (const s of this.#sessions.storedBy('mac', by.mac)) ids.add(s.id);
    } else if (this.#sessions.stored(by.id)) {
      ids.add(by.id);
    }
    for (const id of ids) this.#sessions.remove(id);
    const name = 'all' in by ? 'All' : 'mac' in by ? by.mac : by.id;
    await this.#store.transaction((tx) => this.#audit.success(tx, actor, {
      action: 'delete', objectType: 'session', objectName: name, after: { removed: ids.size },
    }));
    return ids.size;
  }
}
