// ISE 3.3's built-in policy elements: authorization profiles (policy-api.md
// §9.5), downloadable ACLs (§10), allowed-protocols services (§11) and the
// identity stores rules may name (§8). Ids ending -11e6-996c-525400b48521
// are fixed in every ISE; the others are per install in ISE and fixed here
// (the spec's example values) so every node seeds the same rows.

import type { AllowedProtocols } from './allowed-protocols.ts';
import type { AuthorizationProfile } from './authorization-profile.ts';
import { authorizationProfile } from './authorization-profile.ts';
import type { DownloadableAcl } from './dacl.ts';

export const PROFILE_IDS = {
  PermitAccess: '6eed36e0-8bff-11e6-996c-525400b48521',
  DenyAccess: '6ef23ff0-8bff-11e6-996c-525400b48521',
  Cisco_IP_Phones: '982ef910-8c01-11e6-996c-525400b48521',
  Non_Cisco_IP_Phones: '98408540-8c01-11e6-996c-525400b48521',
  Cisco_WebAuth: '9859b290-8c01-11e6-996c-525400b48521',
  NSP_Onboard: '98630160-8c01-11e6-996c-525400b48521',
  Cisco_Temporal_Onboard: 'b175b6f0-7a56-11eb-bf1f-0050568fa723',
  Block_Wireless_Access: '984b81c0-8c01-11e6-996c-525400b48521',
  UDN: 'd886abe0-7cc8-11eb-ad58-005056926583',
} as const;

const REDIRECT_ACL = 'ACL-WEBAUTH-REDIRECT';

/** A fresh copy of the built-in authorization profiles. */
export function factoryProfiles(): AuthorizationProfile[] {
  const p = authorizationProfile;
  return [
    p({ id: PROFILE_IDS.PermitAccess, name: 'PermitAccess', description: 'Default Profile with access type as Access-Accept' }),
    p({ id: PROFILE_IDS.DenyAccess, name: 'DenyAccess', description: 'Default Profile with access type as Access-Reject', accessType: 'ACCESS_REJECT' }),
    p({ id: PROFILE_IDS.Cisco_IP_Phones, name: 'Cisco_IP_Phones', description: 'Default profile used for Cisco Phones.', voiceDomainPermission: true }),
    p({ id: PROFILE_IDS.Non_Cisco_IP_Phones, name: 'Non_Cisco_IP_Phones', description: 'Default Profile used for Non Cisco Phones.', voiceDomainPermission: true }),
    p({
      id: PROFILE_IDS.Cisco_WebAuth, name: 'Cisco_WebAuth', description: 'Default Profile used to redirect users to the CWA portal.',
      webRedirection: { WebRedirectionType: 'CentralizedWebAuth', acl: REDIRECT_ACL, portalName: 'Self-Registered Guest Portal (default)', displayCertificatesRenewalMessages: false },
    }),
    p({
      id: PROFILE_IDS.NSP_Onboard, name: 'NSP_Onboard', description: 'Onboard the device with Native Supplicant Provisioning',
      webRedirection: { WebRedirectionType: 'NativeSupplicanProvisioning', acl: REDIRECT_ACL, portalName: 'BYOD Portal (default)' },
    }),
    p({
      id: PROFILE_IDS.Cisco_Temporal_Onboard, name: 'Cisco_Temporal_Onboard', description: 'Onboard the device with Cisco temporal agent',
      webRedirection: { WebRedirectionType: 'ClientProvisioning', acl: REDIRECT_ACL, portalName: 'Client Provisioning Portal (default)' },
    }),
    p({
      id: PROFILE_IDS.Block_Wireless_Access, name: 'Block_Wireless_Access',
      description: 'Default profile used to blacklist wireless devices. Ensure that you configure a BLACKHOLE ACL on the Wireless LAN Controller.',
      airespaceACL: 'BLACKHOLE',
    }),
    p({
      id: PROFILE_IDS.UDN, name: 'UDN', description: 'Default profile used for UDN.',
      advancedAttributes: [{
        leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Cisco', attributeName: 'cisco-av-pair' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'UDN', attributeName: 'Private-Group-ID' },
      }],
    }),
  ];
}

