// The network-access policy service: the whole policy (policy sets with
// their rules and exceptions, global exceptions, library / time / network
// conditions, authorization profiles, DACLs, allowed protocols, security
// groups, user dictionaries) is held in memory and stored row by row.
//
// Every change goes through one path: it is built against the latest
// committed policy (changes run one at a time), checked by the domain
// validators, written with its audit entry in one transaction, and only
// then installed and compiled, so `current()` — what the RADIUS path
// evaluates — always is the committed policy. A refused change writes
// nothing.
//
// Hit counts are counted in memory by the compiled policy as requests
// match sets and rules (per node, from start-up or the last reset) and
// shown on every read of a set or rule.
import { randomUUID } from 'node:crypto';
import type {
  AuthenticationRule, AuthorizationRule, CompiledPolicy, Dictionary, DictionaryAttribute, LibraryCondition, PolicyCatalog, PolicySet,
  PolicySetTree, Rule, RuleKind,
} from '../domain/policy/index.ts';
import {
  AUTH_RULE_DEFAULTS, FACTORY_IDENTITY_STORES, checkDeleteDictionary, checkDeleteDictionaryAttribute, checkDeletePolicySet,
  checkDeleteRule, compilePolicy, conditionLevels, dictionaryNotFound, dictionaryUses, ordered, policyCatalog, policySetNotFound,
  ruleNotFound, ruleRanks, usableBeforeAuthorization, validateAuthenticationRule, validateAuthorizationRule, validateDictionary,
  validateDictionaryAttribute, validatePolicySet, SET_RANKS,
} from '../domain/policy/index.ts';
import type { AuditRecord } from './audit.ts';
import type { Actor, Clock } from './context.ts';
import type { Change, PolicyHost } from './policy-collection.ts';
import { PolicyCollection, must } from './policy-collection.ts';
import type { PolicyData } from './policy-data.ts';
import { loadPolicy, writeChanges } from './policy-data.ts';
import { BUILTIN_DICTIONARIES } from './policy-dictionaries.ts';
import {
  ALLOWED_PROTOCOLS, CONDITIONS, DACLS, NETWORK_CONDITIONS, PROFILES, SECURITY_GROUPS, TIME_CONDITIONS,
} from './policy-elements.ts';
import { write, type WriteDeps } from './writes.ts';

export type { RuleKind } from '../domain/policy/index.ts';
export type RuleOf<K extends RuleKind> = K extends 'authentication' ? AuthenticationRule : AuthorizationRule;
export type PolicyLevel = 'policyset' | 'authentication' | 'authorization';

export const POLICY_EVENT = 'policy';

const AUDIT_TYPES: Readonly<Record<RuleKind, string>> = {
  authentication: 'authenticationrule',
  authorization: 'authorizationrule',
  localException: 'localexceptionrule',
  globalException: 'globalexceptionrule',
};

/** The rules of a new policy set: its Default authentication and authorization rules. */
function defaultRules(): Pick<PolicySetTree, 'authentication' | 'authorization' | 'exceptions'> {
  const rule = (): Rule => ({ id: randomUUID(), name: 'Default', rank: 0, state: 'enabled', default: true, condition: null, hitCounts: 0 });
  return {
    authentication: [{ rule: rule(), ...AUTH_RULE_DEFAULTS, identitySourceName: 'All_User_ID_Stores' }],
    authorization: [{ rule: rule(), profile: ['DenyAccess'] }],
    exceptions: [],
  };
}

type AnyRule = AuthenticationRule | AuthorizationRule;

export class PolicyService implements PolicyHost {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  #data!: PolicyData;
  #compiled!: CompiledPolicy;
  /** The change in progress: changes run one after another. */
  #tail: Promise<unknown> = Promise.resolve();
  /** Matches per policy-set or rule id. */
  readonly #hits = new Map<string, number>();
  readonly #countHit = (id: string): void => { this.#hits.set(id, (this.#hits.get(id) ?? 0) + 1); };

  readonly conditions: PolicyCollection<PolicyData['conditions'][number]>;
  readonly timeConditions: PolicyCollection<PolicyData['timeConditions'][number]>;
  readonly networkConditions: PolicyCollection<PolicyData['networkConditions'][number]>;
  readonly profiles: PolicyCollection<PolicyData['profiles'][number]>;
  readonly dacls: PolicyCollection<PolicyData['dacls'][number]>;
  readonly allowedProtocols: PolicyCollection<PolicyData['allowedProtocols'][number]>;
  readonly securityGroups: PolicyCollection<PolicyData['securityGroups'][number]>;

