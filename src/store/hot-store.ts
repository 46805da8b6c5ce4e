// The store for high-rate RADIUS data: sessions and the live log. Written
// only through batches (see services/write-behind.ts); the session table and
// the live log's key index are held in memory by the services, so the store
// needs no secondary indexes: sessions are read once at start, live-log rows
// by id or newest first.
import type { LiveLogEntry, RadiusSession } from '../domain/session.ts';

/** `doc`: the record's document (domain/session-doc.ts) when whoever made the record wrote it already; it must be of exactly that record. */
export type HotWrite =
  | { kind: 'session'; session: RadiusSession; doc?: string }
  | { kind: 'sessionDelete'; id: string }
  | { kind: 'log'; entry: LiveLogEntry; doc?: string };

export interface LiveLogQuery {
  mac?: string;
  userName?: string;
  since?: string;
  /** Only rows with one of these message codes. */
  codes?: readonly number[];
  limit: number;
}

/** What the in-memory live-log index keeps of each row. */
export interface LiveLogKey {
  id: number;
  mac: string;
  userName: string;
}

export interface HotStore {
  /** Applies a batch atomically (one commit); a store that writes on another thread resolves once it committed. */
  apply(batch: readonly HotWrite[]): void | Promise<void>;
  /** Every stored session, active and ended, for loading at start. */
  sessions(): RadiusSession[];
  /** Rows newest first, filtered by time and codes only (key lookups go through liveLogByIds). */
  liveLog(q: Omit<LiveLogQuery, 'mac' | 'userName'>): LiveLogEntry[];
  /** Rows with these ids, in the order given (missing ids are skipped). */
  liveLogByIds(ids: readonly number[]): LiveLogEntry[];
  /** The key columns of every row, oldest first (to rebuild the in-memory index). */
  liveLogKeys(): Iterable<LiveLogKey>;
  /** Deletes rows with ids below `minId` and all but the newest `maxRows`; returns the lowest id that may still be stored. */
  pruneLiveLog(minId: number, maxRows: number): number | Promise<number>;
  /** The highest live-log id stored (ids continue from it after a restart). */
  lastLogId(): number;
  close(): void | Promise<void>;
}
