// The policy evaluator (radius-policy.md §4 steps 3, 5 and 7).
//
// `compilePolicy` turns the stored policy into closures once; the RADIUS
// path then, per request:
//   1. `policy.selectPolicySet(req, now)` — first enabled set in rank order
//      whose condition matches, `Default` last;
//   2. `set.authenticationRule(req, now)` — the identity source and failure
//      options of the first matching authentication rule;
//   3. (authenticates, then adds what it learnt to the request)
//   4. `set.authorize(req, now)` — local exceptions, global exceptions, then
//      the set's rules; the first match gives the profiles and security group,
//      already planned into reply attributes (`buildReply`).
// Every matching policy set and rule, monitored ones included, is reported
// to `CompileOptions.onHit` (hit counts).
// Entries in state `monitor` are evaluated and reported in `monitored` when
// they match, but never decide. Disabled entries are skipped, the default
// ones included (nothing matching then means no set / no rule: reject).

import type { AllowedProtocols } from './allowed-protocols.ts';
import type { AuthorizationProfile } from './authorization-profile.ts';
import { canonicalProfileName } from './authorization-profile.ts';
import type { Test } from './compile-condition.ts';
import { ConditionCompiler, EvalContext } from './compile-condition.ts';
import type { LibraryCondition } from './condition.ts';
import type { DownloadableAcl } from './dacl.ts';
import type { AuthenticationRule, AuthorizationRule, PolicySet, PolicySetTree, PolicyState } from './policy-set.ts';
import { inEvaluationOrder } from './policy-set.ts';
import type { AuthorizationReply, ReplyContext, ReplyPlan } from './reply.ts';
import { buildReply, planReply } from './reply.ts';
import type { PolicyRequest } from './request.ts';
import type { SecurityGroup } from './security-group.ts';
import type { TimeAndDateCondition } from './time-condition.ts';

/** Everything the evaluator needs, as stored. */
export interface PolicyConfig {
  policySets: readonly PolicySetTree[];
  globalExceptions: readonly AuthorizationRule[];
  conditions: readonly LibraryCondition[];
  timeConditions?: readonly TimeAndDateCondition[];
  profiles: readonly AuthorizationProfile[];
  dacls: readonly DownloadableAcl[];
  allowedProtocols: readonly AllowedProtocols[];
  securityGroups: readonly SecurityGroup[];
}

export interface CompileOptions {
  /** IANA time zone in which time-and-date conditions are judged (default UTC). */
  timeZone?: string;
  /** Told the id of every policy set and rule that matches a request (hit counts), monitored ones included. */
  onHit?: (id: string) => void;
}

type HitCounter = ((id: string) => void) | undefined;

interface Entry<T> {
  /** The policy set's or rule's id. */
  id: string;
  item: T;
  test: Test;
  monitor: boolean;
  isDefault: boolean;
}

interface AuthzEntry extends Entry<AuthorizationRule> {
  plan: ReplyPlan;
  profiles: AuthorizationProfile[];
  unknownProfiles: string[];
  securityGroup: SecurityGroup | undefined;
}

export type AuthorizationSource = 'localException' | 'globalException' | 'rule' | 'none';

export interface AuthenticationMatch {
  rule: AuthenticationRule;
  isDefault: boolean;
  /** Matching rules in `monitor` state passed on the way. */
  monitored: readonly AuthenticationRule[];
}

export interface AuthorizationDecision {
  source: AuthorizationSource;
  /** The deciding rule; null when nothing matched. */
  rule: AuthorizationRule | null;
  isDefault: boolean;
  /** The rule's profiles that exist, in order. */
  profiles: readonly AuthorizationProfile[];
  /** Profile names of the rule that no longer exist (ignored). */
  unknownProfiles: readonly string[];
  securityGroup: SecurityGroup | undefined;
  access: 'ACCESS_ACCEPT' | 'ACCESS_REJECT';
  /** Matching exception and rule entries in `monitor` state passed on the way. */
  monitored: readonly AuthorizationRule[];
  plan: ReplyPlan;
}

export interface PolicySetSelection {
  set: CompiledPolicySet | null;
  monitored: readonly PolicySet[];
}

const NONE: readonly never[] = Object.freeze([]);

