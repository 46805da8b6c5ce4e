// Group commit: transactions that arrive together share one COMMIT, and a
// failing one undoes only its own writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './index.ts';

const group = (id: string, name: string) => ({ id, name, description: '', parent: 'p', system: false, createdAt: '', updatedAt: '' });

test('concurrent transactions commit together; a failure rolls back only its own writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tx-'));
  const store = SqliteStore.open(dir);
  try {
    const results = await Promise.allSettled([
      store.transaction(async (tx) => { await tx.identityGroups.insert(group('00000000-0000-0000-0000-000000000001', 'one')); return 1; }),
      store.transaction(async (tx) => {
        await tx.identityGroups.insert(group('00000000-0000-0000-0000-000000000002', 'two'));
        throw new Error('halfway');
      }),
      store.transaction(async (tx) => { await tx.identityGroups.insert(group('00000000-0000-0000-0000-000000000003', 'three')); return 3; }),
      // Same name as the first: refused by the unique index, only this one is undone.
      store.transaction(async (tx) => { await tx.identityGroups.insert(group('00000000-0000-0000-0000-000000000004', 'one')); return 4; }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    assert.ok(await store.identityGroups.get('00000000-0000-0000-0000-000000000001'));
    assert.equal(await store.identityGroups.get('00000000-0000-0000-0000-000000000002'), undefined);
    assert.ok(await store.identityGroups.get('00000000-0000-0000-0000-000000000003'));
    assert.equal(await store.identityGroups.get('00000000-0000-0000-0000-000000000004'), undefined);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('committed transactions survive reopening the database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tx-'));
  try {
    const a = SqliteStore.open(dir);
    await a.transaction(async (tx) => tx.identityGroups.insert(group('00000000-0000-0000-0000-0000000000aa', 'kept')));
    await a.close();
    const b = SqliteStore.open(dir);
    assert.equal((await b.identityGroups.getByName('kept'))?.id, '00000000-0000-0000-0000-0000000000aa');
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
