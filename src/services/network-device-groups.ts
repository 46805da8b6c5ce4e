// Network device groups: the built-in types and their hierarchies by name.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import { checkText } from '../domain/names.ts';
import { BUILTIN_NDGS, NDG_SEPARATOR, checkNdgName, ndgParent, ndgSegments, ndgType, type NetworkDeviceGroup } from '../domain/ndg.ts';
import type { StoreTables } from '../store/store.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { EntityReads } from './entity-reads.ts';
import { check, write, type WriteDeps } from './writes.ts';

export type NetworkDeviceGroupDraft = Partial<Pick<NetworkDeviceGroup, 'name' | 'description' | 'othername'>>;

const TYPE = 'networkdevicegroup';

export class NetworkDeviceGroupService extends EntityReads<NetworkDeviceGroup> {
  constructor(deps: WriteDeps, clock: Clock) {
    super(deps, clock, (t) => t.networkDeviceGroups);
  }

  /** Creates the built-in groups that are missing (first start, upgrades). */
  async seed(): Promise<void> {
    await this.seedMissing(BUILTIN_NDGS.map((g) => ({ ...g, system: true })));
  }

  async #validate(tx: StoreTables, g: NetworkDeviceGroup): Promise<void> {
    check(checkNdgName(g.name));
    check(checkText(g.description, 'description'));
    if (!g.othername) fail('schema', 'Validation Error - Mandatory fields missing: [othername]');
    const type = ndgType(g.name);
    if (g.othername !== type) fail('validation', `othername: '${g.othername}' does not match the type '${type}' of name '${g.name}'`);
    const parent = ndgParent(g.name);
    if (parent !== null) {
      if (!(await tx.networkDeviceGroups.getByName(parent))) fail('validation', `name: parent group '${parent}' does not exist`);
      return;
    }
    // A type has one top group (`Location#All Locations`).
    const tops = await tx.networkDeviceGroups.search({
      filters: [{ field: 'othername', op: 'EQ', value: type }], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 1000,
    });
    const other = tops.items.find((t) => t.id !== g.id && ndgSegments(t.name).length === 2);
    if (other) fail('validation', `name: the type '${type}' already has the top group '${other.name}'`);
  }

  async #inUse(tx: StoreTables, g: NetworkDeviceGroup): Promise<string | null> {
    const children = await tx.networkDeviceGroups.count([{ field: 'name', op: 'STARTSW', value: g.name + NDG_SEPARATOR }]);
    if (children > 0) return `it has ${children} child group(s)`;
    const devices = await tx.networkDevices.countInGroup(g.name);
    if (devices > 0) return `it is assigned to ${devices} network device(s)`;
    return null;
  }

  async create(draft: NetworkDeviceGroupDraft, actor: Actor): Promise<NetworkDeviceGroup> {
    const now = this.clock().toISOString();
    const group: NetworkDeviceGroup = {
      id: randomUUID(), name: draft.name ?? '', description: draft.description ?? '', othername: draft.othername ?? '',
      system: false, createdAt: now, updatedAt: now,
    };
    return write(this.deps, actor, { action: 'create', objectType: TYPE, objectName: group.name }, async (tx) => {
      await this.#validate(tx, group);
      await tx.networkDeviceGroups.insert(group);
      return { result: group, audit: { objectId: group.id, after: group }, event: { type: TYPE, op: 'create', id: group.id } };
    }, `Network Device Group Create failed: Group name '${group.name}' already exists`);
  }

  async update(id: string, draft: NetworkDeviceGroupDraft, actor: Actor): Promise<Updated<NetworkDeviceGroup>> {
    return write(this.deps, actor, { action: 'update', objectType: TYPE, objectId: id }, async (tx) => {
      const before = (await tx.networkDeviceGroups.get(id)) ?? fail('notFound', `Network device group with id '${id}' not found`);
      const after: NetworkDeviceGroup = {
        ...before,
        name: draft.name ?? before.name,
        description: draft.description ?? before.description,
        othername: draft.othername ?? (draft.name !== undefined ? ndgType(draft.name) : before.othername),
        updatedAt: this.clock().toISOString(),
      };
      if (after.name !== before.name) {
        if (before.system) fail('validation', `Network device group '${before.name}' is a system group and cannot be renamed`);
        // Children and devices name the group by its full path.
        const use = await this.#inUse(tx, before);
        if (use) fail('inUse', `Network device group '${before.name}' cannot be renamed: ${use}`);
      }
      await this.#validate(tx, after);
      await tx.networkDeviceGroups.update(after);
      return {
        result: { before, after, secretsChanged: [] },
        audit: { objectName: after.name, before, after },
        event: { type: TYPE, op: 'update', id },
      };
    }, `Network Device Group Update failed: Group name '${draft.name}' already exists`);
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await write(this.deps, actor, { action: 'delete', objectType: TYPE, objectId: id }, async (tx) => {
      const group = (await tx.networkDeviceGroups.get(id)) ?? fail('notFound', `Network device group with id '${id}' not found`);
      if (group.system) fail('inUse', `Network device group '${group.name}' is a system group and cannot be deleted`);
      const use = await this.#inUse(tx, group);
      if (use) fail('inUse', `Network device group '${group.name}' cannot be deleted: ${use}`);
      await tx.networkDeviceGroups.delete(id);
      return { result: undefined, audit: { objectName: group.name, before: group }, event: { type: TYPE, op: 'delete', id } };
    });
  }
}
