// Endpoint identity groups: the built-ins ISE ships and the ones admins create.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import { BUILT_IN_ENDPOINT_GROUPS, type EndpointGroup } from '../domain/endpoint-group.ts';
import { checkName, checkText } from '../domain/names.ts';
import type { StoreTables } from '../store/store.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { EntityReads } from './entity-reads.ts';
import { check, write, type WriteDeps } from './writes.ts';

export type EndpointGroupDraft = Partial<Pick<EndpointGroup, 'name' | 'description' | 'parentId'>>;

const TYPE = 'endpointgroup';

export class EndpointGroupService extends EntityReads<EndpointGroup> {
  constructor(deps: WriteDeps, clock: Clock) {
    super(deps, clock, (t) => t.endpointGroups);
  }

  /** Creates the built-in groups that are missing (first start, upgrades). */
  async seed(): Promise<void> {
    await this.seedMissing(BUILT_IN_ENDPOINT_GROUPS.map((g) => ({ ...g, systemDefined: true })));
  }

  async #validate(tx: StoreTables, g: EndpointGroup): Promise<void> {
    check(checkName(g.name, 'name'));
    check(checkText(g.description, 'description'));
    if (g.parentId === '') return;
    if (g.parentId === g.id) fail('validation', 'parentId: an endpoint group cannot be its own parent');
    if (!(await tx.endpointGroups.get(g.parentId))) fail('validation', `parentId: endpoint group id '${g.parentId}' does not exist`);
  }

  async create(draft: EndpointGroupDraft, actor: Actor): Promise<EndpointGroup> {
    const now = this.clock().toISOString();
    const group: EndpointGroup = {
      id: randomUUID(), name: draft.name ?? '', description: draft.description ?? '', parentId: draft.parentId ?? '',
      systemDefined: false, createdAt: now, updatedAt: now,
    };
    return write(this.deps, actor, { action: 'create', objectType: TYPE, objectName: group.name }, async (tx) => {
      await this.#validate(tx, group);
      await tx.endpointGroups.insert(group);
      return { result: group, audit: { objectId: group.id, after: group }, event: { type: TYPE, op: 'create', id: group.id } };
    }, `Endpoint Identity Group Create failed: Group name '${group.name}' already exists`);
  }

  async update(id: string, draft: EndpointGroupDraft, actor: Actor): Promise<Updated<EndpointGroup>> {
    return write(this.deps, actor, { action: 'update', objectType: TYPE, objectId: id }, async (tx) => {
      const before = (await tx.endpointGroups.get(id)) ?? fail('notFound', `Endpoint group with id '${id}' not found`);
      const after: EndpointGroup = {
        ...before,
        name: draft.name ?? before.name,
        description: draft.description ?? before.description,
        parentId: draft.parentId ?? before.parentId,
        updatedAt: this.clock().toISOString(),
      };
      if (before.systemDefined && after.name !== before.name) {
        fail('validation', `Endpoint group '${before.name}' is a system group and cannot be renamed`);
      }
      await this.#validate(tx, after);
      await tx.endpointGroups.update(after);
      return {
        result: { before, after, secretsChanged: [] },
        audit: { objectName: after.name, before, after },
        event: { type: TYPE, op: 'update', id },
      };
    }, `Endpoint Identity Group Update failed: Group name '${draft.name}' already exists`);
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await write(this.deps, actor, { action: 'delete', objectType: TYPE, objectId: id }, async (tx) => {
      const group = (await tx.endpointGroups.get(id)) ?? fail('notFound', `Endpoint group with id '${id}' not found`);
      if (group.systemDefined) fail('inUse', `Endpoint group '${group.name}' is a system group and cannot be deleted`);
      const members = await tx.endpoints.count([{ field: 'groupId', op: 'EQ', value: id }]);
      if (members > 0) fail('inUse', `Endpoint group '${group.name}' cannot be deleted: it has ${members} endpoint(s)`);
      const children = await tx.endpointGroups.count([{ field: 'parentId', op: 'EQ', value: id }]);
      if (children > 0) fail('inUse', `Endpoint group '${group.name}' cannot be deleted: it is the parent of ${children} endpoint group(s)`);
      await tx.endpointGroups.delete(id);
      return { result: undefined, audit: { objectName: group.name, before: group }, event: { type: TYPE, op: 'delete', id } };
    });
  }
}
