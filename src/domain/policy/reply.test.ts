import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthorizationProfile } from './authorization-profile.ts';
import { authorizationProfile } from './authorization-profile.ts';
import type { DownloadableAcl } from './dacl.ts';
import { factoryDacls, factoryProfiles } from './factory-elements.ts';
import { planReply, portalRedirectUrl, profilesReply } from './reply.ts';
import { PolicyAttributes } from './request.ts';
import { BUILTIN_SECURITY_GROUPS, sgtAvPair } from './security-group.ts';

const dacls: DownloadableAcl[] = [
  ...factoryDacls(),
  { id: 'd1', name: 'Guest_Internet_Only', dacl: 'permit udp any eq bootpc any eq bootps\ndeny ip any 10.0.0.0 0.255.255.255\npermit ip any any', daclType: 'IPV4', version: 0x5f8a1b2c },
  { id: 'd2', name: 'V6_WEB', dacl: 'permit tcp any any eq 443', daclType: 'IPV6', version: 1 },
];
const findDacl = (n: string): DownloadableAcl | undefined => dacls.find((d) => d.name === n);
const sg = (name: string) => BUILTIN_SECURITY_GROUPS.find((g) => g.name === name);
const p = (fields: Partial<AuthorizationProfile>): AuthorizationProfile => authorizationProfile({ id: 'x', name: 'X', ...fields });
const show = (profiles: AuthorizationProfile[], group?: string, ctx = {}) =>
  profilesReply(profiles, group ? sg(group) : undefined, findDacl, ctx).attributes.map((a) => (a.tag === undefined ? `${a.name}=${a.value}` : `${a.name}=(tag=${a.tag}) ${a.value}`));

test('VLAN by id and by name, tagged', () => {
  assert.deepEqual(show([p({ vlan: { nameID: '20', tagID: 1 } })]), [
    'Tunnel-Type=(tag=1) 13', 'Tunnel-Medium-Type=(tag=1) 6', 'Tunnel-Private-Group-ID=(tag=1) 20',
  ]);
  assert.deepEqual(show([p({ vlan: { nameID: 'STAFF', tagID: 2 } })]).at(-1), 'Tunnel-Private-Group-ID=(tag=2) STAFF');
});

test('reauthentication: Session-Timeout and Termination-Action', () => {
  assert.deepEqual(show([p({ reauth: { timer: 28800, connectivity: 'RADIUS_REQUEST' } })]), ['Session-Timeout=28800', 'Termination-Action=1']);
  assert.deepEqual(show([p({ reauth: { timer: 3600, connectivity: 'DEFAULT' } })]), ['Session-Timeout=3600', 'Termination-Action=0']);
});

test('DACL names with their version suffix, IPv4 and IPv6', () => {
  assert.deepEqual(show([p({ daclName: 'PERMIT_ALL_IPV4_TRAFFIC' })]), ['Cisco-AVPair=ACS:CiscoSecure-Defined-ACL=#ACSACL#-IP-PERMIT_ALL_IPV4_TRAFFIC-57f6b0d3']);
  assert.deepEqual(show([p({ daclName: 'Guest_Internet_Only', ipv6DaclName: 'V6_WEB' })]), [
    'Cisco-AVPair=ACS:CiscoSecure-Defined-ACL=#ACSACL#-IP-Guest_Internet_Only-5f8a1b2c',
    'Cisco-AVPair=ACS:CiscoSecure-Defined-ACL=#ACSACL#-IPV6-V6_WEB-00000001',
  ]);
  assert.deepEqual(planReply([p({ daclName: 'Guest_Internet_Only' })], undefined, findDacl).daclNames, ['Guest_Internet_Only']);
});

test('SGT hex form from the rule security group', () => {
  assert.deepEqual(show([p({})], 'BYOD'), ['Cisco-AVPair=cts:security-group-tag=000f-00']);
  assert.equal(sgtAvPair({ value: 4 }), 'cts:security-group-tag=0004-00');
  assert.equal(sgtAvPair({ value: 65519, generationId: '3' }), 'cts:security-group-tag=ffef-03');
});

