// One EAP conversation step per Access-Request: the EAP-Response is checked
// against the session (identifier, repeats, round limit), the identity is
// taken, a method is proposed from the allowed protocols (preferred one
// first) or switched to on a NAK, and the method runs. The answer is the
// next EAP-Request (an Access-Challenge), EAP-Success or EAP-Failure. TLS
// methods get their server credentials here, one TLS context per method
// so that a session ticket of one method never resumes another.
import { constants, createHmac, randomBytes } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { allowedEapMethods, checkMethod, type AllowedProtocols, type AuthMethod } from '../../domain/policy/allowed-protocols.ts';
import { EAP_FAILURE, EAP_STEP } from './codes.ts';
import type { Authenticated, EapMethod, Failure, MethodEnv, MethodInfo, MethodName, MethodStep } from './method.ts';
import { EapCode, EapError, EapType, decodeEap, eapFailure, eapRequest, eapSuccess, identityOf, type EapPacket } from './packet.ts';
import { EapSessionTable, type EapSession, type EndReason } from './session.ts';
import type { TlsSettings } from './tls-tunnel.ts';
import { Md5Method } from './methods/md5.ts';
import { PeapMethod } from './methods/peap.ts';
import { EapTlsMethod } from './methods/tls.ts';
import { TtlsMethod } from './methods/ttls.ts';

/** The EAP server's certificate and the CAs whose clients it asks for. */
export interface TlsCredentials {
  /** PEM, unencrypted. */
  key: string;
  /** PEM leaf. */
  cert: string;
  /** PEM CA certificates above the leaf, nearest first (the last, a root, is not sent). */
  chain: string[];
  /** PEM CAs named in the CertificateRequest of EAP-TLS. */
  clientCas: string[];
}

export interface EapServerOptions {
  /** Name in EAP-MD5 and MS-CHAPv2 challenges. */
  serverName: string;
  /** Most TLS octets per EAP message. */
  fragmentSize: number;
  /** Largest TLS message accepted from a peer. */
  maxTlsMessage: number;
  /** Most Access-Request rounds in one conversation. */
  maxRounds: number;
  /** Idle time after which a conversation expires. */
  timeoutMs: number;
  /** Most conversations held at once. */
  maxSessions: number;
  /** Lifetime of TLS session tickets (resumption), seconds. */
  ticketLifetimeSeconds: number;
  /**
   * Secret the session-ticket keys are derived from. Servers given the same
   * one (the node's RADIUS threads) accept each other's tickets, so a
   * supplicant resumes whichever thread its NAD's packets reach; without it
   * each server has random keys of its own.
   */
  ticketSecret?: Buffer;
  /** The server certificate; without it no TLS method is offered. */
  credentials?: () => Promise<TlsCredentials>;
  /** How long credentials are used before they are fetched again. */
  credentialsRefreshMs?: number;
}

export const EAP_DEFAULTS = {
  fragmentSize: 1002, maxTlsMessage: 64 * 1024, maxRounds: 50, timeoutMs: 60_000, maxSessions: 4096, ticketLifetimeSeconds: 7200,
} as const;

const TYPE_OF: Record<MethodName, number> = { 'EAP-MD5': EapType.Md5, 'PEAP': EapType.Peap, 'EAP-TLS': EapType.Tls, 'EAP-TTLS': EapType.Ttls };
const NAME_OF = new Map<number, AuthMethod>([
  [EapType.Md5, 'EAP-MD5'], [EapType.Peap, 'PEAP'], [EapType.Tls, 'EAP-TLS'], [EapType.Ttls, 'EAP-TTLS'],
  [EapType.Leap, 'LEAP'], [EapType.Fast, 'EAP-FAST'], [EapType.Teap, 'TEAP'],
]);
const RUNNABLE = new Set<string>(Object.keys(TYPE_OF));
const TLS_METHODS = new Set<MethodName>(['PEAP', 'EAP-TLS', 'EAP-TTLS']);

