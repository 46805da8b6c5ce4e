import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThreadedHotStore } from './threaded-hot.ts';
import { SqliteHotStore } from './hot.ts';
import { emptyLiveLogEntry, emptySession } from '../../domain/session.ts';

test('batches commit on the writer thread in order; reads see them once apply resolves; retention runs there too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hot-thread-'));
  const hot = ThreadedHotStore.open(dir);
  try {
    const s = { ...emptySession('S1', '2026-01-01T00:00:00.000Z'), state: 'AUTHENTICATED' as const, userName: 'alice' };
    const applies = [];
    for (let i = 1; i <= 5; i++) {
      applies.push(hot.apply([{ kind: 'session', session: { ...s, nasPort: i } }, { kind: 'log', entry: { ...emptyLiveLogEntry(i, '2026-01-01T00:00:00.000Z'), userName: `u${i}` } }]));
    }
    await Promise.all(applies);
    assert.equal(hot.sessions()[0].nasPort, 5, 'the last batch won');
    assert.deepEqual(hot.liveLog({ limit: 10 }).map((e) => e.userName), ['u5', 'u4', 'u3', 'u2', 'u1']);
    assert.equal(await hot.pruneLiveLog(0, 2), 4);
    assert.deepEqual(hot.liveLogByIds([5, 1]).map((e) => e.id), [5]);
  } finally {
    await hot.close();
  }
  // Everything was committed to the file the node reopens.
  const again = new SqliteHotStore(join(dir, 'sessions.db'));
  assert.equal(again.lastLogId(), 5);
  again.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a failed batch rejects its apply; the writer goes on with the next one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hot-thread-'));
  const hot = ThreadedHotStore.open(dir);
  try {
    const bad = { ...emptyLiveLogEntry(1, ''), at: null } as unknown as ReturnType<typeof emptyLiveLogEntry>;
    await assert.rejects(hot.apply([{ kind: 'log', entry: bad }]), /NOT NULL/);
    await hot.apply([{ kind: 'log', entry: emptyLiveLogEntry(2, '2026-01-01T00:00:00.000Z') }]);
    assert.equal(hot.lastLogId(), 2);
  } finally {
    await hot.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a writer thread that dies is started again: what it had in hand fails, later batches commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hot-thread-'));
  const hot = ThreadedHotStore.open(dir);
  const exits: Error[] = [];
  hot.onWriterExit = (e) => exits.push(e);
  const at = '2026-01-01T00:00:00.000Z';
  try {
    await hot.apply([{ kind: 'log', entry: emptyLiveLogEntry(1, at) }]);
    const first = hot.writerThread!;
    const inFlight = hot.apply([{ kind: 'log', entry: emptyLiveLogEntry(2, at) }]);
    await first.terminate();
    // Settled either way (committed just before the end, or failed with it), never left hanging.
    await inFlight.catch((e: Error) => assert.match(e.message, /writer thread exited/));
    assert.equal(exits.length, 1);
    await assert.rejects(hot.apply([{ kind: 'log', entry: emptyLiveLogEntry(3, at) }]), /writer thread exited/, 'fails fast while it is down');
    const deadline = Date.now() + 5000;
    while (hot.restarts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(hot.restarts, 1);
    assert.notEqual(hot.writerThread, first);
    await hot.apply([{ kind: 'session', session: { ...emptySession('S9', at), userName: 'after' } }, { kind: 'log', entry: emptyLiveLogEntry(4, at) }]);
    assert.equal(hot.lastLogId(), 4);
    assert.equal(hot.sessions().find((s) => s.id === 'S9')?.userName, 'after');
  } finally {
    await hot.close();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(exits.length, 1, 'closing is not a death');
});
