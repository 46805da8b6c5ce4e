import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/index.ts';
import { createServices } from './index.ts';
import { SYSTEM_ACTOR } from './context.ts';

test('the RADIUS client index follows the store when a write fails after indexing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nad-'));
  const store = SqliteStore.open(dir);
  try {
    const { networkDevices } = await createServices(store);
    const resolve = (a: string) => networkDevices.radiusClients.resolve(a)?.secret.toString();
    const auth = (secret: string) => ({ radiusSharedSecret: secret });
    const d = await networkDevices.create({ name: 'a', ipList: [{ ipaddress: '10.0.0.1' }], authenticationSettings: auth('first-secret') }, SYSTEM_ACTOR);
    assert.equal(resolve('10.0.0.1'), 'first-secret');

    // The audit append runs after the device is indexed, inside the same transaction.
    const append = store.audit.append.bind(store.audit);
    store.audit.append = async () => { throw new Error('disk full'); };
    await assert.rejects(networkDevices.create({ name: 'b', ipList: [{ ipaddress: '10.0.0.2' }], authenticationSettings: auth('b-secret') }, SYSTEM_ACTOR), /disk full/);
    await assert.rejects(networkDevices.update({ id: d.id }, { ipList: [{ ipaddress: '10.0.0.3' }], authenticationSettings: auth('other-secret') }, SYSTEM_ACTOR), /disk full/);
    await assert.rejects(networkDevices.delete({ id: d.id }, SYSTEM_ACTOR), /disk full/);
    store.audit.append = append;

    assert.equal(resolve('10.0.0.2'), undefined, 'a create that did not commit is not indexed');
    assert.equal(resolve('10.0.0.3'), undefined, 'an update that did not commit is undone');
    assert.equal(resolve('10.0.0.1'), 'first-secret', 'a delete that did not commit is undone');
    assert.equal((await networkDevices.get(d.id))?.authenticationSettings?.radiusSharedSecret, 'first-secret');
    const b = await networkDevices.create({ name: 'b', ipList: [{ ipaddress: '10.0.0.2' }], authenticationSettings: auth('b-secret') }, SYSTEM_ACTOR);
    assert.equal(resolve('10.0.0.2'), 'b-secret');
    assert.equal(b.name, 'b');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
