// ERS list/search queries: filter, filtertype, sortasc/sortdsc, size, page,
// and the nextPage/previousPage links real clients follow verbatim.
import { fail } from '../errors.ts';
import { FILTER_OPS, type FieldFilter, type FilterOp, type SearchQuery } from '../domain/entity.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** An ERS filter field: which domain field it searches and how its value maps. */
export interface FilterField {
  field: string;
  /** Maps the client's value to the stored form; null when the value is not acceptable. */
  value?: (v: string) => string | null;
}

export interface ListSpec {
  filters: Record<string, FilterField>;
  sorts: Record<string, string>;
  defaultSort: string;
}

/** The list spec of resources that filter and sort by name and description only. */
export const NAME_DESCRIPTION_LIST: ListSpec = {
  filters: { name: { field: 'name' }, description: { field: 'description' } },
  sorts: { name: 'name', description: 'description' },
  defaultSort: 'name',
};

const OP_ALIASES: Record<string, FilterOp> = { STARTW: 'STARTSW', NSTARTW: 'NSTARTSW' };

function parseOp(raw: string): FilterOp | null {
  const op = raw.toUpperCase();
  if ((FILTER_OPS as readonly string[]).includes(op)) return op as FilterOp;
  return OP_ALIASES[op] ?? null;
}

/** Query parameters as ordered (name, raw value) pairs, as the client wrote them. */
export function rawParams(url: string): [string, string][] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return url.slice(q + 1).split('&').filter(Boolean).map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
  });
}

const decode = (v: string): string => {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return fail('query', `Invalid URL encoding in query parameter value '${v}'`);
  }
};

export interface ParsedList {
  query: SearchQuery;
  page: number;
  size: number;
}

export function parseListQuery(url: string, spec: ListSpec): ParsedList {
  let page = 1;
  let size = DEFAULT_PAGE_SIZE;
  let mode: 'and' | 'or' = 'and';
  let sort = { field: spec.sorts[spec.defaultSort] ?? spec.defaultSort, desc: false };
  const filters: FieldFilter[] = [];
  for (const [name, rawValue] of rawParams(url)) {
    const value = decode(rawValue);
    switch (name.toLowerCase()) {
      case 'page': {
        if (!/^\d+$/.test(value)) fail('query', `Invalid page '${value}': page must be a positive number`);
        page = Math.max(1, Number(value));
        break;
      }
      case 'size': {
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_PAGE_SIZE) {
          fail('query', `Invalid size '${value}': size must be between 1 and ${MAX_PAGE_SIZE}`);
        }
        size = Number(value);
        break;
      }
      case 'filtertype': {
        const t = value.toLowerCase();
        if (t !== 'and' && t !== 'or') fail('query', `Invalid filtertype '${value}': use 'and' or 'or'`);
        mode = t as 'and' | 'or';
        break;
      }
      case 'sortasc':
      case 'sortdsc': {
        const field = spec.sorts[value];
        if (!field) fail('query', `Sort field '${value}' is not supported. Supported fields: ${Object.keys(spec.sorts).join(', ')}`);
        sort = { field, desc: name.toLowerCase() === 'sortdsc' };
        break;
      }
      case 'filter': {
        const first = value.indexOf('.');
        const second = first < 0 ? -1 : value.indexOf('.', first + 1);
        if (second < 0) fail('query', `Invalid filter '${value}': the form is field.OPERATOR.value`);
        const fieldName = value.slice(0, first);
        const op = parseOp(value.slice(first + 1, second));
        const ff = spec.filters[fieldName];
        if (!ff) fail('query', `Filter field '${fieldName}' is not supported. Supported fields: ${Object.keys(spec.filters).join(', ')}`);
        if (!op) fail('query', `Invalid filter operator '${value.slice(first + 1, second)}'. Supported: ${FILTER_OPS.join(', ')}`);
        const raw = value.slice(second + 1);
        const mapped = ff.value ? ff.value(raw) : raw;
        if (mapped === null) fail('query', `Invalid value '${raw}' for filter field '${fieldName}'`);
        filters.push({ field: ff.field, op: op as FilterOp, value: mapped as string });
        break;
      }
      default:
        break; // ISE ignores parameters it does not know
    }
  }
  return { query: { filters, mode, sort, offset: (page - 1) * size, limit: size }, page, size };
}

/** The list URL for another page: every original parameter kept, then size, then page last. */
export function pageHref(base: string, url: string, size: number, page: number): string {
  const kept = rawParams(url).filter(([n]) => !['page', 'size'].includes(n.toLowerCase()));
  const path = url.split('?')[0];
  const parts = [...kept.map(([n, v]) => `${n}=${v}`), `size=${size}`, `page=${page}`];
  return `${base}${path}?${parts.join('&')}`;
}
