// The 802.1X half of the access path: an Access-Request carrying EAP is one
// round of a conversation kept between Access-Challenges. The first round
// pins the policy set and its allowed protocols; inner methods consult the
// authentication policy when they need an identity store (with
// EapAuthentication/EapTunnel known by then); the last round authorizes
// and answers Access-Accept with EAP-Success and the MS-MPPE keys, or
// Access-Reject with EAP-Failure. The live log gets one row per
// conversation: its outcome, or 5411/5440 when the supplicant went away.
import { certificateFields, type CertificateFields, type ChainResult } from '../../ca/verify.ts';
import { x509 } from '../../ca/x509.ts';
import { STEP } from '../../domain/live-log-codes.ts';
import { userCanAuthenticate } from '../../domain/internal-user.ts';
import type { CompiledPolicySet } from '../../domain/policy/evaluator.ts';
import { failureOutcome } from '../../domain/policy/policy-set.ts';
import { applyIdentity, userGroupPath, type IdentityFacts, type PolicyAttributes } from '../../domain/policy/request.ts';
import type { RadiusSession } from '../../domain/session.ts';
import type { UserIndex } from '../../services/user-index.ts';
import { Code } from '../codes.ts';
import { createReply, type RadiusPacket } from '../packet.ts';
import { applyRequest, type Origin } from '../request-fields.ts';
import { EAP_FAILURE, EAP_STEP, EAP_SUMMARY } from './codes.ts';
import { EapServer, eapPolicyOf, type EapPolicy, type EapServerOptions } from './conversation.ts';
import type { AuthKind, CertificateCheck, Failure, MethodEnv, MethodInfo, PasswordLookup, PeerCertificates } from './method.ts';
import { decodeEap, eapFailure } from './packet.ts';
import type { EapSession, EndReason } from './session.ts';

export interface EapDeps {
  server: EapServerOptions;
  /** Validates a client chain (DER, leaf first; intermediates found among the trusted CAs too) with ISE's failure codes. */
  validateChain?: (chain: Buffer[]) => Promise<ChainResult>;
}

/** What the access path hands over for one round. */
export interface EapRound {
  p: RadiusPacket;
  origin: Origin;
  now: Date;
  /**
   * For a first round (or an unknown State): the session record built for
   * the request, the policy set it matched and its policy attributes. A
   * round `continues` confirmed needs none: the conversation pinned them.
   */
  start?: { session: RadiusSession; set: CompiledPolicySet; request: PolicyAttributes };
}

/** One round's result: the reply (null drops), and whether the conversation ended (a live-log row). */
export interface EapOutcome {
  reply: RadiusPacket | null;
  session: RadiusSession;
  /** False for Access-Challenges and silent discards mid-conversation. */
  final: boolean;
  failure?: Failure;
  /** performance.now() when the conversation began. */
  startedAt: number;
}

export interface EapAccessHooks {
  users: UserIndex;
  /** Authorization and the reply attributes (Access-Accept or Reject) once authentication passed. */
  authorize(p: RadiusPacket, set: CompiledPolicySet, s: RadiusSession, request: PolicyAttributes, facts: IdentityFacts): { reply: RadiusPacket | null; failure?: number };
  /** Writes a live-log row for a conversation that ended without an answer. */
  logEnded(s: RadiusSession, messageCode: number, failure: Failure): void;
  userGroupName(id: string): string;
}

interface Conversation {
  s: RadiusSession;
  set: CompiledPolicySet;
  /** The first round's policy attributes (the NAD sends the same ones every round). */
  request: PolicyAttributes;
  policy: EapPolicy;
  facts: IdentityFacts;
  startedAt: number;
  info?: MethodInfo;
}

/** Identity stores holding internal users (an identity source sequence included). */
const USER_STORES = new Set(['Internal Users', 'All_User_ID_Stores']);
/** Stores that accept a certificate as the credential (the sequence starts with the certificate profile). */
const CERTIFICATE_STORES = new Set(['All_User_ID_Stores', 'Preloaded_Certificate_Profile']);

const MPPE_KEY_LENGTH = 32;

/** What the live log shows of a refused certificate, when it parses at all. */
function leafFields(der: Buffer | undefined): CertificateFields | undefined {
  if (!der) return undefined;
  try {
    return certificateFields(new x509.X509Certificate(der));
  } catch {
    return undefined;
  }
}

