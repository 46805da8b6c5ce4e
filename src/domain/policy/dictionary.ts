// Policy dictionaries (`/dictionaries`, policy-api.md §7): the attribute
// names conditions are written with. The built-in dictionaries are read
// only; the RADIUS ones (`Radius`, `Cisco`, `Microsoft`, `Airespace`) are
// listed from the RADIUS dictionary by the service, the others are here.
// Admins add user dictionaries and their attributes.

export const DICTIONARY_ATTR_TYPES = ['ENTITY_ATTR', 'MSG_ATTR', 'PIP_ATTR'] as const;
export type DictionaryAttrType = (typeof DICTIONARY_ATTR_TYPES)[number];

/** Attribute data types as ISE spells them (`UNIT32` sic). */
export const ATTRIBUTE_DATA_TYPES = [
  'BOOLEAN', 'DATE', 'FLOAT', 'INT', 'IP', 'IPV4', 'IPV6', 'IPV6INTERFACE', 'IPV6PREFIX', 'LONG', 'OCTET_STRING', 'STRING', 'UINT64', 'UNIT32',
] as const;
export type AttributeDataType = (typeof ATTRIBUTE_DATA_TYPES)[number];

export const DIRECTION_TYPES = ['IN', 'OUT', 'NONE', 'BOTH'] as const;
export type DirectionType = (typeof DIRECTION_TYPES)[number];

export interface AllowedValue {
  key: string;
  value: string;
  isDefault: boolean;
}

export interface DictionaryAttribute {
  id: string;
  name: string;
  internalName: string;
  description: string;
  dataType: AttributeDataType;
  directionType: DirectionType;
  dictionaryName: string;
  allowedValues: AllowedValue[];
}

export interface Dictionary {
  id: string;
  name: string;
  description: string;
  version: string;
  dictionaryAttrType: DictionaryAttrType;
  /** Shipped with the node: read only. */
  builtin: boolean;
  attributes: DictionaryAttribute[];
}

/** A built-in attribute before ids are given: name, type, allowed values. */
export type AttributeSeed = readonly [name: string, dataType: AttributeDataType, values?: readonly string[]];

export interface DictionarySeed {
  name: string;
  description: string;
  dictionaryAttrType: DictionaryAttrType;
  attributes: readonly AttributeSeed[];
}

/** Dictionaries whose values exist only after authentication (authorization rules only). */
export const AUTHORIZATION_ONLY_DICTIONARIES: ReadonlySet<string> = new Set(['session', 'endpoints', 'identitygroup', 'certificate', 'internaluser']);

/** True when conditions on this attribute are usable in policy-set and authentication rules. */
export function usableBeforeAuthorization(dictionaryName: string, attributeName: string): boolean {
  const dict = dictionaryName.toLowerCase();
  if (AUTHORIZATION_ONLY_DICTIONARIES.has(dict)) return false;
  return !(dict === 'network access' && attributeName.toLowerCase() === 'authenticationstatus');
}

/** The built-in dictionaries that are not RADIUS vendor dictionaries. */
export const POLICY_DICTIONARIES: readonly DictionarySeed[] = [
  {
    name: 'Normalised Radius', description: 'Normalised RADIUS attributes derived from the request', dictionaryAttrType: 'MSG_ATTR',
    attributes: [
      ['RadiusFlowType', 'STRING', ['Wired802_1x', 'WiredMAB', 'WiredWebAuth', 'Wireless802_1x', 'WirelessMAB', 'WirelessWebAuth']],
      ['SSID', 'STRING'],
    ],
  },
  {
    name: 'Network Access', description: 'Network access attributes of the request and its authentication', dictionaryAttrType: 'MSG_ATTR',
    attributes: [
      ['AuthenticationStatus', 'STRING', ['AuthenticationPassed', 'AuthenticationFailed', 'UnknownUser', 'ProcessError']],
      ['UseCase', 'STRING', ['Host Lookup', 'Guest Flow']],
      ['EapAuthentication', 'STRING', ['EAP-TLS', 'EAP-MSCHAPv2', 'EAP-GTC', 'EAP-MD5']],
      ['EapTunnel', 'STRING', ['PEAP', 'EAP-FAST', 'EAP-TTLS', 'TEAP']],
      ['EapChainingResult', 'STRING'],
      ['Protocol', 'STRING', ['Radius']],
      ['UserName', 'STRING'],
      ['NetworkDeviceName', 'STRING'],
      ['Device IP Address', 'IPV4'],
      ['AuthenticationMethod', 'STRING', ['Lookup', 'PAP_ASCII', 'CHAP', 'MSCHAPV1', 'MSCHAPV2']],
      ['AuthenticationIdentityStore', 'STRING'],
    ],
  },
  {
    name: 'DEVICE', description: 'Network device attributes and network device groups', dictionaryAttrType: 'ENTITY_ATTR',
    attributes: [
      ['Location', 'STRING'], ['Device Type', 'STRING'], ['IPSEC', 'STRING'], ['Model Name', 'STRING'],
      ['Software Version', 'STRING'], ['Device IP Address', 'IPV4'],
    ],
  },
  {
    name: 'IdentityGroup', description: 'User and endpoint identity groups', dictionaryAttrType: 'ENTITY_ATTR',
    attributes: [['Name', 'STRING'], ['Description', 'STRING']],
  },
  {
    name: 'EndPoints', description: 'Endpoint attributes', dictionaryAttrType: 'ENTITY_ATTR',
    attributes: [['LogicalProfile', 'STRING'], ['EndPointPolicy', 'STRING'], ['BYODRegistration', 'STRING', ['Yes', 'No', 'Unknown']]],
  },
  {
    name: 'InternalUser', description: 'Internal user attributes', dictionaryAttrType: 'ENTITY_ATTR',
    attributes: [['Name', 'STRING'], ['IdentityGroup', 'STRING']],
  },
  {
    name: 'CERTIFICATE', description: 'Client certificate attributes', dictionaryAttrType: 'MSG_ATTR',
    attributes: [
      ['Subject - Common Name', 'STRING'], ['Subject Alternative Name', 'STRING'], ['Issuer - Common Name', 'STRING'],
      ['Is Expired', 'BOOLEAN', ['True', 'False']],
    ],
  },
  {
    name: 'Session', description: 'Session attributes', dictionaryAttrType: 'PIP_ATTR',
    attributes: [['PostureStatus', 'STRING', ['Compliant', 'NonCompliant', 'Unknown']], ['ANCPolicy', 'STRING']],
  },
];

/** The allowed values of a seed, none marked default. */
export const allowedValues = (values: readonly string[] | undefined): AllowedValue[] =>
  (values ?? []).map((v) => ({ key: v, value: v, isDefault: false }));

/** Names that `/dictionaries/<name>` cannot take: the per-level attribute lists live there. */
export const RESERVED_DICTIONARY_NAMES: ReadonlySet<string> = new Set(['authentication', 'authorization', 'policyset']);