test('ACLs, voice, local web auth, NEAT, templates, MACsec, advanced attributes', () => {
  const profile = p({
    acl: 'EMPLOYEE', ipv6ACLFilter: 'EMPLOYEE6', airespaceACL: 'WLC_ACL', voiceDomainPermission: true, webAuth: true, neat: true,
    interfaceTemplate: 'CORP', autoSmartPort: 'PHONE', macSecPolicy: 'MUST_SECURE',
    advancedAttributes: [
      { leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Radius', attributeName: 'Idle-Timeout' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: '600' } },
      { leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Cisco', attributeName: 'cisco-av-pair' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: 'ip:interface-config=ip unnumbered Loopback0' } },
      { leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Radius', attributeName: 'Service-Type' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: 'Framed' } },
      { leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Radius', attributeName: 'Tunnel-Private-Group-ID' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: '30' } },
      { leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Radius', attributeName: 'Reply-Message' },
        rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Network Access', attributeName: 'UserName' } },
    ],
  });
  const req = new PolicyAttributes().set('Network Access:UserName', 'alice');
  assert.deepEqual(show([profile], undefined, { req }), [
    'Filter-Id=EMPLOYEE.in', 'Filter-Id=EMPLOYEE6.in', 'Airespace-ACL-Name=WLC_ACL',
    'Cisco-AVPair=device-traffic-class=voice', 'Cisco-AVPair=priv-lvl=15', 'Cisco-AVPair=device-traffic-class=switch',
    'Cisco-AVPair=interface-template-name=CORP', 'Cisco-AVPair=auto-smart-port=PHONE', 'Cisco-AVPair=linksec-policy=must-secure',
    'Idle-Timeout=600', 'Cisco-AVPair=ip:interface-config=ip unnumbered Loopback0', 'Service-Type=2',
    'Tunnel-Private-Group-ID=(tag=1) 30', 'Reply-Message=alice',
  ]);
  // Without the request the copied attribute is left out.
  assert.equal(show([profile]).includes('Reply-Message=alice'), false);
});

test('UDN profile copies the request attribute into its AV-pair', () => {
  const udn = factoryProfiles().find((x) => x.name === 'UDN')!;
  const req = new PolicyAttributes().set('UDN:Private-Group-ID', '1234');
  assert.deepEqual(show([udn], undefined, { req }), ['Cisco-AVPair=udn:private-group-id=1234']);
});

test('web redirection: ACL always, URL when the caller builds it', () => {
  const cwa = factoryProfiles().find((x) => x.name === 'Cisco_WebAuth')!;
  assert.deepEqual(show([cwa]), ['Cisco-AVPair=url-redirect-acl=ACL-WEBAUTH-REDIRECT']);
  const redirectUrl = (w: NonNullable<AuthorizationProfile['webRedirection']>) =>
    portalRedirectUrl(w, { host: 'ise1.example.com', sessionId: '0A000001000000123456789A', portalId: 'f0a5b9c0-1111-2222-3333-444455556666', token: 'abc' });
  assert.deepEqual(show([cwa], undefined, { redirectUrl }), [
    'Cisco-AVPair=url-redirect-acl=ACL-WEBAUTH-REDIRECT',
    'Cisco-AVPair=url-redirect=https://ise1.example.com:8443/portal/gateway?sessionId=0A000001000000123456789A&portal=f0a5b9c0-1111-2222-3333-444455556666&action=cwa&token=abc',
  ]);
});

test('merging several profiles: first wins per attribute, identical AV-pairs once, reject wins', () => {
  const a = p({ name: 'A', vlan: { nameID: '10', tagID: 1 }, voiceDomainPermission: true, interfaceTemplate: 'T1' });
  const b = p({ name: 'B', vlan: { nameID: '20', tagID: 1 }, reauth: { timer: 600, connectivity: 'RADIUS_REQUEST' }, voiceDomainPermission: true, interfaceTemplate: 'T2', daclName: 'PERMIT_ALL_IPV4_TRAFFIC' });
  assert.deepEqual(show([a, b], 'Employees'), [
    'Tunnel-Type=(tag=1) 13', 'Tunnel-Medium-Type=(tag=1) 6', 'Tunnel-Private-Group-ID=(tag=1) 10',
    'Cisco-AVPair=device-traffic-class=voice', 'Cisco-AVPair=interface-template-name=T1',
    'Session-Timeout=600', 'Termination-Action=1',
    'Cisco-AVPair=ACS:CiscoSecure-Defined-ACL=#ACSACL#-IP-PERMIT_ALL_IPV4_TRAFFIC-57f6b0d3',
    'Cisco-AVPair=interface-template-name=T2',
    'Cisco-AVPair=cts:security-group-tag=0004-00',
  ]);
  const deny = factoryProfiles().find((x) => x.name === 'DenyAccess')!;
  const r = profilesReply([a, deny], sg('Employees'), findDacl);
  assert.deepEqual(r, { access: 'ACCESS_REJECT', attributes: [], failure: { code: 15039, reason: 'Rejected per authorization profile' } });
});

test('built-in profiles produce their attributes', () => {
  const byName = new Map(factoryProfiles().map((x) => [x.name, x]));
  assert.deepEqual(show([byName.get('PermitAccess')!]), []);
  assert.deepEqual(show([byName.get('Non_Cisco_IP_Phones')!]), ['Cisco-AVPair=device-traffic-class=voice']);
  assert.deepEqual(show([byName.get('NSP_Onboard')!]), ['Cisco-AVPair=url-redirect-acl=ACL-WEBAUTH-REDIRECT']);
  assert.equal(profilesReply([byName.get('DenyAccess')!], undefined, findDacl).access, 'ACCESS_REJECT');
});
