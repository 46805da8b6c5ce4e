// Rank bookkeeping for policy sets and every rule list (policy-api.md §3):
// ranks are 0-based and contiguous in evaluation order, the default entry
// last. Inserting at rank r shifts the entries from r on; a move renumbers
// the rest; an entry given no rank goes just above the default one.

export interface Ranked<T> {
  rank(item: T): number;
  isDefault(item: T): boolean;
  id(item: T): string;
  /** A copy of `item` with another rank. */
  withRank(item: T, rank: number): T;
}

/** Entries in evaluation order (by rank, the default last). */
export function ordered<T>(items: readonly T[], r: Ranked<T>): T[] {
  return [...items].sort((a, b) => Number(r.isDefault(a)) - Number(r.isDefault(b)) || r.rank(a) - r.rank(b));
}

/** The highest rank a non-default entry may ask for among `others` (the entry itself excluded). */
export function maxRank<T>(others: readonly T[], r: Ranked<T>): number {
  return others.filter((o) => !r.isDefault(o)).length;
}

/**
 * The whole list after putting `item` (new or moved) at `rank` (undefined:
 * keep a moved entry's place, append a new one above the default), ranks
 * renumbered 0…n. The caller has checked `rank` against `maxRank`.
 */
export function place<T>(all: readonly T[], item: T, rank: number | undefined, r: Ranked<T>): T[] {
  const id = r.id(item);
  const current = ordered(all, r);
  const at = current.findIndex((x) => r.id(x) === id);
  const others = current.filter((x) => r.id(x) !== id);
  const regular = others.filter((x) => !r.isDefault(x));
  const defaults = others.filter((x) => r.isDefault(x));
  let list: T[];
  if (r.isDefault(item)) list = [...regular, ...defaults, item];
  else {
    const pos = rank ?? (at >= 0 ? Math.min(at, regular.length) : regular.length);
    list = [...regular.slice(0, pos), item, ...regular.slice(pos), ...defaults];
  }
  return list.map((x, i) => (r.rank(x) === i ? x : r.withRank(x, i)));
}

/** The list without `id`, ranks renumbered. */
export function remove<T>(all: readonly T[], id: string, r: Ranked<T>): T[] {
  return ordered(all, r).filter((x) => r.id(x) !== id).map((x, i) => (r.rank(x) === i ? x : r.withRank(x, i)));
}
