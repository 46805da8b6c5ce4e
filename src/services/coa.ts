// Dynamic authorization of active sessions: finds the session's network
// device (address, CoA port, shared secret, profile), sends the request
// through the CoA client and reports the outcome. Every attempt is written
// to the live log (5205 / 5417 with its steps) and to the audit trail.
import { ACTIVE_STATES, type RadiusSession } from '../domain/session.ts';
import {
  COA_SUMMARY, coaFailureReason, coaSteps, errorCauseText, genericAction, isCiscoProfile,
  type CoaAction, type CoaResult, type CoaSender,
} from '../domain/coa.ts';
import type { NetworkDeviceService } from './network-devices.ts';
import type { SessionService } from './sessions.ts';
import type { AuditService } from './audit.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './context.ts';

export interface CoaServiceDeps {
  sessions: SessionService;
  devices: NetworkDeviceService;
  sender: CoaSender;
  audit: AuditService;
  store: Store;
}

/** Who asked for the CoA: the admin and the component (MnT, ANC …). */
export interface CoaContext {
  actor: Actor;
  trigger: string;
}

interface DasTarget {
  name: string;
  address: string;
  port: number;
  secret: Buffer;
  cisco: boolean;
}

export class CoaService {
  readonly #deps: CoaServiceDeps;

  constructor(deps: CoaServiceDeps) {
    this.#deps = deps;
  }

  /** Active sessions of a MAC (canonical form), newest first. */
  activeSessionsOf(mac: string): RadiusSession[] {
    return this.#deps.sessions.find('mac', mac).filter((s) => ACTIVE_STATES.has(s.state));
  }

  /** The network device a session came through, as a DAS to send to; a reason when there is none. */
  async #target(s: RadiusSession): Promise<DasTarget | string> {
    const devices = this.#deps.devices;
    const address = s.deviceIpAddress || s.nasIpAddress;
    const id = s.deviceId || devices.radiusClients.resolve(address)?.id;
    const device = id ? await devices.get(id) : undefined;
    if (!device) return `no network device is configured for ${address || 'the session'}`;
    const secret = device.authenticationSettings?.radiusSharedSecret;
    if (!secret) return `network device '${device.name}' has no RADIUS shared secret`;
    if (!device.coaPort) return `network device '${device.name}' has no CoA port`;
    return { name: device.name, address, port: device.coaPort, secret: Buffer.from(secret, 'utf8'), cisco: isCiscoProfile(device.profileName) };
  }

  /** Sends one action to one session and records the outcome. */
  async send(s: RadiusSession, requested: CoaAction, ctx: CoaContext): Promise<CoaResult> {
    const base = {
      requested, sessionId: s.id, mac: s.callingStationId, nasIpAddress: s.nasIpAddress, deviceName: s.deviceName,
      attempts: 0, invalidReplies: 0,
    };
    let result: CoaResult;
    if (!ACTIVE_STATES.has(s.state)) {
      result = { ...base, ok: false, outcome: 'noSession', detail: `session ${s.id} is not active (${s.state})` };
    } else {
      const target = await this.#target(s);
      if (typeof target === 'string') {
        result = { ...base, ok: false, outcome: 'noDevice', detail: target };
      } else {
        const sent = target.cisco ? requested : genericAction(requested);
        if (!sent) {
          result = { ...base, deviceName: target.name, ok: false, outcome: 'unsupported', detail: `${requested} needs a Cisco device profile; network device '${target.name}' has another` };
        } else {
          const reply = await this.#deps.sender.send({
            action: sent, cisco: target.cisco, address: target.address, port: target.port, secret: target.secret,
            session: { nasIpAddress: s.nasIpAddress, callingStationId: s.origCallingStationId || s.callingStationId, acctSessionId: s.acctSessionId, auditSessionId: s.auditSessionId ?? '' },
          });
          const where = `${target.address}:${target.port}`;
          const detail = reply.outcome === 'ack' ? `acknowledged by ${where}`
            : reply.outcome === 'nak' ? `refused by ${where}${reply.errorCause !== undefined ? `: Error-Cause ${reply.errorCause} ${errorCauseText(reply.errorCause)}` : ''}`
            : reply.detail ?? reply.outcome;
          result = {
            ...base, deviceName: target.name, sent, address: target.address, port: target.port, ok: reply.outcome === 'ack',
            outcome: reply.outcome, attempts: reply.attempts, invalidReplies: reply.invalidReplies, detail,
            ...(reply.errorCause !== undefined && { errorCause: reply.errorCause }),
            ...(reply.rttMs !== undefined && { rttMs: reply.rttMs }),
          };
        }
      }
    }
    this.#logResult(s, result, ctx);
    await this.#audit(result, ctx);
    return result;
  }

  /** Records a request that found no session to act on. */
  async noSession(mac: string, requested: CoaAction, ctx: CoaContext, detail: string): Promise<CoaResult> {
    const result: CoaResult = {
      ok: false, outcome: 'noSession', requested, sessionId: '', mac, nasIpAddress: '', deviceName: '', attempts: 0, invalidReplies: 0, detail,
    };
    await this.#audit(result, ctx);
    return result;
  }

  #logResult(s: RadiusSession, r: CoaResult, ctx: CoaContext): void {
    const details: Record<string, string> = {
      CoAType: r.sent ?? r.requested, CoAOutcome: r.outcome, CoASourceComponent: ctx.trigger, RequestedBy: ctx.actor.name, Detail: r.detail,
    };
    if (r.errorCause !== undefined) details.ErrorCause = `${r.errorCause} ${errorCauseText(r.errorCause)}`;
    if (r.port !== undefined) details.CoAPort = String(r.port);
    this.#deps.sessions.log({
      messageCode: r.ok ? COA_SUMMARY.succeeded : COA_SUMMARY.failed, failureReason: r.ok ? '' : coaFailureReason(r),
      sessionId: s.id, userName: s.userName, callingStationId: s.callingStationId, nasIpAddress: s.nasIpAddress,
      deviceName: r.deviceName, deviceIpAddress: r.address ?? s.deviceIpAddress, authenticationMethod: '', authenticationProtocol: '',
      policySetName: '', authorizationPolicyMatchedRule: '', selectedAznProfiles: [], identityGroup: s.identityGroup,
      executionSteps: coaSteps(r), responseTimeMs: Math.round(r.rttMs ?? 0), details,
    });
  }

  async #audit(r: CoaResult, ctx: CoaContext): Promise<void> {
    const record = {
      action: `coa-${r.requested}`, objectType: 'session', objectId: r.sessionId, objectName: r.mac,
      after: {
        trigger: ctx.trigger, sent: r.sent ?? '', outcome: r.outcome, nasIpAddress: r.nasIpAddress, deviceName: r.deviceName,
        ...(r.errorCause !== undefined && { errorCause: r.errorCause }),
      },
    };
    const { audit, store } = this.#deps;
    if (r.ok) await store.transaction((tx) => audit.success(tx, ctx.actor, record));
    else await audit.failure(ctx.actor, record, r.detail);
  }
}