/** What one allowed-protocols service permits, as the EAP server reads it. */
export interface EapPolicy {
  /** Methods allowed and runnable here, preferred first. */
  methods: MethodName[];
  /** ISE's refusal for a method the peer asked for. */
  refusal(method: AuthMethod): Failure;
  peapMschapV2: boolean;
  /** PEAP's "Require cryptobinding TLV": the binding is always offered, and then mandatory. */
  peapRequireCryptobinding: boolean;
  ttls: { pap: boolean; chap: boolean; mschapV2: boolean; eapMd5: boolean; eapMschapV2: boolean };
  /** Stateless session resumption for EAP-TLS. */
  eapTlsResumption: boolean;
  /** TLS Message Length in every EAP-TLS message. */
  lengthAlways: boolean;
}

export function eapPolicyOf(ap: AllowedProtocols, tlsAvailable: boolean): EapPolicy {
  const ttls = {
    pap: ap.eapTtls?.eapTtlsPapAscii === true, chap: ap.eapTtls?.eapTtlsChap === true, mschapV2: ap.eapTtls?.eapTtlsMsChapV2 === true,
    eapMd5: ap.eapTtls?.eapTtlsEapMd5 === true, eapMschapV2: ap.eapTtls?.eapTtlsEapMsChapV2 === true,
  };
  const peapMschapV2 = ap.peap?.allowPeapEapMsChapV2 === true;
  const runnable = (m: AuthMethod): m is MethodName => {
    if (!RUNNABLE.has(m)) return false;
    if (TLS_METHODS.has(m as MethodName) && !tlsAvailable) return false;
    if (m === 'PEAP') return peapMschapV2;
    if (m === 'EAP-TTLS') return Object.values(ttls).some(Boolean);
    return true;
  };
  return {
    methods: allowedEapMethods(ap).filter(runnable),
    refusal: (m) => {
      const r = checkMethod(ap, m);
      return r && RUNNABLE.has(m) ? { code: r.code, text: r.reason } : EAP_FAILURE.nakUnsupported;
    },
    peapMschapV2,
    peapRequireCryptobinding: ap.peap?.requireCryptobinding === true,
    ttls,
    eapTlsResumption: ap.eapTls?.eapTlsEnableStatelessSessionResume === true,
    lengthAlways: ap.eapTlsLBit,
  };
}

export type EapResult =
  | { kind: 'challenge'; eap: Buffer; info?: MethodInfo }
  | { kind: 'success'; eap: Buffer; auth: Authenticated }
  | { kind: 'failure'; eap: Buffer; failure: Failure; info?: MethodInfo }
  | { kind: 'drop'; failure?: Failure; info?: MethodInfo };

type Contexts = Record<'tlsResumable' | 'tls' | 'peap' | 'ttls', SecureContext>;

type Step = MethodStep | { kind: 'identity' };

/** The 48 octets of TLS session-ticket keys for one TLS context id: derived from the secret when there is one, else random. */
export function ticketKeyFor(secret: Buffer | undefined, id: string): Buffer {
  return secret ? createHmac('sha384', secret).update(`gatehouse eap ticket keys\0${id}`).digest() : randomBytes(48);
}

export class EapServer<A> {
  readonly sessions: EapSessionTable<A>;
  readonly #options: EapServerOptions;
  #contexts: { contexts: Contexts; refreshAt: number } | undefined;
  #loading: Promise<Contexts> | undefined;
  /** Ticket keys live as long as the server, so tickets survive a certificate refresh. */
  readonly #ticketKeys = new Map<string, Buffer>();

  constructor(options: EapServerOptions, onEnd: (s: EapSession<A>, reason: EndReason) => void) {
    this.#options = options;
    this.sessions = new EapSessionTable<A>({ timeoutMs: options.timeoutMs, maxSessions: options.maxSessions }, onEnd);
    this.sessions.startSweeper(Math.max(250, Math.min(5000, options.timeoutMs / 4)));
  }

  get tlsAvailable(): boolean {
    return this.#options.credentials !== undefined;
  }

  close(): void {
    this.sessions.stopSweeper();
    this.sessions.clear();
  }

