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
  ],
};
