import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionCompiler, EvalContext } from './compile-condition.ts';
import type { Condition, Operator } from './condition.ts';
import { OPERATORS, storedOperator } from './condition.ts';
import { compileTest, parseIpRange } from './operators.ts';
import { PolicyAttributes } from './request.ts';

const NOW = new Date('2025-01-01T00:00:00Z');

/** Evaluates one `dictionary:attribute op value` test against a request holding `values`. */
function check(attr: string, op: Operator, value: string, actual: string | string[] | undefined, isNegate = false): boolean {
  const [dictionaryName, attributeName] = attr.split(':');
  const cond: Condition = { conditionType: 'ConditionAttributes', isNegate, dictionaryName, attributeName, operator: op, attributeValue: value };
  const req = new PolicyAttributes().set(attr, actual);
  return new ConditionCompiler().compile(cond)(new EvalContext(req, NOW));
}

const S = 'Radius:Called-Station-ID';

test('string operators, each way', () => {
  const v = '00-11-22-33-44-55:Corp';
  const cases: Array<[Operator, string, boolean]> = [
    ['equals', v, true], ['equals', 'corp', false],
    ['notEquals', v, false], ['notEquals', 'x', true],
    ['contains', ':Corp', true], ['contains', 'Guest', false],
    ['notContains', ':Corp', false], ['notContains', 'Guest', true],
    ['startsWith', '00-11', true], ['startsWith', '11', false],
    ['notStartsWith', '00-11', false], ['notStartsWith', '11', true],
    ['endsWith', ':Corp', true], ['endsWith', ':Guest', false],
    ['notEndsWith', ':Corp', false], ['notEndsWith', ':Guest', true],
    ['matches', ':(Corp|Staff)$', true], ['matches', '^Corp', false],
    ['in', `x, ${v} ,y`, true], ['in', 'x,y', false],
    ['notIn', `x,${v}`, false], ['notIn', 'x,y', true],
  ];
  for (const [op, value, want] of cases) {
    assert.equal(check(S, op, value, v), want, `${op} ${value}`);
    assert.equal(check(S, op, value, v, true), !want, `negated ${op} ${value}`);
  }
});

test('strings compare case-sensitively; an invalid regex never matches', () => {
  assert.equal(check(S, 'equals', 'CORP', 'Corp'), false);
  assert.equal(check(S, 'matches', '(', 'Corp'), false);
});

test('missing attribute fails positive and negative operators; isNegate inverts', () => {
  for (const op of OPERATORS) {
    assert.equal(check(S, op, 'x', undefined), false, op);
    assert.equal(check(S, op, 'x', undefined, true), true, op);
  }
});

test('multi-valued: positive = any value, negative = no value', () => {
  const pairs = ['service-type=Call Check', 'audit-session-id=0A000001', 'method=mab'];
  assert.equal(check('Cisco:cisco-av-pair', 'equals', 'method=mab', pairs), true);
  assert.equal(check('Cisco:cisco-av-pair', 'equals', 'method=dot1x', pairs), false);
  assert.equal(check('Cisco:cisco-av-pair', 'notEquals', 'method=mab', pairs), false);
  assert.equal(check('Cisco:cisco-av-pair', 'notEquals', 'method=dot1x', pairs), true);
  assert.equal(check('Cisco:cisco-av-pair', 'contains', 'audit-session', pairs), true);
  assert.equal(check('Cisco:cisco-av-pair', 'notContains', 'audit-session', pairs), false);
  assert.equal(check('Cisco:cisco-av-pair', 'startsWith', 'method=', pairs), true);
});

test('numeric operators', () => {
  const a = 'Radius:Session-Timeout';
  assert.equal(check(a, 'greaterThan', '100', '3600'), true);
  assert.equal(check(a, 'greaterThan', '3600', '3600'), false);
  assert.equal(check(a, 'greaterOrEquals', '3600', '3600'), true);
  assert.equal(check(a, 'lessThan', '3600', '100'), true);
  assert.equal(check(a, 'lessOrEquals', '99', '100'), false);
  assert.equal(check(a, 'greaterThan', '1', 'abc'), false);
  assert.equal(check(a, 'greaterThan', 'abc', '5'), false);
  assert.equal(check(a, 'lessThan', '5', ''), false);
});

