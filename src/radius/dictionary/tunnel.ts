// RFC 2868 tunnel attributes (tagged), with the RFC 3580 VLAN tunnel type.
import type { AttrRow } from './types.ts';

export const TUNNEL_TYPE = {
  'PPTP': 1, 'L2F': 2, 'L2TP': 3, 'ATMP': 4, 'VTP': 5, 'AH': 6, 'IP-IP': 7, 'MIN-IP-IP': 8,
  'ESP': 9, 'GRE': 10, 'DVS': 11, 'IP-in-IP': 12, 'VLAN': 13,
} as const;

export const TUNNEL_MEDIUM_TYPE = {
  'IPv4': 1, 'IPv6': 2, 'NSAP': 3, 'HDLC': 4, 'BBN-1822': 5, 'IEEE-802': 6, 'E.163': 7,
  'E.164': 8, 'F.69': 9, 'X.121': 10, 'IPX': 11, 'Appletalk': 12, 'DecNet-IV': 13,
  'Banyan-Vines': 14, 'E.164-NSAP': 15,
  'IP': 1, '802': 6,
} as const;

const TAG = { tagged: true } as const;

export const TUNNEL: readonly AttrRow[] = [
  [64, 'Tunnel-Type', 'integer', { tagged: true, values: TUNNEL_TYPE }],
  [65, 'Tunnel-Medium-Type', 'integer', { tagged: true, values: TUNNEL_MEDIUM_TYPE }],
  [66, 'Tunnel-Client-Endpoint', 'string', TAG],
  [67, 'Tunnel-Server-Endpoint', 'string', TAG],
  [69, 'Tunnel-Password', 'string', { tagged: true, encrypt: 2 }],
  [81, 'Tunnel-Private-Group-Id', 'string', { tagged: true, aliases: ['Tunnel-Private-Group-ID'] }],
  [82, 'Tunnel-Assignment-Id', 'string', TAG],
  [83, 'Tunnel-Preference', 'integer', TAG],
  [90, 'Tunnel-Client-Auth-Id', 'string', TAG],
  [91, 'Tunnel-Server-Auth-Id', 'string', TAG],
];
