// Access-Request decisions (radius-policy.md §3–10): classify the request,
// select the policy set, check the allowed protocols, authenticate (PAP and
// CHAP against internal users, Host Lookup against endpoints), authorize,
// and answer with the profile's attributes; every outcome is a session
// update and a live-log row. EAP requests are rounds of an 802.1X
// conversation (eap/access.ts). Reads only in-memory indexes.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseMac } from '../domain/mac.ts';
import { emptySession, type RadiusSession } from '../domain/session.ts';
import { STEP, SUMMARY, failureText } from '../domain/live-log-codes.ts';
import type { CompiledPolicy, CompiledPolicySet } from '../domain/policy/evaluator.ts';
import { decisionReply } from '../domain/policy/evaluator.ts';
import { applyIdentity, buildPolicyRequest, endpointGroupPath, userGroupPath, type RequestAttribute, type IdentityFacts } from '../domain/policy/request.ts';
import { methodAllowed } from '../domain/policy/allowed-protocols.ts';
import type { FailAction } from '../domain/policy/policy-set.ts';
import { userCanAuthenticate } from '../domain/internal-user.ts';
import type { UserIndex } from '../services/user-index.ts';
import type { EndpointIndex } from '../services/endpoint-index.ts';
import type { SessionSink } from '../services/session-sink.ts';
import { Code } from './codes.ts';
import { createReply, type RadiusPacket } from './packet.ts';
import { decodeValue } from './values.ts';
import { vendorName } from './dictionary/index.ts';
import { applyRequest, sessionKeyOf, type Origin } from './request-fields.ts';
import type { AccessHandler } from './server.ts';
import { daclDownload } from './dacl-download.ts';
import { EapAccess, type EapDeps, type EapOutcome } from './eap/access.ts';
import type { Failure } from './eap/method.ts';

export interface AccessDeps {
  users: UserIndex;
  endpoints: EndpointIndex;
  /** The policy in force (recompiled when the policy changes). */
  policy: () => CompiledPolicy;
  sessions: SessionSink;
  /** ANC policy assigned to a MAC (`Session:ANCPolicy`). */
  ancPolicyFor?: (mac: string) => string | undefined;
  /** Short node name used in Class and acs_server. */
  nodeName: string;
  clock?: () => Date;
  /** 802.1X: the EAP server; without it EAP requests are rejected (11509). */
  eap?: EapDeps;
}

/** Identity stores that hold internal users (an identity source sequence included). */
const USER_STORES = new Set(['Internal Users', 'All_User_ID_Stores']);
const ENDPOINT_STORE = 'Internal Endpoints';

interface Outcome {
  reply: RadiusPacket | null;
  session: RadiusSession;
  failure?: number;
  failureText?: string;
  /** An Access-Challenge or a silent discard inside an EAP conversation: no live-log row yet. */
  interim?: boolean;
  /** performance.now() when the authentication began (the first round of an EAP conversation). */
  startedAt?: number;
}

/** Attributes of the request as the policy reads them (passwords are left out by the builder). */
function requestAttributes(p: RadiusPacket): RequestAttribute[] {
  const out: RequestAttribute[] = [];
  for (let i = 0; i < p.count; i++) {
    const def = p.defAt(i);
    if (def.dataType === 'octets' && def.name !== 'CHAP-Password' && def.name !== 'EAP-Message') continue;
    const vendor = def.vendor === 0 ? undefined : vendorName(def.vendor);
    let value: string | number | bigint;
    if (def.encrypt !== 0) value = '';
    else {
      const v = decodeValue(def, p.value(i));
      if (Buffer.isBuffer(v)) value = '';
      else if (typeof v === 'number' && def.valueNames?.has(v)) value = def.valueNames.get(v)!;
      else value = v as string | number | bigint;
    }
    out.push(vendor === undefined ? { name: def.name, value } : { name: def.name, vendor, value });
  }
  return out;
}

const constantTimeEqual = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** An EAP round as the access path records it. */
function eapOutcome(o: EapOutcome): Outcome {
  const f: Failure | undefined = o.failure;
  return {
    reply: o.reply, session: o.session, interim: !o.final, startedAt: o.startedAt,
    failure: f?.code, failureText: f?.text ? `${f.code} ${f.text}` : undefined,
  };
}

export class AccessService implements AccessHandler {
  readonly #deps: AccessDeps;
  readonly #eap: EapAccess | undefined;
  #authIds = 0;

