// The store for high-rate RADIUS data: sessions and the live log. Written
// only through batches (see services/write-behind.ts), read by MnT.
import type { LiveLogEntry, RadiusSession } from '../domain/session.ts';

export type HotWrite =
  | { kind: 'session'; session: RadiusSession }
  | { kind: 'sessionDelete'; id: string }
  | { kind: 'log'; entry: LiveLogEntry };

export interface LiveLogQuery {
  mac?: string;
  userName?: string;
  since?: string;
  /** Only rows with one of these message codes. */
  codes?: readonly number[];
  limit: number;
}

export interface HotStore {
  /** Applies a batch atomically (one commit). */
  apply(batch: readonly HotWrite[]): void;
  /** Sessions not DISCONNECTED, for loading at start. */
  activeSessions(): RadiusSession[];
  session(id: string): RadiusSession | undefined;
  /** Sessions (active and ended) whose field matches, most recently updated first. */
  sessionsBy(field: 'mac' | 'user_name' | 'framed_ip' | 'nas_ip', value: string, limit?: number): RadiusSession[];
  liveLog(q: LiveLogQuery): LiveLogEntry[];
  /** The highest live-log id stored (ids continue from it after a restart). */
  lastLogId(): number;
  close(): void;
}