  constructor(deps: WriteDeps, clock: Clock) {
    this.#deps = deps;
    this.#clock = clock;
    this.conditions = new PolicyCollection(CONDITIONS, this);
    this.timeConditions = new PolicyCollection(TIME_CONDITIONS, this);
    this.networkConditions = new PolicyCollection(NETWORK_CONDITIONS, this);
    this.profiles = new PolicyCollection(PROFILES, this);
    this.dacls = new PolicyCollection(DACLS, this);
    this.allowedProtocols = new PolicyCollection(ALLOWED_PROTOCOLS, this);
    this.securityGroups = new PolicyCollection(SECURITY_GROUPS, this);
  }

  /** Loads the stored policy, seeding ISE 3.3's factory policy into an empty store. */
  async load(): Promise<void> {
    const data = await loadPolicy(this.#deps.store.policy, (fill) => this.#deps.store.transaction((tx) => fill(tx.policy)));
    this.#install(data);
  }

  #install(data: PolicyData): void {
    this.#compiled = compilePolicy(data, { onHit: this.#countHit });
    this.#data = data;
  }

  /** The committed policy, compiled: what Access-Requests are evaluated against. */
  current(): CompiledPolicy {
    return this.#compiled;
  }

  data(): PolicyData {
    return this.#data;
  }

  catalogOf(d: PolicyData): PolicyCatalog {
    return policyCatalog(d, { identitySourceNames: FACTORY_IDENTITY_STORES.map((s) => s.name) });
  }

  now(): Date {
    return this.#clock();
  }

