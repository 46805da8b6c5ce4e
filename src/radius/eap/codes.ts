// ISE's live-log failure reasons and execution steps of the EAP path
// (radius-policy.md §13, ca.md §5). Codes outside the spec's table are our
// reading of ISE's catalogue; EAP-TTLS reports tunnel failures under the
// PEAP codes, the catalogue we follow having no TTLS-specific ones.
import type { Failure } from './method.ts';

const f = (code: number, text: string): Failure => ({ code, text });

export const EAP_FAILURE = {
  invalidState: f(11051, 'RADIUS packet contains invalid state attribute'),
  invalidPayload: f(11500, 'Invalid or unexpected EAP payload received'),
  noEapAllowed: f(11509, 'Allowed Protocols does not allow any EAP protocols'),
  nakUnsupported: f(11512, 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed'),
  emptyTls: f(11514, 'Unexpectedly received empty TLS message; treating as a rejection by the client'),
  peapResultFailure: f(12308, 'Client sent Result TLV indicating failure'),
  // ISE's "PEAP authentication failed" with the reason spelt out, as 12508 is for EAP-TLS.
  peapCryptobindingInvalid: f(12307, 'PEAP authentication failed: the client\'s Cryptobinding TLV is invalid'),
  peapCryptobindingMissing: f(12307, 'PEAP authentication failed: the client sent no Cryptobinding TLV, which the Allowed Protocols require'),
  peapHandshake: f(12309, 'PEAP handshake failed'),
  peapClientRejected: f(12321, 'PEAP failed SSL/TLS handshake because the client rejected the ISE local-certificate'),
  tlsHandshake: f(12508, 'EAP-TLS handshake failed'),
  tlsNoCertificate: f(12508, 'EAP-TLS handshake failed: the client sent no certificate'),
  tlsClientRejected: f(12520, 'EAP-TLS failed SSL/TLS handshake because the client rejected the ISE local-certificate'),
  peapTimeout: f(12934, 'Supplicant stopped responding to ISE during PEAP tunnel establishment'),
  tlsTimeout: f(12935, 'Supplicant stopped responding to ISE during EAP-TLS certificate exchange'),
  supplicantTimeout: f(5411, 'Supplicant stopped responding to ISE'),
  wrongPassword: f(22040, 'Wrong password or invalid shared secret'),
  passwordToCertificateStore: f(22044, 'Identity policy result is configured for certificate based authentication methods but received password based'),
  certificateToPasswordStore: f(22045, 'Identity policy result is configured for password based authentication methods but received certificate based authentication request'),
  subjectNotFound: f(22056, 'Subject not found in the applicable identity store(s)'),
  userDisabled: f(24206, 'User disabled'),
  userNotFound: f(24216, 'The user is not found in the internal users identity store'),
} as const;

/** Summary codes of EAP sessions that ended without an answer. */
export const EAP_SUMMARY = {
  supplicantStopped: 5411,
  abandoned: 5440,
} as const;

/** Execution steps of EAP conversations (MnT execution_steps). */
export const EAP_STEP = {
  preparedSuccess: 11503,
  preparedFailure: 11504,
  extractedIdentity: 11507,
  innerIdentityRequest: 11521,
  innerIdentityResponse: 11522,
  mschapProposed: 11806,
  mschapResponse: 11810,
  mschapPassed: 11814,
  mschapFailed: 11823,
  peapProposed: 12300,
  peapAccepted: 12302,
  peapChallenge: 12305,
  peapHandshakeDone: 12310,
  peapInnerStarted: 12313,
  peapInnerDone: 12314,
  tlsProposed: 12500,
  tlsAccepted: 12502,
  tlsChallenge: 12505,
  tlsHandshakeDone: 12509,
  tlsAuthenticated: 12506,
  tlsStarted: 12800,
  tlsHandshakeSucceeded: 12816,
  certificateIdentity: 22070,
} as const;
