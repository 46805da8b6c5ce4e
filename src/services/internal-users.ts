// Internal users: validation (password policy, references), storage with
// encrypted secrets, and the read side used by authentication.
import { fail } from '../errors.ts';
import type { FieldFilter, SearchQuery, SearchResult } from '../domain/entity.ts';
import { INTERNAL_USERS_STORE, checkEmail, checkExpiryDate, type InternalUser, type UserSecrets } from '../domain/internal-user.ts';
import { checkName, checkText } from '../domain/names.ts';
import { checkPassword, checkEnablePassword, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../domain/password-policy.ts';
import { checkCustomAttributes, type CustomAttributeDef } from '../domain/custom-attributes.ts';
import type { StoreTables } from '../store/store.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { check, write, type WriteDeps } from './writes.ts';
import { timeOrderedId } from './ids.ts';

/** Editable fields of a user; secrets travel beside them. */
export type InternalUserDraft = Partial<
  Pick<InternalUser, 'name' | 'description' | 'enabled' | 'email' | 'firstName' | 'lastName' | 'changePassword' |
    'identityGroups' | 'expiryDateEnabled' | 'expiryDate' | 'customAttributes' | 'passwordIDStore' |
    'passwordNeverExpires' | 'accountNameAlias'>
> & UserSecrets;

export interface InternalUserOptions {
  passwordPolicy?: PasswordPolicy;
  customAttributes?: readonly CustomAttributeDef[];
}

const TYPE = 'internaluser';

/** The audit view of a user: everything but secrets (which the entity never holds). */
const auditView = (u: InternalUser) => u;

export class InternalUserService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  readonly #policy: PasswordPolicy;
  readonly #attributes: readonly CustomAttributeDef[];

  constructor(deps: WriteDeps, clock: Clock, options: InternalUserOptions = {}) {
    this.#deps = deps;
    this.#clock = clock;
    this.#policy = options.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
    this.#attributes = options.customAttributes ?? [];
  }

  get(id: string): Promise<InternalUser | undefined> {
    return this.#deps.store.users.get(id);
  }

  getByName(name: string): Promise<InternalUser | undefined> {
    return this.#deps.store.users.getByName(name);
  }

  /** Filters on `identityGroup` take a group name (ISE) or id; they become id filters. */
  async search(q: SearchQuery): Promise<SearchResult<InternalUser>> {
    const filters: FieldFilter[] = [];
    for (const f of q.filters) {
      if (f.field !== 'identityGroup') { filters.push(f); continue; }
      const group = (await this.#deps.store.identityGroups.getByName(f.value)) ?? (await this.#deps.store.identityGroups.get(f.value));
      // An unknown group matches nobody (EQ) or everybody (NEQ): keep the filter with an impossible id.
      filters.push({ field: 'identityGroups', op: f.op, value: group?.id ?? `\u0000${f.value}` });
    }
    return this.#deps.store.users.search({ ...q, filters });
  }

  /** Cleartext secrets, for protocols that need them (PAP, CHAP, MSCHAPv2). */
  secrets(id: string): Promise<UserSecrets> {
    return this.#deps.store.users.getSecrets(id);
  }

  async #validate(tx: StoreTables, u: InternalUser, secrets: UserSecrets, creating: boolean): Promise<void> {
    check(checkName(u.name, 'Name'));
    check(checkText(u.description, 'description'));
    check(checkEmail(u.email));
    for (const [label, v] of [['firstName', u.firstName], ['lastName', u.lastName], ['accountNameAlias', u.accountNameAlias]] as const) {
      check(checkText(v, label, 255));
    }
    if (u.expiryDate) check(checkExpiryDate(u.expiryDate));
    if (u.expiryDateEnabled && !u.expiryDate) fail('validation', 'expiryDate is required when expiryDateEnabled is true');
    const internal = u.passwordIDStore === INTERNAL_USERS_STORE;
    if (!internal && !u.passwordIDStore) fail('validation', 'passwordIDStore must not be empty');
    if (internal && creating && secrets.password === undefined) {
      fail('schema', 'Validation Error - Mandatory fields missing: [Password]');
    }
    if (secrets.password !== undefined) check(checkPassword(secrets.password, u.name, this.#policy));
    check(checkEnablePassword(secrets.enablePassword, u.name, this.#policy));
    const seen = new Set<string>();
    for (const gid of u.identityGroups) {
      if (seen.has(gid)) fail('validation', `identityGroups: identity group id '${gid}' is listed twice`);
      seen.add(gid);
      if (!(await tx.identityGroups.get(gid))) fail('validation', `identityGroups: identity group id '${gid}' does not exist`);
    }
    const attrs = checkCustomAttributes(u.customAttributes, this.#attributes);
    if ('error' in attrs) fail('validation', attrs.error);
    else u.customAttributes = attrs.ok;
  }

  async create(draft: InternalUserDraft, actor: Actor): Promise<InternalUser> {
    const now = this.#clock().toISOString();
    const { password, enablePassword, ...fields } = draft;
    const user: InternalUser = {
      id: timeOrderedId(Date.parse(now)), name: '', description: '', enabled: true, email: '', firstName: '', lastName: '',
      changePassword: true, identityGroups: [], expiryDateEnabled: false, expiryDate: '', customAttributes: {},
      passwordIDStore: INTERNAL_USERS_STORE, passwordNeverExpires: false, accountNameAlias: '',
      hasPassword: false, hasEnablePassword: false, passwordChangedAt: '', createdAt: now, updatedAt: now,
      ...fields,
    };
    user.hasPassword = password !== undefined;
    user.hasEnablePassword = enablePassword !== undefined && enablePassword !== '';
    if (user.hasPassword) user.passwordChangedAt = now;
    return write(this.#deps, actor, { action: 'create', objectType: TYPE, objectName: user.name }, async (tx) => {
      await this.#validate(tx, user, { password, enablePassword }, true);
      await tx.users.insert(user);
      await tx.users.setSecrets(user.id, { password, enablePassword: user.hasEnablePassword ? enablePassword : undefined });
      return { result: user, audit: { objectId: user.id, after: auditView(user) }, event: { type: TYPE, op: 'create', id: user.id } };
    }, `Resource creation failed: user name '${user.name}' already exists`);
  }

  async #resolve(tx: StoreTables, ref: { id?: string; name?: string }): Promise<InternalUser> {
    const u = ref.id !== undefined ? await tx.users.get(ref.id) : await tx.users.getByName(ref.name ?? '');
    return u ?? fail('notFound', ref.id !== undefined ? `Internal user with id '${ref.id}' not found` : `Resource not found: internal user '${ref.name}'`);
  }

  /** Overlays the given fields on the stored user (ISE's PUT and PATCH). */
  async update(ref: { id?: string; name?: string }, draft: InternalUserDraft, actor: Actor): Promise<Updated<InternalUser>> {
    const { password, enablePassword, ...fields } = draft;
    return write(this.#deps, actor, { action: 'update', objectType: TYPE, objectId: ref.id ?? '', objectName: ref.name ?? '' }, async (tx) => {
      const before = await this.#resolve(tx, ref);
      const now = this.#clock().toISOString();
      const after: InternalUser = { ...before, ...fields, id: before.id, updatedAt: now };
      const secretsChanged: string[] = [];
      if (password !== undefined) { after.hasPassword = true; after.passwordChangedAt = now; secretsChanged.push('password'); }
      if (enablePassword !== undefined) { after.hasEnablePassword = enablePassword !== ''; secretsChanged.push('enablePassword'); }
      await this.#validate(tx, after, { password, enablePassword }, false);
      await tx.users.update(after);
      await tx.users.setSecrets(after.id, { password, enablePassword });
      return {
        result: { before, after, secretsChanged },
        audit: { objectId: after.id, objectName: after.name, before: auditView(before), after: auditView(after) },
        event: { type: TYPE, op: 'update', id: after.id },
      };
    }, `Resource update failed: user name '${fields.name}' already exists`);
  }

  async delete(ref: { id?: string; name?: string }, actor: Actor): Promise<void> {
    await write(this.#deps, actor, { action: 'delete', objectType: TYPE, objectId: ref.id ?? '', objectName: ref.name ?? '' }, async (tx) => {
      const user = await this.#resolve(tx, ref);
      await tx.users.delete(user.id);
      return { result: undefined, audit: { objectId: user.id, objectName: user.name, before: auditView(user) }, event: { type: TYPE, op: 'delete', id: user.id } };
    });
  }
}
