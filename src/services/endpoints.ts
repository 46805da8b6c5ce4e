// Endpoints: validation (MAC, group and custom-attribute references) and
// storage; the MAC is the endpoint's name.
import { fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import { checkMac, checkProfileId, type Endpoint } from '../domain/endpoint.ts';
import { UNKNOWN_ENDPOINT_GROUP_ID } from '../domain/endpoint-group.ts';
import { parseMac } from '../domain/mac.ts';
import { checkText } from '../domain/names.ts';
import { overlay } from '../domain/overlay.ts';
import { checkCustomAttributes, type CustomAttributeDef } from '../domain/custom-attributes.ts';
import type { StoreTables } from '../store/store.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { check, write, type WriteDeps } from './writes.ts';
import { timeOrderedId } from './ids.ts';

export type EndpointDraft = Partial<Pick<Endpoint, 'description' | 'mac' | 'groupId' | 'staticGroupAssignment' | 'profileId' |
  'staticProfileAssignment' | 'portalUser' | 'identityStore' | 'identityStoreId' | 'customAttributes' | 'mdmAttributes'>>;

export interface EndpointOptions {
  customAttributes?: readonly CustomAttributeDef[];
}

const TYPE = 'endpoint';
/** ISE's answer to an endpoint update naming a group that does not exist (conventions §10.3). */
export const UPDATE_CRUD_ERROR = 'UPDATE: DB internal error during CRUD operation';

export class EndpointService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  readonly #attributes: readonly CustomAttributeDef[];

  constructor(deps: WriteDeps, clock: Clock, options: EndpointOptions = {}) {
    this.#deps = deps;
    this.#clock = clock;
    this.#attributes = options.customAttributes ?? [];
  }

  get(id: string): Promise<Endpoint | undefined> {
    return this.#deps.store.endpoints.get(id);
  }

  /** By name, i.e. by MAC in any accepted notation. */
  getByName(name: string): Promise<Endpoint | undefined> {
    return this.#deps.store.endpoints.getByName(parseMac(name) ?? name);
  }

  search(q: SearchQuery): Promise<SearchResult<Endpoint>> {
    return this.#deps.store.endpoints.search(q);
  }

  #build(draft: EndpointDraft, now: string): Endpoint {
    return {
      id: timeOrderedId(Date.parse(now)), name: '', description: '', mac: '', groupId: UNKNOWN_ENDPOINT_GROUP_ID, staticGroupAssignment: false,
      profileId: '', staticProfileAssignment: false, portalUser: '', identityStore: '', identityStoreId: '', customAttributes: {},
      createdAt: now, updatedAt: now,
      ...draft,
    };
  }

  /** Checks and normalises `e` in place. `knownGroups` remembers group ids already found (batches). */
  async #validate(tx: StoreTables, e: Endpoint, creating: boolean, knownGroups?: Set<string>): Promise<void> {
    if (creating && !e.mac) fail('schema', 'Validation Error - Mandatory fields missing: [mac]');
    const mac = checkMac(e.mac);
    if ('error' in mac) fail('validation', mac.error);
    else e.mac = e.name = mac.mac;
    check(checkText(e.description, 'description'));
    for (const [label, v] of [['portalUser', e.portalUser], ['identityStore', e.identityStore], ['identityStoreId', e.identityStoreId]] as const) {
      check(checkText(v, label, 255));
    }
    check(checkProfileId(e.profileId));
    if (!e.groupId) e.groupId = UNKNOWN_ENDPOINT_GROUP_ID;
    if (!knownGroups?.has(e.groupId)) {
      if (!(await tx.endpointGroups.get(e.groupId))) {
        if (creating) fail('validation', `groupId: endpoint identity group id '${e.groupId}' does not exist`);
        fail('crud', UPDATE_CRUD_ERROR);
      }
      knownGroups?.add(e.groupId);
    }
    const attrs = checkCustomAttributes(e.customAttributes, this.#attributes, 'endpoint');
    if ('error' in attrs) fail('validation', attrs.error);
    else e.customAttributes = attrs.ok;
  }

  async create(draft: EndpointDraft, actor: Actor): Promise<Endpoint> {
    const e = this.#build(draft, this.#clock().toISOString());
    const mac = parseMac(e.mac) ?? e.mac;
    return write(this.#deps, actor, { action: 'create', objectType: TYPE, objectName: mac }, async (tx) => {
      await this.#validate(tx, e, true);
      await tx.endpoints.insert(e);
      return { result: e, audit: { objectId: e.id, after: e }, event: { type: TYPE, op: 'create', id: e.id } };
    }, `Endpoint Create failed: an endpoint with MAC address '${mac}' already exists`);
  }

  /**
   * Creates many endpoints in one transaction with one audit entry (imports,
   * seeding). All or nothing: the first invalid or duplicate MAC refuses the batch.
   */
  async createMany(drafts: readonly EndpointDraft[], actor: Actor): Promise<Endpoint[]> {
    const now = this.#clock().toISOString();
    const record = { action: 'create', objectType: TYPE, objectName: `${drafts.length} endpoints` };
    return write(this.#deps, actor, record, async (tx) => {
      const groups = new Set<string>();
      const created: Endpoint[] = [];
      for (const draft of drafts) {
        const e = this.#build(draft, now);
        await this.#validate(tx, e, true, groups);
        await tx.endpoints.insert(e);
        created.push(e);
      }
      const span = created.length ? { first: created[0].mac, last: created[created.length - 1].mac } : {};
      return { result: created, audit: { after: { count: created.length, ...span } } };
    }, 'Endpoint Create failed: a MAC address of the batch already exists');
  }

  /** Overlays the given fields on the stored endpoint (ISE's PUT and PATCH). */
  async update(id: string, draft: EndpointDraft, actor: Actor): Promise<Updated<Endpoint>> {
    return write(this.#deps, actor, { action: 'update', objectType: TYPE, objectId: id }, async (tx) => {
      const before = (await tx.endpoints.get(id)) ?? fail('notFound', `Canot find endpoint with ID '${id}'`);
      const after: Endpoint = overlay(before, { ...draft, updatedAt: this.#clock().toISOString() }, new Set(['customAttributes']));
      await this.#validate(tx, after, false);
      await tx.endpoints.update(after);
      return {
        result: { before, after, secretsChanged: [] },
        audit: { objectName: after.name, before, after },
        event: { type: TYPE, op: 'update', id },
      };
    }, `Endpoint Update failed: an endpoint with MAC address '${parseMac(draft.mac ?? '') ?? draft.mac}' already exists`);
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await write(this.#deps, actor, { action: 'delete', objectType: TYPE, objectId: id }, async (tx) => {
      const e = (await tx.endpoints.get(id)) ?? fail('notFound', `Canot find endpoint with ID '${id}'`);
      await tx.endpoints.delete(id);
      return { result: undefined, audit: { objectName: e.name, before: e }, event: { type: TYPE, op: 'delete', id } };
    });
  }
}
