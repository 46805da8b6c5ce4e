// Policy conditions as the network-access OpenAPI models them (policy-api.md §2).
//
// A condition is a tree. Inner nodes are `ConditionAttributes` (one test),
// `ConditionAndBlock` / `ConditionOrBlock` (children) and
// `ConditionReference` (a stored library or time-and-date condition, by id).
// Stored library conditions carry a `Library*` type at their root, with
// `name` and `description`. Every node has `isNegate`.

/** Operators, in their wire (camelCase) spelling. */
export const OPERATORS = [
  'equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith',
  'matches', 'in', 'notIn', 'greaterThan', 'lessThan', 'greaterOrEquals', 'lessOrEquals',
  'ipEquals', 'ipNotEquals', 'ipGreaterThan', 'ipLessThan',
  'macEquals', 'macNotEquals', 'macContains', 'macNotContains', 'macStartsWith', 'macNotStartsWith',
  'macEndsWith', 'macNotEndsWith', 'macIn', 'macNotIn',
] as const;
export type Operator = (typeof OPERATORS)[number];

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);
export const isOperator = (s: string): s is Operator => OPERATOR_SET.has(s);

/** The single-test fields shared by inner and library leaves. */
export interface AttributeTest {
  dictionaryName: string;
  attributeName: string;
  operator: Operator;
  /** The compared value; for attribute-to-attribute tests, the right-hand attribute name. */
  attributeValue: string;
  /** Set for attribute-to-attribute tests: the right-hand attribute's dictionary. */
  dictionaryValue?: string;
}

export interface ConditionAttributes extends AttributeTest {
  conditionType: 'ConditionAttributes';
  isNegate: boolean;
}

export interface ConditionAndBlock {
  conditionType: 'ConditionAndBlock';
  isNegate: boolean;
  children: Condition[];
}

export interface ConditionOrBlock {
  conditionType: 'ConditionOrBlock';
  isNegate: boolean;
  children: Condition[];
}

/** A stored library or time-and-date condition by id; `name`/`description` are filled in on output. */
export interface ConditionReference {
  conditionType: 'ConditionReference';
  isNegate: boolean;
  id: string;
  name?: string;
  description?: string;
}

export type Condition = ConditionAttributes | ConditionAndBlock | ConditionOrBlock | ConditionReference;

interface LibraryBase {
  id: string;
  name: string;
  description: string;
  isNegate: boolean;
}

export interface LibraryConditionAttributes extends LibraryBase, AttributeTest {
  conditionType: 'LibraryConditionAttributes';
}

export interface LibraryConditionAndBlock extends LibraryBase {
  conditionType: 'LibraryConditionAndBlock';
  children: Condition[];
}

export interface LibraryConditionOrBlock extends LibraryBase {
  conditionType: 'LibraryConditionOrBlock';
  children: Condition[];
}

/** A stored (named) condition of the library (`/condition`). */
export type LibraryCondition = LibraryConditionAttributes | LibraryConditionAndBlock | LibraryConditionOrBlock;

export const LIBRARY_CONDITION_TYPES = ['LibraryConditionAttributes', 'LibraryConditionAndBlock', 'LibraryConditionOrBlock'] as const;
export const INNER_CONDITION_TYPES = ['ConditionAttributes', 'ConditionAndBlock', 'ConditionOrBlock', 'ConditionReference'] as const;

/**
 * Attributes ISE types as IP addresses: on them `equals`/`notEquals`/
 * `greaterThan`/`lessThan` are stored as the `ip*` operators (policy-api.md §2).
 * Keys are lower-case `dictionary:attribute`.
 */
export const IP_ATTRIBUTES: ReadonlySet<string> = new Set([
  'radius:nas-ip-address', 'radius:framed-ip-address', 'radius:framed-ip-netmask', 'radius:login-ip-host',
  'radius:nas-ipv6-address', 'radius:framed-ipv6-address', 'radius:login-ipv6-host',
  'network access:device ip address', 'device:device ip address',
]);

const IP_REWRITE: Readonly<Partial<Record<Operator, Operator>>> = {
  equals: 'ipEquals', notEquals: 'ipNotEquals', greaterThan: 'ipGreaterThan', lessThan: 'ipLessThan',
};

/** Lower-case `dictionary:attribute` key under which a request carries an attribute. */
export function attrKey(dictionary: string, attribute: string): string {
  return `${dictionary}:${attribute}`.toLowerCase();
}

/** The operator ISE stores for a test: IP-typed attributes get the `ip*` spelling. */
export function storedOperator(dictionary: string, attribute: string, operator: Operator): Operator {
  if (!IP_ATTRIBUTES.has(attrKey(dictionary, attribute))) return operator;
  return IP_REWRITE[operator] ?? operator;
}

/** Ids of every `ConditionReference` in a tree, in document order. */
export function referencedIds(node: Condition | LibraryCondition | null | undefined, out: string[] = []): string[] {
  if (!node) return out;
  if (node.conditionType === 'ConditionReference') out.push(node.id);
  else if ('children' in node) for (const c of node.children) referencedIds(c, out);
  return out;
}

/** Copy of a tree with `name`/`description` of references filled in from `lookup` (GET form). */
export function describeReferences<T extends Condition | LibraryCondition>(
  node: T,
  lookup: (id: string) => { name: string; description: string } | undefined,
): T {
  if (node.conditionType === 'ConditionReference') {
    const target = lookup(node.id);
    return (target ? { ...node, name: target.name, description: target.description } : { ...node }) as T;
  }
  if ('children' in node) return { ...node, children: node.children.map((c) => describeReferences(c, lookup)) };
  return { ...node };
}