test('IP operators: addresses, prefixes, families', () => {
  const a = 'Network Access:Device IP Address';
  assert.equal(check(a, 'ipEquals', '10.1.1.1', '10.1.1.1'), true);
  assert.equal(check(a, 'ipEquals', '10.1.0.0/16', '10.1.200.3'), true);
  assert.equal(check(a, 'ipEquals', '10.1.0.0/255.255.0.0', '10.1.200.3'), true);
  assert.equal(check(a, 'ipEquals', '10.1.0.0/16', '10.2.0.1'), false);
  assert.equal(check(a, 'ipNotEquals', '10.1.0.0/16', '10.2.0.1'), true);
  assert.equal(check(a, 'ipNotEquals', '10.1.0.0/16', '10.1.0.1'), false);
  assert.equal(check(a, 'ipGreaterThan', '10.0.0.5', '10.0.0.6'), true);
  assert.equal(check(a, 'ipGreaterThan', '10.0.0.5', '10.0.0.5'), false);
  assert.equal(check(a, 'ipLessThan', '10.0.0.5', '9.255.255.255'), true);
  assert.equal(check(a, 'ipEquals', '2001:db8::/32', '2001:db8:1::7'), true);
  assert.equal(check(a, 'ipEquals', '2001:db8::/32', '10.0.0.1'), false);
  assert.equal(check(a, 'ipEquals', '10.0.0.1', 'not-an-ip'), false);
  // Plain operators on IP-typed attributes behave as (and are stored as) the ip* forms.
  assert.equal(check(a, 'equals', '10.1.0.0/16', '10.1.2.3'), true);
  assert.equal(storedOperator('Radius', 'NAS-IP-Address', 'equals'), 'ipEquals');
  assert.equal(storedOperator('Radius', 'NAS-IP-Address', 'notEquals'), 'ipNotEquals');
  assert.equal(storedOperator('Radius', 'User-Name', 'equals'), 'equals');
  assert.equal(parseIpRange('10.0.0.0/33'), null);
  assert.equal(parseIpRange('10.0.0.0/255.0.255.0'), null);
});

test('MAC operators: any notation on either side', () => {
  const a = 'Radius:Calling-Station-ID';
  assert.equal(check(a, 'macEquals', '00:11:22:aa:bb:cc', '00-11-22-AA-BB-CC'), true);
  assert.equal(check(a, 'macEquals', '0011.22aa.bbcc', '001122aabbcc'), true);
  assert.equal(check(a, 'macNotEquals', '0011.22aa.bbcc', '00-11-22-AA-BB-CD'), true);
  assert.equal(check(a, 'macStartsWith', '00:11:22', '00-11-22-AA-BB-CC'), true);
  assert.equal(check(a, 'macNotStartsWith', '00:11:22', '00-11-22-AA-BB-CC'), false);
  assert.equal(check(a, 'macEndsWith', 'bb-cc', '00:11:22:AA:BB:CC'), true);
  assert.equal(check(a, 'macNotEndsWith', 'bb-cd', '00:11:22:AA:BB:CC'), true);
  assert.equal(check(a, 'macContains', '22:AA', '001122aabbcc'), true);
  assert.equal(check(a, 'macNotContains', '22:AA', '001122aabbcc'), false);
  assert.equal(check(a, 'macIn', '11:11:11:11:11:11, 00-11-22-aa-bb-cc', '0011.22aa.bbcc'), true);
  assert.equal(check(a, 'macNotIn', '11:11:11:11:11:11', '0011.22aa.bbcc'), true);
  assert.equal(check(a, 'macEquals', '00:11:22:aa:bb:cc', 'bob'), false);
});

test('enumerated RADIUS values match by any spelling', () => {
  const st = 'Radius:Service-Type';
  const req = new PolicyAttributes().set(st, 10);
  for (const v of ['Call Check', 'Call-Check', 'call check', '10']) {
    const cond: Condition = { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'Radius', attributeName: 'Service-Type', operator: 'equals', attributeValue: v };
    assert.equal(new ConditionCompiler().compile(cond)(new EvalContext(req, NOW)), true, v);
  }
  assert.equal(check('Radius:NAS-Port-Type', 'in', 'Ethernet, Wireless-802.11', 'Wireless - IEEE 802.11'), true);
  assert.equal(check('Radius:NAS-Port-Type', 'equals', 'Wireless - IEEE 802.11', '19'), true);
});

test('compileTest on a bare value list', () => {
  const t = compileTest('notIn', 'a,b', 'x:y');
  assert.equal(t(['c', 'd']), true);
  assert.equal(t(['c', 'a']), false);
});
