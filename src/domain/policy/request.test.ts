import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRequest, radiusFlowType, ssidOf } from './flow-type.ts';
import { applyIdentity, buildPolicyRequest, endpointGroupPath, requestAttributeKey, userGroupPath } from './request.ts';
import type { RequestAttribute } from './request.ts';

const MAC = '00-11-22-AA-BB-CC';

const wiredMab: RequestAttribute[] = [
  { name: 'User-Name', value: '001122aabbcc' },
  { name: 'User-Password', value: '001122aabbcc' },
  { name: 'Service-Type', value: 10 },
  { name: 'NAS-Port-Type', value: 15 },
  { name: 'Calling-Station-Id', value: MAC },
  { name: 'Called-Station-Id', value: '00-BE-75-B9-93-05' },
  { name: 'NAS-IP-Address', value: '10.0.0.1' },
  { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'service-type=Call Check' },
  { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'audit-session-id=0A0000010000001234567890' },
  { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'method=mab' },
];

test('wired MAB request: dictionaries, display values, flow type, device attributes', () => {
  const { request: r, classification, flowType } = buildPolicyRequest({
    attributes: wiredMab,
    device: { name: 'sw1', ipAddress: '10.0.0.1', groups: ['Location#All Locations#Site-A', 'Device Type#All Device Types#Switches', 'IPSEC#Is IPSEC Device#No'] },
  });
  assert.equal(classification.useCase, 'HostLookup');
  assert.equal(flowType, 'WiredMAB');
  assert.equal(r.get('radius:service-type'), 'Call Check');
  assert.equal(r.get('radius:nas-port-type'), 'Ethernet');
  assert.equal(r.first('Radius:Called-Station-ID'), '00-BE-75-B9-93-05');
  assert.equal(r.get('radius:user-password'), undefined, 'passwords are not policy attributes');
  assert.deepEqual(r.get('cisco:cisco-av-pair'), ['service-type=Call Check', 'audit-session-id=0A0000010000001234567890', 'method=mab']);
  assert.equal(r.get('normalised radius:radiusflowtype'), 'WiredMAB');
  assert.equal(r.get('network access:usecase'), 'Host Lookup');
  assert.equal(r.get('network access:authenticationmethod'), 'Lookup');
  assert.equal(r.get('network access:protocol'), 'Radius');
  assert.equal(r.get('network access:networkdevicename'), 'sw1');
  assert.equal(r.get('device:device ip address'), '10.0.0.1');
  assert.equal(r.get('device:location'), 'All Locations#Site-A');
  assert.equal(r.get('device:device type'), 'All Device Types#Switches');
  assert.equal(r.get('device:ipsec'), 'Is IPSEC Device#No');
});

test('identity facts after authentication', () => {
  const { request: r } = buildPolicyRequest({ attributes: wiredMab });
  applyIdentity(r, {
    authenticationStatus: 'UnknownUser',
    identityGroups: [endpointGroupPath(['Unknown'])],
    endpoint: { LogicalProfile: ['IP-Phones'], EndPointPolicy: 'Cisco-IP-Phone-7960' },
    session: { ANCPolicy: 'Quarantine' },
    internalUser: { Name: 'bob' },
    certificate: { 'Subject - Common Name': 'bob' },
  });
  assert.equal(r.get('network access:authenticationstatus'), 'UnknownUser');
  assert.deepEqual(r.get('identitygroup:name'), ['Endpoint Identity Groups:Unknown']);
  assert.deepEqual(r.get('endpoints:logicalprofile'), ['IP-Phones']);
  assert.equal(r.get('session:ancpolicy'), 'Quarantine');
  assert.equal(r.get('internaluser:name'), 'bob');
  assert.equal(r.get('certificate:subject - common name'), 'bob');
  assert.equal(userGroupPath('Employee'), 'User Identity Groups:Employee');
});

