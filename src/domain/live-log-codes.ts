// ISE's live-log summary codes, failure reasons and execution steps used by
// the RADIUS path (radius-policy.md §13).

export const SUMMARY = {
  authPassed: 5200,
  authFailed: 5400,
  requestDropped: 5405,
  accountingDropped: 5413,
  alreadyInProcess: 5436,
  acctStart: 3000,
  acctStop: 3001,
  acctInterim: 3002,
  acctOn: 3003,
  acctOff: 3004,
} as const;

export const FAILURE: Record<number, string> = {
  11007: 'Could not locate Network Device or AAA Client',
  11008: 'Received Service-Type = Call Check (but there is no Calling-Station-ID)',
  11012: 'RADIUS packet contains invalid header',
  11014: 'RADIUS packet contains invalid attribute(s)',
  11021: 'RADIUS could not decipher password. packet missing necessary attributes',
  11031: 'RADIUS packet type is not a valid Request',
  11034: 'Process Host Lookup is disabled. (Service-Type = Call Check (10) cannot be applied)',
  11036: 'The Message-Authenticator RADIUS attribute is invalid',
  11037: 'Dropped accounting request received via unsupported port',
  11038: 'RADIUS Accounting-Request header contains invalid Authenticator field',
  11053: 'Invalid attributes in outgoing radius packet - possibly some attributes exceeded their size limit',
  11057: 'The Access-Request for the requested RADIUS is missing (Message-Authenticator required)',
  11307: 'Incorrect RADIUS CHAP attribute',
  11509: 'Allowed Protocols does not allow any EAP protocols',
  12955: 'RADIUS request that contains EAP message must contain MessageAuthenticator attribute',
  15024: 'PAP is not allowed',
  15039: 'Rejected per authorization profile',
  15045: 'CHAP is not allowed',
  22040: 'Wrong password or invalid shared secret',
  22056: 'Subject not found in the applicable identity store(s)',
  22063: 'Wrong password',
  24206: 'User disabled',
  24216: 'The user is not found in the internal users identity store',
  24217: 'The host is not found in the internal endpoints identity store',
};

export const failureText = (code: number): string => `${code} ${FAILURE[code] ?? 'Unknown failure'}`;

/** Execution steps (MnT execution_steps). */
export const STEP = {
  receivedAccessRequest: 11001,
  returnedAccept: 11002,
  returnedReject: 11003,
  receivedAccounting: 11004,
  returnedAccountingResponse: 11005,
  returnedChallenge: 11006,
  newSession: 11017,
  reusedSession: 11018,
  addedDacl: 11022,
  hostLookup: 11027,
  generatedSessionId: 11117,
  matchedRule: 15004,
  matchedDefaultRule: 15006,
  evaluatingServiceSelection: 15008,
  selectedIdentitySource: 15013,
  selectedAuthzProfile: 15016,
  evaluatingAuthzPolicy: 15036,
  evaluatingIdentityPolicy: 15041,
  evaluatingPolicyGroup: 15049,
  authenticationPassed: 22037,
  userNotFoundContinue: 22056,
  endpointLookup: 24209,
  endpointFound: 24211,
  endpointNotFound: 24217,
} as const;
