// Keyset positions of the list pages served, so the next (or previous, or
// the same) page of a query is an index seek instead of an offset scan.
// Positions are remembered per query signature (filters, sort, page size)
// and page number, for the first and last item of the page; a page with no
// remembered neighbour falls back to the offset.
import type { SearchQuery, Seek, SortKey } from '../domain/entity.ts';

/** Pages remembered in all, least recently served dropped first. */
const PAGE_LIMIT = 16_384;

interface PageKeys {
  first: SortKey;
  last: SortKey;
}

export class PageAnchors {
  readonly #pages = new Map<string, PageKeys>();

  /** Identifies the result list a page belongs to (everything but the page number). */
  static signature(q: SearchQuery): string {
    return JSON.stringify([q.filters, q.mode, q.sort, q.limit]);
  }

  /** How to reach `page` without an offset, when a neighbouring page was served before. */
  seekFor(signature: string, page: number): Seek | undefined {
    if (page <= 1) return undefined;
    const previous = this.#pages.get(`${page - 1}|${signature}`);
    if (previous) return { key: previous.last, dir: 'after' };
    const same = this.#pages.get(`${page}|${signature}`);
    if (same) return { key: same.first, dir: 'from' };
    const next = this.#pages.get(`${page + 1}|${signature}`);
    if (next) return { key: next.first, dir: 'before' };
    return undefined;
  }

  remember(signature: string, page: number, keys: PageKeys): void {
    const key = `${page}|${signature}`;
    this.#pages.delete(key);
    this.#pages.set(key, keys);
    if (this.#pages.size > PAGE_LIMIT) this.#pages.delete(this.#pages.keys().next().value as string);
  }
}
