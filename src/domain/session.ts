// RADIUS sessions and live-log records: what the RADIUS path observes and
// what MnT and pxGrid report (field names follow MnT's sessionParameters).

export const SESSION_STATES = ['AUTHENTICATING', 'AUTHENTICATED', 'POSTURED', 'STARTED', 'DISCONNECTED'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** States MnT counts as active. */
export const ACTIVE_STATES: ReadonlySet<SessionState> = new Set(['AUTHENTICATED', 'POSTURED', 'STARTED']);

export interface RadiusSession {
  /** CPM session id: the NAD's audit-session-id, or one Gatehouse generated. */
  id: string;
  state: SessionState;
  passed: boolean;
  userName: string;
  originalUserName: string;
  /** Canonical AA:BB:CC:DD:EE:FF when the NAD sent a MAC, else as sent. */
  callingStationId: string;
  origCallingStationId: string;
  calledStationId: string;
  nasIpAddress: string;
  nasIpv6Address: string;
  nasIdentifier: string;
  nasPort: number | null;
  nasPortId: string;
  nasPortType: string;
  serviceType: string;
  deviceId: string;
  deviceName: string;
  /** Packet source address of the NAD. */
  deviceIpAddress: string;
  /** Local address the request arrived on. */
  destinationIpAddress: string;
  /** Network device groups, full `Root#…` names. */
  networkDeviceGroups: string[];
  authenticationMethod: string;
  authenticationProtocol: string;
  identityStore: string;
  identityGroup: string;
  selectedAznProfiles: string[];
  policySetName: string;
  identityPolicyMatchedRule: string;
  authorizationPolicyMatchedRule: string;
  messageCode: number;
  failureReason: string;
  executionSteps: number[];
  /** Rendering of the reply attributes, as MnT's `response`. */
  response: string;
  authAt: string;
  authId: number;
  responseTimeMs: number;
  framedIpAddress: string;
  framedIpv6Addresses: string[];
  acctSessionId: string;
  acctStatusType: string;
  acctAt: string;
  acctId: number;
  acctInputOctets: number;
  acctOutputOctets: number;
  acctInputPackets: number;
  acctOutputPackets: number;
  acctSessionTime: number;
  acctAuthentic: string;
  acctTerminateCause: string;
  acctDelayTime: number;
  acctClass: string;
  started: boolean;
  stopped: boolean;
  endpointPolicy: string;
  postureStatus: string;
  /** Extra name=value pairs for MnT's other_attr_string. */
  otherAttributes: Record<string, string>;
  /** Cisco audit-session-id as the NAD sent it (CoA identifies the session by it); absent when none was sent. */
  auditSessionId?: string;
  updatedAt: string;
}

export function emptySession(id: string, now: string): RadiusSession {
  return {
    id, state: 'AUTHENTICATING', passed: false, userName: '', originalUserName: '', callingStationId: '', origCallingStationId: '',
    calledStationId: '', nasIpAddress: '', nasIpv6Address: '', nasIdentifier: '', nasPort: null, nasPortId: '', nasPortType: '',
    serviceType: '', deviceId: '', deviceName: '', deviceIpAddress: '', destinationIpAddress: '', networkDeviceGroups: [],
    authenticationMethod: '', authenticationProtocol: '', identityStore: '', identityGroup: '', selectedAznProfiles: [],
    policySetName: '', identityPolicyMatchedRule: '', authorizationPolicyMatchedRule: '', messageCode: 0, failureReason: '',
    executionSteps: [], response: '', authAt: '', authId: 0, responseTimeMs: 0, framedIpAddress: '', framedIpv6Addresses: [],
    acctSessionId: '', acctStatusType: '', acctAt: '', acctId: 0, acctInputOctets: 0, acctOutputOctets: 0, acctInputPackets: 0,
    acctOutputPackets: 0, acctSessionTime: 0, acctAuthentic: '', acctTerminateCause: '', acctDelayTime: 0, acctClass: '',
    started: false, stopped: false, endpointPolicy: '', postureStatus: '', otherAttributes: {}, updatedAt: now,
  };
}

/** One live-log row: an authentication, accounting, drop or CoA event. */
export interface LiveLogEntry {
  id: number;
  at: string;
  /** Summary code: 5200, 5400, 5405, 3000, 3001 … */
  messageCode: number;
  /** `<code> <text>` when something failed. */
  failureReason: string;
  sessionId: string;
  userName: string;
  callingStationId: string;
  nasIpAddress: string;
  deviceName: string;
  deviceIpAddress: string;
  authenticationMethod: string;
  authenticationProtocol: string;
  policySetName: string;
  authorizationPolicyMatchedRule: string;
  selectedAznProfiles: string[];
  identityGroup: string;
  executionSteps: number[];
  responseTimeMs: number;
  details: Record<string, string>;
}

export function emptyLiveLogEntry(id: number, at: string): LiveLogEntry {
  return {
    id, at, messageCode: 0, failureReason: '', sessionId: '', userName: '', callingStationId: '', nasIpAddress: '', deviceName: '',
    deviceIpAddress: '', authenticationMethod: '', authenticationProtocol: '', policySetName: '', authorizationPolicyMatchedRule: '',
    selectedAznProfiles: [], identityGroup: '', executionSteps: [], responseTimeMs: 0, details: {},
  };
}

/** Fields only accounting sets: an authentication decided elsewhere keeps the table's values for them. */
const ACCOUNTING_FIELDS = [
  'acctSessionId', 'acctStatusType', 'acctAt', 'acctId', 'acctInputOctets', 'acctOutputOctets', 'acctInputPackets', 'acctOutputPackets',
  'acctSessionTime', 'acctAuthentic', 'acctTerminateCause', 'acctDelayTime', 'acctClass', 'started', 'stopped',
] as const satisfies readonly (keyof RadiusSession)[];

/**
 * An authentication decided from an older copy of the session (a RADIUS
 * worker thread's), laid over the table's current record: the accounting
 * fields and a framed address learnt since are kept, and an accepted session
 * that accounting has started stays STARTED. An ended session is not
 * continued: the authentication starts it afresh.
 */
export function mergeAuthentication(current: RadiusSession | undefined, auth: RadiusSession): RadiusSession {
  if (!current || current.state === 'DISCONNECTED') return auth;
  const merged: RadiusSession = { ...auth };
  const target = merged as unknown as Record<string, unknown>;
  for (const k of ACCOUNTING_FIELDS) target[k] = current[k];
  if (!merged.framedIpAddress) merged.framedIpAddress = current.framedIpAddress;
  if (merged.framedIpv6Addresses.length === 0) merged.framedIpv6Addresses = current.framedIpv6Addresses;
  if (merged.passed && (merged.state === 'AUTHENTICATED' || merged.state === 'STARTED')) {
    merged.state = merged.started && !merged.stopped ? 'STARTED' : 'AUTHENTICATED';
  }
  return merged;
}
