import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AuditEntry } from '../../domain/audit.ts';
import type { AuditTable } from '../store.ts';

interface Row {
  seq: number; at: string; actor: string; source: string; action: string; object_type: string; object_id: string;
  object_name: string; before: string | null; after: string | null; result: string; detail: string;
}

export class SqliteAuditTable implements AuditTable {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO audit_log (at, actor, source, action, object_type, object_id, object_name, before, after, result, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  async append(e: AuditEntry) {
    this.#insert.run(e.at, e.actor, e.source, e.action, e.objectType, e.objectId, e.objectName,
      e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), e.result, e.detail);
  }

  async since(from: string, limit: number) {
    const rows = this.#db.prepare('SELECT * FROM audit_log WHERE at >= ? ORDER BY seq LIMIT ?').all(from, limit) as unknown as Row[];
    return rows.map((r) => ({
      seq: r.seq, at: r.at, actor: r.actor, source: r.source, action: r.action, objectType: r.object_type,
      objectId: r.object_id, objectName: r.object_name, before: r.before ? JSON.parse(r.before) : undefined,
      after: r.after ? JSON.parse(r.after) : undefined, result: r.result as 'success' | 'failure', detail: r.detail,
    }));
  }
}
