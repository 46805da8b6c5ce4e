// Validation of condition trees (inside sets and rules), library conditions
// (`/condition`) and time-and-date conditions (`/time-condition`)
// (policy-api.md §2, §5, §6.1). Results are the stored form: `isNegate`
// defaulted, `link`/`attributeId`/`hitCounts` dropped, references reduced
// to their id, operators on IP attributes rewritten to `ip*`.

import type { PolicyCatalog } from './catalog.ts';
import type {
  AttributeTest, Condition, LibraryCondition, Operator,
} from './condition.ts';
import { INNER_CONDITION_TYPES, LIBRARY_CONDITION_TYPES, OPERATORS, referencedIds, storedOperator } from './condition.ts';
import { compilePattern, macHex, parseIpRange, splitList } from './operators.ts';
import type { DatesRange, HoursRange, TimeAndDateCondition, WeekDay } from './time-condition.ts';
import { WEEK_DAYS, dateNumber, timeMinutes } from './time-condition.ts';
import type { Checked } from './validation.ts';
import { Fields, OBJECT_KINDS, apiMessage, checkPolicyName, checked, invalid, nameTaken } from './validation.ts';

/** Deepest condition tree accepted (ISE clients use 1 root + 6 levels). */
export const MAX_CONDITION_DEPTH = 16;

type Say = (reason: string) => string;

const NUMERIC_OPS = new Set<Operator>(['greaterThan', 'lessThan', 'greaterOrEquals', 'lessOrEquals']);
const IP_OPS = new Set<Operator>(['ipEquals', 'ipNotEquals', 'ipGreaterThan', 'ipLessThan']);
const MAC_FULL_OPS = new Set<Operator>(['macEquals', 'macNotEquals', 'macIn', 'macNotIn']);
const MAC_PART_OPS = new Set<Operator>(['macContains', 'macNotContains', 'macStartsWith', 'macNotStartsWith', 'macEndsWith', 'macNotEndsWith']);

/** The single-test fields of a leaf, checked and normalised. */
function attributeTest(f: Fields): AttributeTest {
  const dictionaryName = f.reqStr('dictionaryName');
  const attributeName = f.reqStr('attributeName');
  const op = f.str('operator');
  if (op === undefined) f.missing('operator');
  if (!(OPERATORS as readonly string[]).includes(op)) f.fail(`Invalid operator '${op}'`);
  const attributeValue = f.str('attributeValue');
  if (attributeValue === undefined) f.missing('attributeValue');
  const dictionaryValue = f.str('dictionaryValue');
  const operator = storedOperator(dictionaryName, attributeName, op as Operator);
  const test: AttributeTest = { dictionaryName, attributeName, operator, attributeValue };
  if (dictionaryValue !== undefined && dictionaryValue !== '') {
    test.dictionaryValue = dictionaryValue;
    return test;
  }
  checkValue(f, operator, attributeValue);
  return test;
}

function checkValue(f: Fields, op: Operator, value: string): void {
  if (op === 'matches' && compilePattern(value) === null) f.fail(`Invalid regular expression '${value}'`);
  if (NUMERIC_OPS.has(op) && (value.trim() === '' || Number.isNaN(Number(value)))) f.fail(`Operator '${op}' needs a numeric value, got '${value}'`);
  if (IP_OPS.has(op) && parseIpRange(value) === null) f.fail(`Invalid IP address '${value}'`);
  if (MAC_FULL_OPS.has(op)) {
    const items = op === 'macIn' || op === 'macNotIn' ? splitList(value) : [value];
    for (const m of items) if (macHex(m) === null) f.fail(`Invalid MAC address '${m}'`);
  }
  if (MAC_PART_OPS.has(op) && !/^[0-9A-Fa-f]+$/.test(value.replace(/[-:.\s]/g, ''))) f.fail(`Invalid MAC address part '${value}'`);
}

function reference(f: Fields, catalog: PolicyCatalog): Condition {
  let id = f.str('id');
  if (id === undefined || id === '') {
    // A reference given by name only is resolved to its id.
    const name = f.str('name');
    if (name === undefined) f.missing('id');
    const byName = [...catalog.libraryConditions.values(), ...catalog.timeConditions.values()].find((c) => c.name === name);
    if (byName === undefined) f.fail(`Condition '${name}' does not exist`);
    id = byName.id;
  }
  if (!catalog.libraryConditions.has(id) && !catalog.timeConditions.has(id)) f.fail(`Condition with id '${id}' does not exist`);
  return { conditionType: 'ConditionReference', isNegate: f.bool('isNegate') ?? false, id };
}

