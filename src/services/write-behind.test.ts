import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HotStore, HotWrite } from '../store/hot-store.ts';
import { WriteBehind } from './write-behind.ts';
import type { LiveLogEntry, RadiusSession } from '../domain/session.ts';

function fakeStore(failOn?: (batch: readonly HotWrite[]) => boolean) {
  const batches: HotWrite[][] = [];
  const store = {
    apply(batch: readonly HotWrite[]) {
      if (failOn?.(batch)) throw new Error('disk full');
      batches.push([...batch]);
    },
  } as unknown as HotStore;
  return { store, batches };
}

const log = (id: number): HotWrite => ({ kind: 'sessionDelete', id: String(id) });

test('writes queued in the same turn are committed in one batch; submit resolves after it', async () => {
  const { store, batches } = fakeStore();
  const q = new WriteBehind(store);
  for (let i = 0; i < 10; i++) q.offer(log(i));
  const done = q.submit([log(10)]);
  assert.equal(batches.length, 0);
  await done;
  assert.equal(batches.length, 1);
  assert.equal(batches[0].length, 11);
  assert.equal(q.stats.committed, 11);
});

test('a full queue refuses offers (counted) and submits (rejected) without blocking', async () => {
  const { store } = fakeStore();
  const q = new WriteBehind(store, { capacity: 3 });
  assert.ok(q.offer(log(1)) && q.offer(log(2)) && q.offer(log(3)));
  assert.equal(q.offer(log(4)), false);
  await assert.rejects(q.submit([log(5)]), /queue full/);
  assert.equal(q.stats.dropped, 2);
  await q.flush();
  assert.equal(q.depth, 0);
});

test('batches are bounded; a failed commit rejects its waiters and is counted', async () => {
  const { store, batches } = fakeStore((b) => b.some((w) => w.kind === 'sessionDelete' && w.id === 'bad'));
  const errors: unknown[] = [];
  const q = new WriteBehind(store, { maxBatch: 4, intervalMs: 0, onError: (e) => errors.push(e) });
  for (let i = 0; i < 10; i++) q.offer(log(i));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
  await assert.rejects(q.submit([{ kind: 'sessionDelete', id: 'bad' }]), /disk full/);
  assert.equal(q.stats.failed, 1);
  assert.equal(errors.length, 1);
});

const session = (id: string, userName: string): HotWrite => ({ kind: 'session', session: { id, userName } as RadiusSession });

test('a session changed several times before a flush is written once, in its latest state', async () => {
  const { store, batches } = fakeStore();
  const q = new WriteBehind(store, { intervalMs: 5 });
  q.offer(session('S1', 'a'));
  q.offer(session('S2', 'x'));
  q.offer(session('S1', 'b'));
  q.offer({ kind: 'log', entry: { id: 1 } as LiveLogEntry });
  q.offer(session('S1', 'c'));
  assert.equal(q.depth, 3);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(batches.length, 1);
  const sessions = batches[0].filter((w) => w.kind === 'session').map((w) => w.kind === 'session' && `${w.session.id}=${w.session.userName}`);
  assert.deepEqual(sessions.sort(), ['S1=c', 'S2=x']);
  assert.equal(q.stats.coalesced, 2);
});

test('offers wait for the interval so batches grow; a submit flushes at the next turn', async () => {
  const { store, batches } = fakeStore();
  const q = new WriteBehind(store, { intervalMs: 10_000 });
  q.offer(session('S1', 'a'));
  await new Promise((r) => setImmediate(r));
  assert.equal(batches.length, 0);
  await q.submit([session('S2', 'b')]);
  assert.equal(batches.length, 1);
  assert.equal(batches[0].length, 2);
  await q.flush();
  assert.equal(batches.length, 1, 'an empty flush commits nothing');
});
