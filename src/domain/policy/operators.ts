// One attribute test (`Dictionary:Attribute <operator> value`) compiled once
// into a predicate over the request's value(s). Condition values are
// normalised at compile time: regexes built, `in` lists turned into sets,
// IP prefixes and MACs parsed, enumerated RADIUS values brought to their
// display names.
//
// Semantics (radius-policy.md §4, policy-api.md §2; our reading where the
// spec is silent):
// - Strings compare case-sensitively; `matches` is a regular-expression
//   search (an unanchored pattern matches anywhere; anchor with ^…$).
// - `in`/`notIn`/`macIn`/`macNotIn`: comma-separated values, blanks trimmed.
// - Numeric operators compare as numbers; a non-numeric side is no match.
// - `ip*`: addresses of the same family; the condition value may be a
//   prefix (`10.1.0.0/16`, or a dotted mask `10.1.0.0/255.255.0.0`), which
//   `ipEquals` tests for containment and the ordering operators compare by
//   its network address.
// - `mac*`: both sides reduced to upper-case hex digits, so any notation
//   matches any other; a request value that is not a MAC is no match.
// - Multi-valued attributes: a positive operator holds when any value
//   matches, a negative one (`not…`) when no value matches its positive form.
// - A missing attribute fails every operator, positive or negative; the
//   node's `isNegate` then inverts the result as usual.

import { parseIp } from '../ip.ts';
import { parseMac } from '../mac.ts';
import type { Operator } from './condition.ts';
import { IP_ATTRIBUTES } from './condition.ts';
import { displayValue, isEnumerated } from './radius-values.ts';
import type { PolicyValue } from './request.ts';

export type ValueTest = (value: string) => boolean;
export type ValuesTest = (values: PolicyValue) => boolean;

/** Negative operators and the positive operator they negate. */
const NEGATED: Readonly<Partial<Record<Operator, Operator>>> = {
  notEquals: 'equals', notContains: 'contains', notStartsWith: 'startsWith', notEndsWith: 'endsWith', notIn: 'in',
  ipNotEquals: 'ipEquals', macNotEquals: 'macEquals', macNotContains: 'macContains',
  macNotStartsWith: 'macStartsWith', macNotEndsWith: 'macEndsWith', macNotIn: 'macIn',
};

/** On IP-typed attributes the plain operators mean their `ip*` forms. */
const IP_FORMS: Readonly<Partial<Record<Operator, Operator>>> = {
  equals: 'ipEquals', notEquals: 'ipNotEquals', greaterThan: 'ipGreaterThan', lessThan: 'ipLessThan',
};

export const splitList = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Upper-case hex digits of a full MAC in any accepted notation, or null. */
export function macHex(text: string): string | null {
  const mac = parseMac(text);
  return mac === null ? null : mac.replaceAll(':', '');
}

/** Upper-case hex digits of a partial MAC (`00:1A`, `001a.`), separators dropped. */
const partialMacHex = (text: string): string => text.replace(/[-:.\s]/g, '').toUpperCase();

interface IpValue { family: 4 | 6; value: bigint }
interface IpRange { family: 4 | 6; lo: bigint; hi: bigint }

function ipValue(text: string): IpValue | null {
  const a = parseIp(text.trim());
  return a === null ? null : { family: a.family, value: BigInt(a.value) };
}

/** Parses `addr`, `addr/len` or IPv4 `addr/dotted-mask`; null when invalid. */
export function parseIpRange(text: string): IpRange | null {
  const slash = text.indexOf('/');
  const a = ipValue(slash < 0 ? text : text.slice(0, slash));
  if (a === null) return null;
  const bits = a.family === 4 ? 32 : 128;
  let len = bits;
  if (slash >= 0) {
    const m = text.slice(slash + 1).trim();
    if (/^\d{1,3}$/.test(m)) len = Number(m);
    else {
      const mask = a.family === 4 ? ipValue(m) : null;
      if (mask === null || mask.family !== 4) return null;
      const ones = mask.value.toString(2).padStart(32, '0');
      if (!/^1*0*$/.test(ones)) return null;
      len = ones.indexOf('0') < 0 ? 32 : ones.indexOf('0');
    }
    if (len > bits) return null;
  }
  const host = (1n << BigInt(bits - len)) - 1n;
  const lo = a.value & ~host & ((1n << BigInt(bits)) - 1n);
  return { family: a.family, lo, hi: lo | host };
}

