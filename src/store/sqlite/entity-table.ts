// A generic SQLite table of named entities: id, unique name, a JSON document
// holding the whole object, and indexed columns for the fields that lists
// filter and sort on. Searches seek by (sort column, id) when the query
// carries a keyset position, and remember match counts until the next write.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Entity, FieldFilter, SearchQuery, SearchResult, Seek } from '../../domain/entity.ts';
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
  /** Transforms the object before it is stored as the document (e.g. sealing secrets). */
  encode?: (e: T) => T;
  /** Inverse of encode, applied to every document read. */
  decode?: (e: T) => T;
}

/** Distinct filter sets whose counts are remembered per table. */
const COUNT_CACHE_LIMIT = 256;

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
  /** Bumped by every write through this table; cached counts of older generations are stale. */
  #generation = 0;
  readonly #counts = new Map<string, { generation: number; n: number }>();

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
    return doc === undefined ? undefined : this.parse((doc as { doc: string }).doc);
  }

  protected parse(doc: string): T {
    const e = JSON.parse(doc) as T;
    return this.def.decode ? this.def.decode(e) : e;
  }

  #document(e: T): string {
    return JSON.stringify(this.def.encode ? this.def.encode(e) : e);
  }

  /** Marks cached counts stale; subclasses call it when they change rows themselves. */
  protected touched(): void {
    this.#generation++;
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
    this.touched();
    this.#guard(() => {
      this.stmt(`INSERT INTO ${this.def.table} (${names}) VALUES (${marks})`).run(e.id, e.name, this.#document(e), ...this.#values(e));
    });
    this.def.afterWrite?.(this.db, e);
  }

  async update(e: T): Promise<void> {
    const { sets } = this.#columnsSql();
    this.touched();
    this.#guard(() => {
      this.stmt(`UPDATE ${this.def.table} SET ${sets} WHERE id = ?`).run(e.name, this.#document(e), ...this.#values(e), e.id);
    });
    this.def.afterWrite?.(this.db, e);
  }

  async delete(id: string): Promise<boolean> {
    this.touched();
    return Number(this.stmt(`DELETE FROM ${this.def.table} WHERE id = ?`).run(id).changes) > 0;
  }

  /** The filters as one parenthesised condition, or '' when there are none. */
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
    return { sql: `(${parts.join(mode === 'or' ? ' OR ' : ' AND ')})`, params };
  }

  #count(where: { sql: string; params: SQLInputValue[] }): number {
    const key = `${where.sql}\u0000${JSON.stringify(where.params)}`;
    const cached = this.#counts.get(key);
    if (cached && cached.generation === this.#generation) return cached.n;
    const n = Number((this.stmt(`SELECT COUNT(*) AS n FROM ${this.def.table}${where.sql ? ` WHERE ${where.sql}` : ''}`).get(...where.params) as { n: number }).n);
    this.#counts.delete(key);
    if (this.#counts.size >= COUNT_CACHE_LIMIT) this.#counts.delete(this.#counts.keys().next().value as string);
    this.#counts.set(key, { generation: this.#generation, n });
    return n;
  }

  async count(filters: FieldFilter[] = []): Promise<number> {
    return this.#count(this.#where(filters, 'and'));
  }

  async search(q: SearchQuery): Promise<SearchResult<T>> {
    const w = this.#where(q.filters, q.mode);
    const sortCol = this.#byField.get(q.sort.field)?.column ?? 'name';
    const total = this.#count(w);
    const seek = q.seek ? seekSql(sortCol, q.sort.desc, q.seek) : undefined;
    // A backward seek reads in reverse order and flips the rows back.
    const desc = seek?.reverse ? !q.sort.desc : q.sort.desc;
    const dir = desc ? 'DESC' : 'ASC';
    const conditions = [w.sql, seek?.sql ?? ''].filter(Boolean);
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const page = seek ? ' LIMIT ?' : ' LIMIT ? OFFSET ?';
    const params = [...w.params, ...(seek?.params ?? []), q.limit, ...(seek ? [] : [q.offset])];
    const rows = this.stmt(
      `SELECT ${sortCol} AS k, id, doc FROM ${this.def.table}${where} ORDER BY ${sortCol} ${dir}, id ${dir}${page}`,
    ).all(...params) as { k: string | number; id: string; doc: string }[];
    if (seek?.reverse) rows.reverse();
    const items = rows.map((r) => this.parse(r.doc));
    if (rows.length === 0) return { total, items };
    const first = rows[0], last = rows[rows.length - 1];
    return { total, items, keys: { first: { value: first.k, id: first.id }, last: { value: last.k, id: last.id } } };
  }
}

/**
 * The condition for a keyset seek on (column, id). The leading `column >= ?`
 * (or `<=`) bounds an index range scan; the rest orders ties by id.
 */
export function seekSql(column: string, desc: boolean, seek: Seek): { sql: string; params: SQLInputValue[]; reverse: boolean } {
  const reverse = seek.dir === 'before';
  const forward = desc !== reverse ? '<' : '>';
  const idOp = seek.dir === 'from' ? `${forward}=` : forward;
  const { value, id } = seek.key;
  return {
    sql: `(${column} ${forward}= ? AND (${column} ${forward} ? OR id ${idOp} ?))`,
    params: [value, value, id],
    reverse,
  };
}
