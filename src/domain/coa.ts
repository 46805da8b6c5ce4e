// Change of Authorization (RFC 5176) as Gatehouse's CoA client uses it:
// the actions, how MnT's type numbers map onto them, what a NAD answered,
// and the live-log codes of a dynamic-authorization attempt.

/**
 * What a CoA asks the NAD to do. `reauth*` and the port commands are
 * CoA-Requests; `disconnect` is a plain Disconnect-Request.
 */
export const COA_ACTIONS = ['reauth', 'reauthLast', 'reauthRerun', 'disconnect', 'portBounce', 'portShutdown'] as const;
export type CoaAction = (typeof COA_ACTIONS)[number];

/** MnT `CoA/Reauth/{server}/{mac}/{reauthType}`. */
export const MNT_REAUTH_TYPES: Readonly<Record<string, CoaAction>> = { 0: 'reauth', 1: 'reauthLast', 2: 'reauthRerun' };
/** MnT `CoA/Disconnect/{server}/{mac}/{disconnectType}`. */
export const MNT_DISCONNECT_TYPES: Readonly<Record<string, CoaAction>> = { 0: 'disconnect', 1: 'portBounce', 2: 'portShutdown' };

/** Cisco-AVPair commands of each CoA-Request action (Cisco IOS "RADIUS Change of Authorization"). */
export const CISCO_COMMANDS: Readonly<Record<CoaAction, readonly string[]>> = {
  reauth: ['subscriber:command=reauthenticate'],
  reauthLast: ['subscriber:command=reauthenticate', 'subscriber:reauthenticate-type=last'],
  reauthRerun: ['subscriber:command=reauthenticate', 'subscriber:reauthenticate-type=rerun'],
  disconnect: [],
  portBounce: ['subscriber:command=bounce-host-port'],
  portShutdown: ['subscriber:command=disable-host-port'],
};

/** True when the action is sent as a Disconnect-Request. */
export const isDisconnect = (a: CoaAction): boolean => a === 'disconnect';

/**
 * The action to send to a NAD whose profile has no Cisco commands: a
 * re-authentication becomes a Disconnect-Request (the client reconnects and
 * authenticates again); port commands have no generic form.
 */
export function genericAction(a: CoaAction): CoaAction | null {
  if (a === 'reauth' || a === 'reauthLast' || a === 'reauthRerun' || a === 'disconnect') return 'disconnect';
  return null;
}

/** Device profiles that take Cisco-AVPair commands and identification. */
export const isCiscoProfile = (profileName: string): boolean => /^cisco/i.test(profileName);

/** RFC 5176 §3.6 Error-Cause values, as Cisco's CoA documentation words them. */
export const ERROR_CAUSE_TEXT: Readonly<Record<number, string>> = {
  201: 'Residual Session Context Removed',
  202: 'Invalid EAP Packet (Ignored)',
  401: 'Unsupported Attribute',
  402: 'Missing Attribute',
  403: 'NAS Identification Mismatch',
  404: 'Invalid Request',
  405: 'Unsupported Service',
  406: 'Unsupported Extension',
  407: 'Invalid Attribute Value',
  501: 'Administratively Prohibited',
  502: 'Request Not Routable (Proxy)',
  503: 'Session Context Not Found',
  504: 'Session Context Not Removable',
  505: 'Other Proxy Processing Error',
  506: 'Resources Unavailable',
  507: 'Request Initiated',
  508: 'Multiple Session Selection Unsupported',
};

export const errorCauseText = (cause: number): string => ERROR_CAUSE_TEXT[cause] ?? `Error-Cause ${cause}`;

/**
 * How a CoA attempt ended: the NAD acknowledged (`ack`) or refused (`nak`),
 * did not answer in time (`timeout`; replies that failed authentication are
 * counted, not accepted), or no request was sent: no active session, no
 * network device or RADIUS secret for it, an action the device profile
 * cannot express, too many requests in flight, or a send error.
 */
export type CoaOutcome = 'ack' | 'nak' | 'timeout' | 'noSession' | 'noDevice' | 'unsupported' | 'busy' | 'error';

export interface CoaResult {
  ok: boolean;
  outcome: CoaOutcome;
  /** The action asked for, and the one sent (they differ for non-Cisco profiles). */
  requested: CoaAction;
  sent?: CoaAction;
  sessionId: string;
  mac: string;
  nasIpAddress: string;
  deviceName: string;
  /** Where the request went. */
  address?: string;
  port?: number;
  errorCause?: number;
  /** Transmissions made (1 + retransmissions). */
  attempts: number;
  /** Replies dropped because their authenticator did not verify (wrong shared secret). */
  invalidReplies: number;
  rttMs?: number;
  /** One line for logs and audit. */
  detail: string;
}

