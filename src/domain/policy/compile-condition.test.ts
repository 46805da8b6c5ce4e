import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionCompiler, EvalContext } from './compile-condition.ts';
import type { Condition, ConditionAttributes, LibraryCondition } from './condition.ts';
import { describeReferences, referencedIds } from './condition.ts';
import { PolicyAttributes } from './request.ts';
import type { TimeAndDateCondition } from './time-condition.ts';

const NOW = new Date('2025-03-05T10:30:00Z'); // a Wednesday

const leaf = (dictionaryName: string, attributeName: string, attributeValue: string, isNegate = false): ConditionAttributes => ({
  conditionType: 'ConditionAttributes', isNegate, dictionaryName, attributeName, operator: 'equals', attributeValue,
});
const and = (children: Condition[], isNegate = false): Condition => ({ conditionType: 'ConditionAndBlock', isNegate, children });
const or = (children: Condition[], isNegate = false): Condition => ({ conditionType: 'ConditionOrBlock', isNegate, children });
const ref = (id: string, isNegate = false): Condition => ({ conditionType: 'ConditionReference', isNegate, id });

const req = new PolicyAttributes()
  .set('Radius:NAS-Port-Type', 15)
  .set('DEVICE:Location', 'All Locations#Site-A')
  .set('IdentityGroup:Name', ['User Identity Groups:Employee', 'Endpoint Identity Groups:Unknown'])
  .set('CERTIFICATE:Subject Alternative Name', '00:11:22:AA:BB:CC')
  .set('Radius:Calling-Station-ID', '00-11-22-AA-BB-CC');

const run = (c: Condition | LibraryCondition | null, compiler = new ConditionCompiler(), at = NOW): boolean =>
  compiler.compile(c)(new EvalContext(req, at));

test('null condition (Default entries) matches', () => {
  assert.equal(run(null), true);
});

test('AND / OR blocks, nested, with negation at each level', () => {
  const eth = leaf('Radius', 'NAS-Port-Type', 'Ethernet');
  const wifi = leaf('Radius', 'NAS-Port-Type', 'Wireless - IEEE 802.11');
  const siteA = leaf('DEVICE', 'Location', 'All Locations#Site-A');
  const emp = leaf('IdentityGroup', 'Name', 'User Identity Groups:Employee');
  assert.equal(run(and([eth, siteA])), true);
  assert.equal(run(and([wifi, siteA])), false);
  assert.equal(run(or([wifi, siteA])), true);
  assert.equal(run(or([wifi, leaf('DEVICE', 'Location', 'x')])), false);
  assert.equal(run(and([eth, siteA], true)), false);
  assert.equal(run(or([wifi], true)), true);
  assert.equal(run(and([leaf('Radius', 'NAS-Port-Type', 'Ethernet', true), siteA])), false);
  // Seven levels deep.
  let deep: Condition = emp;
  for (let i = 0; i < 6; i++) deep = i % 2 === 0 ? and([deep, eth]) : or([wifi, deep]);
  assert.equal(run(deep), true);
  assert.equal(run(and([deep, and([or([wifi, siteA], true)])])), false);
  assert.equal(run(and([])), true);
  assert.equal(run(or([])), false);
});

