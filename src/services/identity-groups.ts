// User identity groups: the built-ins ISE ships and the ones admins create.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import { BUILT_IN_IDENTITY_GROUPS, USER_GROUP_PARENT, type IdentityGroup } from '../domain/identity-group.ts';
import { checkName, checkText } from '../domain/names.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { EntityReads } from './entity-reads.ts';
import { check, write, type WriteDeps } from './writes.ts';

export type IdentityGroupDraft = Partial<Pick<IdentityGroup, 'name' | 'description' | 'parent'>>;

const TYPE = 'identitygroup';

export class IdentityGroupService extends EntityReads<IdentityGroup> {
  constructor(deps: WriteDeps, clock: Clock) {
    super(deps, clock, (t) => t.identityGroups);
  }

  /** Creates the built-in groups that are missing (first start, upgrades). */
  async seed(): Promise<void> {
    await this.seedMissing(BUILT_IN_IDENTITY_GROUPS.map((g) => ({ ...g, parent: USER_GROUP_PARENT, system: true })));
  }

  #validate(g: IdentityGroup): void {
    check(checkName(g.name, 'Name'));
    check(checkText(g.description, 'description'));
    if (g.parent !== USER_GROUP_PARENT) fail('validation', `parent must be '${USER_GROUP_PARENT}'`);
  }

  async create(draft: IdentityGroupDraft, actor: Actor): Promise<IdentityGroup> {
    const now = this.clock().toISOString();
    const group: IdentityGroup = {
      id: randomUUID(), name: draft.name ?? '', description: draft.description ?? '',
      parent: draft.parent || USER_GROUP_PARENT, system: false, createdAt: now, updatedAt: now,
    };
    return write(this.deps, actor, { action: 'create', objectType: TYPE, objectName: group.name }, async (tx) => {
      this.#validate(group);
      await tx.identityGroups.insert(group);
      return { result: group, audit: { objectId: group.id, after: group }, event: { type: TYPE, op: 'create', id: group.id } };
    }, `Identity Group Create failed: Group name '${group.name}' already exists`);
  }

  async update(id: string, patch: IdentityGroupDraft, actor: Actor): Promise<Updated<IdentityGroup>> {
    return write(this.deps, actor, { action: 'update', objectType: TYPE, objectId: id }, async (tx) => {
      const before = (await tx.identityGroups.get(id)) ?? fail('notFound', `Identity group with id '${id}' not found`);
      const after: IdentityGroup = {
        ...before,
        name: patch.name ?? before.name,
        description: patch.description ?? before.description,
        parent: patch.parent || before.parent,
        updatedAt: this.clock().toISOString(),
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
    await write(this.deps, actor, { action: 'delete', objectType: TYPE, objectId: id }, async (tx) => {
      const group = (await tx.identityGroups.get(id)) ?? fail('notFound', `Identity group with id '${id}' not found`);
      if (group.system) fail('inUse', `Identity group '${group.name}' is a system group and cannot be deleted`);
      const members = await tx.users.countInGroup(id);
      if (members > 0) fail('inUse', `Identity group '${group.name}' cannot be deleted: it is assigned to ${members} internal user(s)`);
      await tx.identityGroups.delete(id);
      return { result: undefined, audit: { objectName: group.name, before: group }, event: { type: TYPE, op: 'delete', id } };
    });
  }
}
