// Cell parsing shared by the row kinds: booleans, dates, MAC addresses,
// group-name lists and custom attributes.
import { ATTR_PREFIX } from './csv-input.ts';
import type { Cells } from './import-kind.ts';
import type { GroupNames } from './listing.ts';

export class RowError extends Error {}

/** Separator of several group names in one cell. */
export const GROUP_SEPARATOR = ';';

const TRUE = new Set(['true', 'yes', 'y', '1', 'enabled']);
const FALSE = new Set(['false', 'no', 'n', '0', 'disabled']);

/** A boolean cell; undefined when the column is absent or the cell empty. */
export function boolCell(cells: Cells, column: string): boolean | undefined {
  const v = cells.get(column)?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new RowError(`${column}: '${cells.get(column)}' is not true or false`);
}

/** A text cell, trimmed; undefined when the column is absent. */
export function textCell(cells: Cells, column: string): string | undefined {
  return cells.get(column)?.trim();
}

/** YYYY-MM-DD that names a real day. */
export function checkDate(column: string, v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new RowError(`${column}: '${v}' is not a date (YYYY-MM-DD)`);
  }
  return v;
}

/** MAC in ISE's form (AA:BB:CC:DD:EE:FF) from colon, dash, dot or bare hex. */
export function normaliseMac(v: string): string | undefined {
  const t = v.trim();
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$|^[0-9a-f]{2}(-[0-9a-f]{2}){5}$|^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$|^[0-9a-f]{12}$/i.test(t)) return undefined;
  const hex = t.replace(/[:.-]/g, '').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Group names (separated by `;`) → ids. */
export function groupIds(cell: string, groups: GroupNames | undefined, column: string, kind: string): string[] {
  const names = cell.split(GROUP_SEPARATOR).map((s) => s.trim()).filter(Boolean);
  return names.map((n) => {
    const id = groups?.idOf(n);
    if (!id) throw new RowError(`${column}: unknown ${kind} '${n}'`);
    return id;
  });
}

/** The `attr:NAME` cells: a value to set, or '' to remove the attribute. */
export function attributeCells(cells: Cells): Map<string, string> {
  const out = new Map<string, string>();
  for (const [col, v] of cells) if (col.startsWith(ATTR_PREFIX)) out.set(col.slice(ATTR_PREFIX.length), v.trim());
  return out;
}

/** The stored map with the row's attributes applied (empty values remove the key). */
export function mergeAttributes(current: Record<string, string>, wanted: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...current };
  for (const [k, v] of wanted) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

export function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && String(b[k]) === String(a[k]));
}

export const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Booleans as ISE returns them (true/false, sometimes the strings). */
export const boolOf = (v: unknown): boolean => v === true || v === 'true';

export const asMap = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {};
