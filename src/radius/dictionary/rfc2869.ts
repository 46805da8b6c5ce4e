// RFC 2869 (RADIUS Extensions) attributes, used with RFC 3579 (EAP).
import type { AttrRow } from './types.ts';

export const RFC2869: readonly AttrRow[] = [
  [52, 'Acct-Input-Gigawords', 'integer'],
  [53, 'Acct-Output-Gigawords', 'integer'],
  [55, 'Event-Timestamp', 'date'],
  [70, 'ARAP-Password', 'octets', { size: 16 }],
  [71, 'ARAP-Features', 'octets', { size: 14 }],
  [72, 'ARAP-Zone-Access', 'integer', {
    values: { 'Default-Zone': 1, 'Zone-Filter-Inclusive': 2, 'Zone-Filter-Exclusive': 4 },
  }],
  [73, 'ARAP-Security', 'integer'],
  [74, 'ARAP-Security-Data', 'string'],
  [75, 'Password-Retry', 'integer'],
  [76, 'Prompt', 'integer', { values: { 'No-Echo': 0, 'Echo': 1 } }],
  [77, 'Connect-Info', 'string'],
  [78, 'Configuration-Token', 'string'],
  [79, 'EAP-Message', 'octets', { concat: true }],
  [80, 'Message-Authenticator', 'octets', { size: 16 }],
  [84, 'ARAP-Challenge-Response', 'octets', { size: 8 }],
  [85, 'Acct-Interim-Interval', 'integer'],
  [87, 'NAS-Port-Id', 'string'],
  [88, 'Framed-Pool', 'string'],
];
