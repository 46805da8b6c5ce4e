// Reads a node's sessions.db the way the node wrote it (compact documents),
// for tests that check what was persisted.
import { join } from 'node:path';
import { SqliteHotStore } from '../../src/store/sqlite/hot.ts';
import type { LiveLogEntry, RadiusSession } from '../../src/domain/session.ts';

function withHot<T>(dataDir: string, f: (hot: SqliteHotStore) => T): T {
  const hot = new SqliteHotStore(join(dataDir, 'sessions.db'));
  try {
    return f(hot);
  } finally {
    hot.close();
  }
}

/** Stored live-log rows, oldest first, optionally only those with one of `codes`. */
export function storedLiveLog(dataDir: string, codes?: readonly number[]): LiveLogEntry[] {
  return withHot(dataDir, (hot) => hot.liveLog({ codes, limit: 1_000_000 }).reverse());
}

/** Stored sessions, active and ended. */
export function storedSessions(dataDir: string): RadiusSession[] {
  return withHot(dataDir, (hot) => hot.sessions());
}

/** What settledLiveLog needs of a running node. */
export interface NodeHandle {
  dataDir: string;
  request(method: string, path: string, opts?: { port?: 'ers' | 'https'; format?: 'json' | 'xml' }): Promise<{ status: number }>;
}

/**
 * Stored live-log rows once the node has committed everything it holds: an
 * MnT AuthStatus call makes the node commit what is queued before it
 * answers (RADIUS threads hand their rows over within a turn of their event
 * loop, so the count is then read until it holds still for a moment).
 */
export async function settledLiveLog(node: NodeHandle, codes?: readonly number[]): Promise<LiveLogEntry[]> {
  const r = await node.request('GET', '/admin/API/mnt/AuthStatus/MACAddress/02:00:00:00:00:00/60/1/All', { port: 'https', format: 'xml' });
  if (r.status !== 200 && r.status !== 500) throw new Error(`MnT AuthStatus answered ${r.status}`);
  let rows = storedLiveLog(node.dataDir, codes);
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const again = storedLiveLog(node.dataDir, codes);
    if (again.length === rows.length) return again;
    rows = again;
  }
  return rows;
}
