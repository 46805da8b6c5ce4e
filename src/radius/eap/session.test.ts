// The EAP session table: State keys per NAD, the size bound (least recently
// active evicted, counted), idle expiry, conversations a station abandons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapSessionTable, type EapSession, type EndReason } from './session.ts';
import type { EapMethod } from './method.ts';

function table(maxSessions: number, timeoutMs = 1000) {
  let now = 1_000_000;
  const ended: Array<[string, EndReason]> = [];
  const t = new EapSessionTable<string>({ maxSessions, timeoutMs }, (s, reason) => ended.push([s.data, reason]), () => now);
  return { t, ended, advance: (ms: number) => { now += ms; } };
}

test('sessions are found by NAD and State only', () => {
  const { t } = table(10);
  const s = t.create('nad-a', '', 'one');
  assert.equal(s.state.length, 16);
  assert.equal(t.find('nad-a', s.state), s);
  assert.equal(t.find('nad-b', s.state), undefined);
  assert.equal(t.find('nad-a', Buffer.from(s.state).fill(0)), undefined);
});

test('a full table evicts the session idle longest, counts it, and does not log it as a timeout', () => {
  const { t, ended, advance } = table(3);
  const a = t.create('nad', '', 'a');
  advance(1);
  const b = t.create('nad', '', 'b');
  advance(1);
  t.create('nad', '', 'c');
  advance(1);
  t.touch(a); // a is now the most recent
  t.create('nad', '', 'd');
  assert.equal(t.size, 3);
  assert.equal(t.find('nad', b.state), undefined);
  assert.equal(t.find('nad', a.state), a);
  assert.deepEqual(ended, [['b', 'evicted']]);
  for (let i = 0; i < 1000; i++) t.create('nad', '', `flood-${i}`);
  assert.equal(t.size, 3);
  assert.equal(t.counters.evicted, 1001);
  assert.equal(t.counters.created, 1004);
});

test('idle sessions expire: on lookup and by the sweep, but not while a round runs', () => {
  const { t, ended, advance } = table(10, 1000);
  const a = t.create('nad', '', 'a');
  const b = t.create('nad', '', 'b');
  const c = t.create('nad', '', 'c');
  advance(600);
  t.touch(c);
  advance(500);
  assert.equal(t.find('nad', a.state), undefined);
  b.busy = true;
  assert.equal(t.sweep(), 0, 'the busy session heads the queue and is skipped');
  b.busy = false;
  assert.equal(t.sweep(), 1);
  assert.equal(t.find('nad', c.state), c);
  assert.deepEqual(ended, [['a', 'timeout'], ['b', 'timeout']]);
  assert.equal(t.counters.expired, 2);
});

test('a new conversation from the same station on the same NAD ends the abandoned one', () => {
  const { t, ended } = table(10);
  const first = t.create('nad', '02-00-00-00-00-01', 'first');
  const other = t.create('nad-2', '02-00-00-00-00-01', 'other NAD');
  const second = t.create('nad', '02-00-00-00-00-01', 'second');
  assert.equal(first.ended, true);
  assert.equal(t.find('nad', first.state), undefined);
  assert.equal(t.find('nad', second.state), second);
  assert.equal(t.find('nad-2', other.state), other);
  assert.deepEqual(ended, [['first', 'abandoned']]);
  t.finish(second);
  assert.equal(t.counters.completed, 1);
  // Finishing removes the station entry: the next conversation abandons nothing.
  t.create('nad', '02-00-00-00-00-01', 'third');
  assert.equal(ended.length, 1);
});

test('ending a session closes its method; limits must be positive', () => {
  const { t } = table(1);
  let closed = 0;
  const s: EapSession<string> = t.create('nad', '', 'x');
  s.method = { close: () => { closed++; } } as unknown as EapMethod;
  t.create('nad', '', 'y');
  assert.equal(closed, 1);
  assert.throws(() => new EapSessionTable({ maxSessions: 0, timeoutMs: 1 }, () => undefined), RangeError);
});
