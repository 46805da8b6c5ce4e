// The RADIUS server: authentication and accounting listeners, duplicate
// detection, packet validation (lengths, authenticators, Message-
// Authenticator), dispatch to the access and accounting handlers, replies,
// and a live-log row for every drop (suppressed per source and reason).
import type { RemoteInfo } from 'node:dgram';
import type { Logger } from 'pino';
import { FAILURE, SUMMARY, failureText } from '../domain/live-log-codes.ts';
import type { SessionService } from '../services/sessions.ts';
import type { SessionSink } from '../services/session-sink.ts';
import { Code, codeName } from './codes.ts';
import { RadiusError, type RadiusErrorReason } from './errors.ts';
import { decodePacket, verifyRequest } from './decode.ts';
import { encodePacket } from './encode.ts';
import { createReply, type RadiusPacket } from './packet.ts';
import { DuplicateCache } from './dedupe.ts';
import { handleAccounting } from './accounting.ts';
import { RadiusListener, type ClientResolver, type RadiusClient } from './transport.ts';
import type { Origin } from './request-fields.ts';

/** Decides an Access-Request: a reply, or null to drop it silently. */
export interface AccessHandler {
  handle(request: RadiusPacket, origin: Origin): Promise<RadiusPacket | null> | RadiusPacket | null;
}

export interface RadiusServerDeps {
  resolver: ClientResolver;
  /** Where drops are logged (and, for the node's own listeners, the session table accounting updates). */
  sessions: SessionSink;
  /** The session table accounting requests update; without it the accounting port is not served. */
  accounting?: SessionService;
  access?: AccessHandler;
  log: Logger;
  clock?: () => Date;
}

/** Live-log failure code for each codec refusal. */
const DROP_CODE: Partial<Record<RadiusErrorReason, number>> = {
  short_packet: 11012, bad_length: 11012, truncated_packet: 11012,
  bad_message_authenticator: 11036, missing_message_authenticator: 11057, eap_without_message_authenticator: 12955,
  bad_request_authenticator: 11038, duplicate_message_authenticator: 11036, packet_too_large: 11053,
};

const DROP_LOG_INTERVAL_MS = 10_000;

export class RadiusServer {
  readonly auth: RadiusListener;
  readonly acct: RadiusListener;
  readonly #deps: RadiusServerDeps;
  readonly #dupes = new DuplicateCache();
  readonly #dropLogged = new Map<string, number>();
  readonly counters = { accessRequests: 0, accepts: 0, rejects: 0, challenges: 0, accountingRequests: 0, duplicatesResent: 0, duplicatesInFlight: 0 };

  constructor(deps: RadiusServerDeps) {
    this.#deps = deps;
    this.auth = new RadiusListener('radius-auth', deps.resolver, (m, f, c, r, l) => this.receive('auth', m, f, c, r, l), deps.log);
    this.acct = new RadiusListener('radius-acct', deps.resolver, (m, f, c, r, l) => this.receive('acct', m, f, c, r, l), deps.log);
    const unknown = (listener: 'auth' | 'acct') => (address: string) => this.#dropLog(listener, address, 11007, undefined);
    this.auth.onUnknownClient = unknown('auth');
    this.acct.onUnknownClient = unknown('acct');
  }

  /** Binds both ports; with `reusePort` the authentication port is shared with the node's RADIUS worker threads. */
  async listen(bind: string, authPort: number, acctPort: number, opts: { reusePort?: boolean } = {}): Promise<{ auth: number; acct: number }> {
    return { auth: await this.auth.listen(bind, authPort, opts), acct: await this.acct.listen(bind, acctPort) };
  }

  async close(): Promise<void> {
    await Promise.all([this.auth.close(), this.acct.close()]);
  }

