// Validation of `/policy-set` bodies (policy-api.md §3): create and update,
// the Default set's protections, rank placement, and delete.

import type { PolicyCatalog } from './catalog.ts';
import type { PolicySet } from './policy-set.ts';
import { POLICY_STATES } from './policy-set.ts';
import type { Ranked } from './rank.ts';
import { maxRank, place, remove } from './rank.ts';
import { parseCondition } from './validate-condition.ts';
import type { Checked } from './validation.ts';
import { Fields, OBJECT_KINDS, apiMessage, checkPolicyName, checked, invalid, nameTaken } from './validation.ts';

const say = (reason: string): string => apiMessage(OBJECT_KINDS.policySet, reason);

export const SET_RANKS: Ranked<PolicySet> = {
  rank: (s) => s.rank,
  isDefault: (s) => s.default,
  id: (s) => s.id,
  withRank: (s, rank) => ({ ...s, rank }),
};

export interface PolicySetOptions {
  /** Id of the new set (create) or of the set being updated. */
  id: string;
  existing?: PolicySet;
  /** Every stored set (the existing one included on update). */
  sets: readonly PolicySet[];
  catalog: PolicyCatalog;
}

export interface PlacedSet {
  set: PolicySet;
  /** All sets in order with their new ranks (persist those that changed). */
  sets: PolicySet[];
}

const DEFAULT_LOCKED = 'Default policy set setting cannot be modified';

/** A policy set from a POST (no `existing`) or PUT body. */
export function validatePolicySet(input: unknown, o: PolicySetOptions): Checked<PlacedSet> {
  return checked(() => {
    const f: Fields = new Fields(input, say);
    const old = o.existing;
    const isDefault = old?.default ?? false;
    if (f.bool('default') === true && !isDefault) f.fail(DEFAULT_LOCKED);
    const name = f.reqStr('name');
    const serviceName = f.reqStr('serviceName');
    if (!o.catalog.serviceNames.has(serviceName)) f.fail(`Service name '${serviceName}' does not exist`);
    const state = f.oneOf('state', POLICY_STATES, true) ?? old?.state ?? 'enabled';
    const description = f.str('description') ?? (isDefault ? old!.description : '');
    const rank = f.int('rank', 0, Number.MAX_SAFE_INTEGER);
    let set: PolicySet;
    if (isDefault) {
      if (name !== old!.name || f.has('condition') || description !== old!.description || (rank !== undefined && rank !== old!.rank)) {
        f.fail(DEFAULT_LOCKED);
      }
      set = { ...old!, serviceName, state, isProxy: o.catalog.serverSequences.has(serviceName) };
    } else {
      const nameError = checkPolicyName(name);
      if (nameError) f.fail(nameError);
      if (nameTaken(name, o.sets, o.id)) f.fail(`Policy set name '${name}' already exists`);
      const condition = parseCondition(f.obj.condition, o.catalog, say);
      if (condition === null) f.missing('condition');
      const others = o.sets.filter((s) => s.id !== o.id);
      const max = maxRank(others, SET_RANKS);
      if (rank !== undefined && rank > max) f.fail(`Invalid rank ${rank}: must be between 0 and ${max}`);
      set = {
        id: o.id, name, description, rank: rank ?? old?.rank ?? max, state, default: false, condition, serviceName,
        isProxy: o.catalog.serverSequences.has(serviceName), hitCounts: old?.hitCounts ?? 0,
      };
      return placed(o, set, rank);
    }
    return placed(o, set, undefined);
  });
}

function placed(o: PolicySetOptions, set: PolicySet, rank: number | undefined): PlacedSet {
  const sets = place(o.sets, set, rank, SET_RANKS);
  return { set: sets.find((s) => s.id === set.id)!, sets };
}

/** Refuses deleting the Default set; otherwise the remaining sets renumbered. */
export function checkDeletePolicySet(set: PolicySet, sets: readonly PolicySet[]): Checked<PolicySet[]> {
  return checked(() => {
    if (set.default) invalid(say('Attempted to delete default policy set'));
    return remove(sets, set.id, SET_RANKS);
  });
}

/** Unknown policy-set id: 404. */
export function policySetNotFound(id: string): Checked<never> {
  return checked(() => invalid(say(`Policy set with id '${id}' not found`), 'notFound', 404));
}
