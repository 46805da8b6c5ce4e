// A generic SQLite table of named entities: id, unique name, a JSON document
// holding the whole object, and indexed columns for the fields that lists
// filter and sort on.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Entity, FieldFilter, SearchQuery, SearchResult } from '../../domain/entity.ts';
import { StoreConflict, type EntityTable } from '../store.ts';

export interface ColumnDef<T> {
  /** Domain field name used in filters and sorts. */
  field: string;
  column: string;
  value: (e: T) => string | number;
  /** Compare case-insensitively (names, e-mail). */
  nocase?: boolean;
}

export interface TableDef<T> {
  table: string;
  columns: ColumnDef<T>[];
  /** SQL for filters on fields that are not plain columns (memberships). */
  special?: Record<string, (f: FieldFilter) => { sql: string; params: SQLInputValue[] }>;
  /** Called after insert/update inside the same transaction. */
  afterWrite?: (db: DatabaseSync, e: T) => void;
}

const escapeLike = (v: string): string => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL and parameters for one filter on a column. */
export function filterSql(column: string, f: FieldFilter, nocase: boolean): { sql: string; params: SQLInputValue[] } {
  const col = nocase ? `${column} COLLATE NOCASE` : column;
  const like = (pattern: string, negate: boolean) => ({
    sql: `${column} ${negate ? 'NOT ' : ''}LIKE ? ESCAPE '\\'`,
    params: [pattern],
  });
  const v = escapeLike(f.value);
  switch (f.op) {
    case 'EQ': return { sql: `${col} = ?`, params: [f.value] };
    case 'NEQ': return { sql: `${col} <> ?`, params: [f.value] };
    case 'GT': return { sql: `${col} > ?`, params: [f.value] };
    case 'LT': return { sql: `${col} < ?`, params: [f.value] };
    case 'STARTSW': return like(`${v}%`, false);
    case 'NSTARTSW': return like(`${v}%`, true);
    case 'ENDSW': return like(`%${v}`, false);
    case 'NENDSW': return like(`%${v}`, true);
    case 'CONTAINS': return like(`%${v}%`, false);
    case 'NCONTAINS': return like(`%${v}%`, true);
  }
}

export class SqliteEntityTable<T extends Entity> implements EntityTable<T> {
  protected readonly db: DatabaseSync;
  protected readonly def: TableDef<T>;
  readonly #statements = new Map<string, StatementSync>();
  readonly #byField: Map<string, ColumnDef<T>>;

  constructor(db: DatabaseSync, def: TableDef<T>) {
    this.db = db;
    this.def = def;
    this.#byField = new Map(def.columns.map((c) => [c.field, c]));
  }

  protected stmt(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  protected row(doc: unknown): T | undefined {
    return doc === undefined ? undefined : (JSON.parse((doc as { doc: string }).doc) as T);
  }

  async get(id: string): Promise<T | undefined> {
    return this.row(this.stmt(`SELECT doc FROM ${this.def.table} WHERE id = ?`).get(id));
  }

  async getByName(name: string): Promise<T | undefined> {
    return this.row(this.stmt(`SELECT doc FROM ${this.def.table} WHERE name = ?`).get(name));
  }

  #columnsSql(): { names: string; marks: string; sets: string } {
    const cols = this.def.columns.filter((c) => c.column !== 'name');
    return {
      names: ['id', 'name', 'doc', ...cols.map((c) => c.column)].join(', '),
      marks: ['?', '?', '?', ...cols.map(() => '?')].join(', '),
      sets: ['name = ?', 'doc = ?', ...cols.map((c) => `${c.column} = ?`)].join(', '),
    };
  }

  #values(e: T): SQLInputValue[] {
    return this.def.columns.filter((c) => c.column !== 'name').map((c) => c.value(e));
  }

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if ((e as { errcode?: number }).errcode === 2067 || /UNIQUE constraint/.test((e as Error).message)) {
        throw new StoreConflict('name');
      }
      throw e;
    }
  }

  async insert(e: T): Promise<void> {
    const { names, marks } = this.#columnsSql();
    this.#guard(() => {
      this.stmt(`INSERT INTO ${this.def.table} (${names}) VALUES (${marks})`).run(e.id, e.name, JSON.stringify(e), ...this.#values(e));
    });
    this.def.afterWrite?.(this.db, e);
  }

  async update(e: T): Promise<void> {
    const { sets } = this.#columnsSql();
    this.#guard(() => {
      this.stmt(`UPDATE ${this.def.table} SET ${sets} WHERE id = ?`).run(e.name, JSON.stringify(e), ...this.#values(e), e.id);
    });
    this.def.afterWrite?.(this.db, e);
  }

  async delete(id: string): Promise<boolean> {
    return Number(this.stmt(`DELETE FROM ${this.def.table} WHERE id = ?`).run(id).changes) > 0;
  }

  #where(filters: FieldFilter[], mode: 'and' | 'or'): { sql: string; params: SQLInputValue[] } {
    if (filters.length === 0) return { sql: '', params: [] };
    const parts: string[] = [];
    const params: SQLInputValue[] = [];
    for (const f of filters) {
      const special = this.def.special?.[f.field];
      const c = this.#byField.get(f.field);
      const clause = special ? special(f) : c ? filterSql(c.column, f, c.nocase ?? false) : undefined;
      if (!clause) throw new Error(`no column for filter field ${f.field}`);
      parts.push(`(${clause.sql})`);
      params.push(...clause.params);
    }
    return { sql: ` WHERE ${parts.join(mode === 'or' ? ' OR ' : ' AND ')}`, params };
  }

  async count(filters: FieldFilter[] = []): Promise<number> {
    const w = this.#where(filters, 'and');
    return Number((this.stmt(`SELECT COUNT(*) AS n FROM ${this.def.table}${w.sql}`).get(...w.params) as { n: number }).n);
  }

  async search(q: SearchQuery): Promise<SearchResult<T>> {
    const w = this.#where(q.filters, q.mode);
    const sortCol = this.#byField.get(q.sort.field)?.column ?? 'name';
    const dir = q.sort.desc ? 'DESC' : 'ASC';
    const total = Number((this.stmt(`SELECT COUNT(*) AS n FROM ${this.def.table}${w.sql}`).get(...w.params) as { n: number }).n);
    const rows = this.stmt(
      `SELECT doc FROM ${this.def.table}${w.sql} ORDER BY ${sortCol} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
    ).all(...w.params, q.limit, q.offset) as { doc: string }[];
    return { total, items: rows.map((r) => JSON.parse(r.doc) as T) };
  }
}
