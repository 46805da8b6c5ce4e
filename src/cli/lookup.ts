// Finding the stored object a row refers to. Over ERS, two strategies,
// chosen per run: ask by name for each row (GET /{resource}/name/{key}), or
// read the whole list once (size=100 pages) into a key → id index and GET
// existing objects by id. The list costs one call per 100 stored objects and
// saves one call per new row, so it is chosen when the stored objects are
// few next to the rows (see chooseLookup). Against a Gatehouse node that
// offers the export stream, one stream of every object replaces both: the
// objects are kept as their JSON lines and no call is made per row.
import { ersMessage, jsonOf, type ErsHttp } from './ers-http.ts';
import { PAGE_SIZE, countOf, listAll } from './listing.ts';
import type { ImportKind } from './import-kind.ts';
import { exportStream, type GatehouseExtension } from './gatehouse-ext.ts';

export type Found =
  | { state: 'found'; id: string; current: Record<string, unknown> }
  | { state: 'absent'; certain: boolean }
  | { state: 'error'; status: number; message: string };

export interface Lookup {
  readonly mode: 'name' | 'list' | 'export';
  find(key: string): Promise<Found>;
  /** Asks the server now (by name), for an object the run's list or stream did not have. */
  recheck(key: string): Promise<Found>;
}

async function getObject(http: ErsHttp, kind: ImportKind, path: string, certainIfMissing: boolean): Promise<Found> {
  const r = await http.request('GET', path);
  if (r.status === 404) return { state: 'absent', certain: certainIfMissing };
  if (r.status !== 200) return { state: 'error', status: r.status, message: ersMessage(r) };
  const current = jsonOf<Record<string, Record<string, unknown>>>(r)?.[kind.wrapper];
  if (!current || typeof current.id !== 'string') return { state: 'error', status: r.status, message: `the answer is not an ${kind.wrapper}` };
  return { state: 'found', id: current.id, current };
}

export function byNameLookup(http: ErsHttp, kind: ImportKind): Lookup {
  const find = (key: string) => getObject(http, kind, `/ers/config/${kind.resource}/name/${encodeURIComponent(key)}`, true);
  return { mode: 'name', find, recheck: find };
}

export async function listLookup(http: ErsHttp, kind: ImportKind, concurrency: number): Promise<Lookup> {
  const index = new Map<string, string>();
  for (const e of await listAll(http, kind.resource, concurrency)) index.set(kind.keyOfEntry(e.name), e.id);
  return {
    mode: 'list',
    recheck: byNameLookup(http, kind).find,
    async find(key) {
      const id = index.get(key);
      // Not in the list: new, unless it was created after the list was read.
      if (id === undefined) return { state: 'absent', certain: false };
      return getObject(http, kind, `/ers/config/${kind.resource}/${encodeURIComponent(id)}`, false);
    },
  };
}

/** Every stored object from the Gatehouse export stream, by key; rows are then looked up without a call. */
export async function exportLookup(http: ErsHttp, kind: ImportKind): Promise<Lookup> {
  const index = new Map<string, string>();
  await exportStream(http, kind.resource, (line) => {
    const name = (JSON.parse(line) as { name?: unknown }).name;
    if (typeof name === 'string') index.set(kind.keyOfEntry(name), line);
  });
  return {
    mode: 'export',
    recheck: byNameLookup(http, kind).find,
    async find(key) {
      const line = index.get(key);
      if (line === undefined) return { state: 'absent', certain: false };
      const current = JSON.parse(line) as Record<string, unknown>;
      return { state: 'found', id: String(current.id), current };
    },
  };
}

export type LookupMode = 'auto' | 'name' | 'list';

/**
 * With `auto`: the Gatehouse export stream when the server offers it;
 * otherwise the whole list when that costs at most a quarter of the calls
 * per-row lookups would.
 */
export async function chooseLookup(
  http: ErsHttp, kind: ImportKind, mode: LookupMode, rows: number, concurrency: number, ext?: GatehouseExtension,
): Promise<Lookup> {
  if (mode === 'name') return byNameLookup(http, kind);
  if (mode === 'auto' && ext?.exports.has(kind.resource)) return exportLookup(http, kind);
  if (mode === 'list') return listLookup(http, kind, concurrency);
  const pagesNeeded = Math.ceil((await countOf(http, kind.resource)) / PAGE_SIZE);
  return pagesNeeded * 4 <= rows ? listLookup(http, kind, concurrency) : byNameLookup(http, kind);
}
