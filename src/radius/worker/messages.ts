// Messages between the node and its RADIUS worker threads.
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
  /**
   * What the thread decided since its last message, as documents
   * (domain/session-doc.ts: cheaper to hand over than the records, and
   * stored as they are), with the policy matches it counted.
   */
  | { t: 'sessions'; puts: [id: string, doc: string][]; logs: string[]; hits: [string, number][] }
  | { t: 'stopped' };
