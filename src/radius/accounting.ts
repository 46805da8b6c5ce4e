// Accounting-Request handling (RFC 2866): Start/Interim/Stop build the
// session table, Accounting-On/Off close a NAD's sessions. The response is
// sent only after the record is committed (the write-behind queue batches
// many records per commit).
import { randomBytes } from 'node:crypto';
import { emptySession, type RadiusSession } from '../domain/session.ts';
import { STEP, SUMMARY } from '../domain/live-log-codes.ts';
import type { SessionService } from '../services/sessions.ts';
import { Code } from './codes.ts';
import { createReply, type RadiusPacket } from './packet.ts';
import { applyRequest, canonicalStation, sessionKeyOf, type Origin } from './request-fields.ts';

const STATUS_CODE: Record<string, number> = {
  Start: SUMMARY.acctStart, Stop: SUMMARY.acctStop, 'Interim-Update': SUMMARY.acctInterim,
  'Accounting-On': SUMMARY.acctOn, 'Accounting-Off': SUMMARY.acctOff,
};

/** Finds the session an accounting record belongs to, or starts one. */
function bind(sessions: SessionService, p: RadiusPacket, origin: Origin, now: string): RadiusSession {
  const key = sessionKeyOf(p);
  if (key) return sessions.get(key) ?? sessions.stored(key) ?? emptySession(key, now);
  const nasIp = p.getString('NAS-IP-Address') ?? origin.address;
  const acctId = p.getString('Acct-Session-Id');
  if (acctId) {
    const [byAcct] = sessions.find('acct', `${nasIp}|${acctId}`);
    if (byAcct) return byAcct;
  }
  const calling = p.getString('Calling-Station-Id');
  if (calling) {
    const mac = canonicalStation(calling);
    const match = sessions.find('mac', mac).find((s) => s.nasIpAddress === nasIp && s.state !== 'DISCONNECTED');
    if (match) return match;
  }
  return emptySession(`${randomBytes(4).toString('hex').toUpperCase()}${Date.now().toString(16).toUpperCase().padStart(12, '0')}`, now);
}

const counter = (p: RadiusPacket, low: string, high: string): number | undefined => {
  const lo = p.getInt(low);
  if (lo === undefined) return undefined;
  return (p.getInt(high) ?? 0) * 2 ** 32 + lo;
};

/** Updates the session from an accounting request; returns the response (after commit). */
export async function handleAccounting(p: RadiusPacket, origin: Origin, sessions: SessionService, now: Date): Promise<RadiusPacket> {
  const at = now.toISOString();
  const status = p.getEnumName('Acct-Status-Type') ?? '';
  const reply = createReply(p, Code.AccountingResponse);
  const steps: number[] = [STEP.receivedAccounting];
  if (status === 'Accounting-On' || status === 'Accounting-Off') {
    const nasIp = p.getString('NAS-IP-Address') ?? origin.address;
    const closing: RadiusSession[] = [];
    for (const s of sessions.all()) {
      if (s.deviceId === origin.client.id && s.nasIpAddress === nasIp && s.state !== 'DISCONNECTED') closing.push(s);
    }
    const writes = closing.map((s) => ({ ...s, state: 'DISCONNECTED' as const, stopped: true, acctStatusType: status, acctAt: at, acctTerminateCause: 'NAS-Reboot' }));
    await Promise.all(writes.map((s) => sessions.putDurable(s)));
    steps.push(STEP.returnedAccountingResponse);
    sessions.log({
      messageCode: STATUS_CODE[status], failureReason: '', sessionId: '', userName: '', callingStationId: '', nasIpAddress: nasIp,
      deviceName: origin.client.name, deviceIpAddress: origin.address, authenticationMethod: '', authenticationProtocol: '',
      policySetName: '', authorizationPolicyMatchedRule: '', selectedAznProfiles: [], identityGroup: '', executionSteps: steps,
      responseTimeMs: 0, details: { AcctStatusType: status, SessionsClosed: String(closing.length) },
    });
    return reply;
  }

  const s = { ...bind(sessions, p, origin, at) };
  applyRequest(s, p, origin);
  const user = p.getString('User-Name');
  if (user !== undefined && !s.userName) {
    s.userName = user;
    s.originalUserName = user;
  }
  const acctSessionId = p.getString('Acct-Session-Id');
  if (acctSessionId !== undefined) s.acctSessionId = acctSessionId;
  const framed = p.getString('Framed-IP-Address');
  if (framed !== undefined) s.framedIpAddress = framed;
  const framed6 = p.getAllStrings('Framed-IPv6-Address');
  if (framed6.length) s.framedIpv6Addresses = framed6;
  const inOctets = counter(p, 'Acct-Input-Octets', 'Acct-Input-Gigawords');
  const outOctets = counter(p, 'Acct-Output-Octets', 'Acct-Output-Gigawords');
  if (inOctets !== undefined) s.acctInputOctets = inOctets;
  if (outOctets !== undefined) s.acctOutputOctets = outOctets;
  s.acctInputPackets = p.getInt('Acct-Input-Packets') ?? s.acctInputPackets;
  s.acctOutputPackets = p.getInt('Acct-Output-Packets') ?? s.acctOutputPackets;
  s.acctSessionTime = p.getInt('Acct-Session-Time') ?? s.acctSessionTime;
  s.acctDelayTime = p.getInt('Acct-Delay-Time') ?? s.acctDelayTime;
  s.acctAuthentic = p.getEnumName('Acct-Authentic') ?? s.acctAuthentic;
  const cls = p.getRaw('Class');
  if (cls) s.acctClass = cls.toString('latin1');
  s.acctStatusType = status;
  s.acctAt = at;
  s.acctId = Number(`${now.getTime()}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`);
  if (status === 'Start' || status === 'Interim-Update') {
    if (s.state !== 'DISCONNECTED') s.state = 'STARTED';
    s.started = true;
  } else if (status === 'Stop') {
    s.state = 'DISCONNECTED';
    s.stopped = true;
    s.acctTerminateCause = p.getEnumName('Acct-Terminate-Cause') ?? '';
  }
  await sessions.putDurable(s);
  steps.push(STEP.returnedAccountingResponse);
  sessions.log({
    messageCode: STATUS_CODE[status] ?? SUMMARY.acctInterim, failureReason: '', sessionId: s.id, userName: s.userName,
    callingStationId: s.callingStationId, nasIpAddress: s.nasIpAddress, deviceName: origin.client.name, deviceIpAddress: origin.address,
    authenticationMethod: s.authenticationMethod, authenticationProtocol: s.authenticationProtocol, policySetName: s.policySetName,
    authorizationPolicyMatchedRule: s.authorizationPolicyMatchedRule, selectedAznProfiles: s.selectedAznProfiles,
    identityGroup: s.identityGroup, executionSteps: steps, responseTimeMs: 0,
    details: {
      AcctStatusType: status, AcctSessionId: s.acctSessionId, FramedIPAddress: s.framedIpAddress,
      AcctInputOctets: String(s.acctInputOctets), AcctOutputOctets: String(s.acctOutputOctets),
      AcctInputPackets: String(s.acctInputPackets), AcctOutputPackets: String(s.acctOutputPackets),
      AcctSessionTime: String(s.acctSessionTime),
    },
  });
  return reply;
}