const nadOf = (origin: Origin): string => `${origin.client.id}@${origin.address}`;

export class EapAccess {
  readonly server: EapServer<Conversation>;
  readonly #deps: EapDeps;
  readonly #hooks: EapAccessHooks;

  constructor(deps: EapDeps, hooks: EapAccessHooks) {
    this.#deps = deps;
    this.#hooks = hooks;
    this.server = new EapServer<Conversation>(deps.server, (s, reason) => this.#ended(s, reason));
  }

  close(): void {
    this.server.close();
  }

  /** Whether the request continues a conversation this server holds (its State is known and live). */
  continues(p: RadiusPacket, origin: Origin): boolean {
    const state = p.getRaw('State');
    return state !== undefined && this.server.sessions.find(nadOf(origin), state) !== undefined;
  }

  async round(r: EapRound): Promise<EapOutcome> {
    const { p, origin } = r;
    const message = p.getBuffer('EAP-Message') ?? Buffer.alloc(0);
    const state = p.getRaw('State');
    const nad = nadOf(origin);
    const started = performance.now();
    let session: EapSession<Conversation> | undefined;
    if (state) {
      session = this.server.sessions.find(nad, state);
      if (!session) {
        if (!r.start) throw new Error('an EAP round without a known State needs its policy context');
        return this.#reject(r.start.session, message, EAP_FAILURE.invalidState, started, p);
      }
      const conv = session.data;
      conv.s.executionSteps.push(STEP.receivedAccessRequest, STEP.reusedSession);
      applyRequest(conv.s, p, origin);
    } else {
      if (!r.start) throw new Error('a first EAP round needs its policy context');
      const { set, request } = r.start;
      const ap = set.allowedProtocols;
      if (!ap) return this.#reject(r.start.session, message, EAP_FAILURE.noEapAllowed, started, p);
      const conv: Conversation = { s: r.start.session, set, request, policy: eapPolicyOf(ap, this.server.tlsAvailable), facts: {}, startedAt: started };
      conv.s.authenticationMethod = 'dot1x';
      session = this.server.sessions.create(nad, p.getString('Calling-Station-Id') ?? '', conv);
    }
    const conv = session.data;
    const s = conv.s;
    const result = await this.server.converse(session, message, this.#env(conv, r), conv.policy);
    const info = result.kind === 'success' ? result.auth.info : result.info;
    if (info) conv.info = info;
    switch (result.kind) {
      case 'challenge': {
        const reply = createReply(p, Code.AccessChallenge);
        reply.add('EAP-Message', result.eap).add('State', session.state);
        s.executionSteps.push(STEP.returnedChallenge);
        return { reply, session: s, final: false, startedAt: conv.startedAt };
      }
      case 'drop':
        this.#describe(s, conv.info);
        return { reply: null, session: s, final: result.failure !== undefined, failure: result.failure, startedAt: conv.startedAt };
      case 'failure': {
        this.#describe(s, conv.info);
        s.executionSteps.push(EAP_STEP.preparedFailure, STEP.returnedReject);
        const reply = createReply(p, Code.AccessReject).add('EAP-Message', result.eap);
        return { reply, session: s, final: true, failure: result.failure, startedAt: conv.startedAt };
      }
      case 'success':
        return this.#authorize(r, conv, result.auth.info, result.eap, result.auth.msk);
    }
  }

  /** Authentication passed: authorization decides between Accept (EAP-Success, keys) and Reject (EAP-Failure). */
  #authorize(r: EapRound, conv: Conversation, info: MethodInfo, success: Buffer, msk: Buffer | undefined): EapOutcome {
    const s = conv.s;
    this.#describe(s, info);
    const facts = conv.facts;
    facts.userName = info.userName ?? s.userName;
    if (info.eapAuthentication) facts.eapAuthentication = info.eapAuthentication;
    if (info.eapTunnel) facts.eapTunnel = info.eapTunnel;
    facts.authenticationStatus ??= 'AuthenticationPassed';
    if (info.method) conv.request.set('Network Access:AuthenticationMethod', info.method);
    s.otherAttributes.AuthenticationStatus = facts.authenticationStatus;
    const out = this.#hooks.authorize(r.p, conv.set, s, conv.request, facts);
    const reply = out.reply;
    if (reply?.code === Code.AccessAccept) {
      reply.add('EAP-Message', success);
      if (msk) {
        // RFC 2548 / RFC 5216 §2.3: Recv-Key is the first half of the MSK's first 64 octets, Send-Key the second.
        reply.add('MS-MPPE-Recv-Key', msk.subarray(0, MPPE_KEY_LENGTH)).add('MS-MPPE-Send-Key', msk.subarray(MPPE_KEY_LENGTH, 2 * MPPE_KEY_LENGTH));
      }
      const at = s.executionSteps.lastIndexOf(STEP.returnedAccept);
      s.executionSteps.splice(at < 0 ? s.executionSteps.length : at, 0, EAP_STEP.preparedSuccess);
      return { reply, session: s, final: true, startedAt: conv.startedAt };
    }
    if (reply) reply.add('EAP-Message', eapFailure(success[1]));
    const code = out.failure ?? 15039;
    return { reply, session: s, final: true, failure: { code, text: '' }, startedAt: conv.startedAt };
  }

  #reject(s: RadiusSession, message: Buffer, failure: Failure, startedAt: number, p: RadiusPacket): EapOutcome {
    let id = 0;
    try {
      id = decodeEap(message).id;
    } catch {
      // Unreadable EAP: the failure goes out with identifier 0.
    }
    s.executionSteps.push(EAP_STEP.preparedFailure, STEP.returnedReject);
    const reply = createReply(p, Code.AccessReject).add('EAP-Message', eapFailure(id));
    return { reply, session: s, final: true, failure, startedAt };
  }

