// Microsoft vendor-specific attributes (SMI vendor 311, RFC 2548).
// MS-MPPE-Send-Key / MS-MPPE-Recv-Key are salt-encrypted like
// Tunnel-Password; MS-CHAP-MPPE-Keys is hidden like User-Password.
import type { VendorDef } from './types.ts';

export const MICROSOFT_VENDOR_ID = 311;

export const MICROSOFT: VendorDef = {
  id: MICROSOFT_VENDOR_ID,
  name: 'Microsoft',
  attributes: [
    [1, 'MS-CHAP-Response', 'octets', { size: 50 }],
    [2, 'MS-CHAP-Error', 'string'],
    [3, 'MS-CHAP-CPW-1', 'octets', { size: 70 }],
    [4, 'MS-CHAP-CPW-2', 'octets', { size: 84 }],
    [5, 'MS-CHAP-LM-Enc-PW', 'octets'],
    [6, 'MS-CHAP-NT-Enc-PW', 'octets'],
    [7, 'MS-MPPE-Encryption-Policy', 'integer', {
      values: { 'Encryption-Allowed': 1, 'Encryption-Required': 2 },
    }],
    [8, 'MS-MPPE-Encryption-Types', 'integer', {
      values: { 'RC4-40bit-Allowed': 1, 'RC4-128bit-Allowed': 2, 'RC4-40or128-bit-Allowed': 6 },
      aliases: ['MS-MPPE-Encryption-Type'],
    }],
    [9, 'MS-RAS-Vendor', 'integer'],
    [10, 'MS-CHAP-Domain', 'string'],
    [11, 'MS-CHAP-Challenge', 'octets'],
    [12, 'MS-CHAP-MPPE-Keys', 'octets', { encrypt: 1 }],
    [13, 'MS-BAP-Usage', 'integer', { values: { 'Not-Allowed': 0, 'Allowed': 1, 'Required': 2 } }],
    [14, 'MS-Link-Utilization-Threshold', 'integer'],
    [15, 'MS-Link-Drop-Time-Limit', 'integer'],
    [16, 'MS-MPPE-Send-Key', 'octets', { encrypt: 2 }],
    [17, 'MS-MPPE-Recv-Key', 'octets', { encrypt: 2 }],
    [18, 'MS-RAS-Version', 'string'],
    [19, 'MS-Old-ARAP-Password', 'octets'],
    [20, 'MS-New-ARAP-Password', 'octets'],
    [21, 'MS-ARAP-PW-Change-Reason', 'integer', {
      values: {
        'Just-Change-Password': 1, 'Expired-Password': 2,
        'Admin-Requires-Password-Change': 3, 'Password-Too-Short': 4,
      },
    }],
    [22, 'MS-Filter', 'octets'],
    [23, 'MS-Acct-Auth-Type', 'integer', {
      values: { 'PAP': 1, 'CHAP': 2, 'CHAP-1': 3, 'CHAP-2': 4, 'EAP': 5 },
    }],
    [24, 'MS-Acct-EAP-Type', 'integer', {
      values: { 'MD5': 4, 'OTP': 5, 'Generic-Token-Card': 6, 'TLS': 13 },
    }],
    [25, 'MS-CHAP2-Response', 'octets', { size: 50 }],
    [26, 'MS-CHAP2-Success', 'octets'],
    [27, 'MS-CHAP2-CPW', 'octets', { size: 68 }],
    [28, 'MS-Primary-DNS-Server', 'ipaddr'],
    [29, 'MS-Secondary-DNS-Server', 'ipaddr'],
    [30, 'MS-Primary-NBNS-Server', 'ipaddr'],
    [31, 'MS-Secondary-NBNS-Server', 'ipaddr'],
    [34, 'MS-RAS-Client-Name', 'string'],
    [35, 'MS-RAS-Client-Version', 'string'],
    [50, 'MS-Machine-Name', 'string'],
  ],
};
