// Administrator accounts and their authentication.
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { fail } from '../errors.ts';
import { isAdminRole, type AdminRole, type AdminUser } from '../domain/admin-user.ts';
import { checkName } from '../domain/names.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import type { Actor, Clock } from './context.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { write, type WriteDeps } from './writes.ts';

const TYPE = 'adminuser';
const CACHE_LIMIT = 1024;
const MIN_ADMIN_PASSWORD = 8;

/**
 * Verified credentials are remembered as (name, keyed SHA-256 of the
 * password) → the stored hash they were verified against, so a client that
 * sends Basic auth on every request pays for scrypt once. A changed or
 * removed account no longer matches its remembered hash, so the cache never
 * outlives a change. The key is random per process.
 */
class VerifiedCache {
  readonly #key = randomBytes(32).toString('base64');
  readonly #entries = new Map<string, { digest: Buffer; hash: string }>();
  /** Verifications in progress, so concurrent first requests share one scrypt. */
  readonly pending = new Map<string, Promise<boolean>>();

  #digest(password: string): Buffer {
    return hash('sha256', `${this.#key}\u0000${password}`, 'buffer');
  }

  pendingKey(name: string, password: string, storedHash: string): string {
    return `${name}\u0000${storedHash}\u0000${this.#digest(password).toString('base64')}`;
  }

  matches(name: string, password: string, hash: string): boolean {
    const e = this.#entries.get(name);
    if (!e || e.hash !== hash) return false;
    return timingSafeEqual(e.digest, this.#digest(password));
  }

  remember(name: string, password: string, hash: string): void {
    if (this.#entries.size >= CACHE_LIMIT) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(name, { digest: this.#digest(password), hash });
  }
}

export class AdminService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  readonly #cache = new VerifiedCache();

  constructor(deps: WriteDeps, clock: Clock) {
    this.#deps = deps;
    this.#clock = clock;
  }

  /** The admin these credentials belong to, or undefined (unknown, disabled, wrong password). */
  async authenticate(name: string, password: string): Promise<AdminUser | undefined> {
    const admin = await this.#deps.store.admins.get(name);
    if (!admin) {
      // Spend the same time as a real verification so names cannot be probed.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    const { passwordHash, ...rest } = admin;
    if (!admin.enabled) return undefined;
    if (this.#cache.matches(name, password, passwordHash)) return rest;
    const key = this.#cache.pendingKey(name, password, passwordHash);
    let verification = this.#cache.pending.get(key);
    if (!verification) {
      verification = verifyPassword(password, passwordHash).finally(() => this.#cache.pending.delete(key));
      this.#cache.pending.set(key, verification);
    }
    if (!(await verification)) return undefined;
    this.#cache.remember(name, password, passwordHash);
    return rest;
  }

  list(): Promise<AdminUser[]> {
    return this.#deps.store.admins.list();
  }

  search(q: SearchQuery): Promise<SearchResult<AdminUser>> {
    return this.#deps.store.admins.search(q);
  }

  getById(id: string): Promise<AdminUser | undefined> {
    return this.#deps.store.admins.getById(id);
  }

  async getByName(name: string): Promise<AdminUser | undefined> {
    const a = await this.#deps.store.admins.get(name);
    if (!a) return undefined;
    const { passwordHash: _, ...rest } = a;
    return rest;
  }

  async add(name: string, role: string, password: string, actor: Actor, description = ''): Promise<AdminUser> {
    if (!isAdminRole(role)) fail('validation', `unknown role '${role}' (super-admin, ers-admin, ers-operator)`);
    const hash = await hashPassword(password);
    return write(this.#deps, actor, { action: 'create', objectType: TYPE, objectName: name }, async (tx) => {
      const msg = checkName(name, 'name', 64);
      if (msg) fail('validation', msg);
      if (password.length < MIN_ADMIN_PASSWORD) fail('validation', `Password must be at least ${MIN_ADMIN_PASSWORD} characters long`);
      if (await tx.admins.get(name)) fail('validation', `admin '${name}' already exists`);
      const now = this.#clock().toISOString();
      const admin: AdminUser = {
        id: randomUUID(), name, description, role: role as AdminRole, enabled: true,
        email: '', firstName: '', lastName: '', createdAt: now, updatedAt: now,
      };
      await tx.admins.upsert(admin, hash);
      return { result: admin, audit: { objectId: admin.id, after: admin } };
    });
  }

  async setPassword(name: string, password: string, actor: Actor): Promise<void> {
    const hash = await hashPassword(password);
    await write(this.#deps, actor, { action: 'set password', objectType: TYPE, objectName: name }, async (tx) => {
      if (password.length < MIN_ADMIN_PASSWORD) fail('validation', `Password must be at least ${MIN_ADMIN_PASSWORD} characters long`);
      const a = (await tx.admins.get(name)) ?? fail('notFound', `admin '${name}' not found`);
      const { passwordHash: _, ...admin } = a;
      await tx.admins.upsert({ ...admin, updatedAt: this.#clock().toISOString() }, hash);
      return { result: undefined, audit: { objectId: admin.id } };
    });
  }

  async remove(name: string, actor: Actor): Promise<void> {
    await write(this.#deps, actor, { action: 'delete', objectType: TYPE, objectName: name }, async (tx) => {
      const a = (await tx.admins.get(name)) ?? fail('notFound', `admin '${name}' not found`);
      const { passwordHash: _, ...before } = a;
      if (a.role === 'super-admin') {
        const supers = (await tx.admins.list()).filter((x) => x.role === 'super-admin' && x.enabled);
        if (supers.length <= 1) fail('inUse', `admin '${name}' is the last super admin and cannot be removed`);
      }
      await tx.admins.remove(name);
      return { result: undefined, audit: { objectId: a.id, before } };
    });
  }
}

// A valid hash of a random password, used to equalise timing for unknown names.
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