  /** The conversation ended without an outcome: the supplicant stopped answering, or started over. */
  #ended(session: EapSession<Conversation>, reason: EndReason): void {
    if (reason === 'evicted') return;
    const conv = session.data;
    this.#describe(conv.s, session.method?.info ?? conv.info);
    if (reason === 'abandoned') {
      this.#hooks.logEnded(conv.s, EAP_SUMMARY.abandoned, { code: EAP_SUMMARY.abandoned, text: 'Endpoint abandoned EAP session and started new' });
      return;
    }
    this.#hooks.logEnded(conv.s, EAP_SUMMARY.supplicantStopped, session.method?.timeoutFailure ?? EAP_FAILURE.supplicantTimeout);
  }

  /** Method, protocol, identity, TLS and certificate details for the session record and live log. */
  #describe(s: RadiusSession, info: MethodInfo | undefined): void {
    if (!info) return;
    s.authenticationProtocol = info.protocol;
    if (info.method) s.authenticationMethod = info.method;
    if (info.userName) s.userName = info.userName;
    const o = s.otherAttributes;
    if (info.eapAuthentication) o.EapAuthentication = info.eapAuthentication;
    if (info.eapTunnel) o.EapTunnel = info.eapTunnel;
    if (info.tls) {
      o.TLSVersion = info.tls.version;
      o.TLSCipher = info.tls.cipher;
      o.TLSSessionResumed = info.tls.resumed ? 'true' : 'false';
    }
    const c = info.certificate;
    if (c) {
      o.Subject = c.subject;
      o.Issuer = c.issuer;
      o['Subject - Common Name'] = c.subjectCn;
      o['Issuer - Common Name'] = c.issuerCn;
      o['Serial Number'] = c.serial;
      if (c.san.length > 0) o['Subject Alternative Name'] = c.san.join(',');
    }
  }

  /** The services a method may call during this round. */
  #env(conv: Conversation, r: EapRound): MethodEnv {
    const s = conv.s;
    const steps = s.executionSteps;
    const facts = conv.facts;
    const mtu = r.p.getInt('Framed-MTU');
    /** Evaluates the authentication policy with what is known of the method; the rule, or the failure. */
    const rule = (name: string, kind: AuthKind) => {
      facts.userName = name;
      facts.eapAuthentication = kind.eapAuthentication;
      facts.eapTunnel = kind.eapTunnel;
      applyIdentity(conv.request, facts);
      steps.push(STEP.evaluatingIdentityPolicy);
      const authn = conv.set.authenticationRule(conv.request, r.now);
      if (!authn) return undefined;
      steps.push(authn.isDefault ? STEP.matchedDefaultRule : STEP.matchedRule, STEP.selectedIdentitySource);
      s.identityPolicyMatchedRule = authn.rule.rule.name;
      s.otherAttributes.IdentityPolicyMatchedRule = authn.rule.rule.name;
      return authn.rule;
    };
    let current: ReturnType<typeof rule>;
    const refuse = (failure: 'userNotFound' | 'authFail', f: Failure): Failure => {
      const outcome = current ? failureOutcome(current, failure, true) : undefined;
      facts.authenticationStatus = outcome?.authenticationStatus;
      return outcome?.action === 'DROP' ? { ...f, drop: true } : f;
    };
    const userFacts = (name: string) => {
      const record = this.#hooks.users.get(name);
      if (!record || !userCanAuthenticate(record.user, r.now)) return;
      facts.identityGroups = record.user.identityGroups.map((id) => userGroupPath(this.#hooks.userGroupName(id)));
      facts.internalUser = { Name: record.user.name, ...record.user.customAttributes };
      s.identityGroup = facts.identityGroups.join(',');
    };
    return {
      now: r.now,
      mtu,
      step: (code) => { steps.push(code); },
      passwordOf: (name: string, kind: AuthKind): PasswordLookup => {
        current = rule(name, kind);
        if (!current) return { ok: false, failure: EAP_FAILURE.subjectNotFound };
        const source = current.identitySourceName;
        if (!USER_STORES.has(source)) {
          const failure = source !== 'DenyAccess' && CERTIFICATE_STORES.has(source) ? EAP_FAILURE.passwordToCertificateStore : EAP_FAILURE.subjectNotFound;
          return { ok: false, failure };
        }
        s.identityStore = 'Internal Users';
        const record = this.#hooks.users.get(name);
        if (!record) return { ok: false, failure: refuse('userNotFound', source === 'Internal Users' ? EAP_FAILURE.userNotFound : EAP_FAILURE.subjectNotFound) };
        if (!userCanAuthenticate(record.user, r.now)) return { ok: false, failure: refuse('authFail', EAP_FAILURE.userDisabled) };
        if (record.password === undefined) return { ok: false, failure: refuse('authFail', EAP_FAILURE.wrongPassword) };
        return { ok: true, password: record.password };
      },
      passwordChecked: (name: string, ok: boolean): Failure | undefined => {
        if (!ok) return refuse('authFail', EAP_FAILURE.wrongPassword);
        steps.push(STEP.authenticationPassed);
        facts.authenticationStatus = 'AuthenticationPassed';
        userFacts(name);
        return undefined;
      },
      certificate: async (peer: PeerCertificates, kind: AuthKind): Promise<CertificateCheck> => {
        const validate = this.#deps.validateChain;
        if (!validate) return { ok: false, failure: EAP_FAILURE.tlsHandshake };
        // The leaf alone usually suffices (its issuers are trusted CAs); the intermediates the client sent are read only when not.
        let result = await validate([peer.leaf]);
        if (!result.ok && result.failure === 'unknownCa') {
          const chain = peer.chain();
          if (chain.length > 1) result = await validate(chain);
        }
        if (!result.ok) return { ok: false, failure: { code: result.code, text: result.reason }, fields: leafFields(peer.leaf) };
        const fields = result.fields;
        const identity = fields.subjectCn || fields.san[0] || fields.subject;
        facts.certificate = {
          'Subject': fields.subject, 'Issuer': fields.issuer, 'Subject - Common Name': fields.subjectCn,
          'Issuer - Common Name': fields.issuerCn, 'Serial Number': fields.serial, 'Subject Alternative Name': fields.san, 'Is Expired': 'False',
        };
        current = rule(identity, kind);
        if (!current || current.identitySourceName === 'DenyAccess') return { ok: false, failure: EAP_FAILURE.subjectNotFound, fields };
        const source = current.identitySourceName;
        if (!CERTIFICATE_STORES.has(source)) {
          const failure = USER_STORES.has(source) ? EAP_FAILURE.certificateToPasswordStore : EAP_FAILURE.subjectNotFound;
          return { ok: false, failure, fields };
        }
        s.identityStore = source;
        steps.push(EAP_STEP.certificateIdentity, STEP.authenticationPassed);
        facts.authenticationStatus = 'AuthenticationPassed';
        userFacts(identity);
        return { ok: true, identity, fields };
      },
    };
  }
}
