import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AdminUser, AdminRole } from '../../domain/admin-user.ts';
import type { SearchQuery, SearchResult } from '../../domain/entity.ts';
import type { AdminTable } from '../store.ts';
import { filterSql } from './entity-table.ts';

interface Row {
  id: string; name: string; description: string; role: string; enabled: number; email: string;
  first_name: string; last_name: string; password_hash: string; created_at: string; updated_at: string;
}

const toAdmin = (r: Row): AdminUser => ({
  id: r.id, name: r.name, description: r.description, role: r.role as AdminRole, enabled: r.enabled === 1,
  email: r.email, firstName: r.first_name, lastName: r.last_name, createdAt: r.created_at, updatedAt: r.updated_at,
});

const COLUMNS: Record<string, string> = { name: 'name', description: 'description', email: 'email', firstName: 'first_name', lastName: 'last_name' };

export class SqliteAdminTable implements AdminTable {
  readonly #db: DatabaseSync;
  readonly #byName: StatementSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
    // Read on every authenticated request: prepared once.
    this.#byName = db.prepare('SELECT * FROM admin_users WHERE name = ?');
  }

  async get(name: string) {
    const r = this.#byName.get(name) as Row | undefined;
    return r ? { ...toAdmin(r), passwordHash: r.password_hash } : undefined;
  }

  async getById(id: string) {
    const r = this.#db.prepare('SELECT * FROM admin_users WHERE id = ?').get(id) as Row | undefined;
    return r ? toAdmin(r) : undefined;
  }

  async list() {
    return (this.#db.prepare('SELECT * FROM admin_users ORDER BY name').all() as unknown as Row[]).map(toAdmin);
  }

  async search(q: SearchQuery): Promise<SearchResult<AdminUser>> {
    const parts: string[] = [];
    const params: (string | number)[] = [];
    for (const f of q.filters) {
      const col = COLUMNS[f.field];
      if (!col) throw new Error(`no column for filter field ${f.field}`);
      const c = filterSql(col, f, true);
      parts.push(`(${c.sql})`);
      params.push(...(c.params as string[]));
    }
    const where = parts.length ? ` WHERE ${parts.join(q.mode === 'or' ? ' OR ' : ' AND ')}` : '';
    const sort = COLUMNS[q.sort.field] ?? 'name';
    const total = Number((this.#db.prepare(`SELECT COUNT(*) AS n FROM admin_users${where}`).get(...params) as { n: number }).n);
    const rows = this.#db
      .prepare(`SELECT * FROM admin_users${where} ORDER BY ${sort} ${q.sort.desc ? 'DESC' : 'ASC'}, id LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as unknown as Row[];
    return { total, items: rows.map(toAdmin) };
  }

  async upsert(a: AdminUser, passwordHash: string) {
    this.#db.prepare(
      `INSERT INTO admin_users (id, name, description, role, enabled, email, first_name, last_name, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description, role = excluded.role, enabled = excluded.enabled,
         email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name,
         password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
    ).run(a.id, a.name, a.description, a.role, a.enabled ? 1 : 0, a.email, a.firstName, a.lastName, passwordHash, a.createdAt, a.updatedAt);
  }

  async remove(name: string) {
    return Number(this.#db.prepare('DELETE FROM admin_users WHERE name = ?').run(name).changes) > 0;
  }
}