function entry<T>(id: string, item: T, test: Test, state: PolicyState, isDefault: boolean): Entry<T> | null {
  return state === 'disabled' ? null : { id, item, test, monitor: state === 'monitor', isDefault };
}

/** First deciding match of an ordered entry list; monitored matches collected on the way. */
function firstMatch<E extends Entry<unknown>>(
  entries: readonly E[],
  ctx: EvalContext,
  monitored: Array<E['item']> | null,
  onHit: HitCounter,
): { hit: E | null; monitored: Array<E['item']> | null } {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!e.test(ctx)) continue;
    onHit?.(e.id);
    if (e.monitor) (monitored ??= []).push(e.item);
    else return { hit: e, monitored };
  }
  return { hit: null, monitored };
}

/** What every compiled set shares with the policy. */
interface Shared {
  timeZone: string;
  globalExceptions: readonly AuthzEntry[];
  onHit: HitCounter;
}

const REJECT_PLAN: ReplyPlan = { access: 'ACCESS_REJECT', profileNames: [], daclNames: [], slots: [] };

/** One compiled policy set. */
export class CompiledPolicySet {
  readonly policySet: PolicySet;
  /** The set's allowed-protocols service; undefined for proxy sets or unknown names. */
  readonly allowedProtocols: AllowedProtocols | undefined;
  readonly #shared: Shared;
  readonly #authn: Entry<AuthenticationRule>[];
  readonly #exceptions: AuthzEntry[];
  readonly #authz: AuthzEntry[];

  constructor(
    set: PolicySet, allowedProtocols: AllowedProtocols | undefined, shared: Shared,
    authn: Entry<AuthenticationRule>[], exceptions: AuthzEntry[], authz: AuthzEntry[],
  ) {
    this.policySet = set;
    this.allowedProtocols = allowedProtocols;
    this.#shared = shared;
    this.#authn = authn;
    this.#exceptions = exceptions;
    this.#authz = authz;
  }

  get isDefault(): boolean {
    return this.policySet.default;
  }

