// Policy sets and their rules, shaped as the network-access OpenAPI carries
// them (policy-api.md §3–4): rule fields nested under `rule`, results beside
// it, names (never ids) for services, identity sources, profiles and
// security groups.

import type { Condition } from './condition.ts';

export const POLICY_STATES = ['enabled', 'disabled', 'monitor'] as const;
/** `monitor`: evaluated and reported, never decides. */
export type PolicyState = (typeof POLICY_STATES)[number];

export const FAIL_ACTIONS = ['REJECT', 'DROP', 'CONTINUE'] as const;
export type FailAction = (typeof FAIL_ACTIONS)[number];

export interface PolicySet {
  id: string;
  name: string;
  description: string;
  /** 0-based evaluation order; the default set is last. */
  rank: number;
  state: PolicyState;
  /** True only on `Default`. */
  default: boolean;
  /** `null` on `Default`. */
  condition: Condition | null;
  /** Allowed-protocols service or RADIUS server sequence name. */
  serviceName: string;
  isProxy: boolean;
  hitCounts?: number;
}

/** The fields every rule kind nests under `rule`. */
export interface Rule {
  id: string;
  name: string;
  description?: string;
  rank: number;
  state: PolicyState;
  default: boolean;
  condition: Condition | null;
  hitCounts?: number;
}

export interface AuthenticationRule {
  rule: Rule;
  /** Identity store, identity source sequence or `DenyAccess`. */
  identitySourceName: string;
  ifAuthFail: FailAction;
  ifUserNotFound: FailAction;
  ifProcessFail: FailAction;
}

/** Authorization rules, local exceptions and global exceptions share this shape. */
export interface AuthorizationRule {
  rule: Rule;
  /** Authorization profile names, in order (several are merged). */
  profile: string[];
  /** Security group (SGT) name. */
  securityGroup?: string;
}

/** One policy set with its rule lists, as the evaluator takes it. */
export interface PolicySetTree {
  set: PolicySet;
  authentication: AuthenticationRule[];
  authorization: AuthorizationRule[];
  /** Local exceptions. */
  exceptions: AuthorizationRule[];
}

export const AUTH_RULE_DEFAULTS = {
  identitySourceName: 'Internal Users',
  ifAuthFail: 'REJECT',
  ifUserNotFound: 'REJECT',
  ifProcessFail: 'DROP',
} as const satisfies Partial<AuthenticationRule>;

/** `reject`, `Reject`, `REJECT` → `REJECT`; null when not an action. */
export function parseFailAction(value: string): FailAction | null {
  const upper = value.toUpperCase();
  return (FAIL_ACTIONS as readonly string[]).includes(upper) ? (upper as FailAction) : null;
}

/** Why the identity check did not pass. */
export type AuthFailure = 'authFail' | 'userNotFound' | 'processFail';

/** `Network Access:AuthenticationStatus` when the request continues to authorization. */
export const AUTHENTICATION_STATUS = {
  passed: 'AuthenticationPassed',
  authFail: 'AuthenticationFailed',
  userNotFound: 'UnknownUser',
  processFail: 'ProcessError',
} as const;

export interface FailureOutcome {
  action: FailAction;
  /** The status to set when the action is CONTINUE. */
  authenticationStatus: string;
}

/**
 * What a failed identity check leads to under a rule's options
 * (radius-policy.md §6). An EAP (or MS-CHAP) conversation cannot be
 * continued once its method failed or found no user, so CONTINUE becomes
 * REJECT there (`cannotContinue`); MAB and PAP do continue.
 */
export function failureOutcome(rule: AuthenticationRule, failure: AuthFailure, cannotContinue = false): FailureOutcome {
  let action = failure === 'authFail' ? rule.ifAuthFail : failure === 'userNotFound' ? rule.ifUserNotFound : rule.ifProcessFail;
  if (cannotContinue && action === 'CONTINUE' && failure !== 'processFail') action = 'REJECT';
  return { action, authenticationStatus: AUTHENTICATION_STATUS[failure] };
}

/** Entries in evaluation order: by rank, the default entry last. */
export function inEvaluationOrder<T>(items: readonly T[], rankOf: (t: T) => number, isDefault: (t: T) => boolean): T[] {
  return [...items].sort((a, b) => Number(isDefault(a)) - Number(isDefault(b)) || rankOf(a) - rankOf(b));
}
