// One named collection of the policy (library, time and network conditions,
// authorization profiles, DACLs, allowed protocols, security groups): reads
// from memory, ERS-style search, and create / update / delete through the
// policy service's single write path. What differs between collections —
// validator, delete check, what refers to an object by name — is the
// collection's definition.
import { randomUUID } from 'node:crypto';
import { GatehouseError } from '../errors.ts';
import type { ErrorKind } from '../errors.ts';
import type { FieldFilter, SearchQuery, SearchResult } from '../domain/entity.ts';
import type { Checked, PolicyCatalog } from '../domain/policy/index.ts';
import { isObject } from '../domain/policy/index.ts';
import type { AuditRecord } from './audit.ts';
import type { Actor, Updated } from './context.ts';
import type { PolicyData } from './policy-data.ts';

/** The value of a validator, or the catalog error it reported. */
export function must<T>(c: Checked<T>): T {
  if (c.ok) return c.value;
  throw new GatehouseError(c.error.kind satisfies ErrorKind, c.error.message);
}

/** What a change builds: the next policy, the caller's result, audit details. */
export interface Change<R> {
  data: PolicyData;
  result: R;
  audit?: Partial<AuditRecord>;
}

/** The policy service as collections see it. */
export interface PolicyHost {
  data(): PolicyData;
  catalogOf(d: PolicyData): PolicyCatalog;
  now(): Date;
  /** Validates and commits one change; `build` runs against the latest committed policy. */
  change<R>(actor: Actor, record: AuditRecord, build: (d: PolicyData) => Change<R>): Promise<R>;
}

export interface ValidateOptions<T> {
  id: string;
  existing?: T;
  data: PolicyData;
  catalog: PolicyCatalog;
  now: Date;
}

export interface CollectionDef<T extends { id: string; name: string }> {
  /** Audit object type. */
  objectType: string;
  items(d: PolicyData): readonly T[];
  withItems(d: PolicyData, items: T[]): PolicyData;
  validate(input: unknown, o: ValidateOptions<T>): Checked<T>;
  checkDelete(item: T, d: PolicyData): Checked<true>;
  /** The 404 for an unknown id or name. */
  notFound(what: string): Checked<never>;
  /** Checks a validated object against the rest of the policy. */
  check?(item: T, d: PolicyData): Checked<true>;
  /** Brings the objects that name `before` in line with `after` (renames). */
  cascade?(d: PolicyData, before: T, after: T): PolicyData;
  /** The body of a partial update: the stored object with the body's fields over it. */
  merge?(stored: T, body: Record<string, unknown>): Record<string, unknown>;
  /** The current name for an old one (profile aliases). */
  aliasOf?(name: string): string;
  /** Fields lists filter and sort on. */
  fields: Record<string, (t: T) => string | number>;
}

export type UpdateMode = 'replace' | 'merge';

const fold = (v: string | number): string => String(v).toLowerCase();

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const na = Number(a);
  const nb = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0;
}

/** One ERS filter on a value; text compares case-insensitively. */
export function filterMatches(value: string | number, f: FieldFilter): boolean {
  const v = fold(value);
  const w = fold(f.value);
  switch (f.op) {
    case 'EQ': return v === w;
    case 'NEQ': return v !== w;
    case 'GT': return compare(value, f.value) > 0;
    case 'LT': return compare(value, f.value) < 0;
    case 'STARTSW': return v.startsWith(w);
    case 'NSTARTSW': return !v.startsWith(w);
    case 'ENDSW': return v.endsWith(w);
    case 'NENDSW': return !v.endsWith(w);
    case 'CONTAINS': return v.includes(w);
    case 'NCONTAINS': return !v.includes(w);
  }
}

