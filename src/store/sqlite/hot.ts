// SQLite implementation of the hot store: its own database file, WAL with
// synchronous=NORMAL (a batch commits without waiting for fsync; a crash
// can lose at most the last batches, never corrupt). Rows carry compact
// documents (fields that differ from the defaults) and no secondary indexes.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { join } from 'node:path';
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import type { HotStore, HotWrite, LiveLogKey, LiveLogQuery } from '../hot-store.ts';
import { migrate } from './migrate.ts';
import { liveLogDoc, liveLogFromDoc, sessionDoc, sessionFromDoc } from '../../domain/session-doc.ts';

interface SessionRow { id: string; updated_at: string; doc: string }
interface LogRow { id: number; at: string; doc: string }

const sessionOf = (r: SessionRow): RadiusSession => sessionFromDoc(r.id, r.updated_at, r.doc);
const entryOf = (r: LogRow): LiveLogEntry => liveLogFromDoc(Number(r.id), r.at, r.doc);

/** A write as the columns it stores: plain arrays of strings and numbers, cheap to hand to another thread. */
export type HotRow =
  | ['s', string, string, string, string, string, string, string, string, string]
  | ['d', string]
  | ['l', number, string, number, string, string, string, string];

export function hotRows(batch: readonly HotWrite[]): HotRow[] {
  const rows: HotRow[] = [];
  for (const w of batch) {
    if (w.kind === 'session') {
      const s = w.session;
      rows.push(['s', s.id, s.state, s.callingStationId, s.userName, s.framedIpAddress, s.nasIpAddress, s.acctSessionId, s.updatedAt,
        w.doc ?? sessionDoc(s)]);
    } else if (w.kind === 'sessionDelete') {
      rows.push(['d', w.id]);
    } else {
      const e = w.entry;
      rows.push(['l', e.id, e.at, e.messageCode, e.sessionId, e.callingStationId, e.userName, w.doc ?? liveLogDoc(e)]);
    }
  }
  return rows;
}

export class SqliteHotStore implements HotStore {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #delete: StatementSync;
  readonly #log: StatementSync;
  readonly #byId: StatementSync;

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
    this.#byId = this.#db.prepare('SELECT id, at, doc FROM live_log WHERE id = ?');
  }

  static open(dataDir: string): SqliteHotStore {
    return new SqliteHotStore(join(dataDir, 'sessions.db'));
  }

  apply(batch: readonly HotWrite[]): void {
    this.applyRows(hotRows(batch));
  }

  /** Applies rows made by `hotRows` (one commit). */
  applyRows(rows: readonly HotRow[]): void {
    if (rows.length === 0) return;
    this.#db.exec('BEGIN');
    try {
      for (const r of rows) {
        if (r[0] === 's') this.#upsert.run(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
        else if (r[0] === 'd') this.#delete.run(r[1]);
        else this.#log.run(r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  sessions(): RadiusSession[] {
    return (this.#db.prepare('SELECT id, updated_at, doc FROM sessions').all() as unknown as SessionRow[]).map(sessionOf);
  }

  liveLog(q: Omit<LiveLogQuery, 'mac' | 'userName'>): LiveLogEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.since) {
      // Ids are never behind the clock in microseconds (services/sessions.ts), so the id bound is a range scan.
      where.push('id >= ?', 'at >= ?');
      params.push(Date.parse(q.since) * 1000, q.since);
    }
    if (q.codes && q.codes.length > 0) where.push(`message_code IN (${q.codes.map((c) => Number(c)).join(', ')})`);
    const sql = `SELECT id, at, doc FROM live_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, q.limit) as unknown as LogRow[]).map(entryOf);
  }

  liveLogByIds(ids: readonly number[]): LiveLogEntry[] {
    const out: LiveLogEntry[] = [];
    for (const id of ids) {
      const r = this.#byId.get(id) as LogRow | undefined;
      if (r) out.push(entryOf(r));
    }
    return out;
  }

  *liveLogKeys(): Iterable<LiveLogKey> {
    for (const r of this.#db.prepare('SELECT id, mac, user_name FROM live_log ORDER BY id').iterate() as Iterable<{ id: number; mac: string; user_name: string }>) {
      yield { id: Number(r.id), mac: r.mac, userName: r.user_name };
    }
  }

  pruneLiveLog(minId: number, maxRows: number): number {
    const nth = this.#db.prepare('SELECT id FROM live_log ORDER BY id DESC LIMIT 1 OFFSET ?').get(Math.max(0, maxRows - 1)) as { id: number } | undefined;
    const keepFrom = Math.max(minId, nth ? Number(nth.id) : 0);
    if (keepFrom > 0) this.#db.prepare('DELETE FROM live_log WHERE id < ?').run(keepFrom);
    const first = this.#db.prepare('SELECT MIN(id) AS id FROM live_log').get() as { id: number | null };
    return first.id === null ? keepFrom : Number(first.id);
  }

  lastLogId(): number {
    return Number((this.#db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM live_log').get() as { n: number }).n);
  }

  close(): void {
    this.#db.close();
  }
}