  /** The authentication rule for the request; null when none applies (the Default rule disabled). */
  authenticationRule(req: PolicyRequest, now: Date): AuthenticationMatch | null {
    const ctx = new EvalContext(req, now, this.#shared.timeZone);
    const { hit, monitored } = firstMatch(this.#authn, ctx, null, this.#shared.onHit);
    if (hit === null) return null;
    return { rule: hit.item, isDefault: hit.isDefault, monitored: monitored ?? NONE };
  }

  /** The authorization decision: local exceptions, global exceptions, then the rules. */
  authorize(req: PolicyRequest, now: Date): AuthorizationDecision {
    const ctx = new EvalContext(req, now, this.#shared.timeZone);
    let monitored: AuthorizationRule[] | null = null;
    const lists: Array<[AuthorizationSource, readonly AuthzEntry[]]> = [
      ['localException', this.#exceptions], ['globalException', this.#shared.globalExceptions], ['rule', this.#authz],
    ];
    for (const [source, list] of lists) {
      const r: { hit: AuthzEntry | null; monitored: AuthorizationRule[] | null } = firstMatch(list, ctx, monitored, this.#shared.onHit);
      monitored = r.monitored;
      if (r.hit !== null) return decision(source, r.hit, monitored ?? NONE);
    }
    return {
      source: 'none', rule: null, isDefault: false, profiles: NONE, unknownProfiles: NONE, securityGroup: undefined,
      access: 'ACCESS_REJECT', monitored: monitored ?? NONE, plan: REJECT_PLAN,
    };
  }
}

function decision(source: AuthorizationSource, e: AuthzEntry, monitored: readonly AuthorizationRule[]): AuthorizationDecision {
  return {
    source, rule: e.item, isDefault: e.isDefault, profiles: e.profiles, unknownProfiles: e.unknownProfiles,
    securityGroup: e.securityGroup, access: e.plan.access, monitored, plan: e.plan,
  };
}

/** The whole compiled policy. */
export class CompiledPolicy {
  readonly timeZone: string;
  readonly #onHit: HitCounter;
  readonly #sets: Entry<CompiledPolicySet>[];
  readonly #profiles = new Map<string, AuthorizationProfile>();
  readonly #dacls = new Map<string, DownloadableAcl>();
  readonly #protocols = new Map<string, AllowedProtocols>();
  readonly #groups = new Map<string, SecurityGroup>();

  constructor(config: PolicyConfig, options: CompileOptions = {}) {
    this.timeZone = options.timeZone ?? 'UTC';
    this.#onHit = options.onHit;
    for (const p of config.profiles) this.#profiles.set(p.name, p);
    for (const d of config.dacls) this.#dacls.set(d.name, d);
    for (const a of config.allowedProtocols) this.#protocols.set(a.name, a);
    for (const g of config.securityGroups) this.#groups.set(g.name, g);
    const compiler = new ConditionCompiler(config.conditions, config.timeConditions ?? []);
    const shared: Shared = { timeZone: this.timeZone, globalExceptions: this.#authzEntries(compiler, config.globalExceptions), onHit: this.#onHit };
    const trees = inEvaluationOrder(config.policySets, (t) => t.set.rank, (t) => t.set.default);
    const sets: Entry<CompiledPolicySet>[] = [];
    for (const tree of trees) {
      const authn: Entry<AuthenticationRule>[] = [];
      for (const r of inEvaluationOrder(tree.authentication, (x) => x.rule.rank, (x) => x.rule.default)) {
        const e = entry(r.rule.id, r, compiler.compile(r.rule.default ? null : r.rule.condition), r.rule.state, r.rule.default);
        if (e) authn.push(e);
      }
      const protocols = tree.set.isProxy ? undefined : this.allowedProtocols(tree.set.serviceName);
      const set = new CompiledPolicySet(
        tree.set, protocols, shared, authn, this.#authzEntries(compiler, tree.exceptions), this.#authzEntries(compiler, tree.authorization),
      );
      const e = entry(tree.set.id, set, compiler.compile(tree.set.default ? null : tree.set.condition), tree.set.state, tree.set.default);
      if (e) sets.push(e);
    }
    this.#sets = sets;
  }

  #authzEntries(compiler: ConditionCompiler, rules: readonly AuthorizationRule[]): AuthzEntry[] {
    const out: AuthzEntry[] = [];
    for (const r of inEvaluationOrder(rules, (x) => x.rule.rank, (x) => x.rule.default)) {
      if (r.rule.state === 'disabled') continue;
      const profiles: AuthorizationProfile[] = [];
      const unknownProfiles: string[] = [];
      for (const name of r.profile) {
        const p = this.profile(name);
        if (p) profiles.push(p);
        else unknownProfiles.push(name);
      }
      const securityGroup = r.securityGroup ? this.#groups.get(r.securityGroup) : undefined;
      out.push({
        id: r.rule.id,
        item: r,
        test: compiler.compile(r.rule.default ? null : r.rule.condition),
        monitor: r.rule.state === 'monitor',
        isDefault: r.rule.default,
        profiles,
        unknownProfiles,
        securityGroup,
        plan: planReply(profiles, securityGroup, (n) => this.dacl(n)),
      });
    }
    return out;
  }

  /** The policy set for a request; `set` is null when none applies (Default disabled). */
  selectPolicySet(req: PolicyRequest, now: Date): PolicySetSelection {
    const ctx = new EvalContext(req, now, this.timeZone);
    const { hit, monitored } = firstMatch(this.#sets, ctx, null, this.#onHit);
    return { set: hit === null ? null : hit.item, monitored: monitored === null ? NONE : monitored.map((s) => s.policySet) };
  }

  /** Compiled sets in evaluation order (disabled ones left out). */
  get policySets(): readonly CompiledPolicySet[] {
    return this.#sets.map((e) => e.item);
  }

  profile(name: string): AuthorizationProfile | undefined {
    return this.#profiles.get(name) ?? this.#profiles.get(canonicalProfileName(name));
  }

  dacl(name: string): DownloadableAcl | undefined {
    return this.#dacls.get(name);
  }

  allowedProtocols(name: string): AllowedProtocols | undefined {
    return this.#protocols.get(name);
  }

  securityGroup(name: string): SecurityGroup | undefined {
    return this.#groups.get(name);
  }
}

export function compilePolicy(config: PolicyConfig, options?: CompileOptions): CompiledPolicy {
  return new CompiledPolicy(config, options);
}

/** The reply attributes of a decision for one request. */
export function decisionReply(d: AuthorizationDecision, ctx?: ReplyContext): AuthorizationReply {
  return buildReply(d.plan, ctx);
}