  change<R>(actor: Actor, record: AuditRecord, build: (d: PolicyData) => Change<R>): Promise<R> {
    const run = async (): Promise<R> => {
      const before = this.#data;
      let next: PolicyData = before;
      const result = await write(this.#deps, actor, record, async (tx) => {
        const c = build(before);
        await writeChanges(tx.policy, before, c.data);
        next = c.data;
        // Announced below, once the new policy is installed.
        return { result: c.result, audit: c.audit ?? {}, event: null };
      });
      this.#install(next);
      const op = record.action === 'create' || record.action === 'delete' ? record.action : 'update';
      this.#deps.bus.publish({ type: POLICY_EVENT, op, id: record.objectId ?? '' });
      return result;
    };
    const p = this.#tail.then(run, run);
    this.#tail = p.catch(() => undefined);
    return p;
  }

  /** The matches counted since the last call, and zero again (a RADIUS worker thread hands them to the node). */
  takeHits(): [string, number][] {
    const out = [...this.#hits];
    this.#hits.clear();
    return out;
  }

  /** Adds matches counted elsewhere (a RADIUS worker thread). */
  addHits(hits: readonly [string, number][]): void {
    for (const [id, n] of hits) this.#hits.set(id, (this.#hits.get(id) ?? 0) + n);
  }

  /** How many requests matched the policy set or rule since start-up or the last reset. */
  hitCount(id: string): number {
    return this.#hits.get(id) ?? 0;
  }

  #setWithHits = (s: PolicySet): PolicySet => ({ ...s, hitCounts: this.hitCount(s.id) });
  #ruleWithHits = <T extends AnyRule>(r: T): T => ({ ...r, rule: { ...r.rule, hitCounts: this.hitCount(r.rule.id) } });

  // ---- policy sets ----

  /** Policy sets in evaluation order, with their hit counts. */
  policySets(): PolicySet[] {
    return ordered(this.#data.policySets.map((t) => t.set), SET_RANKS).map(this.#setWithHits);
  }

  /** The policy set with this id; 404 otherwise. */
  policySet(id: string): PolicySet {
    return this.#setWithHits(this.#tree(this.#data, id).set);
  }

  #tree(d: PolicyData, id: string): PolicySetTree {
    return d.policySets.find((t) => t.set.id === id) ?? must(policySetNotFound(id));
  }

  /** The trees with the sets of `sets` (new ranks) and `tree` added or replaced. */
  #withSets(d: PolicyData, sets: readonly PolicySet[], tree?: PolicySetTree): PolicyData {
    const byId = new Map(sets.map((s) => [s.id, s]));
    const trees = d.policySets.filter((t) => byId.has(t.set.id) && t.set.id !== tree?.set.id)
      .map((t) => (byId.get(t.set.id) === t.set ? t : { ...t, set: byId.get(t.set.id)! }));
    if (tree) trees.push({ ...tree, set: byId.get(tree.set.id) ?? tree.set });
    return { ...d, policySets: trees };
  }

  createPolicySet(body: unknown, actor: Actor): Promise<PolicySet> {
    const id = randomUUID();
    return this.change(actor, { action: 'create', objectType: 'policyset', objectId: id }, (d) => {
      const placed = must(validatePolicySet(body, { id, sets: d.policySets.map((t) => t.set), catalog: this.catalogOf(d) }));
      const tree: PolicySetTree = { set: placed.set, ...defaultRules() };
      return { data: this.#withSets(d, placed.sets, tree), result: placed.set, audit: { objectName: placed.set.name, after: placed.set } };
    });
  }

  async updatePolicySet(id: string, body: unknown, actor: Actor): Promise<PolicySet> {
    return this.#setWithHits(await this.change(actor, { action: 'update', objectType: 'policyset', objectId: id }, (d) => {
      const tree = this.#tree(d, id);
      const placed = must(validatePolicySet(body, { id, existing: tree.set, sets: d.policySets.map((t) => t.set), catalog: this.catalogOf(d) }));
      return {
        data: this.#withSets(d, placed.sets, { ...tree, set: placed.set }), result: placed.set,
        audit: { objectName: placed.set.name, before: tree.set, after: placed.set },
      };
    }));
  }

  /** Deletes a policy set with its rules. */
  deletePolicySet(id: string, actor: Actor): Promise<PolicySet> {
    return this.change(actor, { action: 'delete', objectType: 'policyset', objectId: id }, (d) => {
      const tree = this.#tree(d, id);
      const rest = must(checkDeletePolicySet(tree.set, d.policySets.map((t) => t.set)));
      return { data: this.#withSets(d, rest), result: tree.set, audit: { objectName: tree.set.name, before: tree } };
    });
  }

  /** Zeroes the hit counts of every policy set. */
  async resetPolicySetHitCounts(actor: Actor): Promise<void> {
    const ids = await this.change(actor, { action: 'update', objectType: 'policyset', objectName: 'hit counts' }, (d) => ({
      data: d, result: d.policySets.map((t) => t.set.id),
    }));
    for (const id of ids) this.#hits.delete(id);
  }

  // ---- rules, local and global exceptions ----

  #rules(d: PolicyData, kind: RuleKind, setId: string | undefined): readonly AnyRule[] {
    if (kind === 'globalException') return d.globalExceptions;
    const tree = this.#tree(d, setId ?? '');
    return kind === 'authentication' ? tree.authentication : kind === 'authorization' ? tree.authorization : tree.exceptions;
  }

  #withRules(d: PolicyData, kind: RuleKind, setId: string | undefined, rules: AnyRule[]): PolicyData {
    if (kind === 'globalException') return { ...d, globalExceptions: rules as AuthorizationRule[] };
    const field = kind === 'authentication' ? 'authentication' : kind === 'authorization' ? 'authorization' : 'exceptions';
    return { ...d, policySets: d.policySets.map((t) => (t.set.id === setId ? { ...t, [field]: rules } : t)) };
  }

  /** The rules of a list in evaluation order, with their hit counts; `setId` is ignored for global exceptions. */
  rules<K extends RuleKind>(kind: K, setId?: string): RuleOf<K>[] {
    return ordered(this.#rules(this.#data, kind, setId), ruleRanks<AnyRule>()).map(this.#ruleWithHits) as RuleOf<K>[];
  }

  /** One rule; 404 for an unknown set or rule. */
  rule<K extends RuleKind>(kind: K, setId: string | undefined, id: string): RuleOf<K> {
    const hit = this.#rules(this.#data, kind, setId).find((r) => r.rule.id === id);
    return this.#ruleWithHits(hit ?? must(ruleNotFound(kind, id))) as RuleOf<K>;
  }

  #placeRule(d: PolicyData, kind: RuleKind, setId: string | undefined, body: unknown, id: string, existing?: AnyRule): { rule: AnyRule; rules: AnyRule[] } {
    const rules = this.#rules(d, kind, setId);
    const catalog = this.catalogOf(d);
    if (kind === 'authentication') {
      return must(validateAuthenticationRule(body, { id, existing: existing as AuthenticationRule | undefined, rules: rules as AuthenticationRule[], catalog }));
    }
    return must(validateAuthorizationRule(body, { id, existing: existing as AuthorizationRule | undefined, rules: rules as AuthorizationRule[], catalog, kind }));
  }

  createRule<K extends RuleKind>(kind: K, setId: string | undefined, body: unknown, actor: Actor): Promise<RuleOf<K>> {
    const id = randomUUID();
    return this.change(actor, { action: 'create', objectType: AUDIT_TYPES[kind], objectId: id }, (d) => {
      const placed = this.#placeRule(d, kind, setId, body, id);
      return {
        data: this.#withRules(d, kind, setId, placed.rules), result: placed.rule as RuleOf<K>,
        audit: { objectName: placed.rule.rule.name, after: placed.rule },
      };
    });
  }

  async updateRule<K extends RuleKind>(kind: K, setId: string | undefined, id: string, body: unknown, actor: Actor): Promise<RuleOf<K>> {
    return this.#ruleWithHits(await this.change(actor, { action: 'update', objectType: AUDIT_TYPES[kind], objectId: id }, (d) => {
      const before = this.#rules(d, kind, setId).find((r) => r.rule.id === id) ?? must(ruleNotFound(kind, id));
      const placed = this.#placeRule(d, kind, setId, body, id, before);
      return {
        data: this.#withRules(d, kind, setId, placed.rules), result: placed.rule as RuleOf<K>,
        audit: { objectName: placed.rule.rule.name, before, after: placed.rule },
      };
    }));
  }

  deleteRule(kind: RuleKind, setId: string | undefined, id: string, actor: Actor): Promise<AnyRule> {
    return this.change(actor, { action: 'delete', objectType: AUDIT_TYPES[kind], objectId: id }, (d) => {
      const rules = this.#rules(d, kind, setId);
      const item = rules.find((r) => r.rule.id === id) ?? must(ruleNotFound(kind, id));
      const rest = must(checkDeleteRule<AnyRule>(kind, item, rules));
      return { data: this.#withRules(d, kind, setId, rest), result: item, audit: { objectName: item.rule.name, before: item } };
    });
  }

  /** Zeroes the hit counts of one rule list. */
  async resetRuleHitCounts(kind: RuleKind, setId: string | undefined, actor: Actor): Promise<void> {
    const ids = await this.change(actor, { action: 'update', objectType: AUDIT_TYPES[kind], objectName: 'hit counts' }, (d) => ({
      data: d, result: this.#rules(d, kind, setId).map((r) => r.rule.id),
    }));
    for (const id of ids) this.#hits.delete(id);
  }

  // ---- condition lookups ----

  /** Library conditions usable at a level (`/condition/policyset` …), by name. */
  conditionsFor(level: PolicyLevel): LibraryCondition[] {
    const byId = new Map(this.#data.conditions.map((c) => [c.id, c]));
    return this.conditions.list().filter((c) => conditionLevels(c, (id) => byId.get(id))[level]);
  }

  /** Name and description of a library or time condition, for references in output. */
  describeCondition(id: string): { name: string; description: string } | undefined {
    return this.#data.conditions.find((c) => c.id === id) ?? this.#data.timeConditions.find((c) => c.id === id);
  }

  // ---- dictionaries ----

  /** Built-in dictionaries, then user ones. */
  dictionaries(): Dictionary[] {
    return [...BUILTIN_DICTIONARIES, ...this.#data.dictionaries];
  }

  /** The dictionary with this name (case-insensitive); 404 otherwise. */
  dictionary(name: string): Dictionary {
    const lower = name.toLowerCase();
    return this.dictionaries().find((d) => d.name.toLowerCase() === lower) ?? must(dictionaryNotFound(name));
  }

  /** One attribute of a dictionary; 404 otherwise. */
  attribute(dictionaryName: string, attributeName: string): DictionaryAttribute {
    const d = this.dictionary(dictionaryName);
    const lower = attributeName.toLowerCase();
    return d.attributes.find((a) => a.name.toLowerCase() === lower) ?? must(dictionaryNotFound(d.name, attributeName));
  }

  /** Every attribute usable in conditions at a level. */
  attributesFor(level: PolicyLevel): DictionaryAttribute[] {
    const all = this.dictionaries().flatMap((d) => d.attributes);
    return level === 'authorization' ? all : all.filter((a) => usableBeforeAuthorization(a.dictionaryName, a.name));
  }

  #userDictionary(d: PolicyData, name: string): Dictionary {
    const lower = name.toLowerCase();
    const hit = [...BUILTIN_DICTIONARIES, ...d.dictionaries].find((x) => x.name.toLowerCase() === lower);
    return hit ?? must(dictionaryNotFound(name));
  }

  #withDictionary(d: PolicyData, dict: Dictionary): PolicyData {
    return { ...d, dictionaries: [...d.dictionaries.filter((x) => x.id !== dict.id), dict] };
  }

  createDictionary(body: unknown, actor: Actor): Promise<Dictionary> {
    const id = randomUUID();
    return this.change(actor, { action: 'create', objectType: 'dictionary', objectId: id }, (d) => {
      const dict = must(validateDictionary(body, { id, dictionaries: [...BUILTIN_DICTIONARIES, ...d.dictionaries] }));
      return { data: this.#withDictionary(d, dict), result: dict, audit: { objectName: dict.name, after: dict } };
    });
  }

  updateDictionary(name: string, body: unknown, actor: Actor): Promise<Dictionary> {
    return this.change(actor, { action: 'update', objectType: 'dictionary', objectName: name }, (d) => {
      const before = this.#userDictionary(d, name);
      const dict = must(validateDictionary(body, { id: before.id, existing: before, dictionaries: [...BUILTIN_DICTIONARIES, ...d.dictionaries] }));
      if (dict.name !== before.name) {
        const used = dictionaryUses(d, before.name);
        if (used.length > 0) must(checkDeleteDictionary(before, used));
      }
      return { data: this.#withDictionary(d, dict), result: dict, audit: { objectId: dict.id, before, after: dict } };
    });
  }

  deleteDictionary(name: string, actor: Actor): Promise<Dictionary> {
    return this.change(actor, { action: 'delete', objectType: 'dictionary', objectName: name }, (d) => {
      const dict = this.#userDictionary(d, name);
      must(checkDeleteDictionary(dict, dictionaryUses(d, dict.name)));
      return { data: { ...d, dictionaries: d.dictionaries.filter((x) => x.id !== dict.id) }, result: dict, audit: { objectId: dict.id, before: dict } };
    });
  }

  createAttribute(dictionaryName: string, body: unknown, actor: Actor): Promise<DictionaryAttribute> {
    const id = randomUUID();
    return this.change(actor, { action: 'create', objectType: 'dictionaryattribute', objectId: id }, (d) => {
      const dict = this.#userDictionary(d, dictionaryName);
      const attr = must(validateDictionaryAttribute(body, { id, dictionary: dict }));
      return {
        data: this.#withDictionary(d, { ...dict, attributes: [...dict.attributes, attr] }), result: attr,
        audit: { objectName: `${dict.name}:${attr.name}`, after: attr },
      };
    });
  }

  updateAttribute(dictionaryName: string, attributeName: string, body: unknown, actor: Actor): Promise<DictionaryAttribute> {
    return this.change(actor, { action: 'update', objectType: 'dictionaryattribute', objectName: `${dictionaryName}:${attributeName}` }, (d) => {
      const dict = this.#userDictionary(d, dictionaryName);
      const before = dict.attributes.find((a) => a.name.toLowerCase() === attributeName.toLowerCase()) ?? must(dictionaryNotFound(dict.name, attributeName));
      const attr = must(validateDictionaryAttribute(body, { id: before.id, dictionary: dict, existing: before }));
      if (attr.name !== before.name) must(checkDeleteDictionaryAttribute(dict, before, dictionaryUses(d, dict.name, before.name)));
      return {
        data: this.#withDictionary(d, { ...dict, attributes: dict.attributes.map((a) => (a.id === before.id ? attr : a)) }), result: attr,
        audit: { objectId: attr.id, before, after: attr },
      };
    });
  }

  deleteAttribute(dictionaryName: string, attributeName: string, actor: Actor): Promise<DictionaryAttribute> {
    return this.change(actor, { action: 'delete', objectType: 'dictionaryattribute', objectName: `${dictionaryName}:${attributeName}` }, (d) => {
      const dict = this.#userDictionary(d, dictionaryName);
      const attr = dict.attributes.find((a) => a.name.toLowerCase() === attributeName.toLowerCase()) ?? must(dictionaryNotFound(dict.name, attributeName));
      must(checkDeleteDictionaryAttribute(dict, attr, dictionaryUses(d, dict.name, attr.name)));
      return {
        data: this.#withDictionary(d, { ...dict, attributes: dict.attributes.filter((a) => a.id !== attr.id) }), result: attr,
        audit: { objectId: attr.id, before: attr },
      };
    });
  }

  // ---- lookup lists ----

  /** Identity stores, sequences and certificate profiles rules may name. */
  identityStores(): { id: string; name: string }[] {
    return FACTORY_IDENTITY_STORES.map((s) => ({ id: s.id, name: s.name }));
  }

  /** Allowed-protocols services policy sets may name (the device-admin service is not a network-access one). */
  serviceNames(): { id: string; name: string; serviceType: 'allowedProtocols' }[] {
    return this.allowedProtocols.list()
      .filter((a) => a.id !== DEFAULT_DEVICE_ADMIN_ID)
      .map((a) => ({ id: a.id, name: a.name, serviceType: 'allowedProtocols' as const }));
  }
}

const DEFAULT_DEVICE_ADMIN_ID = '926901b0-8c01-11e6-996c-525400b48521';
