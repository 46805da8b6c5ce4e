// What a request tells about the session: NAS, port, station ids, in the
// forms MnT reports (canonical MAC beside the NAD's own spelling, ISE's
// display names for Service-Type and NAS-Port-Type).
import { parseMac } from '../domain/mac.ts';
import type { RadiusSession } from '../domain/session.ts';
import type { RadiusPacket } from './packet.ts';
import type { RadiusClient } from './transport.ts';

const SERVICE_TYPE_DISPLAY: Record<string, string> = {
  'Login-User': 'Login', 'Framed-User': 'Framed', 'Callback-Login-User': 'Callback Login', 'Callback-Framed-User': 'Callback Framed',
  'Outbound-User': 'Outbound', 'Administrative-User': 'Administrative', 'NAS-Prompt-User': 'NAS Prompt',
  'Authenticate-Only': 'Authenticate Only', 'Callback-NAS-Prompt': 'Callback NAS Prompt', 'Call-Check': 'Call Check',
  'Callback-Administrative': 'Callback Administrative', 'Authorize-Only': 'Authorize Only',
};

const PORT_TYPE_DISPLAY: Record<string, string> = {
  Ethernet: 'Ethernet', 'Wireless-802.11': 'Wireless - IEEE 802.11', Virtual: 'Virtual', Async: 'Async', Sync: 'Sync',
  'ISDN': 'ISDN Sync', 'xDSL': 'xDSL', 'Cable': 'Cable', 'Wireless-Other': 'Wireless - Other',
};

export const serviceTypeDisplay = (name: string | undefined): string => (name ? (SERVICE_TYPE_DISPLAY[name] ?? name) : '');
export const portTypeDisplay = (name: string | undefined): string => (name ? (PORT_TYPE_DISPLAY[name] ?? name) : '');

/** Canonical MAC when the value is one, else the value itself. */
export const canonicalStation = (value: string): string => parseMac(value) ?? value;

export interface Origin {
  /** NAD source address. */
  address: string;
  /** Local address the packet arrived on. */
  local: string;
  client: RadiusClient;
}

/** Copies the request's identifying attributes into the session. */
export function applyRequest(s: RadiusSession, p: RadiusPacket, origin: Origin): void {
  const calling = p.getString('Calling-Station-Id');
  if (calling !== undefined) {
    s.origCallingStationId = calling;
    s.callingStationId = canonicalStation(calling);
  }
  const called = p.getString('Called-Station-Id');
  if (called !== undefined) s.calledStationId = called;
  const nasIp = p.getString('NAS-IP-Address');
  s.nasIpAddress = nasIp ?? (s.nasIpAddress || origin.address);
  const nasIpv6 = p.getString('NAS-IPv6-Address');
  if (nasIpv6 !== undefined) s.nasIpv6Address = nasIpv6;
  const nasId = p.getString('NAS-Identifier');
  if (nasId !== undefined) s.nasIdentifier = nasId;
  const port = p.getInt('NAS-Port');
  if (port !== undefined) s.nasPort = port;
  const portId = p.getString('NAS-Port-Id');
  if (portId !== undefined) s.nasPortId = portId;
  const portType = p.getEnumName('NAS-Port-Type');
  if (portType !== undefined) s.nasPortType = portTypeDisplay(portType);
  const serviceType = p.getEnumName('Service-Type');
  if (serviceType !== undefined) s.serviceType = serviceTypeDisplay(serviceType);
  const audit = p.getCiscoAvPair('audit-session-id');
  if (audit) s.auditSessionId = audit;
  s.deviceId = origin.client.id;
  s.deviceName = origin.client.name;
  s.deviceIpAddress = origin.address;
  s.destinationIpAddress = origin.local;
  if (origin.client.groups) s.networkDeviceGroups = [...origin.client.groups];
}

/** The Cisco audit-session-id, or the CPM session id carried back in Class. */
export function sessionKeyOf(p: RadiusPacket): string | undefined {
  const audit = p.getCiscoAvPair('audit-session-id');
  if (audit) return audit;
  for (const raw of p.getAllRaw('Class')) {
    const cls = raw.toString('latin1');
    const m = /^CACS:([^:]+):/.exec(cls);
    if (m) return m[1];
  }
  return undefined;
}
