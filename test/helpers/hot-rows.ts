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

/**
 * Stored live-log rows once the writer has caught up: the node commits on
 * its writer thread just after it answers, so the count is read until it
 * holds still for a moment.
 */
export async function settledLiveLog(dataDir: string, codes?: readonly number[]): Promise<LiveLogEntry[]> {
  let rows = storedLiveLog(dataDir, codes);
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const again = storedLiveLog(dataDir, codes);
    if (again.length === rows.length) return again;
    rows = again;
  }
  return rows;
}
