import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attr, attrByName, attrFor, enumName, enumValue, findAttr, isKnownVendor, RAW_VSA, registerVendor, vendorName,
} from './index.ts';
import { AIRESPACE } from './airespace.ts';
import { CISCO } from './cisco.ts';
import { EXTENSIONS } from './extensions.ts';
import { IPV6 } from './ipv6.ts';
import { MICROSOFT } from './microsoft.ts';
import { RFC2865 } from './rfc2865.ts';
import { RFC2866 } from './rfc2866.ts';
import { RFC2869 } from './rfc2869.ts';
import { TUNNEL } from './tunnel.ts';
import type { AttrRow } from './types.ts';

test('tables have no duplicate numbers or names', () => {
  const standard = [...RFC2865, ...RFC2866, ...TUNNEL, ...RFC2869, ...IPV6, ...EXTENSIONS];
  const check = (rows: readonly AttrRow[]) => {
    const types = rows.map((r) => r[0]);
    const names = rows.map((r) => r[1].toLowerCase());
    assert.equal(new Set(types).size, types.length);
    assert.equal(new Set(names).size, names.length);
  };
  check(standard);
  for (const v of [CISCO, MICROSOFT, AIRESPACE]) check(v.attributes);
});

test('lookup by name is case-insensitive and knows aliases', () => {
  assert.equal(attrByName('User-Name')?.type, 1);
  assert.equal(attrByName('user-name')?.type, 1);
  assert.equal(attrByName('CALLED-STATION-ID')?.type, 30);
  const avpair = attr('Cisco-AVPair');
  assert.equal(attrByName('cisco-av-pair'), avpair);
  assert.equal(attrByName('Cisco-AV-Pair'), avpair);
  assert.equal(avpair.vendor, 9);
  assert.equal(attrByName('Tunnel-Private-Group-ID'), attr('Tunnel-Private-Group-Id'));
  assert.equal(attrByName('MS-MPPE-Encryption-Type'), attr('MS-MPPE-Encryption-Types'));
  assert.equal(attrByName('No-Such-Attribute'), undefined);
  assert.throws(() => attr('No-Such-Attribute'));
});

test('lookup by (vendor, type)', () => {
  assert.equal(findAttr(0, 79)?.name, 'EAP-Message');
  assert.equal(findAttr(0, 80)?.name, 'Message-Authenticator');
  assert.equal(findAttr(9, 1)?.name, 'Cisco-AVPair');
  assert.equal(findAttr(9, 2)?.name, 'Cisco-NAS-Port');
  assert.equal(findAttr(311, 16)?.name, 'MS-MPPE-Send-Key');
  assert.equal(findAttr(311, 25)?.name, 'MS-CHAP2-Response');
  assert.equal(findAttr(14179, 1)?.name, 'Airespace-Wlan-Id');
  assert.equal(findAttr(14179, 12)?.name, 'Airespace-IPv6-ACL-Name');
  assert.equal(findAttr(0, 26), RAW_VSA);
  assert.equal(findAttr(0, 17), undefined);
  assert.equal(findAttr(12345, 1), undefined);
});

test('attribute flags and types', () => {
  assert.equal(attr('User-Password').encrypt, 1);
  assert.equal(attr('Tunnel-Password').encrypt, 2);
  assert.equal(attr('Tunnel-Password').tagged, true);
  assert.equal(attr('MS-MPPE-Recv-Key').encrypt, 2);
  assert.equal(attr('MS-MPPE-Recv-Key').tagged, false);
  assert.equal(attr('MS-CHAP-MPPE-Keys').encrypt, 1);
  assert.equal(attr('EAP-Message').concat, true);
  assert.equal(attr('Tunnel-Type').tagged, true);
  assert.equal(attr('Tunnel-Type').size, 4);
  assert.equal(attr('Message-Authenticator').size, 16);
  assert.equal(attr('NAS-IPv6-Address').dataType, 'ipv6addr');
  assert.equal(attr('NAS-IPv6-Address').size, 16);
  assert.equal(attr('Framed-Interface-Id').size, 8);
  assert.equal(attr('Delegated-IPv6-Prefix').dataType, 'ipv6prefix');
  assert.equal(attr('Framed-IPv6-Address').type, 168);
  assert.equal(attr('Chargeable-User-Identity').type, 89);
  assert.equal(attr('Event-Timestamp').dataType, 'date');
  assert.equal(attr('Error-Cause').type, 101);
});

test('enumerated values by name and number', () => {
  const st = attr('Service-Type');
  assert.equal(enumValue(st, 'Call-Check'), 10);
  assert.equal(enumValue(st, 'call-check'), 10);
  assert.equal(enumValue(st, 'Framed-User'), 2);
  assert.equal(enumName(st, 2), 'Framed');
  assert.equal(enumName(st, 17), 'Authorize-Only');
  assert.equal(enumName(attr('NAS-Port-Type'), 19), 'Wireless-802.11');
  assert.equal(enumName(attr('NAS-Port-Type'), 15), 'Ethernet');
  assert.equal(enumName(attr('Acct-Status-Type'), 3), 'Interim-Update');
  assert.equal(enumValue(attr('Acct-Status-Type'), 'Alive'), 3);
  assert.equal(enumName(attr('Acct-Terminate-Cause'), 6), 'Admin-Reset');
  assert.equal(enumName(attr('Tunnel-Type'), 13), 'VLAN');
  assert.equal(enumName(attr('Tunnel-Medium-Type'), 6), 'IEEE-802');
  assert.equal(enumValue(attr('Tunnel-Medium-Type'), '802'), 6);
  assert.equal(enumName(attr('Framed-Protocol'), 1), 'PPP');
  assert.equal(enumName(attr('Termination-Action'), 1), 'RADIUS-Request');
  assert.equal(enumName(attr('Error-Cause'), 503), 'Session-Context-Not-Found');
  assert.equal(enumName(attr('Error-Cause'), 201), 'Residual-Session-Context-Removed');
  assert.equal(enumName(attr('MS-MPPE-Encryption-Policy'), 2), 'Encryption-Required');
  assert.equal(enumName(st, 999), undefined);
});

test('unknown attributes get generic definitions', () => {
  assert.equal(attrFor(0, 224).name, 'Attr-224');
  assert.equal(attrFor(0, 224).dataType, 'octets');
  assert.equal(attrFor(9, 254).name, 'Vendor-9-Attr-254');
  assert.equal(attrByName('Attr-224'), attrFor(0, 224));
  assert.equal(attrByName('vendor-9-attr-254'), attrFor(9, 254));
  assert.equal(attrByName('Vendor-311-Attr-200')?.vendor, 311);
  assert.equal(attrByName('Attr-1'), attr('User-Name'));
  assert.equal(attrByName('Attr-256'), undefined);
});

test('vendors can be registered', () => {
  assert.equal(isKnownVendor(14823), false);
  registerVendor({ id: 14823, name: 'Aruba', attributes: [[1, 'Aruba-User-Role', 'string']] });
  assert.equal(isKnownVendor(14823), true);
  assert.equal(vendorName(14823), 'Aruba');
  assert.equal(findAttr(14823, 1)?.name, 'Aruba-User-Role');
  assert.equal(vendorName(9), 'Cisco');
});
