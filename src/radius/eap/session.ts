// EAP sessions between the Access-Challenge rounds of one conversation,
// keyed by the NAD and the State attribute Gatehouse chose. The table is
// bounded: when full, the session idle longest is evicted (counted); a
// session idle past the timeout expires; a new conversation from the same
// station on the same NAD ends the one it abandoned. The owner hears of
// every end that was not a completion, to log it.
import { randomBytes } from 'node:crypto';
import type { EapMethod } from './method.ts';

export type EndReason = 'timeout' | 'evicted' | 'abandoned';

export interface EapSessionLimits {
  /** Idle time after which a session expires. */
  timeoutMs: number;
  /** Most sessions held at once. */
  maxSessions: number;
}

const STATE_LENGTH = 16;

export class EapSession<A> {
  readonly key: string;
  /** The State attribute of this conversation's Access-Challenges. */
  readonly state: Buffer;
  readonly nad: string;
  /** `<nad>|<Calling-Station-Id>`, or '' when the request carried none. */
  readonly station: string;
  readonly startedAt: number;
  touchedAt: number;
  /** Identifier of the last EAP-Request sent. */
  requestId: number;
  /** The last EAP-Request sent and the Response it answered, to answer a repeated Response alike. */
  lastRequest: Buffer | undefined;
  lastResponse: Buffer | undefined;
  rounds = 0;
  /** EAP-Response/Identity, once received. */
  identity: string | undefined;
  method: EapMethod | undefined;
  /** The peer answered the proposed method (a NAK is no longer allowed). */
  methodAnswered = false;
  nakUsed = false;
  /** A round is being processed; another Access-Request for it is dropped meanwhile. */
  busy = false;
  ended = false;
  /** What the owner keeps with the conversation. */
  readonly data: A;

  constructor(nad: string, station: string, data: A, now: number) {
    this.state = randomBytes(STATE_LENGTH);
    this.nad = nad;
    this.key = EapSession.keyOf(nad, this.state);
    this.station = station;
    this.startedAt = now;
    this.touchedAt = now;
    this.requestId = randomBytes(1)[0];
    this.data = data;
  }

  static keyOf(nad: string, state: Buffer): string {
    return `${nad}|${state.toString('hex')}`;
  }
}

export class EapSessionTable<A> {
  readonly counters = { created: 0, completed: 0, expired: 0, evicted: 0, abandoned: 0 };
  readonly #limits: EapSessionLimits;
  readonly #onEnd: (s: EapSession<A>, reason: EndReason) => void;
  readonly #clock: () => number;
  /** In order of last activity, least recent first. */
  readonly #byKey = new Map<string, EapSession<A>>();
  readonly #byStation = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(limits: EapSessionLimits, onEnd: (s: EapSession<A>, reason: EndReason) => void, clock: () => number = Date.now) {
    if (limits.maxSessions < 1 || limits.timeoutMs < 1) throw new RangeError('EAP session limits must be positive');
    this.#limits = limits;
    this.#onEnd = onEnd;
    this.#clock = clock;
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Opens a session; ends the oldest when the table is full, and the station's previous one. */
  create(nad: string, callingStationId: string, data: A): EapSession<A> {
    const station = callingStationId ? `${nad}|${callingStationId}` : '';
    if (station) {
      const previous = this.#byStation.get(station);
      const old = previous === undefined ? undefined : this.#byKey.get(previous);
      if (old) this.#end(old, 'abandoned');
    }
    while (this.#byKey.size >= this.#limits.maxSessions) {
      const oldest = this.#byKey.values().next().value as EapSession<A>;
      this.#end(oldest, 'evicted');
    }
    const s = new EapSession(nad, station, data, this.#clock());
    this.#byKey.set(s.key, s);
    if (station) this.#byStation.set(station, s.key);
    this.counters.created++;
    return s;
  }

  /** The live session of a NAD's State, or undefined (an expired one is ended first). */
  find(nad: string, state: Buffer): EapSession<A> | undefined {
    const s = this.#byKey.get(EapSession.keyOf(nad, state));
    if (!s) return undefined;
    if (this.#clock() - s.touchedAt > this.#limits.timeoutMs) {
      this.#end(s, 'timeout');
      return undefined;
    }
    return s;
  }

  /** Marks activity: the session moves to the most recent end. */
  touch(s: EapSession<A>): void {
    if (s.ended) return;
    s.touchedAt = this.#clock();
    this.#byKey.delete(s.key);
    this.#byKey.set(s.key, s);
  }

  /** Ends a session that reached its outcome. */
  finish(s: EapSession<A>): void {
    if (s.ended) return;
    this.#remove(s);
    this.counters.completed++;
  }

  /** Ends every session idle past the timeout; returns how many. */
  sweep(): number {
    const deadline = this.#clock() - this.#limits.timeoutMs;
    let n = 0;
    for (const s of this.#byKey.values()) {
      if (s.touchedAt > deadline) break;
      if (s.busy) continue;
      this.#end(s, 'timeout');
      n++;
    }
    return n;
  }

  /** Sweeps every `intervalMs` without keeping the process alive. */
  startSweeper(intervalMs: number): void {
    this.stopSweeper();
    this.#timer = setInterval(() => this.sweep(), intervalMs);
    this.#timer.unref();
  }

  stopSweeper(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Ends every session (shutdown), without reporting them. */
  clear(): void {
    for (const s of [...this.#byKey.values()]) this.#remove(s);
  }

  #end(s: EapSession<A>, reason: EndReason): void {
    this.#remove(s);
    if (reason === 'timeout') this.counters.expired++;
    else if (reason === 'evicted') this.counters.evicted++;
    else this.counters.abandoned++;
    try {
      this.#onEnd(s, reason);
    } catch {
      // The owner's logging must not break the table.
    }
  }

  #remove(s: EapSession<A>): void {
    s.ended = true;
    this.#byKey.delete(s.key);
    if (s.station && this.#byStation.get(s.station) === s.key) this.#byStation.delete(s.station);
    s.method?.close();
  }
}
