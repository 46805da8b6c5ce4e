// Classifying an Access-Request (radius-policy.md §3, policy-api.md §12–13):
// the use case (Host Lookup, EAP, PAP …) and `Normalised Radius:RadiusFlowType`.
//
// Flow type = medium (NAS-Port-Type 15 → Wired, 19 → Wireless) × use case:
// Host Lookup → MAB (Call-Check, also with EAP-MD5 from `mab eap`); EAP, or PAP/CHAP/MS-CHAP with Service-Type Framed or
// absent → 802_1x; Service-Type Outbound on Ethernet → WiredWebAuth (switch
// local web auth); Service-Type Login on wireless → WirelessWebAuth (WLC web
// auth). Anything else (e.g. `test aaa` with NAS-Port-Type Virtual) has no
// flow type, so the Wired_/Wireless_ library conditions do not match it.

import { sameMac } from '../mac.ts';
import { NAS_PORT_TYPE, SERVICE_TYPE } from './radius-values.ts';

export const FLOW_TYPES = ['Wired802_1x', 'WiredMAB', 'WiredWebAuth', 'Wireless802_1x', 'WirelessMAB', 'WirelessWebAuth'] as const;
export type RadiusFlowType = (typeof FLOW_TYPES)[number];

/** How the request authenticates, as far as the packet tells before EAP runs. */
export type UseCase = 'HostLookup' | 'EAP' | 'PAP' | 'CHAP' | 'MSCHAPv1' | 'MSCHAPv2' | 'None';

export interface RequestShape {
  /** Service-Type number, if present. */
  serviceType?: number;
  /** NAS-Port-Type number, if present. */
  nasPortType?: number;
  userName?: string;
  callingStationId?: string;
  hasEapMessage?: boolean;
  hasUserPassword?: boolean;
  hasChapPassword?: boolean;
  /** MS-CHAP-Challenge with MS-CHAP-Response (v1) or MS-CHAP2-Response (v2). */
  msChap?: 1 | 2;
  /**
   * The device profile is not Cisco: Host Lookup is then also detected when
   * User-Name is the Calling-Station-Id MAC (11028).
   */
  nonCiscoDevice?: boolean;
  /** Allowed protocols' Process Host Lookup; when off, Call-Check requests are plain PAP/CHAP (11034). */
  processHostLookup?: boolean;
}

export interface Classification {
  useCase: UseCase;
  /** Set when a Call-Check request lacks Calling-Station-Id (11008). */
  missingCallingStationId: boolean;
  /** Host Lookup recognised by User-Name = Calling-Station-Id (11028) rather than Call-Check (11027). */
  byMacUserName: boolean;
}

function passwordUseCase(r: RequestShape): UseCase {
  if (r.hasEapMessage) return 'EAP';
  if (r.hasUserPassword) return 'PAP';
  if (r.hasChapPassword) return 'CHAP';
  if (r.msChap === 1) return 'MSCHAPv1';
  if (r.msChap === 2) return 'MSCHAPv2';
  return 'None';
}

export function classifyRequest(r: RequestShape): Classification {
  const hostLookupAllowed = r.processHostLookup !== false;
  if (r.serviceType === SERVICE_TYPE.CALL_CHECK) {
    const cli = r.callingStationId ?? '';
    if (cli === '') return { useCase: passwordUseCase(r), missingCallingStationId: true, byMacUserName: false };
    if (hostLookupAllowed) return { useCase: 'HostLookup', missingCallingStationId: false, byMacUserName: false };
  } else if (
    hostLookupAllowed && r.nonCiscoDevice && !r.hasEapMessage &&
    r.userName !== undefined && r.callingStationId !== undefined && sameMac(r.userName, r.callingStationId)
  ) {
    return { useCase: 'HostLookup', missingCallingStationId: false, byMacUserName: true };
  }
  return { useCase: passwordUseCase(r), missingCallingStationId: false, byMacUserName: false };
}

/** `Normalised Radius:RadiusFlowType` for a classified request, or undefined. */
export function radiusFlowType(useCase: UseCase, serviceType: number | undefined, nasPortType: number | undefined): RadiusFlowType | undefined {
  const wired = nasPortType === NAS_PORT_TYPE.ETHERNET;
  const wireless = nasPortType === NAS_PORT_TYPE.WIRELESS_80211;
  if (!wired && !wireless) return undefined;
  if (useCase === 'HostLookup') return wired ? 'WiredMAB' : 'WirelessMAB';
  if (useCase === 'None') return undefined;
  if (useCase !== 'EAP') {
    if (wired && serviceType === SERVICE_TYPE.OUTBOUND) return 'WiredWebAuth';
    if (wireless && serviceType === SERVICE_TYPE.LOGIN) return 'WirelessWebAuth';
  }
  if (useCase === 'EAP' || serviceType === undefined || serviceType === SERVICE_TYPE.FRAMED) {
    return wired ? 'Wired802_1x' : 'Wireless802_1x';
  }
  return undefined;
}

/** `Network Access:AuthenticationMethod` before any EAP method is known. */
export function authenticationMethod(useCase: UseCase): string | undefined {
  switch (useCase) {
    case 'HostLookup': return 'Lookup';
    case 'PAP': return 'PAP_ASCII';
    case 'CHAP': return 'CHAP';
    case 'MSCHAPv1': return 'MSCHAPV1';
    case 'MSCHAPv2': return 'MSCHAPV2';
    default: return undefined;
  }
}

const SSID_SUFFIX = /^(?:[0-9A-Fa-f]{2}[-:.]?){5}[0-9A-Fa-f]{2}:(.+)$/;

/** `Normalised Radius:SSID`: the text after the AP MAC in Called-Station-Id (`AA-BB-CC-DD-EE-FF:Corp`). */
export function ssidOf(calledStationId: string | undefined): string | undefined {
  if (calledStationId === undefined) return undefined;
  const m = SSID_SUFFIX.exec(calledStationId);
  return m === null ? undefined : m[1];
}
