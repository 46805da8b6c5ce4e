// User identity groups: the built-ins ISE ships and the ones admins create.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import { BUILT_IN_IDENTITY_GROUPS, USER_GROUP_PARENT, type IdentityGroup } from '../domain/identity-group.ts';
import { checkName, checkText } from '../domain/names.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { check, write, type WriteDeps } from './writes.ts';

export type IdentityGroupDraft = Partial<Pick<IdentityGroup, 'name' | 'description' | 'parent'>>;

const TYPE = 'identitygroup';

export class IdentityGroupService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;

  constructor(deps: WriteDeps, clock: Clock) {
    this.#deps = deps;
    this.#clock = clock;
  }

  /** Creates the built-in groups that are missing (first start, upgrades). */
  async seed(): Promise<void> {
    const now = this.#clock().toISOString();
    await this.#deps.store.transaction(async (tx) => {
      for (const g of BUILT_IN_IDENTITY_GROUPS) {
        if (await tx.identityGroups.get(g.id)) continue;
        await tx.identityGroups.insert({ ...g, parent: USER_GROUP_PARENT, system: true, createdAt: now, updatedAt: now });
      }
    });
  }

  get(id: string): Promise<IdentityGroup | undefined> {
    return this.#deps.store.identityGroups.get(id);
  }

  getByName(name: string): Promise<IdentityGroup | undefined> {
    return this.#deps.store.identityGroups.getByName(name);
  }

  search(q: SearchQuery): Promise<SearchResult<IdentityGroup>> {
    return this.#deps.store.identityGroups.search(q);
  }

  #validate(g: IdentityGroup): void {
    check(checkName(g.name, 'Name'));
    check(checkText(g.description, 'description'));
    if (g.parent !== USER_GROUP_PARENT) fail('validation', `parent must be '${USER_GROUP_PARENT}'`);
  }

  async create(draft: IdentityGroupDraft, actor: Actor): Promise<IdentityGroup> {
    const now = this.#clock().toISOString();
    const group: IdentityGroup = {
      id: randomUUID(), name: draft.name ?? '', description: draft.description ?? '',
      parent: draft.parent || USER_GROUP_PARENT, system: false, createdAt: now, updatedAt: now,
    };
    return write(this.#deps, actor, { action: 'create', objectType: TYPE, objectName: group.name }, async (tx) => {
      this.#validate(group);
      await tx.identityGroups.insert(group);
      return { result: group, audit: { objectId: group.id, after: group }, event: { type: TYPE, op: 'create', id: group.id } };
    }, `Identity Group Create failed: Group name '${group.name}' already exists`);
  }

  async update(id: string, patch: IdentityGroupDraft, actor: Actor): Promise<Updated<IdentityGroup>> {
    return write(this.#deps, actor, { action: 'update', objectType: TYPE, objectId: id }, async (tx) => {
      const before = (await tx.identityGroups.get(id)) ?? fail('notFound', `Identity group with id '${id}' not found`);
      const after: IdentityGroup = {
        ...before,
        name: patch.name ?? before.name,
        description: patch.description ?? before.description,
        parent: patch.parent || before.parent,
        updatedAt: this.#clock().toISOString(),
      };
      if (before.system && after.name !== before.name) fail('validation', `Identity group '${before.name}' is a system group and cannot be renamed`);
      this.#validate(after);
      await tx.identityGroups.update(after);
      return {
        result: { before, after, secretsChanged: [] },
        audit: { objectName: after.name, before, after },
        event: { type: TYPE, op: 'update', id },
      };
    }, `Identity Group Update failed: Group name '${patch.name}' already exists`);
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await write(this.#deps, actor, { action: 'delete', objectType: TYPE, objectId: id }, async (tx) => {
      const group = (await tx.identityGroups.get(id)) ?? fail('notFound', `Identity group with id '${id}' not found`);
      if (group.system) fail('inUse', `Identity group '${group.name}' is a system group and cannot be deleted`);
      const members = await tx.users.countInGroup(id);
      if (members > 0) fail('inUse', `Identity group '${group.name}' cannot be deleted: it is assigned to ${members} internal user(s)`);
      await tx.identityGroups.delete(id);
      return { result: undefined, audit: { objectName: group.name, before: group }, event: { type: TYPE, op: 'delete', id } };
    });
  }
}
