// RFC 2865 (RADIUS) attributes and their enumerated values.
import type { AttrRow } from './types.ts';

export const SERVICE_TYPE = {
  'Login': 1, 'Framed': 2, 'Callback-Login': 3, 'Callback-Framed': 4, 'Outbound': 5,
  'Administrative': 6, 'NAS-Prompt': 7, 'Authenticate-Only': 8, 'Callback-NAS-Prompt': 9,
  'Call-Check': 10, 'Callback-Administrative': 11, 'Voice': 12, 'Fax': 13, 'Modem-Relay': 14,
  'IAPP-Register': 15, 'IAPP-AP-Check': 16, 'Authorize-Only': 17, 'Framed-Management': 18,
  // FreeRADIUS spellings.
  'Login-User': 1, 'Framed-User': 2, 'Callback-Login-User': 3, 'Callback-Framed-User': 4,
  'Outbound-User': 5, 'Administrative-User': 6,
} as const;

export const NAS_PORT_TYPE = {
  'Async': 0, 'Sync': 1, 'ISDN': 2, 'ISDN-V120': 3, 'ISDN-V110': 4, 'Virtual': 5, 'PIAFS': 6,
  'HDLC-Clear-Channel': 7, 'X.25': 8, 'X.75': 9, 'G.3-Fax': 10, 'SDSL': 11, 'ADSL-CAP': 12,
  'ADSL-DMT': 13, 'IDSL': 14, 'Ethernet': 15, 'xDSL': 16, 'Cable': 17, 'Wireless-Other': 18,
  'Wireless-802.11': 19, 'Token-Ring': 20, 'FDDI': 21, 'Wireless-CDMA2000': 22,
  'Wireless-UMTS': 23, 'Wireless-1X-EV': 24, 'IAPP': 25, 'FTTP': 26, 'Wireless-802.16': 27,
  'Wireless-802.20': 28, 'Wireless-802.22': 29, 'PPPoA': 30, 'PPPoEoA': 31, 'PPPoEoE': 32,
  'PPPoEoVLAN': 33, 'PPPoEoQinQ': 34, 'xPON': 35, 'Wireless-XGP': 36,
} as const;

export const RFC2865: readonly AttrRow[] = [
  [1, 'User-Name', 'string'],
  [2, 'User-Password', 'string', { encrypt: 1 }],
  [3, 'CHAP-Password', 'octets', { size: 17 }],
  [4, 'NAS-IP-Address', 'ipaddr'],
  [5, 'NAS-Port', 'integer'],
  [6, 'Service-Type', 'integer', { values: SERVICE_TYPE }],
  [7, 'Framed-Protocol', 'integer', {
    values: { 'PPP': 1, 'SLIP': 2, 'ARAP': 3, 'Gandalf-SLML': 4, 'Xylogics-IPX-SLIP': 5, 'X.75-Synchronous': 6 },
  }],
  [8, 'Framed-IP-Address', 'ipaddr'],
  [9, 'Framed-IP-Netmask', 'ipaddr'],
  [10, 'Framed-Routing', 'integer', {
    values: { 'None': 0, 'Send': 1, 'Listen': 2, 'Send-and-Listen': 3, 'Broadcast': 1, 'Broadcast-Listen': 3 },
  }],
  [11, 'Filter-Id', 'string'],
  [12, 'Framed-MTU', 'integer'],
  [13, 'Framed-Compression', 'integer', {
    values: { 'None': 0, 'VJ-TCP-IP': 1, 'IPX-Header': 2, 'Stac-LZS': 3, 'Van-Jacobson-TCP-IP': 1 },
  }],
  [14, 'Login-IP-Host', 'ipaddr'],
  [15, 'Login-Service', 'integer', {
    values: {
      'Telnet': 0, 'Rlogin': 1, 'TCP-Clear': 2, 'PortMaster': 3, 'LAT': 4, 'X25-PAD': 5,
      'X25-T3POS': 6, 'TCP-Clear-Quiet': 8,
    },
  }],
  [16, 'Login-TCP-Port', 'integer'],
  [18, 'Reply-Message', 'string'],
  [19, 'Callback-Number', 'string'],
  [20, 'Callback-Id', 'string'],
  [22, 'Framed-Route', 'string'],
  [23, 'Framed-IPX-Network', 'ipaddr'],
  [24, 'State', 'octets'],
  [25, 'Class', 'octets'],
  // 26 Vendor-Specific is framed by the codec, not described here.
  [27, 'Session-Timeout', 'integer'],
  [28, 'Idle-Timeout', 'integer'],
  [29, 'Termination-Action', 'integer', { values: { 'Default': 0, 'RADIUS-Request': 1 } }],
  [30, 'Called-Station-Id', 'string'],
  [31, 'Calling-Station-Id', 'string'],
  [32, 'NAS-Identifier', 'string'],
  [33, 'Proxy-State', 'octets'],
  [34, 'Login-LAT-Service', 'string'],
  [35, 'Login-LAT-Node', 'string'],
  [36, 'Login-LAT-Group', 'octets'],
  [37, 'Framed-AppleTalk-Link', 'integer'],
  [38, 'Framed-AppleTalk-Network', 'integer'],
  [39, 'Framed-AppleTalk-Zone', 'string'],
  [60, 'CHAP-Challenge', 'octets'],
  [61, 'NAS-Port-Type', 'integer', { values: NAS_PORT_TYPE }],
  [62, 'Port-Limit', 'integer'],
  [63, 'Login-LAT-Port', 'string'],
];