  /** Handles one EAP-Response of the session's peer. */
  async converse(s: EapSession<A>, message: Buffer, env: MethodEnv, policy: EapPolicy): Promise<EapResult> {
    if (s.busy || s.ended) return { kind: 'drop' };
    let p: EapPacket;
    try {
      p = decodeEap(message);
    } catch {
      return this.#end(s, { kind: 'failure', failure: EAP_FAILURE.invalidPayload }, 0);
    }
    if (p.code !== EapCode.Response) return this.#end(s, { kind: 'failure', failure: EAP_FAILURE.invalidPayload }, p.id);
    // A Response repeated (the NAD retried with a new RADIUS identifier) gets the same Request again.
    if (s.lastRequest && s.lastResponse && message.equals(s.lastResponse)) return { kind: 'challenge', eap: s.lastRequest, info: s.method?.info };
    // RFC 3748 §4.1: a Response that does not answer the outstanding Request is discarded.
    if (s.rounds > 0 && p.id !== s.requestId) return { kind: 'drop', info: s.method?.info };
    if (++s.rounds > this.#options.maxRounds) return this.#end(s, { kind: 'failure', failure: EAP_FAILURE.invalidPayload }, p.id);
    s.busy = true;
    let step: Step;
    try {
      step = await this.#step(s, p, env, policy);
    } catch (e) {
      if (!(e instanceof EapError)) throw e;
      step = { kind: 'failure', failure: EAP_FAILURE.invalidPayload };
    } finally {
      s.busy = false;
    }
    if (s.ended) return { kind: 'drop', info: s.method?.info };
    if (step.kind === 'request' || step.kind === 'identity') {
      s.requestId = (s.requestId + 1) & 0xff;
      const type = step.kind === 'identity' ? EapType.Identity : s.method!.type;
      const eap = eapRequest(s.requestId, type, step.kind === 'identity' ? Buffer.alloc(0) : step.data);
      s.lastRequest = eap;
      s.lastResponse = message;
      this.sessions.touch(s);
      return { kind: 'challenge', eap, info: s.method?.info };
    }
    return this.#end(s, step, p.id);
  }

  #end(s: EapSession<A>, step: Exclude<MethodStep, { kind: 'request' }>, id: number): EapResult {
    this.sessions.finish(s);
    const info = s.method?.info;
    if (step.kind === 'success') return { kind: 'success', eap: eapSuccess(id), auth: step.auth };
    if (step.failure.drop) return { kind: 'drop', failure: step.failure, info };
    return { kind: 'failure', eap: eapFailure(id), failure: step.failure, info };
  }

