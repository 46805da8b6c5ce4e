// What the RADIUS authentication path needs of the session table: the live
// session a request continues, recording the outcome, and the live log. The
// node's SessionService is one; a RADIUS worker thread hands both to the
// node's (radius/worker/remote-sessions.ts).
import type { LiveLogEntry, RadiusSession } from '../domain/session.ts';

export interface SessionSink {
  /** A session that has not ended, by id. */
  get(id: string): RadiusSession | undefined;
  /** Records an authentication's session (not awaited). */
  put(s: RadiusSession): void;
  /** Appends a live-log row (not awaited). */
  log(entry: Omit<LiveLogEntry, 'id' | 'at'>): void;
}
