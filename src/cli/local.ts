// Opens a data directory's store and services for local CLI commands; works
// whether or not a node is running on it (SQLite WAL allows both).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/index.ts';
import { createServices, type Services } from '../services/index.ts';

export async function withLocalServices<T>(dataDir: string, fn: (s: Services) => Promise<T>): Promise<T> {
  if (!existsSync(join(dataDir, 'gatehouse.db'))) {
    throw new Error(`no Gatehouse data in ${dataDir} (start a node with --data-dir ${dataDir} first)`);
  }
  const store = SqliteStore.open(dataDir);
  try {
    return await fn(await createServices(store));
  } finally {
    await store.close();
  }
}

export const LOCAL_ACTOR = { name: `cli:${process.env.USER ?? 'local'}`, source: 'local' };
