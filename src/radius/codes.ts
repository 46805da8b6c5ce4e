// Packet codes (RFC 2865, 2866, 5176, 5997) and how each one's
// authenticator is formed.

export const Code = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  StatusClient: 13,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoARequest: 43,
  CoAAck: 44,
  CoANak: 45,
} as const;

export type CodeNumber = (typeof Code)[keyof typeof Code];

const NAMES: Record<number, string> = {
  1: 'Access-Request', 2: 'Access-Accept', 3: 'Access-Reject', 4: 'Accounting-Request',
  5: 'Accounting-Response', 11: 'Access-Challenge', 12: 'Status-Server', 13: 'Status-Client',
  40: 'Disconnect-Request', 41: 'Disconnect-ACK', 42: 'Disconnect-NAK',
  43: 'CoA-Request', 44: 'CoA-ACK', 45: 'CoA-NAK',
};

const BY_NAME = new Map(Object.entries(NAMES).map(([n, name]) => [name.toLowerCase(), Number(n)]));

export function codeName(code: number): string {
  return NAMES[code] ?? `Code-${code}`;
}

export function codeByName(name: string): number | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * How the Authenticator field is formed:
 * - 'random': Access-Request and Status-Server carry a random Request Authenticator;
 * - 'hashed': Accounting-Request, Disconnect-Request and CoA-Request carry
 *   MD5(Code+Id+Length+16 zero octets+Attributes+Secret);
 * - 'response': every reply carries MD5(Code+Id+Length+Request Authenticator+Attributes+Secret).
 */
export type AuthenticatorKind = 'random' | 'hashed' | 'response';

export function authenticatorKind(code: number): AuthenticatorKind {
  switch (code) {
    case Code.AccessRequest:
    case Code.StatusServer:
    case Code.StatusClient:
      return 'random';
    case Code.AccountingRequest:
    case Code.DisconnectRequest:
    case Code.CoARequest:
      return 'hashed';
    default:
      return 'response';
  }
}

export function isRequest(code: number): boolean {
  return authenticatorKind(code) !== 'response';
}

/** The codes a server may send in answer to a request code. */
export function isAccessReply(code: number): boolean {
  return code === Code.AccessAccept || code === Code.AccessReject || code === Code.AccessChallenge;
}
