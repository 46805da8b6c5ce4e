// Adaptive Network Control: policy CRUD, and applying / clearing a policy on
// an endpoint. Assignments are stored per MAC and kept in memory, where the
// RADIUS path reads them (`Session:ANCPolicy`); applying or clearing sends
// the CoA the policy calls for to every active session of the MAC, after the
// assignment is committed, so the re-authentication already sees it.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import { ANC_POLICY_NAME_MAX, checkAncActions, coaActionForPolicy, type AncEndpoint, type AncPolicy } from '../domain/anc.ts';
import type { CoaAction, CoaResult } from '../domain/coa.ts';
import { parseMac } from '../domain/mac.ts';
import { checkName, checkText } from '../domain/names.ts';
import { ACTIVE_STATES } from '../domain/session.ts';
import type { Actor, Clock, Updated } from './context.ts';
import type { CoaService } from './coa.ts';
import type { SessionService } from './sessions.ts';
import type { StoreTables } from '../store/store.ts';
import { check, write, type WriteDeps } from './writes.ts';

export type AncPolicyDraft = Partial<Pick<AncPolicy, 'name' | 'description' | 'actions'>>;

/** The endpoint to act on: a MAC in any accepted notation, or an IP with an active session. */
export interface AncTarget {
  mac?: string;
  ip?: string;
}

export interface AncOutcome {
  mac: string;
  policyName: string;
  /** One result per active session of the MAC (none when it has no session). */
  coa: CoaResult[];
}

const POLICY = 'ancpolicy';
const ENDPOINT = 'ancendpoint';
const TRIGGER = 'ANC';

