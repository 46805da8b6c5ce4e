// Policy objects in the OpenAPI's read form (policy-api.md §2–7): every
// condition node carries `"link": null`, references gain the name and
// description of what they point at, rule fields nest under `rule`, fields
// in the order ISE serves them.
import type {
  AuthenticationRule, AuthorizationRule, Condition, Dictionary, DictionaryAttribute, LibraryCondition, NetworkCondition, PolicySet,
  Rule, TimeAndDateCondition,
} from '../domain/policy/index.ts';
import type { Link } from './envelope.ts';

export type Describe = (id: string) => { name: string; description: string } | undefined;

type Node = Condition | LibraryCondition;

/** The test fields of a leaf, in ISE's order. */
function testFields(n: Extract<Node, { attributeName: string }>): Record<string, unknown> {
  return {
    dictionaryName: n.dictionaryName, attributeName: n.attributeName, operator: n.operator,
    ...(n.dictionaryValue !== undefined && { dictionaryValue: n.dictionaryValue }), attributeValue: n.attributeValue,
  };
}

/** A condition tree as served; `link` is null below the root. */
export function renderCondition(n: Node, describe: Describe, link: Link | null = null): Record<string, unknown> {
  const head = { link, conditionType: n.conditionType, isNegate: n.isNegate };
  switch (n.conditionType) {
    case 'ConditionReference': {
      const target = describe(n.id);
      return { ...head, name: target?.name ?? n.name ?? '', id: n.id, description: target?.description ?? n.description ?? '' };
    }
    case 'ConditionAttributes':
      return { ...head, ...testFields(n) };
    case 'ConditionAndBlock':
    case 'ConditionOrBlock':
      return { ...head, children: n.children.map((c) => renderCondition(c, describe)) };
    case 'LibraryConditionAttributes':
      return { ...head, name: n.name, id: n.id, description: n.description, ...testFields(n) };
    case 'LibraryConditionAndBlock':
    case 'LibraryConditionOrBlock':
      return { ...head, name: n.name, id: n.id, description: n.description, children: n.children.map((c) => renderCondition(c, describe)) };
  }
}

const maybeCondition = (c: Condition | null, describe: Describe): Record<string, unknown> | null =>
  c === null ? null : renderCondition(c, describe);

export function renderPolicySet(s: PolicySet, link: Link, describe: Describe): Record<string, unknown> {
  return {
    default: s.default, id: s.id, name: s.name, description: s.description, hitCounts: s.hitCounts ?? 0, rank: s.rank, state: s.state,
    condition: maybeCondition(s.condition, describe), serviceName: s.serviceName, isProxy: s.isProxy, link,
  };
}

function renderRule(r: Rule, describe: Describe): Record<string, unknown> {
  return {
    id: r.id, name: r.name, ...(r.description !== undefined && { description: r.description }), default: r.default, rank: r.rank,
    state: r.state, hitCounts: r.hitCounts ?? 0, condition: maybeCondition(r.condition, describe),
  };
}

export function renderAuthenticationRule(r: AuthenticationRule, link: Link, describe: Describe): Record<string, unknown> {
  return {
    rule: renderRule(r.rule, describe), identitySourceName: r.identitySourceName,
    ifAuthFail: r.ifAuthFail, ifUserNotFound: r.ifUserNotFound, ifProcessFail: r.ifProcessFail, link,
  };
}

export function renderAuthorizationRule(r: AuthorizationRule, link: Link, describe: Describe): Record<string, unknown> {
  return { rule: renderRule(r.rule, describe), profile: r.profile, ...(r.securityGroup !== undefined && { securityGroup: r.securityGroup }), link };
}

export function renderTimeCondition(c: TimeAndDateCondition, link: Link): Record<string, unknown> {
  const { conditionType, id, name, description, isNegate, ...parts } = c;
  return { conditionType, isNegate, name, id, description, ...parts, link };
}

export function renderNetworkCondition(c: NetworkCondition, link: Link): Record<string, unknown> {
  const { conditionType, id, name, description, ...lists } = c;
  return { conditionType, name, id, description, ...lists, link };
}

export function renderDictionary(d: Dictionary, link: Link): Record<string, unknown> {
  return { id: d.id, name: d.name, description: d.description, dictionaryAttrType: d.dictionaryAttrType, version: d.version, link };
}

export function renderAttribute(a: DictionaryAttribute): Record<string, unknown> {
  return {
    allowedValues: a.allowedValues, dataType: a.dataType, description: a.description, dictionaryName: a.dictionaryName,
    directionType: a.directionType, id: a.id, internalName: a.internalName, name: a.name,
  };
}