test('use case and flow type', () => {
  const cases: Array<[Parameters<typeof classifyRequest>[0], string, string | undefined]> = [
    [{ serviceType: 10, nasPortType: 15, callingStationId: MAC, hasUserPassword: true }, 'HostLookup', 'WiredMAB'],
    [{ serviceType: 10, nasPortType: 19, callingStationId: MAC, hasUserPassword: true }, 'HostLookup', 'WirelessMAB'],
    [{ serviceType: 10, nasPortType: 15, callingStationId: MAC, hasEapMessage: true }, 'HostLookup', 'WiredMAB'],
    [{ serviceType: 2, nasPortType: 15, hasEapMessage: true }, 'EAP', 'Wired802_1x'],
    [{ serviceType: 2, nasPortType: 19, hasEapMessage: true }, 'EAP', 'Wireless802_1x'],
    [{ serviceType: 2, nasPortType: 15, hasUserPassword: true }, 'PAP', 'Wired802_1x'],
    [{ nasPortType: 15, hasChapPassword: true }, 'CHAP', 'Wired802_1x'],
    [{ serviceType: 1, nasPortType: 5, hasUserPassword: true }, 'PAP', undefined],
    [{ hasUserPassword: true }, 'PAP', undefined],
    [{ serviceType: 5, nasPortType: 15, hasUserPassword: true }, 'PAP', 'WiredWebAuth'],
    [{ serviceType: 1, nasPortType: 19, hasUserPassword: true }, 'PAP', 'WirelessWebAuth'],
    [{ serviceType: 2, nasPortType: 15, msChap: 2 }, 'MSCHAPv2', 'Wired802_1x'],
    // Non-Cisco device: User-Name = Calling-Station-Id MAC is Host Lookup (11028).
    [{ serviceType: 2, nasPortType: 15, userName: '001122aabbcc', callingStationId: MAC, hasUserPassword: true, nonCiscoDevice: true }, 'HostLookup', 'WiredMAB'],
    [{ serviceType: 2, nasPortType: 15, userName: '001122aabbcc', callingStationId: MAC, hasUserPassword: true }, 'PAP', 'Wired802_1x'],
    // Process Host Lookup off: Call-Check is plain PAP (11034 path).
    [{ serviceType: 10, nasPortType: 15, callingStationId: MAC, hasUserPassword: true, processHostLookup: false }, 'PAP', undefined],
  ];
  for (const [shape, useCase, flow] of cases) {
    const c = classifyRequest(shape);
    assert.equal(c.useCase, useCase, JSON.stringify(shape));
    assert.equal(radiusFlowType(c.useCase, shape.serviceType, shape.nasPortType), flow, JSON.stringify(shape));
  }
  const noCli = classifyRequest({ serviceType: 10, nasPortType: 15, hasUserPassword: true });
  assert.equal(noCli.missingCallingStationId, true);
  assert.equal(classifyRequest({ serviceType: 2, userName: 'a', callingStationId: MAC, nonCiscoDevice: true, hasUserPassword: true }).byMacUserName, false);
});

test('enumerated values given as names still classify; SSID; attribute keys', () => {
  const { flowType, request: r } = buildPolicyRequest({
    attributes: [
      { name: 'Service-Type', value: 'Framed-User' }, { name: 'NAS-Port-Type', value: 'Wireless-802.11' },
      { name: 'Called-Station-Id', value: 'AA-BB-CC-DD-EE-FF:Corp WiFi' }, { name: 'Airespace-Wlan-Id', vendor: 'Airespace', value: 3 },
    ],
    hasEapMessage: true,
  });
  assert.equal(flowType, 'Wireless802_1x');
  assert.equal(r.get('normalised radius:ssid'), 'Corp WiFi');
  assert.equal(r.get('airespace:airespace-wlan-id'), '3');
  assert.equal(ssidOf('00-BE-75-B9-93-05'), undefined);
  assert.equal(requestAttributeKey({ name: 'Cisco-AVPair', vendor: 'Cisco' }), 'cisco:cisco-av-pair');
  assert.equal(requestAttributeKey({ name: 'Called-Station-Id' }), 'radius:called-station-id');
  assert.equal(requestAttributeKey({ name: 'MS-CHAP-Challenge', vendor: 'Microsoft' }), 'microsoft:ms-chap-challenge');
});

test('octet values read as hex; EAP-Message and credentials only noted', () => {
  const { request: r, classification } = buildPolicyRequest({
    attributes: [
      { name: 'State', value: Buffer.from('ab01', 'hex') }, { name: 'EAP-Message', value: Buffer.from([2, 1, 0, 5, 1]) },
      { name: 'CHAP-Password', value: Buffer.alloc(17) }, { name: 'NAS-Port-Type', value: 19 }, { name: 'Service-Type', value: 2 },
    ],
  });
  assert.equal(r.get('radius:state'), 'ab01');
  assert.equal(r.get('radius:eap-message'), undefined);
  assert.equal(r.get('radius:chap-password'), undefined);
  assert.equal(classification.useCase, 'EAP');
});