/**
 * Versions of the built-in DACLs: the creation time their version-1 UUIDs
 * encode (2016-10-06 for the IPv4 pair, 0x57f6b0d3, the suffix real ISE
 * sends for PERMIT_ALL_IPV4_TRAFFIC; 2020-06-27 for the IPv6 pair).
 */
const V4_VERSION = 0x57f6b0d3;
const V6_VERSION = 0x5ef6daf2;

export const FACTORY_DACL_IDS = [
  '982498d0-8c01-11e6-996c-525400b48521', '9825aa40-8c01-11e6-996c-525400b48521',
  '32f0c260-b838-11ea-8502-005056871e13', '32f29720-b838-11ea-8502-005056871e13',
] as const;

/** A fresh copy of the built-in downloadable ACLs. */
export function factoryDacls(): DownloadableAcl[] {
  const [permit4, deny4, permit6, deny6] = FACTORY_DACL_IDS;
  return [
    { id: permit4, name: 'PERMIT_ALL_IPV4_TRAFFIC', description: 'Allow all ipv4 Traffic', dacl: 'permit ip any any', daclType: 'IPV4', version: V4_VERSION },
    { id: deny4, name: 'DENY_ALL_IPV4_TRAFFIC', description: 'Deny all ipv4 traffic', dacl: 'deny ip any any', daclType: 'IPV4', version: V4_VERSION },
    { id: permit6, name: 'PERMIT_ALL_IPV6_TRAFFIC', description: 'Allow all ipv6 Traffic', dacl: 'permit ipv6 any any', daclType: 'IPV6', version: V6_VERSION },
    { id: deny6, name: 'DENY_ALL_IPV6_TRAFFIC', description: 'Deny all ipv6 traffic', dacl: 'deny ipv6 any any', daclType: 'IPV6', version: V6_VERSION },
  ];
}

export const DEFAULT_NETWORK_ACCESS = 'Default Network Access';

/** A fresh copy of the built-in allowed-protocols services. */
export function factoryAllowedProtocols(): AllowedProtocols[] {
  const network: AllowedProtocols = {
    id: '92613980-8c01-11e6-996c-525400b48521',
    name: DEFAULT_NETWORK_ACCESS,
    description: 'Default Allowed Protocol Service',
    processHostLookup: true,
    allowPapAscii: true,
    allowChap: true,
    allowMsChapV1: true,
    allowMsChapV2: true,
    allowEapMd5: true,
    allowLeap: true,
    allowEapTls: true,
    allowPeap: true,
    allowEapFast: true,
    allowEapTtls: true,
    allowTeap: true,
    allowPreferredEapProtocol: false,
    eapTlsLBit: false,
    allowWeakCiphersForEap: false,
    requireMessageAuth: false,
    fiveG: false,
    eapTls: { allowEapTlsAuthOfExpiredCerts: false, eapTlsEnableStatelessSessionResume: false },
    peap: {
      allowPeapEapMsChapV2: true, allowPeapEapMsChapV2PwdChange: true, allowPeapEapMsChapV2PwdChangeRetries: 1,
      allowPeapEapGtc: true, allowPeapEapGtcPwdChange: true, allowPeapEapGtcPwdChangeRetries: 1,
      allowPeapEapTls: true, allowPeapEapTlsAuthOfExpiredCerts: false, requireCryptobinding: false, allowPeapV0: false,
    },
    eapFast: {
      allowEapFastEapMsChapV2: true, allowEapFastEapMsChapV2PwdChange: true, allowEapFastEapMsChapV2PwdChangeRetries: 3,
      allowEapFastEapGtc: true, allowEapFastEapGtcPwdChange: true, allowEapFastEapGtcPwdChangeRetries: 3,
      allowEapFastEapTls: true, allowEapFastEapTlsAuthOfExpiredCerts: false,
      eapFastUsePacs: true, eapFastUsePacsTunnelPacTtl: 90, eapFastUsePacsTunnelPacTtlUnits: 'DAYS',
      eapFastUsePacsUseProactivePacUpdatePrecentage: 90, eapFastUsePacsAllowAnonymProvisioning: false,
      eapFastUsePacsAllowAuthenProvisioning: true, eapFastUsePacsServerReturns: true, eapFastUsePacsAcceptClientCert: false,
      eapFastUsePacsAllowMachineAuthentication: true, eapFastUsePacsMachinePacTtl: 1, eapFastUsePacsMachinePacTtlUnits: 'WEEKS',
      eapFastUsePacsStatelessSessionResume: true, eapFastUsePacsAuthorizationPacTtl: 1, eapFastUsePacsAuthorizationPacTtlUnits: 'HOURS',
      eapFastEnableEAPChaining: false,
    },
    eapTtls: {
      eapTtlsPapAscii: true, eapTtlsChap: true, eapTtlsMsChapV1: true, eapTtlsMsChapV2: true, eapTtlsEapMd5: true,
      eapTtlsEapMsChapV2: true, eapTtlsEapMsChapV2PwdChange: true, eapTtlsEapMsChapV2PwdChangeRetries: 1,
    },
    teap: {
      allowTeapEapMsChapV2: true, allowTeapEapMsChapV2PwdChange: true, allowTeapEapMsChapV2PwdChangeRetries: 3,
      allowTeapEapTls: true, allowTeapEapTlsAuthOfExpiredCerts: false, acceptClientCertDuringTunnelEst: true,
      enableEapChaining: false, allowDowngradeMsk: true,
    },
  };
  const deviceAdmin: AllowedProtocols = {
    id: '926901b0-8c01-11e6-996c-525400b48521',
    name: 'Default Device Admin',
    description: 'Default Allowed Protocol Service Device Admin',
    processHostLookup: false,
    allowPapAscii: true,
    allowChap: true,
    allowMsChapV1: true,
    allowMsChapV2: false,
    allowEapMd5: false,
    allowLeap: false,
    allowEapTls: false,
    allowPeap: false,
    allowEapFast: false,
    allowEapTtls: false,
    allowTeap: false,
    allowPreferredEapProtocol: false,
    eapTlsLBit: false,
    allowWeakCiphersForEap: false,
    requireMessageAuth: false,
    fiveG: false,
  };
  return [network, deviceAdmin];
}

