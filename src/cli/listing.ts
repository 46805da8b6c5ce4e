// Reading ERS lists: follows nextPage to the end (size=100, ISE's maximum),
// or fetches known page numbers side by side when the total is known.
import { ersMessage, jsonOf, type ErsHttp, type HttpResult } from './ers-http.ts';
import { runPool } from './pool.ts';

export const PAGE_SIZE = 100;

export interface ListEntry {
  id: string;
  name: string;
  description?: string;
}

export interface Page {
  total: number;
  resources: ListEntry[];
  next?: string;
}

export class ErsCallError extends Error {
  readonly status: number;
  constructor(what: string, r: HttpResult) {
    super(`${what}: ${r.status} ${ersMessage(r)}`);
    this.status = r.status;
  }
}

export function parsePage(r: HttpResult, what: string): Page {
  if (r.status !== 200) throw new ErsCallError(what, r);
  const sr = jsonOf<{ SearchResult?: { total?: number; resources?: ListEntry[]; nextPage?: { href?: string } } }>(r)?.SearchResult;
  if (!sr) throw new Error(`${what}: the answer is not an ERS SearchResult`);
  return { total: Number(sr.total ?? 0), resources: sr.resources ?? [], next: sr.nextPage?.href };
}

/**
 * Every page of a list, in order, following nextPage until there is none.
 * The next page is requested as soon as its link is known, while the
 * caller works on the current one.
 */
export async function* pages(http: ErsHttp, resource: string, query = ''): AsyncGenerator<Page> {
  let pending: Promise<HttpResult> | undefined = http.request('GET', `/ers/config/${resource}?size=${PAGE_SIZE}${query ? `&${query}` : ''}`);
  while (pending) {
    const page = parsePage(await pending, `GET ${resource} list`);
    pending = page.resources.length > 0 && page.next ? http.request('GET', page.next) : undefined;
    // A consumer that stops early leaves the prefetch unread; its failure is of no interest then.
    pending?.catch(() => {});
    yield page;
  }
}

/** Number of objects of a resource (one small GET). */
export async function countOf(http: ErsHttp, resource: string): Promise<number> {
  return parsePage(await http.request('GET', `/ers/config/${resource}?size=1`), `GET ${resource} list`).total;
}

/** Every entry of a list, fetching up to `concurrency` numbered pages at once. */
export async function listAll(http: ErsHttp, resource: string, concurrency: number): Promise<ListEntry[]> {
  const first = parsePage(await http.request('GET', `/ers/config/${resource}?size=${PAGE_SIZE}&page=1`), `GET ${resource} list`);
  const count = Math.ceil(first.total / PAGE_SIZE);
  const rest: ListEntry[][] = [];
  const numbers = Array.from({ length: Math.max(0, count - 1) }, (_, i) => i + 2);
  await runPool(numbers, concurrency, async (n) => {
    const r = await http.request('GET', `/ers/config/${resource}?size=${PAGE_SIZE}&page=${n}`);
    // A list that shrank while we read it has fewer pages: a missing page is simply empty.
    if (r.status === 400 && /page/i.test(ersMessage(r))) { rest[n - 2] = []; return; }
    rest[n - 2] = parsePage(r, `GET ${resource} list page ${n}`).resources;
  });
  return [first.resources, ...rest].flat();
}

/** Name ↔ id of a group resource (identitygroup, endpointgroup), read once. */
export interface GroupNames {
  idOf(name: string): string | undefined;
  nameOf(id: string): string | undefined;
}

export async function loadGroupNames(http: ErsHttp, resource: string): Promise<GroupNames> {
  const byName = new Map<string, string>();
  const byId = new Map<string, string>();
  for await (const page of pages(http, resource)) {
    for (const g of page.resources) {
      byName.set(g.name, g.id);
      byId.set(g.id, g.name);
    }
  }
  return { idOf: (n) => byName.get(n), nameOf: (id) => byId.get(id) };
}
