// In-memory index of internal users for the RADIUS path: name → user and the
// password forms PAP/CHAP/MSCHAPv2 need. Loaded once at start, then kept
// current from the change bus (each change re-reads one user off the
// request path). Passwords live only in this process's memory.
import type { InternalUser } from '../domain/internal-user.ts';
import type { Store } from '../store/store.ts';
import type { ChangeBus } from './events.ts';

export interface UserAuthRecord {
  user: InternalUser;
  password?: string;
}

const PAGE = 5000;

export class UserIndex {
  readonly #store: Store;
  readonly #byName = new Map<string, UserAuthRecord>();
  readonly #nameById = new Map<string, string>();
  readonly #groupNames = new Map<string, string>();
  #pending: Promise<unknown> = Promise.resolve();

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store, bus: ChangeBus): Promise<UserIndex> {
    const index = new UserIndex(store);
    await index.#loadGroups();
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.users.search({ filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset, limit: PAGE });
      for (const u of page.items) await index.#reload(u.id, u);
      if (page.items.length < PAGE) break;
    }
    bus.subscribe((e) => {
      if (e.type === 'identitygroup') index.#pending = index.#pending.then(() => index.#loadGroups());
      if (e.type !== 'internaluser') return;
      // Changes are applied in order, each after the previous one.
      index.#pending = index.#pending.then(() => (e.op === 'delete' ? index.#remove(e.id) : index.#reload(e.id)));
    });
    return index;
  }

  get size(): number {
    return this.#byName.size;
  }

  /** Exact, case-sensitive name lookup (ISE user names are case-sensitive). */
  get(name: string): UserAuthRecord | undefined {
    return this.#byName.get(name);
  }

  /** Name of a user identity group. */
  groupName(id: string): string | undefined {
    return this.#groupNames.get(id);
  }

  async #loadGroups(): Promise<void> {
    const all = await this.#store.identityGroups.search({ filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 100_000 });
    this.#groupNames.clear();
    for (const g of all.items) this.#groupNames.set(g.id, g.name);
  }

  /** Resolves once every change published so far is applied. */
  settled(): Promise<unknown> {
    return this.#pending;
  }

  #remove(id: string): void {
    const name = this.#nameById.get(id);
    if (name !== undefined) this.#byName.delete(name);
    this.#nameById.delete(id);
  }

  async #reload(id: string, known?: InternalUser): Promise<void> {
    const user = known ?? (await this.#store.users.get(id));
    this.#remove(id);
    if (!user) return;
    const secrets = await this.#store.users.getSecrets(id);
    this.#byName.set(user.name, { user, password: secrets.password });
    this.#nameById.set(id, user.name);
  }
}
