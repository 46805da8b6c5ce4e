// Condition trees compiled once into closures. A compiled test reads the
// request through `EvalContext`; library and time-and-date conditions are
// compiled once each and shared by every reference to them.
//
// A reference to an unknown id, or one that closes a cycle of library
// conditions, never matches (validation refuses both on write).

import type { AttributeTest, Condition, LibraryCondition } from './condition.ts';
import { attrKey } from './condition.ts';
import { compileTest, dynamicTest } from './operators.ts';
import type { PolicyRequest } from './request.ts';
import type { TimeAndDateCondition, WallClock } from './time-condition.ts';
import { compileTimeCondition, wallClock } from './time-condition.ts';

/** One evaluation: the request, the instant it is judged at, and its wall clock (computed on first use). */
export class EvalContext {
  readonly req: PolicyRequest;
  readonly now: Date;
  readonly timeZone: string;
  #wall: WallClock | undefined;

  constructor(req: PolicyRequest, now: Date, timeZone = 'UTC') {
    this.req = req;
    this.now = now;
    this.timeZone = timeZone;
  }

  get wall(): WallClock {
    return (this.#wall ??= wallClock(this.now, this.timeZone));
  }
}

export type Test = (ctx: EvalContext) => boolean;

const ALWAYS: Test = () => true;
const NEVER: Test = () => false;

const negate = (t: Test, isNegate: boolean): Test => (isNegate ? (ctx) => !t(ctx) : t);

export class ConditionCompiler {
  readonly #library = new Map<string, LibraryCondition>();
  readonly #time = new Map<string, TimeAndDateCondition>();
  readonly #compiled = new Map<string, Test>();
  readonly #inProgress = new Set<string>();

  constructor(library: readonly LibraryCondition[] = [], time: readonly TimeAndDateCondition[] = []) {
    for (const c of library) this.#library.set(c.id, c);
    for (const c of time) this.#time.set(c.id, c);
  }

  /** Compiles a set or rule condition; `null` (Default entries) always matches. */
  compile(node: Condition | LibraryCondition | null | undefined): Test {
    if (node === null || node === undefined) return ALWAYS;
    switch (node.conditionType) {
      case 'ConditionReference':
        return negate(this.reference(node.id), node.isNegate);
      case 'ConditionAttributes':
      case 'LibraryConditionAttributes':
        return negate(this.#leaf(node), node.isNegate);
      case 'ConditionAndBlock':
      case 'LibraryConditionAndBlock':
        return negate(and(node.children.map((c) => this.compile(c))), node.isNegate);
      case 'ConditionOrBlock':
      case 'LibraryConditionOrBlock':
        return negate(or(node.children.map((c) => this.compile(c))), node.isNegate);
      default:
        return NEVER;
    }
  }

  /** The compiled test of a stored condition (library or time-and-date), its own `isNegate` applied. */
  reference(id: string): Test {
    const done = this.#compiled.get(id);
    if (done !== undefined) return done;
    if (this.#inProgress.has(id)) return NEVER;
    this.#inProgress.add(id);
    let test: Test = NEVER;
    const lib = this.#library.get(id);
    if (lib !== undefined) test = this.compile(lib);
    else {
      const time = this.#time.get(id);
      if (time !== undefined) {
        const clock = compileTimeCondition(time);
        test = negate((ctx) => clock(ctx.wall), time.isNegate);
      }
    }
    this.#inProgress.delete(id);
    this.#compiled.set(id, test);
    return test;
  }

  #leaf(node: AttributeTest): Test {
    const key = attrKey(node.dictionaryName, node.attributeName);
    if (node.dictionaryValue !== undefined && node.dictionaryValue !== '') {
      const rightKey = attrKey(node.dictionaryValue, node.attributeValue);
      const test = dynamicTest(node.operator, key);
      return (ctx) => {
        const left = ctx.req.get(key);
        const right = ctx.req.get(rightKey);
        if (left === undefined || right === undefined) return false;
        return typeof right === 'string' ? test(left, right) : right.some((r) => test(left, r));
      };
    }
    const test = compileTest(node.operator, node.attributeValue, key);
    return (ctx) => {
      const v = ctx.req.get(key);
      return v !== undefined && test(v);
    };
  }
}

function and(tests: Test[]): Test {
  if (tests.length === 0) return ALWAYS;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) { const [a, b] = tests; return (ctx) => a(ctx) && b(ctx); }
  return (ctx) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](ctx)) return false;
    return true;
  };
}

function or(tests: Test[]): Test {
  if (tests.length === 0) return NEVER;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) { const [a, b] = tests; return (ctx) => a(ctx) || b(ctx); }
  return (ctx) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](ctx)) return true;
    return false;
  };
}
