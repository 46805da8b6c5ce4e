// Later standard attributes: RFC 5176 (Error-Cause), RFC 4372
// (Chargeable-User-Identity), RFC 4675 (VLAN and priority), RFC 4849
// (NAS-Filter-Rule), RFC 4072 (EAP-Key-Name) and RFC 7268 (WLAN).
import type { AttrRow } from './types.ts';

/** RFC 5176 §3.6 Error-Cause values. */
export const ERROR_CAUSE = {
  'Residual-Session-Context-Removed': 201, 'Invalid-EAP-Packet': 202,
  'Unsupported-Attribute': 401, 'Missing-Attribute': 402, 'NAS-Identification-Mismatch': 403,
  'Invalid-Request': 404, 'Unsupported-Service': 405, 'Unsupported-Extension': 406,
  'Invalid-Attribute-Value': 407, 'Administratively-Prohibited': 501,
  'Request-Not-Routable': 502, 'Session-Context-Not-Found': 503,
  'Session-Context-Not-Removable': 504, 'Other-Proxy-Processing-Error': 505,
  'Resources-Unavailable': 506, 'Request-Initiated': 507,
  'Multiple-Session-Selection-Unsupported': 508,
} as const;

export const EXTENSIONS: readonly AttrRow[] = [
  [56, 'Egress-VLANID', 'integer'],
  [57, 'Ingress-Filters', 'integer', { values: { 'Enabled': 1, 'Disabled': 2 } }],
  [58, 'Egress-VLAN-Name', 'string'],
  [59, 'User-Priority-Table', 'octets', { size: 8 }],
  [89, 'Chargeable-User-Identity', 'octets'],
  [92, 'NAS-Filter-Rule', 'string'],
  [101, 'Error-Cause', 'integer', { values: ERROR_CAUSE }],
  [102, 'EAP-Key-Name', 'octets'],
  [174, 'Allowed-Called-Station-Id', 'string'],
  [175, 'EAP-Peer-Id', 'octets'],
  [176, 'EAP-Server-Id', 'octets'],
  [177, 'Mobility-Domain-Id', 'integer'],
  [178, 'Preauth-Timeout', 'integer'],
  [179, 'Network-Id-Name', 'octets'],
  [180, 'EAPoL-Announcement', 'octets', { concat: true }],
  [181, 'WLAN-HESSID', 'string'],
  [182, 'WLAN-Venue-Info', 'integer'],
  [183, 'WLAN-Venue-Language', 'octets'],
  [184, 'WLAN-Venue-Name', 'string'],
  [185, 'WLAN-Reason-Code', 'integer'],
  [186, 'WLAN-Pairwise-Cipher', 'integer'],
  [187, 'WLAN-Group-Cipher', 'integer'],
  [188, 'WLAN-AKM-Suite', 'integer'],
  [189, 'WLAN-Group-Mgmt-Cipher', 'integer'],
  [190, 'WLAN-RF-Band', 'integer'],
];
