// SQLite implementation of the hot store: its own database file, WAL with
// synchronous=NORMAL (a batch commits without waiting for fsync; a crash
// can lose at most the last batches, never corrupt).
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { join } from 'node:path';
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import type { HotStore, HotWrite, LiveLogQuery } from '../hot-store.ts';
import { migrate } from './migrate.ts';

export class SqliteHotStore implements HotStore {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #delete: StatementSync;
  readonly #log: StatementSync;

  constructor(path: string) {
    this.#db = new DatabaseSync(path, { timeout: 5000 });
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = NORMAL');
    migrate(this.#db, 'sqlite-hot');
    this.#upsert = this.#db.prepare(
      `INSERT INTO sessions (id, state, mac, user_name, framed_ip, nas_ip, acct_session_id, updated_at, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, mac = excluded.mac, user_name = excluded.user_name,
         framed_ip = excluded.framed_ip, nas_ip = excluded.nas_ip, acct_session_id = excluded.acct_session_id,
         updated_at = excluded.updated_at, doc = excluded.doc`,
    );
    this.#delete = this.#db.prepare('DELETE FROM sessions WHERE id = ?');
    this.#log = this.#db.prepare('INSERT OR REPLACE INTO live_log (id, at, message_code, session_id, mac, user_name, doc) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  static open(dataDir: string): SqliteHotStore {
    return new SqliteHotStore(join(dataDir, 'sessions.db'));
  }

  apply(batch: readonly HotWrite[]): void {
    if (batch.length === 0) return;
    this.#db.exec('BEGIN');
    try {
      for (const w of batch) {
        if (w.kind === 'session') {
          const s = w.session;
          this.#upsert.run(s.id, s.state, s.callingStationId, s.userName, s.framedIpAddress, s.nasIpAddress, s.acctSessionId, s.updatedAt, JSON.stringify(s));
        } else if (w.kind === 'sessionDelete') {
          this.#delete.run(w.id);
        } else {
          const e = w.entry;
          this.#log.run(e.id, e.at, e.messageCode, e.sessionId, e.callingStationId, e.userName, JSON.stringify(e));
        }
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  activeSessions(): RadiusSession[] {
    return (this.#db.prepare("SELECT doc FROM sessions WHERE state <> 'DISCONNECTED'").all() as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }

  session(id: string): RadiusSession | undefined {
    const r = this.#db.prepare('SELECT doc FROM sessions WHERE id = ?').get(id) as { doc: string } | undefined;
    return r ? JSON.parse(r.doc) : undefined;
  }

  sessionsBy(field: 'mac' | 'user_name' | 'framed_ip' | 'nas_ip', value: string, limit = -1): RadiusSession[] {
    const rows = this.#db.prepare(`SELECT doc FROM sessions WHERE ${field} = ? ORDER BY updated_at DESC LIMIT ?`).all(value, limit) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc));
  }

  liveLog(q: LiveLogQuery): LiveLogEntry[] {
    const where: string[] = [];
    const params: string[] = [];
    if (q.mac) { where.push('mac = ?'); params.push(q.mac); }
    if (q.userName) { where.push('user_name = ?'); params.push(q.userName); }
    if (q.since) { where.push('at >= ?'); params.push(q.since); }
    if (q.codes && q.codes.length > 0) where.push(`message_code IN (${q.codes.map((c) => Number(c)).join(', ')})`);
    const sql = `SELECT doc FROM live_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, q.limit) as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }

  lastLogId(): number {
    return Number((this.#db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM live_log').get() as { n: number }).n);
  }

  close(): void {
    this.#db.close();
  }
}
