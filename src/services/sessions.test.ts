import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteHotStore } from '../store/sqlite/hot.ts';
import { emptySession, emptyLiveLogEntry } from '../domain/session.ts';
import { SessionService } from './sessions.ts';

const HOUR = 3600_000;

function setup(retention = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sessions-'));
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date(now);
  const open = () => {
    const hot = new SqliteHotStore(join(dir, 'sessions.db'));
    return { hot, sessions: new SessionService(hot, clock, undefined, { sweepMs: 3_600_000, ...retention }) };
  };
  return { dir, open, advance: (ms: number) => { now += ms; }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const row = (mac: string, userName: string, messageCode = 5200) => {
  const { id: _id, at: _at, ...rest } = emptyLiveLogEntry(0, '');
  return { ...rest, callingStationId: mac, userName, messageCode };
};

test('live log by MAC and by user comes from the in-memory key index, newest first, filtered and limited', async () => {
  const t = setup();
  const { hot, sessions } = t.open();
  try {
    for (let i = 0; i < 10; i++) sessions.log(row(i % 2 ? 'AA:AA:AA:AA:AA:AA' : 'BB:BB:BB:BB:BB:BB', `user${i % 3}`, i === 9 ? 5400 : 5200));
    const a = (await sessions.liveLog({ mac: 'AA:AA:AA:AA:AA:AA', limit: 3 }));
    assert.equal(a.length, 3);
    assert.ok(a[0].id > a[1].id && a[1].id > a[2].id);
    assert.equal(a[0].messageCode, 5400);
    assert.deepEqual((await sessions.liveLog({ mac: 'AA:AA:AA:AA:AA:AA', codes: [5400], limit: 10 })).length, 1);
    assert.equal((await sessions.liveLog({ userName: 'user0', limit: 100 })).length, 4);
    assert.equal((await sessions.liveLog({ mac: 'BB:BB:BB:BB:BB:BB', userName: 'user0', limit: 100 })).length, 2);
    assert.equal((await sessions.liveLog({ limit: 100 })).length, 10);
    assert.equal((await sessions.liveLog({ mac: 'CC:CC:CC:CC:CC:CC', limit: 5 })).length, 0);
    t.advance(60_000);
    sessions.log(row('AA:AA:AA:AA:AA:AA', 'late'));
    assert.deepEqual((await sessions.liveLog({ mac: 'AA:AA:AA:AA:AA:AA', since: new Date(Date.parse('2026-03-01T10:00:30Z')).toISOString(), limit: 10 })).map((e) => e.userName), ['late']);
  } finally {
    await sessions.close();
    hot.close();
    t.cleanup();
  }
});

test('retention keeps the newest rows by count and by age, in the store and the key index', async () => {
  const t = setup({ liveLogMaxRows: 5, liveLogMaxAgeMs: 24 * HOUR });
  const { hot, sessions } = t.open();
  try {
    for (let i = 0; i < 8; i++) sessions.log(row('AA:AA:AA:AA:AA:AA', `u${i}`));
    await sessions.sweep();
    assert.deepEqual((await sessions.liveLog({ mac: 'AA:AA:AA:AA:AA:AA', limit: 100 })).map((e) => e.userName), ['u7', 'u6', 'u5', 'u4', 'u3']);
    assert.equal((await sessions.liveLog({ userName: 'u0', limit: 10 })).length, 0);
    t.advance(25 * HOUR);
    sessions.log(row('AA:AA:AA:AA:AA:AA', 'today'));
    await sessions.sweep();
    assert.deepEqual((await sessions.liveLog({ limit: 100 })).map((e) => e.userName), ['today']);
    assert.deepEqual((await sessions.liveLog({ mac: 'AA:AA:AA:AA:AA:AA', limit: 100 })).map((e) => e.userName), ['today']);
  } finally {
    await sessions.close();
    hot.close();
    t.cleanup();
  }
});

test('ended sessions stay findable until their retention ends; the table and the key index survive a restart', async () => {
  const t = setup({ endedSessionMs: 2 * HOUR });
  let { hot, sessions } = t.open();
  try {
    const s = emptySession('S-END', '');
    Object.assign(s, { state: 'STARTED', callingStationId: '11:22:33:44:55:66', userName: 'bob', nasIpAddress: '10.0.0.2', framedIpAddress: '10.9.9.9' });
    sessions.put(s);
    const active = emptySession('S-ON', '');
    Object.assign(active, { state: 'AUTHENTICATED', callingStationId: '11:22:33:44:55:77', userName: 'carol', nasIpAddress: '10.0.0.2' });
    sessions.put(active);
    sessions.log(row('11:22:33:44:55:66', 'bob'));
    sessions.put({ ...s, state: 'DISCONNECTED' });
    assert.equal(sessions.get('S-END'), undefined, 'an ended session is not a live one');
    assert.equal(sessions.storedBy('mac', '11:22:33:44:55:66')[0].state, 'DISCONNECTED');
    assert.equal(sessions.storedBy('nas_ip', '10.0.0.2').length, 2);
    assert.equal(sessions.activeCount(), 1);
    await sessions.close();
    hot.close();
    ({ hot, sessions } = t.open());
    assert.equal(sessions.stored('S-END')?.state, 'DISCONNECTED');
    assert.equal(sessions.get('S-ON')?.userName, 'carol');
    assert.equal(sessions.stored('S-ON')?.framedIpAddress, '', 'defaults come back for fields left out of the row');
    assert.equal((await sessions.liveLog({ mac: '11:22:33:44:55:66', limit: 5 }))[0].userName, 'bob');
    t.advance(3 * HOUR);
    await sessions.sweep();
    assert.equal(sessions.stored('S-END'), undefined);
    assert.equal(sessions.storedBy('user_name', 'bob').length, 0);
    assert.ok(sessions.get('S-ON'), 'active sessions are kept whatever their age');
    await sessions.close();
    hot.close();
    ({ hot, sessions } = t.open());
    assert.equal(sessions.stored('S-END'), undefined, 'the removal was persisted');
  } finally {
    await sessions.close();
    hot.close();
    t.cleanup();
  }
});
