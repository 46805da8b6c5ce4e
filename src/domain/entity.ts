// What every stored configuration object has.
export interface Entity {
  id: string;
  name: string;
  description: string;
  /** ISO timestamps, set by the service. */
  createdAt: string;
  updatedAt: string;
}

/** Operators of ERS list filters, in their canonical spelling. */
export const FILTER_OPS = ['EQ', 'NEQ', 'GT', 'LT', 'STARTSW', 'NSTARTSW', 'ENDSW', 'NENDSW', 'CONTAINS', 'NCONTAINS'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FieldFilter {
  field: string;
  op: FilterOp;
  value: string;
}

/** A position in a sorted list: the sort value and the id of one item. */
export interface SortKey {
  value: string | number;
  id: string;
}

/**
 * Keyset seek: the items after `key`, from `key` on, or the `limit` items
 * just before `key`, in sort order. Stores that support it use it instead
 * of `offset` (deep pages without an offset scan); others use `offset`.
 */
export interface Seek {
  key: SortKey;
  dir: 'after' | 'from' | 'before';
}

export interface SearchQuery {
  filters: FieldFilter[];
  mode: 'and' | 'or';
  sort: { field: string; desc: boolean };
  offset: number;
  limit: number;
  seek?: Seek;
}

export interface SearchResult<T> {
  total: number;
  items: T[];
  /** Sort keys of the first and last item, from stores that support seeks. */
  keys?: { first: SortKey; last: SortKey };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);