  #now(): Date {
    return this.#deps.clock?.() ?? new Date();
  }

  /** One live-log row per (listener, source, reason) per interval. */
  #dropLog(listener: 'auth' | 'acct', address: string, code: number, p: RadiusPacket | undefined): void {
    const key = `${listener}|${address}|${code}`;
    const now = Date.now();
    if ((this.#dropLogged.get(key) ?? 0) + DROP_LOG_INTERVAL_MS > now) return;
    if (this.#dropLogged.size > 10_000) this.#dropLogged.clear();
    this.#dropLogged.set(key, now);
    this.#deps.sessions.log({
      messageCode: listener === 'auth' ? SUMMARY.requestDropped : SUMMARY.accountingDropped,
      failureReason: failureText(code), sessionId: '', userName: p?.getString('User-Name') ?? '',
      callingStationId: p?.getString('Calling-Station-Id') ?? '', nasIpAddress: p?.getString('NAS-IP-Address') ?? '',
      deviceName: '', deviceIpAddress: address, authenticationMethod: '', authenticationProtocol: '', policySetName: '',
      authorizationPolicyMatchedRule: '', selectedAznProfiles: [], identityGroup: '', executionSteps: [], responseTimeMs: 0, details: {},
    });
  }

  #drop(listener: 'auth' | 'acct', reason: string, code: number, from: RemoteInfo, p?: RadiusPacket): void {
    const l = listener === 'auth' ? this.auth : this.acct;
    l.drop(reason, from.address, `${l.name}: dropped a request from ${from.address}: ${code} ${FAILURE[code] ?? reason}`);
    this.#dropLog(listener, from.address, code, p);
  }

  /** Entry point of every datagram from a known client (the listeners call it; so do in-process tests). */
  receive(listener: 'auth' | 'acct', msg: Buffer, from: RemoteInfo, client: RadiusClient, send: (out: Buffer) => void, local: string): void {
    const key = DuplicateCache.key(from.address, from.port, msg);
    const seen = this.#dupes.begin(key);
    if (seen.kind === 'answered') {
      this.counters.duplicatesResent++;
      send(seen.reply);
      return;
    }
    if (seen.kind === 'inflight') {
      this.counters.duplicatesInFlight++;
      return;
    }
    let packet: RadiusPacket;
    try {
      packet = decodePacket(msg);
    } catch (e) {
      this.#dupes.forget(key);
      const reason = e instanceof RadiusError ? e.reason : 'malformed';
      this.#drop(listener, reason, DROP_CODE[reason as RadiusErrorReason] ?? 11014, from);
      return;
    }
    const expected = listener === 'auth' ? [Code.AccessRequest, Code.StatusServer] : [Code.AccountingRequest, Code.StatusServer];
    if (!(expected as number[]).includes(packet.code)) {
      this.#dupes.forget(key);
      const code = listener === 'auth' && packet.code === Code.AccountingRequest ? 11037 : 11031;
      this.#drop(listener, `unexpected_${codeName(packet.code)}`, code, from, packet);
      return;
    }
    try {
      verifyRequest(packet, client.secret, { requireMessageAuthenticator: listener === 'auth' && packet.code === Code.AccessRequest && client.requireMessageAuthenticator === true });
    } catch (e) {
      this.#dupes.forget(key);
      const reason = e instanceof RadiusError ? e.reason : 'malformed';
      this.#drop(listener, reason, DROP_CODE[reason as RadiusErrorReason] ?? 11014, from, packet);
      return;
    }
    const origin: Origin = { address: from.address, local, client };
    this.#dispatch(listener, packet, origin).then(
      (reply) => {
        if (!reply) {
          this.#dupes.forget(key);
          return;
        }
        const out = encodePacket(reply, client.secret, { requestAuthenticator: packet.authenticator });
        this.#dupes.answered(key, out);
        send(out);
      },
      (err) => {
        this.#dupes.forget(key);
        this.#deps.log.error({ err, listener, source: from.address }, 'radius request failed');
      },
    );
  }

  async #dispatch(listener: 'auth' | 'acct', p: RadiusPacket, origin: Origin): Promise<RadiusPacket | null> {
    if (p.code === Code.StatusServer) {
      // RFC 5997: Access-Accept on the auth port, Accounting-Response on the acct port.
      return createReply(p, listener === 'auth' ? Code.AccessAccept : Code.AccountingResponse);
    }
    if (listener === 'acct') {
      if (!this.#deps.accounting) return null;
      this.counters.accountingRequests++;
      return handleAccounting(p, origin, this.#deps.accounting, this.#now());
    }
    this.counters.accessRequests++;
    const access = this.#deps.access;
    if (!access) return null;
    const reply = await access.handle(p, origin);
    if (reply?.code === Code.AccessAccept) this.counters.accepts++;
    else if (reply?.code === Code.AccessReject) this.counters.rejects++;
    else if (reply?.code === Code.AccessChallenge) this.counters.challenges++;
    return reply;
  }
}
