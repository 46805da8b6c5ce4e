// CoA-Request and Disconnect-Request packets for one session (RFC 5176,
// Cisco flavour): identification in the NAD's own spelling, Event-Timestamp,
// the Cisco-AVPair command. The encoder adds the Message-Authenticator
// (first) and computes the Request Authenticator over the final packet.
import { isIP } from 'node:net';
import { CISCO_COMMANDS, isDisconnect, type CoaAction, type CoaSessionRef } from '../domain/coa.ts';
import { Code } from './codes.ts';
import { RadiusPacket } from './packet.ts';

export function buildCoaRequest(action: CoaAction, ref: CoaSessionRef, cisco: boolean, now: Date, identifier = 0): RadiusPacket {
  const disconnect = isDisconnect(action);
  const p = new RadiusPacket(disconnect ? Code.DisconnectRequest : Code.CoARequest, identifier);
  if (isIP(ref.nasIpAddress) === 4) p.add('NAS-IP-Address', ref.nasIpAddress);
  else if (isIP(ref.nasIpAddress) === 6) p.add('NAS-IPv6-Address', ref.nasIpAddress);
  if (ref.callingStationId) p.add('Calling-Station-Id', ref.callingStationId);
  if (disconnect && ref.acctSessionId) p.add('Acct-Session-Id', ref.acctSessionId);
  p.add('Event-Timestamp', Math.floor(now.getTime() / 1000));
  if (cisco) {
    for (const command of CISCO_COMMANDS[action]) p.add('Cisco-AVPair', command);
    if (ref.auditSessionId) p.add('Cisco-AVPair', `audit-session-id=${ref.auditSessionId}`);
  }
  return p;
}

/** The reply codes that answer a request code: [ACK, NAK]. */
export function replyCodes(requestCode: number): [number, number] {
  return requestCode === Code.DisconnectRequest ? [Code.DisconnectAck, Code.DisconnectNak] : [Code.CoAAck, Code.CoANak];
}
