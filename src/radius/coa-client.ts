// The Dynamic Authorization Client (RFC 5176): sends CoA-Request and
// Disconnect-Request packets to a NAD's CoA port and waits, bounded, for the
// ACK or NAK. Identifiers are allocated per destination; replies are matched
// on (source address, source port, identifier) and accepted only when their
// Response Authenticator (and Message-Authenticator, when present) verify
// with the request's authenticator and the shared secret. A request is
// retransmitted unchanged after each timeout, up to the configured count.
import dgram, { type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { CoaReply, CoaRequest, CoaSender } from '../domain/coa.ts';
import { buildCoaRequest, replyCodes } from './coa-packet.ts';
import { decodePacket, verifyResponse } from './decode.ts';
import { encodePacket } from './encode.ts';

export interface CoaClientOptions {
  /** Local address to send from (the address the NAD knows Gatehouse by); any when absent. */
  source?: string;
  /** Wait per transmission. */
  timeoutMs?: number;
  /** Retransmissions after the first send. */
  retries?: number;
  /** Requests waiting for an answer, over all destinations. */
  maxInFlight?: number;
  clock?: () => Date;
}

export interface CoaClientStats {
  sent: number;
  retransmitted: number;
  acks: number;
  naks: number;
  timeouts: number;
  invalidReplies: number;
  unmatchedReplies: number;
  busy: number;
}

interface Pending {
  key: string;
  secret: Buffer;
  authenticator: Buffer;
  expect: [number, number];
  datagram: Buffer;
  address: string;
  port: number;
  attempts: number;
  invalidReplies: number;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (r: CoaReply) => void;
}

const ERROR_CAUSE = 'Error-Cause';
/** Destinations whose identifier counters are kept before idle ones are forgotten. */
const MAX_DESTINATIONS = 4096;

export class CoaClient implements CoaSender {
  readonly #opts: Required<Omit<CoaClientOptions, 'source'>> & { source?: string };
  readonly #sockets = new Map<4 | 6, Promise<Socket>>();
  readonly #pending = new Map<string, Pending>();
  readonly #nextId = new Map<string, number>();
  #closed = false;
  readonly stats: CoaClientStats = { sent: 0, retransmitted: 0, acks: 0, naks: 0, timeouts: 0, invalidReplies: 0, unmatchedReplies: 0, busy: 0 };

  constructor(opts: CoaClientOptions = {}) {
    this.#opts = {
      source: opts.source,
      timeoutMs: opts.timeoutMs ?? 5000,
      retries: opts.retries ?? 1,
      maxInFlight: opts.maxInFlight ?? 4096,
      clock: opts.clock ?? (() => new Date()),
    };
  }

  /** Longest time one send can take before it resolves. */
  get maxWaitMs(): number {
    return this.#opts.timeoutMs * (this.#opts.retries + 1);
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  #socket(family: 4 | 6): Promise<Socket> {
    let s = this.#sockets.get(family);
    if (!s) {
      s = new Promise<Socket>((resolve, reject) => {
        const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
        socket.on('message', (msg, from) => this.#receive(msg, from));
        socket.once('error', reject);
        const source = this.#opts.source && isIP(this.#opts.source) === family ? this.#opts.source : undefined;
        socket.bind({ port: 0, address: source }, () => {
          socket.off('error', reject);
          socket.on('error', () => undefined); // send errors are reported per request
          socket.unref();
          resolve(socket);
        });
      });
      this.#sockets.set(family, s);
      s.catch(() => this.#sockets.delete(family));
    }
    return s;
  }

  /** A free identifier for the destination, or -1 when all 256 are waiting for answers. */
  #identifier(dest: string): number {
    if (!this.#nextId.has(dest) && this.#nextId.size >= MAX_DESTINATIONS) {
      // Forget the counters of destinations with nothing waiting.
      const busy = new Set([...this.#pending.values()].map((p) => `${p.address}|${p.port}`));
      for (const d of this.#nextId.keys()) if (!busy.has(d)) this.#nextId.delete(d);
    }
    const start = this.#nextId.get(dest) ?? Math.floor(Math.random() * 256);
    for (let i = 0; i < 256; i++) {
      const id = (start + i) & 0xff;
      if (!this.#pending.has(`${dest}|${id}`)) {
        this.#nextId.set(dest, (id + 1) & 0xff);
        return id;
      }
    }
    return -1;
  }

  async send(request: CoaRequest): Promise<CoaReply> {
    const family = isIP(request.address);
    if (this.#closed) return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: 'CoA client is closed' };
    if (family !== 4 && family !== 6) return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: `'${request.address}' is not an IP address` };
    if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535) {
      return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: `CoA port ${request.port} is not usable` };
    }
    if (this.#pending.size >= this.#opts.maxInFlight) {
      this.stats.busy++;
      return { outcome: 'busy', attempts: 0, invalidReplies: 0, detail: `${this.#pending.size} CoA requests already waiting for answers` };
    }
    const dest = `${request.address}|${request.port}`;
    const id = this.#identifier(dest);
    if (id < 0) {
      this.stats.busy++;
      return { outcome: 'busy', attempts: 0, invalidReplies: 0, detail: `256 CoA requests to ${request.address}:${request.port} already waiting` };
    }
    const packet = buildCoaRequest(request.action, request.session, request.cisco, this.#opts.clock(), id);
    const datagram = encodePacket(packet, request.secret);
    // The slot is taken before the socket is ready, so the in-flight bound holds for concurrent sends.
    let resolve!: (r: CoaReply) => void;
    const done = new Promise<CoaReply>((r) => { resolve = r; });
    const p: Pending = {
      key: `${dest}|${id}`, secret: request.secret, authenticator: packet.authenticator!, expect: replyCodes(packet.code),
      datagram, address: request.address, port: request.port, attempts: 0, invalidReplies: 0, startedAt: performance.now(),
      timer: undefined, resolve,
    };
    this.#pending.set(p.key, p);
    try {
      const socket = await this.#socket(family);
      if (this.#pending.get(p.key) === p) this.#transmit(socket, p);
    } catch (e) {
      this.#finish(p, { outcome: 'error', detail: `cannot open the CoA socket: ${(e as Error).message}` });
    }
    return done;
  }

  #transmit(socket: Socket, p: Pending): void {
    p.attempts++;
    if (p.attempts === 1) this.stats.sent++;
    else this.stats.retransmitted++;
    socket.send(p.datagram, p.port, p.address, (err) => {
      if (err && this.#pending.get(p.key) === p) this.#finish(p, { outcome: 'error', detail: `send to ${p.address}:${p.port} failed: ${err.message}` });
    });
    p.timer = setTimeout(() => {
      if (this.#pending.get(p.key) !== p) return;
      if (p.attempts <= this.#opts.retries) {
        this.#transmit(socket, p);
        return;
      }
      this.stats.timeouts++;
      this.#finish(p, {
        outcome: 'timeout',
        detail: `no valid answer from ${p.address}:${p.port} after ${p.attempts} transmission(s) of ${this.#opts.timeoutMs} ms`
          + (p.invalidReplies ? `; ${p.invalidReplies} reply(ies) failed authentication (shared secret mismatch)` : ''),
      });
    }, this.#opts.timeoutMs);
  }

  #finish(p: Pending, r: Omit<CoaReply, 'attempts' | 'invalidReplies'>): void {
    clearTimeout(p.timer);
    this.#pending.delete(p.key);
    p.resolve({ ...r, attempts: p.attempts, invalidReplies: p.invalidReplies });
  }

  #receive(msg: Buffer, from: RemoteInfo): void {
    const address = from.address.startsWith('::ffff:') ? from.address.slice(7) : from.address;
    if (msg.length < 20) {
      this.stats.unmatchedReplies++;
      return;
    }
    const p = this.#pending.get(`${address}|${from.port}|${msg[1]}`);
    if (!p) {
      this.stats.unmatchedReplies++;
      return;
    }
    try {
      const reply = decodePacket(msg);
      if (!p.expect.includes(reply.code)) throw new Error(`unexpected code ${reply.code}`);
      verifyResponse(reply, p.secret, p.authenticator);
      const ack = reply.code === p.expect[0];
      if (ack) this.stats.acks++;
      else this.stats.naks++;
      const cause = reply.getInt(ERROR_CAUSE);
      this.#finish(p, { outcome: ack ? 'ack' : 'nak', ...(cause !== undefined && { errorCause: cause }), rttMs: performance.now() - p.startedAt });
    } catch {
      // A reply that does not verify is not an answer: keep waiting for one that does.
      p.invalidReplies++;
      this.stats.invalidReplies++;
    }
  }

  /** Answers every waiting request with an error and closes the sockets. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const p of [...this.#pending.values()]) this.#finish(p, { outcome: 'error', detail: 'CoA client closed' });
    const sockets = [...this.#sockets.values()];
    this.#sockets.clear();
    for (const s of sockets) {
      try {
        const socket = await s;
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      } catch {
        // never opened
      }
    }
  }
}
