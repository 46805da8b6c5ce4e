// What every service of named configuration objects shares: its write
// dependencies, the clock, reads through its store table, and seeding the
// built-in objects that are missing.
import type { Entity, SearchQuery, SearchResult } from '../domain/entity.ts';
import type { EntityTable, StoreTables } from '../store/store.ts';
import type { Clock } from './context.ts';
import type { WriteDeps } from './writes.ts';

export abstract class EntityReads<T extends Entity> {
  protected readonly deps: WriteDeps;
  protected readonly clock: Clock;
  readonly #table: (tables: StoreTables) => EntityTable<T>;

  constructor(deps: WriteDeps, clock: Clock, table: (tables: StoreTables) => EntityTable<T>) {
    this.deps = deps;
    this.clock = clock;
    this.#table = table;
  }

  get(id: string): Promise<T | undefined> {
    return this.#table(this.deps.store).get(id);
  }

  getByName(name: string): Promise<T | undefined> {
    return this.#table(this.deps.store).getByName(name);
  }

  search(q: SearchQuery): Promise<SearchResult<T>> {
    return this.#table(this.deps.store).search(q);
  }

  /** Inserts the built-in objects that are missing (first start, upgrades), stamped now. */
  protected async seedMissing(builtIns: readonly Omit<T, 'createdAt' | 'updatedAt'>[]): Promise<void> {
    const now = this.clock().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const table = this.#table(tx);
      for (const b of builtIns) {
        if (await table.get(b.id)) continue;
        await table.insert({ ...b, createdAt: now, updatedAt: now } as T);
      }
    });
  }
}
