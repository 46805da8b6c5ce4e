// Validation of rule bodies (policy-api.md §4): authentication rules,
// authorization rules, and local / global exceptions (authorization-rule
// shape, never default). Rule fields sit under `rule`; results beside it.
// Default rules: no create, rename, condition or delete; their results and
// state may change.

import type { PolicyCatalog } from './catalog.ts';
import type { AuthenticationRule, AuthorizationRule, FailAction, Rule } from './policy-set.ts';
import { AUTH_RULE_DEFAULTS, FAIL_ACTIONS, POLICY_STATES } from './policy-set.ts';
import type { Ranked } from './rank.ts';
import { maxRank, place, remove } from './rank.ts';
import { parseCondition } from './validate-condition.ts';
import type { Checked } from './validation.ts';
import { Fields, OBJECT_KINDS, apiMessage, checkPolicyName, checked, invalid, nameTaken } from './validation.ts';

export type RuleKind = 'authentication' | 'authorization' | 'localException' | 'globalException';

const KIND_NAMES: Readonly<Record<RuleKind, (typeof OBJECT_KINDS)[keyof typeof OBJECT_KINDS]>> = {
  authentication: OBJECT_KINDS.authenticationRule,
  authorization: OBJECT_KINDS.authorizationRule,
  localException: OBJECT_KINDS.localException,
  globalException: OBJECT_KINDS.globalException,
};

const sayFor = (kind: RuleKind) => (reason: string): string => apiMessage(KIND_NAMES[kind], reason);

/** Rank accessors for any rule shape (fields under `rule`). */
export function ruleRanks<T extends { rule: Rule }>(): Ranked<T> {
  return {
    rank: (x) => x.rule.rank,
    isDefault: (x) => x.rule.default,
    id: (x) => x.rule.id,
    withRank: (x, rank) => ({ ...x, rule: { ...x.rule, rank } }),
  };
}

export interface RuleOptions<T> {
  /** Id of the new rule (create) or of the rule being updated. */
  id: string;
  existing?: T;
  /** Every stored rule of the same list (the existing one included on update). */
  rules: readonly T[];
  catalog: PolicyCatalog;
}

export interface PlacedRule<T> {
  rule: T;
  /** The whole list in order with new ranks (persist those that changed). */
  rules: T[];
}

const DEFAULT_LOCKED = 'Default rule setting cannot be modified';

/** The `rule` part; `fixed` is the stored default rule whose identity may not change. */
function ruleCore<T extends { rule: Rule }>(f: Fields, kind: RuleKind, o: RuleOptions<T>): { core: Rule; rank: number | undefined } {
  const r = f.sub('rule') ?? f.missing('rule');
  const old = o.existing?.rule;
  const isDefault = old?.default ?? false;
  if (r.bool('default') === true && !isDefault) r.fail(DEFAULT_LOCKED);
  const name = r.reqStr('name');
  const state = r.oneOf('state', POLICY_STATES, true) ?? old?.state ?? 'enabled';
  const rank = r.int('rank', 0, Number.MAX_SAFE_INTEGER);
  const description = r.str('description');
  if (isDefault) {
    if (name !== old!.name || r.has('condition') || (rank !== undefined && rank !== old!.rank)) r.fail(DEFAULT_LOCKED);
    return { core: { ...old!, state }, rank: undefined };
  }
  const nameError = checkPolicyName(name);
  if (nameError) r.fail(nameError);
  if (nameTaken(name, o.rules.map((x) => x.rule), o.id)) r.fail(`Rule name '${name}' already exists`);
  const condition = parseCondition(r.obj.condition, o.catalog, sayFor(kind), 'rule.condition');
  if (condition === null) r.missing('condition');
  const max = maxRank(o.rules.filter((x) => x.rule.id !== o.id), ruleRanks<T>());
  if (rank !== undefined && rank > max) r.fail(`Invalid rank ${rank}: must be between 0 and ${max}`);
  const core: Rule = { id: o.id, name, rank: rank ?? old?.rank ?? max, state, default: false, condition, hitCounts: old?.hitCounts ?? 0 };
  if (description !== undefined && description !== '') core.description = description;
  return { core, rank };
}

