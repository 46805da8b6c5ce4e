// What the importer needs to know about one kind of row (users,
// endpoints): its columns, how a row becomes an ERS object, which of its
// fields differ from the stored object, and the import-format CSV of a
// stored object (export).
import type { ColumnSpec } from './csv-input.ts';
import type { GroupNames } from './listing.ts';

/** A row's cells by canonical column name; only the columns in the header are present. */
export type Cells = ReadonlyMap<string, string>;

export interface Wanted {
  /** The name (users) or normalised MAC (endpoints) the object is found by. */
  key: string;
  /** The body of a create, without wrapper. */
  create: Record<string, unknown>;
  /** The fields of `current` (an ERS object without wrapper) that must change, with their new values. */
  changes(current: Record<string, unknown>): Record<string, unknown>;
}

export interface ParseOptions {
  /** Send passwords from the CSV on updates too (they cannot be compared, so such rows always update). */
  updatePasswords: boolean;
}

export interface ImportKind {
  /** Command argument: users, endpoints. */
  name: string;
  /** ERS resource and JSON wrapper. */
  resource: string;
  wrapper: string;
  /** The group resource the group column names, and that column. */
  groupResource: string;
  groupColumn: string;
  /** The column that names a row's object (shown in plans and messages). */
  keyColumn: string;
  columns: ColumnSpec;
  /** Columns whose values are never printed, logged or written to errors.csv. */
  secretColumns: readonly string[];
  /** The wanted state of a row, or why the row cannot be used. */
  parse(cells: Cells, groups: GroupNames | undefined, opts: ParseOptions): Wanted | { error: string };
  /** List entries name the object by this key (normalised the same way as Wanted.key). */
  keyOfEntry(name: string): string;
}

export interface ExportKind {
  name: string;
  resource: string;
  wrapper: string;
  /** Group resource whose names replace ids in CSV, if any. */
  groupResource?: string;
  /** Fixed columns, in order; `attr:NAME` columns follow when attributesOf is given. */
  columns: readonly string[];
  attributesOf?(obj: Record<string, unknown>): Record<string, string>;
  row(obj: Record<string, unknown>, groups: GroupNames | undefined): Record<string, string>;
}
