// Cisco wireless controller (Airespace, SMI vendor 14179) attributes.
import type { VendorDef } from './types.ts';

export const AIRESPACE_VENDOR_ID = 14179;

export const AIRESPACE: VendorDef = {
  id: AIRESPACE_VENDOR_ID,
  name: 'Airespace',
  attributes: [
    [1, 'Airespace-Wlan-Id', 'integer'],
    [2, 'Airespace-QOS-Level', 'integer', { values: { 'Silver': 0, 'Gold': 1, 'Platinum': 2, 'Bronze': 3 } }],
    [3, 'Airespace-DSCP', 'integer'],
    [4, 'Airespace-8021p-Tag', 'integer'],
    [5, 'Airespace-Interface-Name', 'string'],
    [6, 'Airespace-ACL-Name', 'string'],
    [7, 'Airespace-Data-Bandwidth-Average-Contract', 'integer'],
    [8, 'Airespace-Real-Time-Bandwidth-Average-Contract', 'integer'],
    [9, 'Airespace-Data-Bandwidth-Burst-Contract', 'integer'],
    [10, 'Airespace-Real-Time-Bandwidth-Burst-Contract', 'integer'],
    [11, 'Airespace-Guest-Role-Name', 'string'],
    // IPv6 counterpart of Airespace-ACL-Name (authorization profile `airespaceIPv6ACL`).
    [12, 'Airespace-IPv6-ACL-Name', 'string'],
    [13, 'Airespace-Data-Bandwidth-Average-Contract-Upstream', 'integer'],
    [14, 'Airespace-Real-Time-Bandwidth-Average-Contract-Upstream', 'integer'],
    [15, 'Airespace-Data-Bandwidth-Burst-Contract-Upstream', 'integer'],
    [16, 'Airespace-Real-Time-Bandwidth-Burst-Contract-Upstream', 'integer'],
  ],
};