function placed<T extends { rule: Rule }>(o: RuleOptions<T>, item: T, rank: number | undefined): PlacedRule<T> {
  const rules = place(o.rules, item, rank, ruleRanks<T>());
  return { rule: rules.find((x) => x.rule.id === item.rule.id)!, rules };
}

function failAction(f: Fields, key: string, fallback: FailAction): FailAction {
  return f.oneOf(key, FAIL_ACTIONS, true) ?? fallback;
}

/** An authentication rule from a POST or PUT body. */
export function validateAuthenticationRule(input: unknown, o: RuleOptions<AuthenticationRule>): Checked<PlacedRule<AuthenticationRule>> {
  return checked(() => {
    const f: Fields = new Fields(input, sayFor('authentication'));
    const { core, rank } = ruleCore(f, 'authentication', o);
    const old = o.existing;
    // `identitySourceId` (older SDKs) is accepted and ignored: the name is what ISE honours.
    const identitySourceName = f.str('identitySourceName') || old?.identitySourceName || AUTH_RULE_DEFAULTS.identitySourceName;
    if (!o.catalog.identitySourceNames.has(identitySourceName)) f.fail(`Identity source '${identitySourceName}' does not exist`);
    const rule: AuthenticationRule = {
      rule: core,
      identitySourceName,
      ifAuthFail: failAction(f, 'ifAuthFail', old?.ifAuthFail ?? AUTH_RULE_DEFAULTS.ifAuthFail),
      ifUserNotFound: failAction(f, 'ifUserNotFound', old?.ifUserNotFound ?? AUTH_RULE_DEFAULTS.ifUserNotFound),
      ifProcessFail: failAction(f, 'ifProcessFail', old?.ifProcessFail ?? AUTH_RULE_DEFAULTS.ifProcessFail),
    };
    return placed(o, rule, rank);
  });
}

/** An authorization rule, local exception or global exception from a POST or PUT body. */
export function validateAuthorizationRule(
  input: unknown,
  o: RuleOptions<AuthorizationRule> & { kind: Exclude<RuleKind, 'authentication'> },
): Checked<PlacedRule<AuthorizationRule>> {
  return checked(() => {
    const f: Fields = new Fields(input, sayFor(o.kind));
    if (o.kind !== 'authorization' && f.sub('rule')?.bool('default') === true) f.fail('Exception rules cannot be default rules');
    const { core, rank } = ruleCore(f, o.kind, o);
    const list = f.list('profile') ?? (o.existing ? o.existing.profile : []);
    const profile = list.map((p, i) => {
      if (typeof p !== 'string' || p === '') return f.fail(`profile[${i}] must be an authorization profile name`);
      if (!o.catalog.profileNames.has(p)) return f.fail(`Authorization profile '${p}' does not exist`);
      return p;
    });
    if (new Set(profile).size !== profile.length) f.fail('profile lists the same authorization profile twice');
    const rule: AuthorizationRule = { rule: core, profile };
    const sg = f.has('securityGroup') ? f.str('securityGroup') : o.existing?.securityGroup;
    if (sg !== undefined && sg !== '') {
      if (!o.catalog.securityGroupNames.has(sg)) f.fail(`Security group '${sg}' does not exist`);
      rule.securityGroup = sg;
    }
    return placed(o, rule, rank);
  });
}

/** Refuses deleting a default rule; otherwise the remaining rules renumbered. */
export function checkDeleteRule<T extends { rule: Rule }>(kind: RuleKind, item: T, rules: readonly T[]): Checked<T[]> {
  return checked(() => {
    if (item.rule.default) invalid(sayFor(kind)('Attempted to delete default rule'));
    return remove(rules, item.rule.id, ruleRanks<T>());
  });
}

/** Unknown rule id: 404. */
export function ruleNotFound(kind: RuleKind, id: string): Checked<never> {
  return checked(() => invalid(sayFor(kind)(`Rule with id '${id}' not found`), 'notFound', 404));
}
