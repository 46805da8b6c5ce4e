// The network-access policy table: JSON documents keyed by (kind, id). The
// policy service loads it whole at start and writes the rows a change touches.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { PolicyRow, PolicyTable } from '../store.ts';

export class SqlitePolicyTable implements PolicyTable {
  readonly #all: StatementSync;
  readonly #put: StatementSync;
  readonly #delete: StatementSync;

  constructor(db: DatabaseSync) {
    this.#all = db.prepare('SELECT kind, id, parent_id, name, doc FROM policy_objects ORDER BY kind, id');
    this.#put = db.prepare(
      `INSERT INTO policy_objects (kind, id, parent_id, name, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, doc = excluded.doc`,
    );
    this.#delete = db.prepare('DELETE FROM policy_objects WHERE kind = ? AND id = ?');
  }

  async all(): Promise<PolicyRow[]> {
    const rows = this.#all.all() as { kind: string; id: string; parent_id: string; name: string; doc: string }[];
    return rows.map((r) => ({ kind: r.kind, id: r.id, parentId: r.parent_id, name: r.name, doc: JSON.parse(r.doc) as unknown }));
  }

  async put(row: PolicyRow): Promise<void> {
    this.#put.run(row.kind, row.id, row.parentId, row.name, JSON.stringify(row.doc));
  }

  async delete(kind: string, id: string): Promise<boolean> {
    return Number(this.#delete.run(kind, id).changes) > 0;
  }
}
