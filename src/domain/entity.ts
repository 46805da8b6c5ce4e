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

export interface SearchQuery {
  filters: FieldFilter[];
  mode: 'and' | 'or';
  sort: { field: string; desc: boolean };
  offset: number;
  limit: number;
}

export interface SearchResult<T> {
  total: number;
  items: T[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);