/** An inner (not stored) condition node and its children. */
function innerCondition(input: unknown, catalog: PolicyCatalog, say: Say, path: string, depth: number): Condition {
  const f: Fields = new Fields(input, say, path);
  if (depth > MAX_CONDITION_DEPTH) f.fail(`Condition is nested deeper than ${MAX_CONDITION_DEPTH} levels`);
  const type = f.str('conditionType');
  if (type === undefined) f.missing('conditionType');
  if ((LIBRARY_CONDITION_TYPES as readonly string[]).includes(type) || type === 'TimeAndDateCondition') {
    f.fail(`conditionType '${type}' is allowed only at the root of a stored condition`);
  }
  if (!(INNER_CONDITION_TYPES as readonly string[]).includes(type)) f.fail(`Invalid conditionType '${type}'`);
  if (type === 'ConditionReference') return reference(f, catalog);
  if (f.has('name')) f.fail(`${f.name('name')}: only library conditions and references carry a name`);
  const isNegate = f.bool('isNegate') ?? false;
  if (type === 'ConditionAttributes') return { conditionType: 'ConditionAttributes', isNegate, ...attributeTest(f) };
  const children = blockChildren(f, catalog, say, depth);
  return type === 'ConditionAndBlock'
    ? { conditionType: 'ConditionAndBlock', isNegate, children }
    : { conditionType: 'ConditionOrBlock', isNegate, children };
}

function blockChildren(f: Fields, catalog: PolicyCatalog, say: Say, depth: number): Condition[] {
  const list = f.list('children');
  if (list === undefined || list.length === 0) f.missing('children');
  return list.map((c, i) => innerCondition(c, catalog, say, `${f.name('children')}[${i}]`, depth + 1));
}

/**
 * A set or rule condition as stored; `null` input gives `null` (only the
 * caller knows whether that is allowed).
 */
export function parseCondition(input: unknown, catalog: PolicyCatalog, say: Say, path = 'condition'): Condition | null {
  if (input === undefined || input === null) return null;
  return innerCondition(input, catalog, say, path, 1);
}

export interface StoredConditionOptions {
  /** The id the stored condition gets (create) or has (update). */
  id: string;
  /** The stored version when updating. */
  existing?: LibraryCondition;
  /** Every stored library and time-and-date condition (names are unique across both). */
  siblings: Iterable<{ id: string; name: string }>;
  catalog: PolicyCatalog;
}

const sayCondition: Say = (r) => apiMessage(OBJECT_KINDS.condition, r);

/** A library condition from a `/condition` POST or PUT body. */
export function validateLibraryCondition(input: unknown, o: StoredConditionOptions): Checked<LibraryCondition> {
  return checked(() => {
    const f: Fields = new Fields(input, sayCondition);
    const name = f.reqStr('name');
    const nameError = checkPolicyName(name, true);
    if (nameError) f.fail(nameError);
    if (nameTaken(name, o.siblings, o.id)) f.fail(`Condition name '${name}' already exists`);
    const type = f.str('conditionType');
    if (type === undefined) f.missing('conditionType');
    if (!(LIBRARY_CONDITION_TYPES as readonly string[]).includes(type)) {
      f.fail(`Invalid conditionType '${type}': a library condition is one of [${LIBRARY_CONDITION_TYPES.join(', ')}]`);
    }
    const base = { id: o.id, name, description: f.str('description') ?? '', isNegate: f.bool('isNegate') ?? false };
    let cond: LibraryCondition;
    if (type === 'LibraryConditionAttributes') cond = { conditionType: 'LibraryConditionAttributes', ...base, ...attributeTest(f) };
    else {
      const children = blockChildren(f, o.catalog, sayCondition, 1);
      cond = type === 'LibraryConditionAndBlock'
        ? { conditionType: 'LibraryConditionAndBlock', ...base, children }
        : { conditionType: 'LibraryConditionOrBlock', ...base, children };
    }
    if (reaches(cond, o.id, o.catalog, new Set())) f.fail(`Condition '${name}' would refer to itself`);
    return cond;
  });
}

/** True when `node` refers, directly or through other library conditions, to `target`. */
function reaches(node: LibraryCondition | Condition, target: string, catalog: PolicyCatalog, seen: Set<string>): boolean {
  for (const id of referencedIds(node)) {
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const next = catalog.libraryConditions.get(id);
    if (next && reaches(next, target, catalog, seen)) return true;
  }
  return false;
}