/** Live-log summary codes of a dynamic-authorization attempt. */
export const COA_SUMMARY = { succeeded: 5205, failed: 5417 } as const;

/** Execution steps of a dynamic-authorization attempt. */
export const COA_STEP = {
  clientSending: 11100,
  clientReceived: 11101,
  noResponse: 11213,
  receivedReauthRequest: 11204,
  preparedDisconnect: 11217,
  preparedDisconnectShutdown: 11218,
  preparedDisconnectBounce: 11219,
  preparedReauth: 11220,
  disconnectAck: 11221,
  disconnectNak: 11222,
  coaAck: 11223,
  coaNak: 11224,
} as const;

/** Texts of the CoA codes (steps and failure reasons) for MnT's catalogue. */
export const COA_CODE_TEXT: Readonly<Record<number, string>> = {
  5205: 'Dynamic Authorization succeeded',
  5417: 'Dynamic Authorization failed',
  11100: 'RADIUS-Client about to send request',
  11101: 'RADIUS-Client received response',
  11204: 'Received reauthenticate request',
  11213: 'No response received from Network Access Device after sending a Dynamic Authorization request',
  11217: 'Prepared the disconnect dynamic authorization request',
  11218: 'Prepared the disconnect and port shutdown dynamic authorization request',
  11219: 'Prepared the disconnect and port bounce dynamic authorization request',
  11220: 'Prepared the reauthenticate request',
  11221: 'Received disconnect dynamic authorization success response',
  11222: 'Received disconnect dynamic authorization failure response',
  11223: 'Received CoA success response',
  11224: 'Received CoA failure response',
};

/** The step that records preparing the request for an action. */
export function preparedStep(a: CoaAction): number {
  switch (a) {
    case 'disconnect': return COA_STEP.preparedDisconnect;
    case 'portBounce': return COA_STEP.preparedDisconnectBounce;
    case 'portShutdown': return COA_STEP.preparedDisconnectShutdown;
    default: return COA_STEP.preparedReauth;
  }
}

/** Execution steps for a finished attempt. */
export function coaSteps(r: CoaResult): number[] {
  const steps: number[] = r.requested.startsWith('reauth') ? [COA_STEP.receivedReauthRequest] : [];
  if (!r.sent) return steps;
  steps.push(preparedStep(r.sent), COA_STEP.clientSending);
  if (r.outcome === 'timeout') steps.push(COA_STEP.noResponse);
  else if (r.outcome === 'ack' || r.outcome === 'nak') {
    const disc = isDisconnect(r.sent);
    steps.push(COA_STEP.clientReceived, r.outcome === 'ack' ? (disc ? COA_STEP.disconnectAck : COA_STEP.coaAck) : (disc ? COA_STEP.disconnectNak : COA_STEP.coaNak));
  }
  return steps;
}

/** `<code> <text>` failure reason of a failed attempt, '' when no catalogue code applies. */
export function coaFailureReason(r: CoaResult): string {
  switch (r.outcome) {
    case 'timeout': return `${COA_STEP.noResponse} ${COA_CODE_TEXT[COA_STEP.noResponse]}`;
    case 'nak': {
      const code = r.sent && isDisconnect(r.sent) ? COA_STEP.disconnectNak : COA_STEP.coaNak;
      return `${code} ${COA_CODE_TEXT[code]}`;
    }
    case 'noDevice': return '11007 Could not locate Network Device or AAA Client';
    default: return '';
  }
}

/** How the NAD identifies the session, in the NAD's own spelling. */
export interface CoaSessionRef {
  nasIpAddress: string;
  /** Calling-Station-Id exactly as the NAD sent it. */
  callingStationId: string;
  acctSessionId: string;
  /** Cisco audit-session-id the NAD sent; '' when it sent none. */
  auditSessionId: string;
}

/** One request for the CoA client: what to do, to which session, at which DAS. */
export interface CoaRequest {
  action: CoaAction;
  /** Send Cisco-AVPair commands and identification. */
  cisco: boolean;
  session: CoaSessionRef;
  address: string;
  port: number;
  secret: Buffer;
}

/** What the CoA client observed. */
export interface CoaReply {
  outcome: 'ack' | 'nak' | 'timeout' | 'busy' | 'error';
  errorCause?: number;
  attempts: number;
  invalidReplies: number;
  rttMs?: number;
  detail?: string;
}

/** The transport that sends a CoA and waits (bounded) for the answer. */
export interface CoaSender {
  send(request: CoaRequest): Promise<CoaReply>;
  close(): Promise<void>;
}
