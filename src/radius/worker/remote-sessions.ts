// The session table as a RADIUS worker thread sees it: the sessions it
// decided itself (a bounded cache, enough to continue a NAD's sessions,
// which the kernel keeps on this thread), and every outcome and live-log
// row handed to the node in one message per turn of the event loop, with
// the policy hit counts of those decisions. The
// node lays each outcome over its own record (accounting fields stay).
import type { LiveLogEntry, RadiusSession } from '../../domain/session.ts';
import { liveLogDoc, sessionDoc } from '../../domain/session-doc.ts';
import type { SessionSink } from '../../services/session-sink.ts';
import type { FromWorker } from './messages.ts';

export class RemoteSessions implements SessionSink {
  readonly #post: (m: FromWorker) => void;
  readonly #capacity: number;
  readonly #known = new Map<string, RadiusSession>();
  #puts: [string, string][] = [];
  #logs: string[] = [];
  #scheduled = false;

  readonly #hits: () => [string, number][];

  /** `hits` takes the policy matches counted since it was last called; they travel with the outcomes. */
  constructor(post: (m: FromWorker) => void, hits: () => [string, number][], capacity = 200_000) {
    this.#post = post;
    this.#hits = hits;
    this.#capacity = capacity;
  }

  get(id: string): RadiusSession | undefined {
    const s = this.#known.get(id);
    return s && s.state !== 'DISCONNECTED' ? s : undefined;
  }

  put(s: RadiusSession): void {
    // The node stamps updatedAt when it records the outcome.
    this.#known.delete(s.id);
    this.#known.set(s.id, s);
    if (this.#known.size > this.#capacity) this.#known.delete(this.#known.keys().next().value!);
    this.#puts.push([s.id, sessionDoc(s)]);
    this.#schedule();
  }

  log(entry: Omit<LiveLogEntry, 'id' | 'at'>): void {
    this.#logs.push(liveLogDoc(entry));
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Hands what was recorded since the last call to the node. */
  flush(): void {
    this.#scheduled = false;
    const hits = this.#hits();
    if (this.#puts.length === 0 && this.#logs.length === 0 && hits.length === 0) return;
    this.#post({ t: 'sessions', puts: this.#puts, logs: this.#logs, hits });
    this.#puts = [];
    this.#logs = [];
  }
}
