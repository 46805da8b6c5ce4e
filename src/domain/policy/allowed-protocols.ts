// Allowed-protocols services (ERS `allowedprotocols`, policy-api.md §11;
// runtime checks radius-policy.md §5). Nested blocks exist exactly when
// their `allowX` flag is true.

export const TIME_UNITS = ['SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'WEEKS'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const PREFERRED_EAP_PROTOCOLS = ['EAP_FAST', 'PEAP', 'LEAP', 'EAP_MD5', 'EAP_TLS', 'EAP_TTLS', 'TEAP'] as const;
export type PreferredEapProtocol = (typeof PREFERRED_EAP_PROTOCOLS)[number];

export interface EapTlsSettings {
  allowEapTlsAuthOfExpiredCerts: boolean;
  eapTlsEnableStatelessSessionResume: boolean;
  eapTlsSessionTicketTtl?: number;
  eapTlsSessionTicketTtlUnits?: TimeUnit;
  /** (sic) */
  eapTlsSessionTicketPrecentage?: number;
}

export interface PeapSettings {
  allowPeapEapMsChapV2: boolean;
  allowPeapEapMsChapV2PwdChange: boolean;
  allowPeapEapMsChapV2PwdChangeRetries: number;
  allowPeapEapGtc: boolean;
  allowPeapEapGtcPwdChange: boolean;
  allowPeapEapGtcPwdChangeRetries: number;
  allowPeapEapTls: boolean;
  allowPeapEapTlsAuthOfExpiredCerts: boolean;
  requireCryptobinding: boolean;
  allowPeapV0: boolean;
}

export interface EapFastSettings {
  allowEapFastEapMsChapV2: boolean;
  allowEapFastEapMsChapV2PwdChange: boolean;
  allowEapFastEapMsChapV2PwdChangeRetries: number;
  allowEapFastEapGtc: boolean;
  allowEapFastEapGtcPwdChange: boolean;
  allowEapFastEapGtcPwdChangeRetries: number;
  allowEapFastEapTls: boolean;
  allowEapFastEapTlsAuthOfExpiredCerts: boolean;
  eapFastUsePacs: boolean;
  eapFastUsePacsTunnelPacTtl?: number;
  eapFastUsePacsTunnelPacTtlUnits?: TimeUnit;
  /** (sic) */
  eapFastUsePacsUseProactivePacUpdatePrecentage?: number;
  eapFastUsePacsAllowAnonymProvisioning?: boolean;
  eapFastUsePacsAllowAuthenProvisioning?: boolean;
  /** Also read as `eapFastUsePacsReturnAccessAcceptAfterAuthenticatedProvisioning`. */
  eapFastUsePacsServerReturns?: boolean;
  eapFastUsePacsAcceptClientCert?: boolean;
  eapFastUsePacsAllowMachineAuthentication?: boolean;
  eapFastUsePacsMachinePacTtl?: number;
  eapFastUsePacsMachinePacTtlUnits?: TimeUnit;
  eapFastUsePacsStatelessSessionResume?: boolean;
  eapFastUsePacsAuthorizationPacTtl?: number;
  eapFastUsePacsAuthorizationPacTtlUnits?: TimeUnit;
  eapFastDontUsePacsAcceptClientCert?: boolean;
  eapFastDontUsePacsAllowMachineAuthentication?: boolean;
  eapFastEnableEAPChaining: boolean;
}

export interface EapTtlsSettings {
  eapTtlsPapAscii: boolean;
  eapTtlsChap: boolean;
  eapTtlsMsChapV1: boolean;
  eapTtlsMsChapV2: boolean;
  eapTtlsEapMd5: boolean;
  eapTtlsEapMsChapV2: boolean;
  eapTtlsEapMsChapV2PwdChange: boolean;
  eapTtlsEapMsChapV2PwdChangeRetries: number;
}

export interface TeapSettings {
  allowTeapEapMsChapV2: boolean;
  allowTeapEapMsChapV2PwdChange: boolean;
  allowTeapEapMsChapV2PwdChangeRetries: number;
  allowTeapEapTls: boolean;
  allowTeapEapTlsAuthOfExpiredCerts: boolean;
  acceptClientCertDuringTunnelEst: boolean;
  enableEapChaining: boolean;
  allowDowngradeMsk: boolean;
  /** Write-only: kept, never read back. */
  requestBasicPwdAuth?: boolean;
}

export interface AllowedProtocols {
  id: string;
  name: string;
  description?: string;
  processHostLookup: boolean;
  allowPapAscii: boolean;
  allowChap: boolean;
  allowMsChapV1: boolean;
  allowMsChapV2: boolean;
  allowEapMd5: boolean;
  allowLeap: boolean;
  allowEapTls: boolean;
  allowPeap: boolean;
  allowEapFast: boolean;
  allowEapTtls: boolean;
  allowTeap: boolean;
  allowPreferredEapProtocol: boolean;
  preferredEapProtocol?: PreferredEapProtocol;
  eapTlsLBit: boolean;
  allowWeakCiphersForEap: boolean;
  requireMessageAuth: boolean;
  fiveG: boolean;
  eapTls?: EapTlsSettings;
  peap?: PeapSettings;
  eapFast?: EapFastSettings;
  eapTtls?: EapTtlsSettings;
  teap?: TeapSettings;
}

/** Flag → nested block it requires. */
export const NESTED_BLOCKS = [
  ['allowEapTls', 'eapTls'], ['allowPeap', 'peap'], ['allowEapFast', 'eapFast'], ['allowEapTtls', 'eapTtls'], ['allowTeap', 'teap'],
] as const;

export const TOP_LEVEL_FLAGS = [
  'processHostLookup', 'allowPapAscii', 'allowChap', 'allowMsChapV1', 'allowMsChapV2', 'allowEapMd5', 'allowLeap',
  'allowEapTls', 'allowPeap', 'allowEapFast', 'allowEapTtls', 'allowTeap', 'allowPreferredEapProtocol', 'eapTlsLBit',
  'allowWeakCiphersForEap', 'requireMessageAuth', 'fiveG',
] as const;

/** Methods a request can use, as the allowed-protocols check sees them. */
export type AuthMethod =
  | 'HostLookup' | 'PAP' | 'CHAP' | 'MSCHAPv1' | 'MSCHAPv2'
  | 'EAP-MD5' | 'EAP-TLS' | 'LEAP' | 'PEAP' | 'EAP-FAST' | 'EAP-TTLS' | 'TEAP';

/** Failure when the method is not allowed (radius-policy.md §5, §13). */
export const METHOD_REFUSALS: Readonly<Record<AuthMethod, { code: number; reason: string }>> = {
  'HostLookup': { code: 11034, reason: 'Process Host Lookup is disabled. (Service-Type = Call Check (10) cannot be applied)' },
  'PAP': { code: 15024, reason: 'PAP is not allowed' },
  'CHAP': { code: 15045, reason: 'CHAP is not allowed' },
  'MSCHAPv1': { code: 15046, reason: 'MS-CHAP v1 is not allowed' },
  'MSCHAPv2': { code: 15047, reason: 'MS-CHAP v2 is not allowed' },
  'EAP-MD5': { code: 11512, reason: 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed' },
  'EAP-TLS': { code: 12503, reason: 'Failed to negotiate EAP because EAP-TLS not enabled in Allowed Protocols' },
  'LEAP': { code: 11512, reason: 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed' },
  'PEAP': { code: 12303, reason: 'Failed to negotiate EAP because PEAP not allowed in the Allowed Protocols' },
  'EAP-FAST': { code: 11512, reason: 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed' },
  'EAP-TTLS': { code: 11512, reason: 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed' },
  'TEAP': { code: 11512, reason: 'Extracted EAP-Response/NAK packet requesting to use unsupported EAP protocol; EAP-negotiation failed' },
};

/** True when the service allows the method. */
export function methodAllowed(ap: AllowedProtocols, method: AuthMethod): boolean {
  switch (method) {
    case 'HostLookup': return ap.processHostLookup;
    case 'PAP': return ap.allowPapAscii;
    case 'CHAP': return ap.allowChap;
    case 'MSCHAPv1': return ap.allowMsChapV1;
    case 'MSCHAPv2': return ap.allowMsChapV2;
    case 'EAP-MD5': return ap.allowEapMd5;
    case 'EAP-TLS': return ap.allowEapTls;
    case 'LEAP': return ap.allowLeap;
    case 'PEAP': return ap.allowPeap;
    case 'EAP-FAST': return ap.allowEapFast;
    case 'EAP-TTLS': return ap.allowEapTtls;
    case 'TEAP': return ap.allowTeap;
  }
}

/** The EAP methods the service allows, preferred one first (EAP negotiation order). */
export function allowedEapMethods(ap: AllowedProtocols): AuthMethod[] {
  const all: AuthMethod[] = ['PEAP', 'EAP-TLS', 'EAP-FAST', 'EAP-TTLS', 'TEAP', 'EAP-MD5', 'LEAP'];
  const allowed = all.filter((m) => methodAllowed(ap, m));
  if (ap.allowPreferredEapProtocol && ap.preferredEapProtocol) {
    const preferred = ap.preferredEapProtocol.replace('_', '-') as AuthMethod;
    const i = allowed.indexOf(preferred);
    if (i > 0) { allowed.splice(i, 1); allowed.unshift(preferred); }
  }
  return allowed;
}

/** Refusal for a method, or null when allowed; no EAP method at all → 11509. */
export function checkMethod(ap: AllowedProtocols, method: AuthMethod): { code: number; reason: string } | null {
  if (methodAllowed(ap, method)) return null;
  if (method !== 'HostLookup' && !['PAP', 'CHAP', 'MSCHAPv1', 'MSCHAPv2'].includes(method) && allowedEapMethods(ap).length === 0) {
    return { code: 11509, reason: 'Allowed Protocols does not allow any EAP protocols' };
  }
  return METHOD_REFUSALS[method];
}