/** An ERS search over objects held in memory. */
export function searchItems<T>(items: readonly T[], q: SearchQuery, fields: Record<string, (t: T) => string | number>): SearchResult<T> {
  const test = (t: T, f: FieldFilter): boolean => {
    const get = fields[f.field];
    return get !== undefined && filterMatches(get(t), f);
  };
  const hits = q.filters.length === 0 ? [...items]
    : items.filter((t) => (q.mode === 'or' ? q.filters.some((f) => test(t, f)) : q.filters.every((f) => test(t, f))));
  const key = fields[q.sort.field] ?? fields.name;
  if (key) hits.sort((a, b) => compare(key(a), key(b)) * (q.sort.desc ? -1 : 1));
  return { total: hits.length, items: hits.slice(q.offset, q.offset + q.limit) };
}

export class PolicyCollection<T extends { id: string; name: string }> {
  readonly #def: CollectionDef<T>;
  readonly #host: PolicyHost;

  constructor(def: CollectionDef<T>, host: PolicyHost) {
    this.#def = def;
    this.#host = host;
  }

  /** Every object, by name. */
  list(): T[] {
    return [...this.#def.items(this.#host.data())].sort((a, b) => compare(a.name, b.name));
  }

  get(id: string): T | undefined {
    return this.#def.items(this.#host.data()).find((t) => t.id === id);
  }

  getByName(name: string): T | undefined {
    const items = this.#def.items(this.#host.data());
    const current = this.#def.aliasOf?.(name) ?? name;
    return items.find((t) => t.name === name) ?? items.find((t) => t.name === current);
  }

  /** The object with this id; the collection's 404 otherwise. */
  require(id: string): T {
    return this.get(id) ?? must(this.#def.notFound(id));
  }

  /** The object with this name; the collection's 404 otherwise. */
  requireByName(name: string): T {
    return this.getByName(name) ?? must(this.#def.notFound(name));
  }

  async search(q: SearchQuery): Promise<SearchResult<T>> {
    return searchItems(this.#def.items(this.#host.data()), q, this.#def.fields);
  }

  #validated(d: PolicyData, input: unknown, id: string, existing: T | undefined): T {
    const item = must(this.#def.validate(input, { id, existing, data: d, catalog: this.#host.catalogOf(d), now: this.#host.now() }));
    if (this.#def.check) must(this.#def.check(item, d));
    return item;
  }

  create(input: unknown, actor: Actor): Promise<T> {
    const id = randomUUID();
    const name = isObject(input) && typeof input.name === 'string' ? input.name : undefined;
    return this.#host.change(actor, { action: 'create', objectType: this.#def.objectType, objectId: id, objectName: name }, (d) => {
      const item = this.#validated(d, input, id, undefined);
      return { data: this.#def.withItems(d, [...this.#def.items(d), item]), result: item, audit: { objectName: item.name, after: item } };
    });
  }

  /**
   * Replaces the object with the body (`replace`; a missing name keeps the
   * stored one) or lays the body over it (`merge`).
   */
  update(id: string, input: unknown, actor: Actor, mode: UpdateMode = 'replace'): Promise<Updated<T>> {
    return this.#host.change(actor, { action: 'update', objectType: this.#def.objectType, objectId: id }, (d) => {
      const before = this.#def.items(d).find((t) => t.id === id) ?? must(this.#def.notFound(id));
      let body = input;
      if (isObject(input)) {
        if (mode === 'merge') body = this.#def.merge ? this.#def.merge(before, input) : { ...before, ...input };
        else if (input.name === undefined || input.name === null) body = { ...input, name: before.name };
      }
      const after = this.#validated(d, body, id, before);
      let next = this.#def.withItems(d, this.#def.items(d).map((t) => (t.id === id ? after : t)));
      if (this.#def.cascade) next = this.#def.cascade(next, before, after);
      return { data: next, result: { before, after, secretsChanged: [] }, audit: { objectName: after.name, before, after } };
    });
  }

  delete(id: string, actor: Actor): Promise<T> {
    return this.#host.change(actor, { action: 'delete', objectType: this.#def.objectType, objectId: id }, (d) => {
      const item = this.#def.items(d).find((t) => t.id === id) ?? must(this.#def.notFound(id));
      must(this.#def.checkDelete(item, d));
      return { data: this.#def.withItems(d, this.#def.items(d).filter((t) => t.id !== id)), result: item, audit: { objectName: item.name, before: item } };
    });
  }
}