  async #step(s: EapSession<A>, p: EapPacket, env: MethodEnv, policy: EapPolicy): Promise<Step> {
    if (s.identity === undefined) {
      // The conversation starts with the peer's identity; ask for it if something else came.
      if (p.type !== EapType.Identity) return { kind: 'identity' };
      s.identity = identityOf(p.data);
      env.step(EAP_STEP.extractedIdentity);
      const first = policy.methods[0];
      if (first === undefined) return { kind: 'failure', failure: EAP_FAILURE.noEapAllowed };
      return this.#propose(s, first, env, policy);
    }
    const method = s.method;
    if (!method) return { kind: 'failure', failure: EAP_FAILURE.invalidPayload };
    if (p.type === EapType.Nak) {
      if (s.nakUsed || s.methodAnswered) return { kind: 'failure', failure: EAP_FAILURE.invalidPayload };
      s.nakUsed = true;
      // The peer lists the types it wants, most wanted first.
      const wanted = [...p.data].map((t) => NAME_OF.get(t)).filter((m): m is AuthMethod => m !== undefined);
      const next = wanted.find((m): m is MethodName => (policy.methods as AuthMethod[]).includes(m));
      if (next === undefined) return { kind: 'failure', failure: wanted.length > 0 ? policy.refusal(wanted[0]) : EAP_FAILURE.nakUnsupported };
      method.close();
      return this.#propose(s, next, env, policy);
    }
    if (p.type !== method.type) return { kind: 'failure', failure: EAP_FAILURE.invalidPayload };
    if (!s.methodAnswered) {
      s.methodAnswered = true;
      if (method.name === 'PEAP') env.step(EAP_STEP.peapAccepted);
      else if (method.name === 'EAP-TLS') env.step(EAP_STEP.tlsAccepted);
    }
    return method.process(p.data, env, p.id);
  }

  async #propose(s: EapSession<A>, name: MethodName, env: MethodEnv, policy: EapPolicy): Promise<MethodStep> {
    let method: EapMethod;
    try {
      method = await this.#create(name, s.identity ?? '', policy);
    } catch {
      // No server certificate to be had right now: the tunnel cannot be built.
      return { kind: 'failure', failure: name === 'EAP-TLS' ? EAP_FAILURE.tlsHandshake : EAP_FAILURE.peapHandshake };
    }
    s.method = method;
    if (name === 'PEAP') env.step(EAP_STEP.peapProposed);
    else if (name === 'EAP-TLS') env.step(EAP_STEP.tlsProposed);
    return method.start(env);
  }

  async #create(name: MethodName, identity: string, policy: EapPolicy): Promise<EapMethod> {
    const o = this.#options;
    if (name === 'EAP-MD5') return new Md5Method(identity, o.serverName);
    const contexts = await this.#tlsContexts();
    const settings = (context: SecureContext, lengthAlways = false): TlsSettings => ({
      context, fragmentSize: o.fragmentSize, lengthAlways, maxMessage: o.maxTlsMessage,
    });
    switch (name) {
      case 'EAP-TLS':
        return new EapTlsMethod(settings(policy.eapTlsResumption ? contexts.tlsResumable : contexts.tls, policy.lengthAlways));
      case 'PEAP':
        return new PeapMethod(settings(contexts.peap), {
          serverName: o.serverName, innerMschapV2: policy.peapMschapV2, requireCryptobinding: policy.peapRequireCryptobinding,
        });
      case 'EAP-TTLS':
        return new TtlsMethod(settings(contexts.ttls), { serverName: o.serverName, ...policy.ttls });
    }
  }

  /** The TLS contexts, built from the credentials and rebuilt after the refresh interval. */
  async #tlsContexts(): Promise<Contexts> {
    const cached = this.#contexts;
    if (cached && Date.now() < cached.refreshAt) return cached.contexts;
    this.#loading ??= this.#loadContexts().finally(() => { this.#loading = undefined; });
    if (cached) {
      // Keep using the current contexts while new ones are built.
      this.#loading.catch(() => undefined);
      return cached.contexts;
    }
    return this.#loading;
  }

  #ticketKey(id: string): Buffer {
    let key = this.#ticketKeys.get(id);
    if (!key) this.#ticketKeys.set(id, (key = ticketKeyFor(this.#options.ticketSecret, id)));
    return key;
  }

  async #loadContexts(): Promise<Contexts> {
    const source = this.#options.credentials;
    if (!source) throw new EapError('no EAP server certificate');
    const c = await source();
    const base = {
      key: c.key,
      cert: [c.cert, ...c.chain.slice(0, -1)].join('\n'),
      ca: c.clientCas.length > 0 ? c.clientCas : undefined,
      minVersion: 'TLSv1.2' as const,
      maxVersion: 'TLSv1.3' as const,
      sessionTimeout: this.#options.ticketLifetimeSeconds,
    };
    // A distinct session id context per method: OpenSSL refuses to resume a session of another context.
    const ctx = (id: string, tickets: boolean): SecureContext => createSecureContext({
      ...base, sessionIdContext: id, ticketKeys: this.#ticketKey(id), secureOptions: tickets ? 0 : constants.SSL_OP_NO_TICKET,
    } as Parameters<typeof createSecureContext>[0]);
    const contexts: Contexts = {
      tlsResumable: ctx('gatehouse-eap-tls', true),
      tls: ctx('gatehouse-eap-tls-full', false),
      peap: ctx('gatehouse-peap', true),
      // EAP-TTLS peers skip phase 2 when they resume, which needs the earlier result; full handshakes only.
      ttls: ctx('gatehouse-ttls', false),
    };
    this.#contexts = { contexts, refreshAt: Date.now() + (this.#options.credentialsRefreshMs ?? 3600_000) };
    return contexts;
  }
}