const sayTime: Say = (r) => apiMessage(OBJECT_KINDS.timeCondition, r);

function weekDays(f: Fields, key: string): WeekDay[] | undefined {
  const list = f.list(key);
  if (list === undefined) return undefined;
  return list.map((d) => {
    const hit = WEEK_DAYS.find((w) => typeof d === 'string' && w.toLowerCase() === d.toLowerCase());
    return hit ?? f.fail(`${f.name(key)}: '${String(d)}' is not a week day (Sunday … Saturday)`);
  });
}

function datesRange(f: Fields, key: string): DatesRange | undefined {
  const r: Fields | undefined = f.sub(key);
  if (r === undefined) return undefined;
  const startDate = r.reqStr('startDate');
  const endDate = r.reqStr('endDate');
  const a = dateNumber(startDate);
  const b = dateNumber(endDate);
  if (a === null) r.fail(`${r.name('startDate')} '${startDate}' is not a date (YYYY-MM-DD)`);
  if (b === null) r.fail(`${r.name('endDate')} '${endDate}' is not a date (YYYY-MM-DD)`);
  if (a !== null && b !== null && a > b) r.fail(`${r.name('startDate')} is after ${r.name('endDate')}`);
  return { startDate, endDate };
}

function hoursRange(f: Fields, key: string): HoursRange | undefined {
  const r: Fields | undefined = f.sub(key);
  if (r === undefined) return undefined;
  const startTime = r.reqStr('startTime');
  const endTime = r.reqStr('endTime');
  if (timeMinutes(startTime) === null) r.fail(`${r.name('startTime')} '${startTime}' is not a time (HH:mm)`);
  if (timeMinutes(endTime) === null) r.fail(`${r.name('endTime')} '${endTime}' is not a time (HH:mm)`);
  return { startTime, endTime };
}

/** A time-and-date condition from a `/time-condition` POST or PUT body. */
export function validateTimeCondition(
  input: unknown,
  o: { id: string; siblings: Iterable<{ id: string; name: string }> },
): Checked<TimeAndDateCondition> {
  return checked(() => {
    const f: Fields = new Fields(input, sayTime);
    const name = f.reqStr('name');
    const nameError = checkPolicyName(name, true);
    if (nameError) f.fail(nameError);
    if (nameTaken(name, o.siblings, o.id)) f.fail(`Condition name '${name}' already exists`);
    const type = f.str('conditionType') ?? 'TimeAndDateCondition';
    if (type !== 'TimeAndDateCondition') f.fail(`Invalid conditionType '${type}': expected TimeAndDateCondition`);
    const c: TimeAndDateCondition = {
      conditionType: 'TimeAndDateCondition', id: o.id, name, description: f.str('description') ?? '', isNegate: f.bool('isNegate') ?? false,
    };
    const parts = {
      weekDays: weekDays(f, 'weekDays'), weekDaysException: weekDays(f, 'weekDaysException'),
      datesRange: datesRange(f, 'datesRange'), datesRangeException: datesRange(f, 'datesRangeException'),
      hoursRange: hoursRange(f, 'hoursRange'), hoursRangeException: hoursRange(f, 'hoursRangeException'),
    };
    for (const [k, v] of Object.entries(parts)) if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
    return c;
  });
}

/** Who refers to a stored condition: "<kind> '<name>'" texts. */
export interface ConditionUse {
  kind: 'policy set' | 'authentication rule' | 'authorization rule' | 'exception rule' | 'condition';
  name: string;
}

/** Refuses deleting a condition still referenced; built-ins cannot be deleted either. */
export function checkDeleteCondition(cond: { name: string }, uses: readonly ConditionUse[], builtin: boolean, time = false): Checked<true> {
  const say = time ? sayTime : sayCondition;
  return checked(() => {
    if (builtin) invalid(say(`Condition '${cond.name}' is a system condition and cannot be deleted`), 'inUse');
    if (uses.length > 0) invalid(say(`Condition '${cond.name}' is in use by ${uses[0].kind} '${uses[0].name}'`), 'inUse');
    return true as const;
  });
}

/** A missing condition id or name (GET/PUT/DELETE): 404. */
export function conditionNotFound(what: string, time = false): Checked<never> {
  const say = time ? sayTime : sayCondition;
  return checked(() => invalid(say(`Condition '${what}' not found`), 'notFound', 404));
}
