import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import type { Entity, SearchQuery } from '../../domain/entity.ts';
import { SqliteEntityTable } from './entity-table.ts';

interface Thing extends Entity { secret: string }

function table(): { db: DatabaseSync; things: SqliteEntityTable<Thing> } {
  const db = new DatabaseSync(':memory:');
  db.exec(`CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL, doc TEXT NOT NULL);
    CREATE INDEX things_description ON things (description, id);`);
  const things = new SqliteEntityTable<Thing>(db, {
    table: 'things',
    columns: [
      { field: 'name', column: 'name', value: (t) => t.name, nocase: true },
      { field: 'description', column: 'description', value: (t) => t.description, nocase: true },
    ],
    encode: (t) => ({ ...t, secret: `sealed:${t.secret}` }),
    decode: (t) => ({ ...t, secret: t.secret.replace(/^sealed:/, '') }),
  });
  return { db, things };
}

const thing = (i: number): Thing => ({
  id: `id-${String((i * 7919) % 1000).padStart(4, '0')}-${i}`, name: `thing-${String(i).padStart(4, '0')}`,
  description: `d${i % 7}`, secret: `s${i}`, createdAt: '', updatedAt: '',
});

const q = (over: Partial<SearchQuery>): SearchQuery => ({ filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset: 0, limit: 10, ...over });

test('keyset seeks return the same pages as offsets, in every sort order', async () => {
  const { things } = table();
  for (let i = 0; i < 95; i++) await things.insert(thing(i));
  for (const sort of [{ field: 'name', desc: false }, { field: 'name', desc: true }, { field: 'description', desc: false }, { field: 'description', desc: true }]) {
    const filters = [{ field: 'description', op: 'NEQ' as const, value: 'd3' }, { field: 'name', op: 'STARTSW' as const, value: 'thing-00' }];
    for (const mode of ['and', 'or'] as const) {
      const base = q({ sort, filters, mode, limit: 7 });
      const pages: string[][] = [];
      for (let p = 0; ; p++) {
        const r = await things.search({ ...base, offset: p * 7 });
        if (r.items.length === 0) break;
        pages.push(r.items.map((t) => t.id));
      }
      assert.ok(pages.length > 3, `${JSON.stringify(sort)} ${mode}: several pages`);
      let prev = await things.search(base);
      for (let p = 1; p < pages.length; p++) {
        const next = await things.search({ ...base, seek: { key: prev.keys!.last, dir: 'after' } });
        assert.deepEqual(next.items.map((t) => t.id), pages[p], `after, page ${p + 1} ${JSON.stringify(sort)} ${mode}`);
        const same = await things.search({ ...base, seek: { key: next.keys!.first, dir: 'from' } });
        assert.deepEqual(same.items.map((t) => t.id), pages[p], `from, page ${p + 1}`);
        const back = await things.search({ ...base, seek: { key: next.keys!.first, dir: 'before' } });
        assert.deepEqual(back.items.map((t) => t.id), pages[p - 1], `before, page ${p}`);
        assert.equal(next.total, prev.total);
        prev = next;
      }
      const end = await things.search({ ...base, seek: { key: prev.keys!.last, dir: 'after' } });
      assert.deepEqual(end.items, []);
      assert.equal(end.keys, undefined);
    }
  }
});

test('counts are remembered until the next write through the table', async () => {
  const { things } = table();
  for (let i = 0; i < 5; i++) await things.insert(thing(i));
  assert.equal((await things.search(q({}))).total, 5);
  await things.insert(thing(5));
  assert.equal((await things.search(q({}))).total, 6, 'insert');
  await things.delete(thing(0).id);
  assert.equal((await things.count()), 5, 'delete');
  const t = thing(1);
  assert.equal(await things.count([{ field: 'description', op: 'EQ', value: 'd6' }]), 0);
  await things.update({ ...t, description: 'd6' });
  assert.equal(await things.count([{ field: 'description', op: 'EQ', value: 'd6' }]), 1, 'update');
});

test('documents are encoded on write and decoded on every read', async () => {
  const { db, things } = table();
  await things.insert(thing(1));
  const raw = db.prepare('SELECT doc FROM things').get() as { doc: string };
  assert.equal(JSON.parse(raw.doc).secret, 'sealed:s1');
  assert.equal((await things.get(thing(1).id))?.secret, 's1');
  assert.equal((await things.getByName(thing(1).name))?.secret, 's1');
  assert.equal((await things.search(q({}))).items[0].secret, 's1');
});
