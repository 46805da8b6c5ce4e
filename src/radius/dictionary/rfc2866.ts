// RFC 2866 (RADIUS Accounting) attributes, with the RFC 2867 tunnel
// accounting additions and the RFC 3580 termination causes.
import type { AttrRow } from './types.ts';

export const ACCT_STATUS_TYPE = {
  'Start': 1, 'Stop': 2, 'Interim-Update': 3, 'Accounting-On': 7, 'Accounting-Off': 8,
  'Tunnel-Start': 9, 'Tunnel-Stop': 10, 'Tunnel-Reject': 11, 'Tunnel-Link-Start': 12,
  'Tunnel-Link-Stop': 13, 'Tunnel-Link-Reject': 14, 'Failed': 15,
  'Alive': 3,
} as const;

export const ACCT_TERMINATE_CAUSE = {
  'User-Request': 1, 'Lost-Carrier': 2, 'Lost-Service': 3, 'Idle-Timeout': 4,
  'Session-Timeout': 5, 'Admin-Reset': 6, 'Admin-Reboot': 7, 'Port-Error': 8, 'NAS-Error': 9,
  'NAS-Request': 10, 'NAS-Reboot': 11, 'Port-Unneeded': 12, 'Port-Preempted': 13,
  'Port-Suspended': 14, 'Service-Unavailable': 15, 'Callback': 16, 'User-Error': 17,
  'Host-Request': 18, 'Supplicant-Restart': 19, 'Reauthentication-Failure': 20,
  'Port-Reinitialized': 21, 'Port-Administratively-Disabled': 22,
} as const;

export const RFC2866: readonly AttrRow[] = [
  [40, 'Acct-Status-Type', 'integer', { values: ACCT_STATUS_TYPE }],
  [41, 'Acct-Delay-Time', 'integer'],
  [42, 'Acct-Input-Octets', 'integer'],
  [43, 'Acct-Output-Octets', 'integer'],
  [44, 'Acct-Session-Id', 'string'],
  [45, 'Acct-Authentic', 'integer', { values: { 'RADIUS': 1, 'Local': 2, 'Remote': 3, 'Diameter': 4 } }],
  [46, 'Acct-Session-Time', 'integer'],
  [47, 'Acct-Input-Packets', 'integer'],
  [48, 'Acct-Output-Packets', 'integer'],
  [49, 'Acct-Terminate-Cause', 'integer', { values: ACCT_TERMINATE_CAUSE }],
  [50, 'Acct-Multi-Session-Id', 'string'],
  [51, 'Acct-Link-Count', 'integer'],
  // RFC 2867
  [68, 'Acct-Tunnel-Connection', 'string'],
  [86, 'Acct-Tunnel-Packets-Lost', 'integer'],
];