export type IdentityStoreKind = 'internalUsers' | 'internalEndpoints' | 'guestUsers' | 'sequence' | 'certificateProfile' | 'deny';

export interface IdentityStore {
  id: string;
  name: string;
  kind: IdentityStoreKind;
  /** For sequences: the stores tried in order. */
  members?: readonly string[];
  /** For sequences: the certificate profile used for certificate-based requests. */
  certificateProfile?: string;
}

/** Identity stores, sequences and profiles a fresh node offers (`/identity-stores`). */
export const FACTORY_IDENTITY_STORES: readonly IdentityStore[] = [
  { id: 'c8db92fb-6296-406c-a0d4-7d230b3b31b2', name: 'Internal Users', kind: 'internalUsers' },
  { id: 'f8f27558-98c0-4a93-826b-7b1001be57c0', name: 'Internal Endpoints', kind: 'internalEndpoints' },
  { id: '996661f2-a170-4aa5-921e-195bd85db4d3', name: 'Guest Users', kind: 'guestUsers' },
  {
    id: 'd139e16d-98fc-4f88-87c0-371b80b7aba1', name: 'All_User_ID_Stores', kind: 'sequence',
    members: ['Internal Users', 'Guest Users'], certificateProfile: 'Preloaded_Certificate_Profile',
  },
  { id: '57c7a5fa-fc55-4009-a8a4-3317f69ca7fa', name: 'Certificate_Request_Sequence', kind: 'sequence', members: ['Internal Users'] },
  { id: 'c38c1bb6-4254-4ecb-b1f0-8809fe555e22', name: 'Guest_Portal_Sequence', kind: 'sequence', members: ['Internal Users', 'Guest Users'] },
  { id: '73584860-4364-4464-a199-88e01ff19f17', name: 'MyDevices_Portal_Sequence', kind: 'sequence', members: ['Internal Users'] },
  { id: '53eb1292-2c81-40ad-bc9a-5e466a1dca7e', name: 'Sponsor_Portal_Sequence', kind: 'sequence', members: ['Internal Users'] },
  { id: '0bb2a23b-5ce6-43b1-ba7c-6be0646b60c1', name: 'Preloaded_Certificate_Profile', kind: 'certificateProfile' },
  { id: '4e86091a-f38e-4dbb-9bc4-9a2e1b96f202', name: 'DenyAccess', kind: 'deny' },
];
