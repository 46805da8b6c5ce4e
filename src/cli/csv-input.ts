// Streaming CSV input: the header first (validated before any ERS call),
// then one record at a time with its 1-based row number (the first row
// after the header is row 1). A record whose bytes were not valid UTF-8 or
// whose field count differs from the header's is handed on with a problem
// so that it gets its own outcome.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRecord {
  row: number;
  values: string[];
  /** Why the record cannot be used as it is. */
  problem?: string;
}

export interface ColumnSpec {
  /** Canonical column names (matched case-insensitively). */
  known: readonly string[];
  required: readonly string[];
  /** Accept `attr:NAME` columns (custom attributes). */
  attributes: boolean;
}

export const ATTR_PREFIX = 'attr:';

export class HeaderError extends Error {}

/** Canonical column names for the header, or a HeaderError listing every problem. */
export function validateHeader(header: string[], spec: ColumnSpec): string[] {
  const problems: string[] = [];
  const byLower = new Map(spec.known.map((k) => [k.toLowerCase(), k]));
  const seen = new Set<string>();
  const columns = header.map((raw, i) => {
    const h = raw.trim();
    let name = byLower.get(h.toLowerCase());
    if (!name && spec.attributes && h.toLowerCase().startsWith(ATTR_PREFIX) && h.length > ATTR_PREFIX.length) {
      name = ATTR_PREFIX + h.slice(ATTR_PREFIX.length).trim();
    }
    if (h === '') problems.push(`column ${i + 1} has no name`);
    else if (!name) problems.push(`unknown column '${h}'`);
    else if (seen.has(name)) problems.push(`column '${h}' appears twice`);
    if (name) seen.add(name);
    return name ?? h;
  });
  for (const r of spec.required) if (!seen.has(r)) problems.push(`required column '${r}' is missing`);
  if (problems.length > 0) {
    const allowed = [...spec.known, ...(spec.attributes ? [`${ATTR_PREFIX}NAME`] : [])].join(', ');
    throw new HeaderError(`bad CSV header: ${problems.join('; ')} (columns: ${allowed})`);
  }
  return columns;
}

function parser(file: string) {
  return createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }));
}

const INVALID_UTF8 = '\uFFFD';

/** The header and an iterator over the records after it. */
export async function openCsv(file: string): Promise<{ header: string[]; records: AsyncGenerator<CsvRecord> }> {
  const it = parser(file)[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await it.next();
  if (first.done) throw new HeaderError(`${file} is empty (a header row is required)`);
  const header = first.value as string[];
  if (header.some((h) => h.includes(INVALID_UTF8))) throw new HeaderError(`${file}: the header is not valid UTF-8 (save the file as UTF-8)`);
  async function* records(): AsyncGenerator<CsvRecord> {
    let row = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      row++;
      const values = next.value as string[];
      let problem: string | undefined;
      if (values.some((v) => v.includes(INVALID_UTF8))) problem = 'the row is not valid UTF-8 (save the file as UTF-8)';
      else if (values.length !== header.length) problem = `the row has ${values.length} fields, the header has ${header.length}`;
      yield { row, values, ...(problem && { problem }) };
    }
  }
  return { header, records: records() };
}

/** Number of records after the header (a quick first pass, for progress and planning). */
export async function countRecords(file: string): Promise<number> {
  let n = -1;
  for await (const _ of parser(file)) n++;
  return Math.max(0, n);
}
