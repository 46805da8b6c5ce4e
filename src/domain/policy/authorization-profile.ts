// Authorization profiles: ISE's ERS `authorizationprofile` (policy-api.md §9).
// Field names, including the misspelt ones, are the wire names.

export const ACCESS_TYPES = ['ACCESS_ACCEPT', 'ACCESS_REJECT'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export const AUTHZ_PROFILE_TYPES = ['SWITCH', 'TRUSTSEC', 'TACACS'] as const;
export type AuthzProfileType = (typeof AUTHZ_PROFILE_TYPES)[number];

export const WEB_REDIRECTION_TYPES = ['CentralizedWebAuth', 'HotSpot', 'NativeSupplicanProvisioning', 'ClientProvisioning'] as const;
export type WebRedirectionType = (typeof WEB_REDIRECTION_TYPES)[number];

export const REAUTH_CONNECTIVITY = ['DEFAULT', 'RADIUS_REQUEST'] as const;
export type ReauthConnectivity = (typeof REAUTH_CONNECTIVITY)[number];

export const MACSEC_POLICIES = ['MUST_SECURE', 'MUST_NOT_SECURE', 'SHOULD_SECURE'] as const;
export type MacSecPolicy = (typeof MACSEC_POLICIES)[number];

export interface Vlan {
  /** VLAN id or name. */
  nameID: string;
  /** RFC 2868 tag, 0–31 (GUI default 1). */
  tagID: number;
}

export interface Reauth {
  /** Seconds. */
  timer: number;
  connectivity: ReauthConnectivity;
}

export interface WebRedirection {
  WebRedirectionType: WebRedirectionType;
  acl: string;
  portalName: string;
  staticIPHostNameFQDN?: string;
  displayCertificatesRenewalMessages?: boolean;
}

export interface AdvancedDictionaryAttribute {
  AdvancedAttributeValueType: 'AdvancedDictionaryAttribute';
  dictionaryName: string;
  attributeName: string;
}

export interface AdvancedAttributeValue {
  AdvancedAttributeValueType: 'AttributeValue';
  value: string;
  /** 3.4+: tag for `Radius:Tunnel-*`. */
  tagID?: number;
}

export interface AdvancedAttribute {
  leftHandSideDictionaryAttribue: AdvancedDictionaryAttribute;
  rightHandSideAttribueValue: AdvancedAttributeValue | (AdvancedDictionaryAttribute & { tagID?: number });
}

export interface AuthorizationProfile {
  id: string;
  name: string;
  description?: string;
  accessType: AccessType;
  authzProfileType: AuthzProfileType;
  /** Network device profile (`Cisco`). */
  profileName: string;
  vlan?: Vlan;
  daclName?: string;
  ipv6DaclName?: string;
  /** Filter-ID ACL names. */
  acl?: string;
  ipv6ACLFilter?: string;
  airespaceACL?: string;
  airespaceIPv6ACL?: string;
  webRedirection?: WebRedirection;
  reauth?: Reauth;
  macSecPolicy?: MacSecPolicy;
  trackMovement: boolean;
  serviceTemplate: boolean;
  easywiredSessionCandidate: boolean;
  voiceDomainPermission: boolean;
  neat: boolean;
  /** Local web authentication. */
  webAuth: boolean;
  agentlessPosture: boolean;
  autoSmartPort?: string;
  interfaceTemplate?: string;
  avcProfile?: string;
  asaVpn?: string;
  uniqueIdentifier?: string;
  advancedAttributes: AdvancedAttribute[];
}

/** Flags every profile carries, all false unless set. */
export const PROFILE_FLAGS = [
  'trackMovement', 'serviceTemplate', 'easywiredSessionCandidate', 'voiceDomainPermission', 'neat', 'webAuth', 'agentlessPosture',
] as const;

/** A profile with the given fields and ISE's defaults for the rest. */
export function authorizationProfile(fields: Partial<AuthorizationProfile> & { id: string; name: string }): AuthorizationProfile {
  return {
    accessType: 'ACCESS_ACCEPT',
    authzProfileType: 'SWITCH',
    profileName: 'Cisco',
    trackMovement: false,
    serviceTemplate: false,
    easywiredSessionCandidate: false,
    voiceDomainPermission: false,
    neat: false,
    webAuth: false,
    agentlessPosture: false,
    advancedAttributes: [],
    ...fields,
  };
}

/** Old names that still find a profile (`GET /name/…`, rule references). */
export const PROFILE_ALIASES: Readonly<Record<string, string>> = {
  Blackhole_Wireless_Access: 'Block_Wireless_Access',
};

/** The current name for a possibly old profile name. */
export const canonicalProfileName = (name: string): string => PROFILE_ALIASES[name] ?? name;