function compileIp(op: Operator, c: string): ValueTest {
  const r = parseIpRange(c);
  if (r === null) return () => false;
  switch (op) {
    case 'ipEquals': return (v) => { const a = ipValue(v); return a !== null && a.family === r.family && a.value >= r.lo && a.value <= r.hi; };
    case 'ipGreaterThan': return (v) => { const a = ipValue(v); return a !== null && a.family === r.family && a.value > r.lo; };
    case 'ipLessThan': return (v) => { const a = ipValue(v); return a !== null && a.family === r.family && a.value < r.lo; };
    default: return () => false;
  }
}

function compileMac(op: Operator, c: string): ValueTest {
  if (op === 'macIn') {
    const set = new Set(splitList(c).map((x) => macHex(x) ?? partialMacHex(x)));
    return (v) => { const h = macHex(v); return h !== null && set.has(h); };
  }
  const want = op === 'macEquals' ? macHex(c) ?? partialMacHex(c) : partialMacHex(c);
  switch (op) {
    case 'macEquals': return (v) => macHex(v) === want;
    case 'macContains': return (v) => { const h = macHex(v); return h !== null && h.includes(want); };
    case 'macStartsWith': return (v) => { const h = macHex(v); return h !== null && h.startsWith(want); };
    case 'macEndsWith': return (v) => { const h = macHex(v); return h !== null && h.endsWith(want); };
    default: return () => false;
  }
}

function compileNumeric(op: Operator, c: string): ValueTest {
  const n = c.trim() === '' ? NaN : Number(c);
  if (Number.isNaN(n)) return () => false;
  const num = (v: string): number => (v.trim() === '' ? NaN : Number(v));
  switch (op) {
    case 'greaterThan': return (v) => num(v) > n;
    case 'lessThan': return (v) => num(v) < n;
    case 'greaterOrEquals': return (v) => num(v) >= n;
    case 'lessOrEquals': return (v) => num(v) <= n;
    default: return () => false;
  }
}

/** Builds the regex of a `matches` value; null when the pattern is invalid. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** A positive operator's test on one value. */
function compilePositive(op: Operator, c: string, key: string): ValueTest {
  const norm = (s: string): string => (isEnumerated(key) ? displayValue(key, s) : s);
  switch (op) {
    case 'equals': { const w = norm(c); return (v) => v === w; }
    case 'contains': return (v) => v.includes(c);
    case 'startsWith': return (v) => v.startsWith(c);
    case 'endsWith': return (v) => v.endsWith(c);
    case 'in': { const set = new Set(splitList(c).map(norm)); return (v) => set.has(v); }
    case 'matches': { const re = compilePattern(c); return re === null ? () => false : (v) => re.test(v); }
    case 'greaterThan': case 'lessThan': case 'greaterOrEquals': case 'lessOrEquals': return compileNumeric(op, c);
    case 'ipEquals': case 'ipGreaterThan': case 'ipLessThan': return compileIp(op, c);
    case 'macEquals': case 'macContains': case 'macStartsWith': case 'macEndsWith': case 'macIn': return compileMac(op, c);
    default: return () => false;
  }
}

/** The operator actually applied to an attribute (plain operators on IP attributes become `ip*`). */
export function effectiveOperator(op: Operator, key: string): Operator {
  return IP_ATTRIBUTES.has(key) ? IP_FORMS[op] ?? op : op;
}

/**
 * Compiles `<attribute key> <op> <value>` into a test over the attribute's
 * value(s); the attribute is known to be present when it runs.
 */
export function compileTest(operator: Operator, value: string, key: string): ValuesTest {
  const op = effectiveOperator(operator, key);
  const positive = NEGATED[op];
  const test = compilePositive(positive ?? op, value, key);
  const any: ValuesTest = (vs) => {
    if (typeof vs === 'string') return test(vs);
    for (let i = 0; i < vs.length; i++) if (test(vs[i])) return true;
    return false;
  };
  return positive === undefined ? any : (vs) => !any(vs);
}

/**
 * Attribute-to-attribute test (`dictionaryValue` form): the right side is
 * read from the request at evaluation. `equals`/`notEquals` between two
 * MACs compare the addresses, whatever their notation.
 */
export function dynamicTest(operator: Operator, key: string): (left: PolicyValue, right: string) => boolean {
  const op = effectiveOperator(operator, key);
  return (left, right) => {
    if (op === 'equals' || op === 'notEquals') {
      const rh = macHex(right);
      if (rh !== null) {
        const lefts = typeof left === 'string' ? [left] : left;
        const hit = lefts.some((l) => l === right || macHex(l) === rh);
        return op === 'equals' ? hit : !hit;
      }
    }
    return compileTest(op, right, key)(left);
  };
}
