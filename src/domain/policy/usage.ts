// Who refers to what, for the delete checks: conditions referenced by sets,
// rules and other conditions; profiles named by rules; DACLs named by
// profiles; allowed-protocols services used by policy sets.

import { canonicalProfileName } from './authorization-profile.ts';
import type { Condition, LibraryCondition } from './condition.ts';
import { referencedIds } from './condition.ts';
import type { PolicyConfig } from './evaluator.ts';
import { AUTHORIZATION_ONLY_DICTIONARIES as AUTHORIZATION_ONLY } from './dictionary.ts';
import type { ConditionUse } from './validate-condition.ts';

const refersTo = (c: Condition | null, id: string): boolean => referencedIds(c).includes(id);

export function conditionUses(config: PolicyConfig, id: string): ConditionUse[] {
  const out: ConditionUse[] = [];
  for (const c of config.conditions) if (c.id !== id && referencedIds(c).includes(id)) out.push({ kind: 'condition', name: c.name });
  for (const t of config.policySets) {
    if (refersTo(t.set.condition, id)) out.push({ kind: 'policy set', name: t.set.name });
    for (const r of t.authentication) if (refersTo(r.rule.condition, id)) out.push({ kind: 'authentication rule', name: r.rule.name });
    for (const r of t.authorization) if (refersTo(r.rule.condition, id)) out.push({ kind: 'authorization rule', name: r.rule.name });
    for (const r of t.exceptions) if (refersTo(r.rule.condition, id)) out.push({ kind: 'exception rule', name: r.rule.name });
  }
  for (const r of config.globalExceptions) if (refersTo(r.rule.condition, id)) out.push({ kind: 'exception rule', name: r.rule.name });
  return out;
}

/** Names of the rules (any set, exceptions included) that name the profile, by its name or an alias. */
export function profileUses(config: PolicyConfig, name: string): string[] {
  const target = canonicalProfileName(name);
  const rules = [...config.globalExceptions, ...config.policySets.flatMap((t) => [...t.exceptions, ...t.authorization])];
  return rules.filter((r) => r.profile.some((p) => canonicalProfileName(p) === target)).map((r) => r.rule.name);
}

/** Names of the profiles that name the DACL. */
export function daclUses(config: PolicyConfig, name: string): string[] {
  return config.profiles.filter((p) => p.daclName === name || p.ipv6DaclName === name).map((p) => p.name);
}

/** Names of the policy sets that use the allowed-protocols service. */
export function serviceUses(config: PolicyConfig, name: string): string[] {
  return config.policySets.filter((t) => t.set.serviceName === name).map((t) => t.set.name);
}


function authorizationOnly(node: Condition | LibraryCondition, lookup: (id: string) => LibraryCondition | undefined, seen: Set<string>): boolean {
  if (node.conditionType === 'ConditionReference') {
    if (seen.has(node.id)) return false;
    seen.add(node.id);
    const target = lookup(node.id);
    return target !== undefined && authorizationOnly(target, lookup, seen);
  }
  if ('children' in node) return node.children.some((c) => authorizationOnly(c, lookup, seen));
  const dict = node.dictionaryName.toLowerCase();
  if (AUTHORIZATION_ONLY.has(dict)) return true;
  if (dict === 'network access' && node.attributeName.toLowerCase() === 'authenticationstatus') return true;
  return node.dictionaryValue !== undefined && AUTHORIZATION_ONLY.has(node.dictionaryValue.toLowerCase());
}

/**
 * Where a library condition may be used (`/condition/policyset`,
 * `/authentication`, `/authorization`): conditions on Session, EndPoints,
 * IdentityGroup, CERTIFICATE, InternalUser or the authentication status
 * only in authorization rules.
 */
export function conditionLevels(c: LibraryCondition, lookup: (id: string) => LibraryCondition | undefined): { policyset: boolean; authentication: boolean; authorization: boolean } {
  const early = !authorizationOnly(c, lookup, new Set());
  return { policyset: early, authentication: early, authorization: true };
}

function testsOf(node: Condition | LibraryCondition | null, out: Array<{ dictionaryName: string; attributeName: string; dictionaryValue?: string; attributeValue: string }>): void {
  if (node === null || node.conditionType === 'ConditionReference') return;
  if ('children' in node) for (const c of node.children) testsOf(c, out);
  else out.push(node);
}

/**
 * Names of the conditions, sets and rules whose tests read the dictionary
 * (any attribute, or `attribute` only), on either side of the test.
 */
export function dictionaryUses(config: PolicyConfig, dictionary: string, attribute?: string): string[] {
  const dict = dictionary.toLowerCase();
  const attr = attribute?.toLowerCase();
  const reads = (node: Condition | LibraryCondition | null): boolean => {
    const tests: Array<{ dictionaryName: string; attributeName: string; dictionaryValue?: string; attributeValue: string }> = [];
    testsOf(node, tests);
    return tests.some((t) =>
      (t.dictionaryName.toLowerCase() === dict && (attr === undefined || t.attributeName.toLowerCase() === attr)) ||
      (t.dictionaryValue?.toLowerCase() === dict && (attr === undefined || t.attributeValue.toLowerCase() === attr)));
  };
  const out: string[] = [];
  for (const c of config.conditions) if (reads(c)) out.push(`condition '${c.name}'`);
  for (const t of config.policySets) {
    if (reads(t.set.condition)) out.push(`policy set '${t.set.name}'`);
    for (const r of [...t.authentication, ...t.authorization, ...t.exceptions]) if (reads(r.rule.condition)) out.push(`rule '${r.rule.name}'`);
  }
  for (const r of config.globalExceptions) if (reads(r.rule.condition)) out.push(`rule '${r.rule.name}'`);
  return out;
}

/** Names of the rules (any set, exceptions included) that assign the security group. */
export function securityGroupUses(config: PolicyConfig, name: string): string[] {
  const rules = [...config.globalExceptions, ...config.policySets.flatMap((t) => [...t.exceptions, ...t.authorization])];
  return rules.filter((r) => r.securityGroup === name).map((r) => r.rule.name);
}
