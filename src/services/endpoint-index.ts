// In-memory index of endpoints for MAB: MAC → endpoint, with each endpoint
// group's path (`Profiled:Cisco-IP-Phone`) for `IdentityGroup:Name`. Loaded
// once at start (keyset pages), kept current from the change bus.
import type { Endpoint } from '../domain/endpoint.ts';
import type { EndpointGroup } from '../domain/endpoint-group.ts';
import type { Store } from '../store/store.ts';
import type { ChangeBus } from './events.ts';

/** What authorization needs about an endpoint. */
export interface EndpointFacts {
  id: string;
  mac: string;
  groupId: string;
  profileId: string;
  staticGroupAssignment: boolean;
  customAttributes: Record<string, string>;
}

const PAGE = 10_000;

const facts = (e: Endpoint): EndpointFacts => ({
  id: e.id, mac: e.mac, groupId: e.groupId, profileId: e.profileId, staticGroupAssignment: e.staticGroupAssignment,
  customAttributes: e.customAttributes,
});

export class EndpointIndex {
  readonly #store: Store;
  readonly #byMac = new Map<string, EndpointFacts>();
  readonly #macById = new Map<string, string>();
  readonly #groups = new Map<string, EndpointGroup>();
  #pending: Promise<unknown> = Promise.resolve();

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store, bus: ChangeBus): Promise<EndpointIndex> {
    const index = new EndpointIndex(store);
    await index.#loadGroups();
    let last: string | undefined;
    for (;;) {
      const page = await store.endpoints.search({
        filters: last === undefined ? [] : [{ field: 'name', op: 'GT', value: last }],
        mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: PAGE,
      });
      for (const e of page.items) index.#put(e);
      if (page.items.length < PAGE) break;
      last = page.items[page.items.length - 1].name;
    }
    bus.subscribe((e) => {
      if (e.type === 'endpoint') {
        index.#pending = index.#pending.then(async () => {
          index.#remove(e.id);
          if (e.op !== 'delete') {
            const ep = await store.endpoints.get(e.id);
            if (ep) index.#put(ep);
          }
        });
      } else if (e.type === 'endpointgroup') {
        index.#pending = index.#pending.then(() => index.#loadGroups());
      }
    });
    return index;
  }

  async #loadGroups(): Promise<void> {
    const all = await this.#store.endpointGroups.search({ filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 100_000 });
    this.#groups.clear();
    for (const g of all.items) this.#groups.set(g.id, g);
  }

  #put(e: Endpoint): void {
    this.#byMac.set(e.mac, facts(e));
    this.#macById.set(e.id, e.mac);
  }

  #remove(id: string): void {
    const mac = this.#macById.get(id);
    if (mac !== undefined) this.#byMac.delete(mac);
    this.#macById.delete(id);
  }

  get size(): number {
    return this.#byMac.size;
  }

  /** Lookup by canonical MAC (AA:BB:CC:DD:EE:FF). */
  get(mac: string): EndpointFacts | undefined {
    return this.#byMac.get(mac);
  }

  /** Group names from the root down to the group, e.g. ['Profiled', 'Cisco-IP-Phone']. */
  groupChain(groupId: string): string[] {
    const chain: string[] = [];
    let g = this.#groups.get(groupId);
    for (let depth = 0; g && depth < 16; depth++) {
      chain.unshift(g.name);
      g = g.parentId ? this.#groups.get(g.parentId) : undefined;
    }
    return chain;
  }

  groupByName(name: string): EndpointGroup | undefined {
    for (const g of this.#groups.values()) if (g.name === name) return g;
    return undefined;
  }

  settled(): Promise<unknown> {
    return this.#pending;
  }
}