test('library references, negated references, negated library roots, unknown ids, cycles', () => {
  const library: LibraryCondition[] = [
    { conditionType: 'LibraryConditionAttributes', id: 'wired', name: 'Wired', description: '', isNegate: false, dictionaryName: 'Radius', attributeName: 'NAS-Port-Type', operator: 'equals', attributeValue: 'Ethernet' },
    { conditionType: 'LibraryConditionAttributes', id: 'notEmployee', name: 'NotEmployee', description: '', isNegate: true, dictionaryName: 'IdentityGroup', attributeName: 'Name', operator: 'equals', attributeValue: 'User Identity Groups:Employee' },
    { conditionType: 'LibraryConditionAndBlock', id: 'wiredSiteA', name: 'WiredSiteA', description: '', isNegate: false, children: [ref('wired'), leaf('DEVICE', 'Location', 'All Locations#Site-A')] },
    { conditionType: 'LibraryConditionOrBlock', id: 'loopA', name: 'LoopA', description: '', isNegate: false, children: [ref('loopB')] },
    { conditionType: 'LibraryConditionOrBlock', id: 'loopB', name: 'LoopB', description: '', isNegate: false, children: [ref('loopA')] },
  ];
  const c = new ConditionCompiler(library);
  assert.equal(run(ref('wired'), c), true);
  assert.equal(run(ref('wired', true), c), false);
  assert.equal(run(ref('notEmployee'), c), false);
  assert.equal(run(ref('wiredSiteA'), c), true);
  assert.equal(run(and([ref('wiredSiteA'), ref('notEmployee', true)]), c), true);
  assert.equal(run(ref('missing'), c), false);
  assert.equal(run(ref('loopA'), c), false);
  // The library condition is compiled once and shared.
  assert.equal(c.reference('wired'), c.reference('wired'));
  assert.deepEqual(referencedIds(and([ref('a'), or([ref('b'), leaf('x', 'y', 'z')])])), ['a', 'b']);
  const described = describeReferences(ref('wired'), (id) => (id === 'wired' ? { name: 'Wired', description: 'd' } : undefined));
  assert.deepEqual(described, { conditionType: 'ConditionReference', isNegate: false, id: 'wired', name: 'Wired', description: 'd' });
});

test('attribute-to-attribute test (MAC_in_SAN form)', () => {
  const macInSan: Condition = {
    conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'CERTIFICATE', attributeName: 'Subject Alternative Name',
    operator: 'equals', dictionaryValue: 'Radius', attributeValue: 'Calling-Station-ID',
  };
  assert.equal(run(macInSan), true);
  assert.equal(run({ ...macInSan, operator: 'notEquals' }), false);
  assert.equal(run({ ...macInSan, attributeValue: 'Called-Station-ID' }), false); // right side missing
});

test('time-and-date conditions through references', () => {
  const businessHours: TimeAndDateCondition = {
    conditionType: 'TimeAndDateCondition', id: 'bh', name: 'Business_Hours', description: '', isNegate: false,
    weekDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], hoursRange: { startTime: '08:00', endTime: '17:00' },
  };
  const night: TimeAndDateCondition = {
    conditionType: 'TimeAndDateCondition', id: 'night', name: 'Night', description: '', isNegate: false,
    hoursRange: { startTime: '22:00', endTime: '06:00' },
  };
  const notMarch: TimeAndDateCondition = {
    conditionType: 'TimeAndDateCondition', id: 'notMarch', name: 'NotMarch', description: '', isNegate: true,
    datesRange: { startDate: '2025-03-01', endDate: '2025-03-31' },
  };
  const holidays: TimeAndDateCondition = {
    conditionType: 'TimeAndDateCondition', id: 'hol', name: 'Hol', description: '', isNegate: false,
    weekDaysException: ['Sunday'], datesRangeException: { startDate: '2025-03-05', endDate: '2025-03-05' },
  };
  const c = new ConditionCompiler([], [businessHours, night, notMarch, holidays]);
  assert.equal(run(ref('bh'), c), true);
  assert.equal(run(ref('bh'), c, new Date('2025-03-05T17:01:00Z')), false);
  assert.equal(run(ref('bh'), c, new Date('2025-03-08T10:00:00Z')), false); // Saturday
  assert.equal(run(ref('night'), c, new Date('2025-03-05T23:10:00Z')), true);
  assert.equal(run(ref('night'), c, new Date('2025-03-05T05:59:00Z')), true);
  assert.equal(run(ref('night'), c), false);
  assert.equal(run(ref('notMarch'), c), false);
  assert.equal(run(ref('notMarch'), c, new Date('2025-04-01T00:00:00Z')), true);
  assert.equal(run(ref('hol'), c), false);
  assert.equal(run(ref('hol'), c, new Date('2025-03-06T12:00:00Z')), true);
  // Judged in the configured time zone: 10:30 UTC is 05:30 in New York.
  const ny = new ConditionCompiler([], [businessHours]);
  assert.equal(ny.compile(ref('bh'))(new EvalContext(req, NOW, 'America/New_York')), false);
  assert.equal(ny.compile(ref('bh'))(new EvalContext(req, new Date('2025-03-05T14:00:00Z'), 'America/New_York')), true);
});
