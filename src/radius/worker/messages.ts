// Messages between the node and its RADIUS worker threads.
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import type { ChangeEvent } from '../../services/events.ts';
import type { Config } from '../../config.ts';

export interface WorkerSetup {
  config: Config;
  /** The authentication port the node bound (shared with SO_REUSEPORT). */
  authPort: number;
  /** Thread number, for logs. */
  index: number;
  /** The node's EAP session-ticket secret (so tickets resume on any thread). */
  ticketSecret: Uint8Array;
}

/** Node → worker. */
export type ToWorker =
  | { t: 'change'; event: ChangeEvent }
  | { t: 'stop' };

/** Worker → node. */
export type FromWorker =
  | { t: 'ready' }
  | { t: 'failed'; error: string }
  /** What the thread decided since its last message, with the policy matches it counted. */
  | { t: 'sessions'; puts: RadiusSession[]; logs: Omit<LiveLogEntry, 'id' | 'at'>[]; hits: [string, number][] }
  | { t: 'stopped' };
