// Keyset positions of the list pages served, so the next (or previous, or
// the same) page of a query is an index seek instead of an offset scan.
// Positions are remembered per query signature (filters, sort, page size)
// for the first and last item of each page; a page with no remembered
// neighbour falls back to the offset.
import type { SearchQuery, Seek, SortKey } from '../domain/entity.ts';

/** Query signatures remembered, least recently used dropped first. */
const SIGNATURE_LIMIT = 256;
/** Pages remembered per signature. */
const PAGE_LIMIT = 256;

interface PageKeys {
  first: SortKey;
  last: SortKey;
}

export class PageAnchors {
  readonly #bySignature = new Map<string, Map<number, PageKeys>>();

  /** Identifies the result list a page belongs to (everything but the page number). */
  static signature(q: SearchQuery): string {
    return JSON.stringify([q.filters, q.mode, q.sort, q.limit]);
  }

  /** How to reach `page` without an offset, when a neighbouring page was served before. */
  seekFor(signature: string, page: number): Seek | undefined {
    if (page <= 1) return undefined;
    const pages = this.#bySignature.get(signature);
    if (!pages) return undefined;
    const previous = pages.get(page - 1);
    if (previous) return { key: previous.last, dir: 'after' };
    const same = pages.get(page);
    if (same) return { key: same.first, dir: 'from' };
    const next = pages.get(page + 1);
    if (next) return { key: next.first, dir: 'before' };
    return undefined;
  }

  remember(signature: string, page: number, keys: PageKeys): void {
    let pages = this.#bySignature.get(signature);
    if (pages) this.#bySignature.delete(signature);
    else pages = new Map();
    this.#bySignature.set(signature, pages);
    if (this.#bySignature.size > SIGNATURE_LIMIT) this.#bySignature.delete(this.#bySignature.keys().next().value as string);
    pages.delete(page);
    pages.set(page, keys);
    if (pages.size > PAGE_LIMIT) pages.delete(pages.keys().next().value as number);
  }
}
