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