export class AncService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  readonly #sessions: SessionService;
  readonly #coa: CoaService;
  /** Policies by lower-case name. */
  #policies = new Map<string, AncPolicy>();
  /** Policy name by MAC (AA:BB:CC:DD:EE:FF). */
  #assigned = new Map<string, string>();

  constructor(deps: WriteDeps, clock: Clock, sessions: SessionService, coa: CoaService) {
    this.#deps = deps;
    this.#clock = clock;
    this.#sessions = sessions;
    this.#coa = coa;
  }

  /** Loads policies and assignments into memory (start-up, and a replica following changes). */
  async load(): Promise<void> {
    const policies = new Map<string, AncPolicy>();
    const assigned = new Map<string, string>();
    for (const p of await this.#deps.store.ancPolicies.all()) policies.set(p.name.toLowerCase(), p);
    for (const e of await this.#deps.store.ancEndpoints.all()) assigned.set(e.macAddress, e.policyName);
    this.#policies = policies;
    this.#assigned = assigned;
  }

  /** The policy assigned to a MAC, from memory: what authorization sees as `Session:ANCPolicy`. */
  policyFor(mac: string): string | undefined {
    const hit = this.#assigned.get(mac);
    if (hit !== undefined) return hit;
    const canonical = parseMac(mac);
    return canonical !== null && canonical !== mac ? this.#assigned.get(canonical) : undefined;
  }

  /** The policy named (case-insensitively), from memory. */
  policy(name: string): AncPolicy | undefined {
    return this.#policies.get(name.toLowerCase());
  }

  getPolicy(id: string): Promise<AncPolicy | undefined> {
    return this.#deps.store.ancPolicies.get(id);
  }

  getPolicyByName(name: string): Promise<AncPolicy | undefined> {
    return this.#deps.store.ancPolicies.getByName(name);
  }

  searchPolicies(q: SearchQuery): Promise<SearchResult<AncPolicy>> {
    return this.#deps.store.ancPolicies.search(q);
  }

  getEndpoint(id: string): Promise<AncEndpoint | undefined> {
    return this.#deps.store.ancEndpoints.get(id);
  }

  searchEndpoints(q: SearchQuery): Promise<SearchResult<AncEndpoint>> {
    return this.#deps.store.ancEndpoints.search(q);
  }

  #validate(p: AncPolicy): void {
    check(checkName(p.name, 'name', ANC_POLICY_NAME_MAX));
    check(checkText(p.description, 'description'));
    const actions = checkAncActions(p.actions);
    if (!actions.ok) fail('validation', actions.error);
    else p.actions = actions.actions;
  }

  async createPolicy(draft: AncPolicyDraft, actor: Actor): Promise<AncPolicy> {
    const now = this.#clock().toISOString();
    const name = draft.name ?? '';
    const policy: AncPolicy = { id: name, name, description: draft.description ?? '', actions: [...(draft.actions ?? [])], createdAt: now, updatedAt: now };
    const created = await write(this.#deps, actor, { action: 'create', objectType: POLICY, objectId: name, objectName: name }, async (tx) => {
      if (draft.actions === undefined) fail('schema', 'Validation Error - Mandatory fields missing: [actions]');
      this.#validate(policy);
      await tx.ancPolicies.insert(policy);
      return { result: policy, audit: { after: policy }, event: { type: POLICY, op: 'create', id: policy.id } };
    }, `ANC policy '${name}' already exists`);
    this.#policies.set(created.name.toLowerCase(), created);
    return created;
  }

  async #findPolicy(ref: { id?: string; name?: string }, tx: StoreTables): Promise<AncPolicy> {
    const p = ref.id !== undefined ? await tx.ancPolicies.get(ref.id) : await tx.ancPolicies.getByName(ref.name ?? '');
    return p ?? fail('notFound', `ANC policy '${ref.id ?? ref.name}' not found`);
  }

  async updatePolicy(ref: { id?: string; name?: string }, draft: AncPolicyDraft, actor: Actor): Promise<Updated<AncPolicy>> {
    const key = ref.id ?? ref.name ?? '';
    const updated = await write(this.#deps, actor, { action: 'update', objectType: POLICY, objectId: key, objectName: key }, async (tx) => {
      const before = await this.#findPolicy(ref, tx);
      if (draft.name !== undefined && draft.name !== before.name) {
        fail('validation', `ANC policy name cannot be changed: the name '${before.name}' is the policy's id`);
      }
      const after: AncPolicy = {
        ...before,
        description: draft.description ?? before.description,
        actions: draft.actions ? [...draft.actions] : before.actions,
        updatedAt: this.#clock().toISOString(),
      };
      this.#validate(after);
      await tx.ancPolicies.update(after);
      return { result: { before, after, secretsChanged: [] }, audit: { before, after }, event: { type: POLICY, op: 'update', id: after.id } };
    });
    this.#policies.set(updated.after.name.toLowerCase(), updated.after);
    return updated;
  }

  async deletePolicy(ref: { id?: string; name?: string }, actor: Actor): Promise<void> {
    const key = ref.id ?? ref.name ?? '';
    const deleted = await write(this.#deps, actor, { action: 'delete', objectType: POLICY, objectId: key, objectName: key }, async (tx) => {
      const p = await this.#findPolicy(ref, tx);
      const inUse = await tx.ancEndpoints.count([{ field: 'policyName', op: 'EQ', value: p.name }]);
      if (inUse > 0) fail('inUse', `ANC policy '${p.name}' is applied to ${inUse} endpoint(s); clear them first`);
      await tx.ancPolicies.delete(p.id);
      return { result: p, audit: { before: p }, event: { type: POLICY, op: 'delete', id: p.id } };
    });
    this.#policies.delete(deleted.name.toLowerCase());
  }

  /** The MAC a target names; an IP is resolved through its active session. */
  #resolve(target: AncTarget): string {
    if (target.mac !== undefined && target.mac !== '') {
      return parseMac(target.mac.trim()) ?? fail('validation', `macAddress: '${target.mac}' is not a valid MAC address`);
    }
    if (target.ip !== undefined && target.ip !== '') {
      const ip = target.ip.trim();
      if (!isIP(ip)) fail('validation', `ipAddress: '${target.ip}' is not a valid IP address`);
      const session = this.#sessions.find('ip', ip).find((s) => ACTIVE_STATES.has(s.state) && parseMac(s.callingStationId) !== null);
      if (!session) fail('validation', `ipAddress: no active session has IP address ${ip}`);
      return session!.callingStationId;
    }
    return fail('schema', 'Validation Error - Mandatory fields missing: [macAddress or ipAddress]');
  }

  /** Sends one action to every active session of the MAC. */
  async #coaAll(mac: string, action: CoaAction, actor: Actor): Promise<CoaResult[]> {
    const sessions = this.#coa.activeSessionsOf(mac);
    return Promise.all(sessions.map((s) => this.#coa.send(s, action, { actor, trigger: TRIGGER })));
  }

  /** Assigns the policy to the endpoint (replacing any other), then re-authorizes its sessions. */
  async apply(target: AncTarget, policyName: string, actor: Actor): Promise<AncOutcome> {
    const mac = this.#resolve(target);
    if (!policyName) fail('schema', 'Validation Error - Mandatory fields missing: [policyName]');
    const endpoint = await write(this.#deps, actor, { action: 'apply', objectType: ENDPOINT, objectName: mac }, async (tx) => {
      const policy = (await tx.ancPolicies.getByName(policyName)) ?? fail('validation', `policyName: ANC policy '${policyName}' does not exist`);
      const now = this.#clock().toISOString();
      const before = await tx.ancEndpoints.getByName(mac);
      const after: AncEndpoint = before
        ? { ...before, policyName: policy.name, updatedAt: now }
        : { id: randomUUID(), name: mac, description: '', macAddress: mac, policyName: policy.name, createdAt: now, updatedAt: now };
      if (before) await tx.ancEndpoints.update(after);
      else await tx.ancEndpoints.insert(after);
      return {
        result: after,
        audit: { objectId: after.id, before, after },
        event: { type: ENDPOINT, op: before ? 'update' : 'create', id: after.id },
      };
    });
    this.#assigned.set(mac, endpoint.policyName);
    const policy = this.policy(endpoint.policyName);
    const coa = await this.#coaAll(mac, coaActionForPolicy(policy?.actions ?? []), actor);
    return { mac, policyName: endpoint.policyName, coa };
  }

  /** Removes the endpoint's assignment, then re-authenticates its sessions under the normal policy. */
  async clear(target: AncTarget, actor: Actor): Promise<AncOutcome> {
    const mac = this.#resolve(target);
    const removed = await write(this.#deps, actor, { action: 'clear', objectType: ENDPOINT, objectName: mac }, async (tx) => {
      const before = (await tx.ancEndpoints.getByName(mac)) ?? fail('validation', `macAddress: no ANC policy is applied to endpoint ${mac}`);
      await tx.ancEndpoints.delete(before.id);
      return { result: before, audit: { objectId: before.id, before }, event: { type: ENDPOINT, op: 'delete', id: before.id } };
    });
    this.#assigned.delete(mac);
    const coa = await this.#coaAll(mac, 'reauth', actor);
    return { mac, policyName: removed.policyName, coa };
  }
}