  constructor(deps: AccessDeps) {
    this.#deps = deps;
    this.#eap = deps.eap && new EapAccess(deps.eap, {
      users: deps.users,
      authorize: (p, set, s, request, facts) => this.#finish(p, set, s, request, facts, null),
      logEnded: (s, messageCode, failure) => {
        s.messageCode = messageCode;
        s.failureReason = `${failure.code} ${failure.text}`;
        s.passed = false;
        s.responseTimeMs = 0;
        this.#log(s);
      },
      userGroupName: (id) => this.#userGroupName(id),
    });
  }

  /** The EAP conversation table (counters, size), when 802.1X is on. */
  get eapSessions(): EapAccess['server']['sessions'] | undefined {
    return this.#eap?.server.sessions;
  }

  /** Stops the EAP session sweeper and drops open conversations. */
  close(): void {
    this.#eap?.close();
  }

  #now(): Date {
    return this.#deps.clock?.() ?? new Date();
  }

  handle(p: RadiusPacket, origin: Origin): RadiusPacket | null | Promise<RadiusPacket | null> {
    const started = performance.now();
    if (p.getCiscoAvPair('aaa:event') === 'acl-download') {
      return daclDownload(p, origin, this.#deps.policy(), this.#deps.sessions);
    }
    const outcome = this.#decide(p, origin);
    return outcome instanceof Promise ? outcome.then((o) => this.#conclude(o, started)) : this.#conclude(outcome, started);
  }

  /** Records the outcome (session, live log) and returns the reply. */
  #conclude(outcome: Outcome, started: number): RadiusPacket | null {
    if (outcome.interim) return outcome.reply;
    const s = outcome.session;
    s.responseTimeMs = Math.round(performance.now() - (outcome.startedAt ?? started));
    const accepted = outcome.reply?.code === Code.AccessAccept;
    s.messageCode = accepted ? SUMMARY.authPassed : outcome.reply ? SUMMARY.authFailed : SUMMARY.requestDropped;
    s.failureReason = outcome.failure ? (outcome.failureText ?? failureText(outcome.failure)) : '';
    s.passed = accepted;
    if (accepted) {
      s.state = s.started ? 'STARTED' : 'AUTHENTICATED';
      this.#deps.sessions.put(s);
    }
    this.#log(s);
    return outcome.reply;
  }

  #log(s: RadiusSession): void {
    this.#deps.sessions.log({
      messageCode: s.messageCode, failureReason: s.failureReason, sessionId: s.id, userName: s.userName,
      callingStationId: s.callingStationId, nasIpAddress: s.nasIpAddress, deviceName: s.deviceName, deviceIpAddress: s.deviceIpAddress,
      authenticationMethod: s.authenticationMethod, authenticationProtocol: s.authenticationProtocol, policySetName: s.policySetName,
      authorizationPolicyMatchedRule: s.authorizationPolicyMatchedRule, selectedAznProfiles: s.selectedAznProfiles,
      identityGroup: s.identityGroup, executionSteps: s.executionSteps, responseTimeMs: s.responseTimeMs,
      details: { ...s.otherAttributes, Response: s.response },
    });
  }

  #decide(p: RadiusPacket, origin: Origin): Outcome | Promise<Outcome> {
    const now = this.#now();
    // A later round of an 802.1X conversation: the first round chose the policy set; the conversation carries on.
    if (this.#eap && p.has('EAP-Message') && this.#eap.continues(p, origin)) return this.#eap.round({ p, origin, now }).then(eapOutcome);
    const at = now.toISOString();
    const key = sessionKeyOf(p);
    const known = key ? this.#deps.sessions.get(key) : undefined;
    const steps: number[] = [STEP.receivedAccessRequest, known ? STEP.reusedSession : STEP.newSession];
    const s: RadiusSession = known ? { ...known, executionSteps: steps } : emptySession(key ?? this.#newSessionId(origin), at);
    if (!key) steps.push(STEP.generatedSessionId);
    s.executionSteps = steps;
    applyRequest(s, p, origin);
    const rawUser = p.getString('User-Name') ?? '';
    s.originalUserName = rawUser;
    s.userName = rawUser;
    s.authAt = at;
    s.authId = now.getTime() * 1000 + (++this.#authIds % 1000); // milliseconds, then a three-digit counter
    s.otherAttributes = { ...s.otherAttributes, Protocol: 'Radius', CPMSessionID: s.id };
    const reject = (failure: number, text?: string): Outcome => {
      steps.push(STEP.returnedReject);
      return { reply: createReply(p, Code.AccessReject), session: s, failure, failureText: text };
    };
    const drop = (failure: number): Outcome => ({ reply: null, session: s, failure });

    const policy = this.#deps.policy();
    const built = buildPolicyRequest({
      attributes: requestAttributes(p),
      device: { name: origin.client.name, ipAddress: origin.address, groups: origin.client.groups, profileName: origin.client.profileName },
      hasEapMessage: p.has('EAP-Message'),
    });
    const { request, classification, flowType } = built;
    if (flowType) s.otherAttributes.RadiusFlowType = flowType;
    if (classification.missingCallingStationId) return reject(11008);
    steps.push(STEP.evaluatingPolicyGroup, STEP.evaluatingServiceSelection);
    const selection = policy.selectPolicySet(request, now);
    const set = selection.set;
    if (!set) return reject(15039, '15039 No policy set matched the request');
    s.policySetName = set.policySet.name;
    s.otherAttributes.ISEPolicySetName = set.policySet.name;
    steps.push(set.isDefault ? STEP.matchedDefaultRule : STEP.matchedRule);

    const useCase = classification.useCase;
    if (useCase === 'EAP') {
      if (!this.#eap) return reject(11509, '11509 EAP methods are not enabled on this node');
      return this.#eap.round({ p, origin, now, start: { session: s, set, request } }).then(eapOutcome);
    }
    if (useCase === 'None') return reject(11021);
    const ap = set.allowedProtocols;
    if (!ap || !methodAllowed(ap, useCase)) {
      return reject(useCase === 'PAP' ? 15024 : useCase === 'CHAP' ? 15045 : useCase === 'HostLookup' ? 11034 : 11509);
    }
    steps.push(STEP.evaluatingIdentityPolicy);
    const authn = set.authenticationRule(request, now);
    if (!authn) return reject(22056);
    steps.push(authn.isDefault ? STEP.matchedDefaultRule : STEP.matchedRule, STEP.selectedIdentitySource);
    s.identityPolicyMatchedRule = authn.rule.rule.name;
    s.otherAttributes.IdentityPolicyMatchedRule = authn.rule.rule.name;
    const source = authn.rule.identitySourceName;

    const facts: IdentityFacts = {};
    const onFail = (action: FailAction, code: number, status: string): Outcome | null => {
      facts.authenticationStatus = status;
      if (action === 'DROP') return drop(code);
      if (action === 'REJECT') return reject(code);
      return null; // CONTINUE to authorization
    };

    if (useCase === 'HostLookup') {
      s.authenticationMethod = 'mab';
      s.authenticationProtocol = 'Lookup';
      s.otherAttributes.UseCase = 'Host Lookup';
      steps.push(STEP.hostLookup);
      const mac = parseMac(p.getString('Calling-Station-Id') ?? '') ?? parseMac(rawUser);
      if (mac) s.userName = mac;
      if (s.origCallingStationId) s.otherAttributes.EndPointMACAddress = s.origCallingStationId;
      if (source !== ENDPOINT_STORE) return this.#finish(p, set, s, request, facts, reject(22056, `22056 Subject not found in the applicable identity store(s)`));
      s.identityStore = ENDPOINT_STORE;
      steps.push(STEP.endpointLookup);
      const ep = mac ? this.#deps.endpoints.get(mac) : undefined;
      if (ep) {
        steps.push(STEP.endpointFound, STEP.authenticationPassed);
        const chain = this.#deps.endpoints.groupChain(ep.groupId);
        facts.authenticationStatus = 'AuthenticationPassed';
        facts.identityGroups = [endpointGroupPath(chain)];
        facts.endpoint = { ...ep.customAttributes, EndPointPolicy: chain[chain.length - 1] ?? 'Unknown' };
        s.identityGroup = chain.join(':');
        s.endpointPolicy = chain[chain.length - 1] ?? 'Unknown';
      } else {
        steps.push(STEP.endpointNotFound);
        const stop = onFail(authn.rule.ifUserNotFound, 24217, 'UnknownUser');
        if (stop) return stop;
        steps.push(STEP.userNotFoundContinue);
        facts.identityGroups = [endpointGroupPath(['Unknown'])];
        s.identityGroup = 'Unknown';
        s.endpointPolicy = 'Unknown';
      }
      if (mac) {
        const anc = this.#deps.ancPolicyFor?.(mac);
        if (anc) facts.session = { ANCPolicy: anc };
      }
    } else {
      s.authenticationMethod = useCase === 'PAP' ? 'PAP_ASCII' : 'CHAP';
      s.authenticationProtocol = s.authenticationMethod;
      if (source === 'DenyAccess' || !USER_STORES.has(source)) return reject(22056);
      s.identityStore = 'Internal Users';
      const record = this.#deps.users.get(rawUser);
      if (!record) {
        const stop = onFail(authn.rule.ifUserNotFound, source === 'Internal Users' ? 24216 : 22056, 'UnknownUser');
        if (stop) return stop;
        steps.push(STEP.userNotFoundContinue);
      } else if (!userCanAuthenticate(record.user, now)) {
        const stop = onFail(authn.rule.ifAuthFail, 24206, 'AuthenticationFailed');
        if (stop) return stop;
      } else {
        const ok = useCase === 'PAP' ? this.#checkPap(p, origin, record.password) : this.#checkChap(p, record.password);
        if (ok === 'malformed') return reject(useCase === 'PAP' ? 11021 : 11307);
        if (!ok) {
          const stop = onFail(authn.rule.ifAuthFail, 22040, 'AuthenticationFailed');
          if (stop) return stop;
        } else {
          steps.push(STEP.authenticationPassed);
          facts.authenticationStatus = 'AuthenticationPassed';
          facts.identityGroups = record.user.identityGroups.map((id) => userGroupPath(this.#userGroupName(id)));
          facts.internalUser = { Name: record.user.name, ...record.user.customAttributes };
          s.identityGroup = facts.identityGroups.join(',');
        }
      }
      const mac = parseMac(p.getString('Calling-Station-Id') ?? '');
      const anc = mac ? this.#deps.ancPolicyFor?.(mac) : undefined;
      if (anc) facts.session = { ANCPolicy: anc };
    }
    s.otherAttributes.AuthenticationStatus = facts.authenticationStatus ?? 'AuthenticationPassed';
    return this.#finish(p, set, s, request, facts, null);
  }

  /** Authorization and the reply, after authentication passed or continued. */
  #finish(p: RadiusPacket, set: CompiledPolicySet, s: RadiusSession, request: ReturnType<typeof buildPolicyRequest>['request'], facts: IdentityFacts, early: Outcome | null): Outcome {
    if (early) return early;
    const steps = s.executionSteps;
    applyIdentity(request, facts);
    steps.push(STEP.evaluatingAuthzPolicy);
    const decision = set.authorize(request, this.#now());
    if (decision.rule) {
      steps.push(decision.isDefault ? STEP.matchedDefaultRule : STEP.matchedRule);
      s.authorizationPolicyMatchedRule = decision.rule.rule.name;
      s.otherAttributes.AuthorizationPolicyMatchedRule = decision.rule.rule.name;
    }
    s.selectedAznProfiles = decision.profiles.map((x) => x.name);
    steps.push(STEP.selectedAuthzProfile);
    const built = decisionReply(decision, { req: request });
    if (built.access !== 'ACCESS_ACCEPT') {
      steps.push(STEP.returnedReject);
      return { reply: createReply(p, Code.AccessReject), session: s, failure: built.failure?.code ?? 15039 };
    }
    const reply = createReply(p, Code.AccessAccept);
    const rendered: string[] = [];
    reply.add('User-Name', s.userName);
    rendered.push(`UserName=${s.userName}`);
    for (const a of built.attributes) {
      reply.add(a.name, a.value, a.tag !== undefined ? { tag: a.tag } : {});
      rendered.push(`${a.name}=${a.tag !== undefined ? `${a.tag}:` : ''}${a.value}`);
      if (a.name === 'Cisco-AVPair' && String(a.value).startsWith('ACS:CiscoSecure-Defined-ACL=')) steps.push(STEP.addedDacl);
    }
    const cls = `CACS:${s.id}:${this.#deps.nodeName}/${s.authId}`;
    reply.add('Class', Buffer.from(cls, 'latin1'));
    rendered.push(`Class=${cls}`);
    s.response = `{${rendered.join('; ')}; }`;
    steps.push(STEP.returnedAccept);
    return { reply, session: s };
  }

  #userGroupName(id: string): string {
    return this.#deps.users.groupName(id) ?? id;
  }

  /** PAP: the hidden password against the stored one, in constant time. */
  #checkPap(p: RadiusPacket, origin: Origin, stored: string | undefined): boolean | 'malformed' {
    let given: Buffer | undefined;
    try {
      given = p.getPassword(origin.client.secret);
    } catch {
      return 'malformed';
    }
    if (!given) return 'malformed';
    if (stored === undefined) return false;
    return constantTimeEqual(given, Buffer.from(stored, 'utf8'));
  }

  #checkChap(p: RadiusPacket, stored: string | undefined): boolean | 'malformed' {
    const chap = p.getRaw('CHAP-Password');
    if (!chap || chap.length !== 17) return 'malformed';
    if (stored === undefined) return false;
    return p.verifyChapPassword(stored);
  }

  /** A CPM session id for NADs that send no audit-session-id: NAS address in hex, then random. */
  #newSessionId(origin: Origin): string {
    const ip = origin.address.split('.');
    const prefix = ip.length === 4 ? ip.map((o) => Number(o).toString(16).padStart(2, '0')).join('').toUpperCase() : '00000000';
    return `${prefix}${randomBytes(8).toString('hex').toUpperCase()}`;
  }
}
