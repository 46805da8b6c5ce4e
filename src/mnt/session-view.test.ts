// Session detail and list rows against the documents of mnt.md §4 and §5.1a.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { emptySession, type LiveLogEntry, type RadiusSession } from '../domain/session.ts';
import { renderJson, renderJsonRows, renderXml, renderXmlRows } from './document.ts';
import { activeSessionJson, activeSessionNode, activeSessionXml, authStatusNode, otherAttrString, sessionParametersNode } from './session-view.ts';

/** mnt.md §5.1a, verbatim. */
const SPEC_DETAIL = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sessionParameters>
  <passed xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">true</passed>
  <failed xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">false</failed>
  <user_name>00:11:22:33:44:55</user_name>
  <nas_ip_address>10.0.0.2</nas_ip_address>
  <calling_station_id>00:11:22:33:44:55</calling_station_id>
  <orig_calling_station_id>00-11-22-33-44-55</orig_calling_station_id>
  <cpmsession_id>0A0000020000001A2F3C4D5E</cpmsession_id>
  <destination_ip_address>10.0.0.10</destination_ip_address>
  <device_ip_address>10.0.0.2</device_ip_address>
  <network_device_name>sw-floor3</network_device_name>
  <acs_server>gatehouse1</acs_server>
  <authentication_method>mab</authentication_method>
  <authentication_protocol>Lookup</authentication_protocol>
  <framed_ip_address>10.10.20.31</framed_ip_address>
  <auth_acs_timestamp>2024-05-01T10:00:00.123Z</auth_acs_timestamp>
  <execution_steps>11001,11017,11027,15049,15008,15048,15004,15041,15004,15013,24209,24211,22037,15036,15048,15004,15016,11002</execution_steps>
  <response>{UserName=00-11-22-33-44-55; User-Name=00-11-22-33-44-55; Class=CACS:0A0000020000001A2F3C4D5E:gatehouse1/412/7; LicenseTypes=1; }</response>
  <audit_session_id>0A0000020000001A2F3C4D5E</audit_session_id>
  <nas_port_id>GigabitEthernet1/0/5</nas_port_id>
  <posture_status></posture_status>
  <selected_azn_profiles>PermitAccess</selected_azn_profiles>
  <service_type>Call Check</service_type>
  <message_code>5200</message_code>
  <auth_acsview_timestamp>2024-05-01T10:00:00.124Z</auth_acsview_timestamp>
  <auth_id>1714557600123001</auth_id>
  <identity_store>Internal Endpoints</identity_store>
  <location>All Locations#Building1</location>
  <device_type>All Device Types#Switches</device_type>
  <response_time>4</response_time>
  <other_attr_string>:!:ConfigVersionId=12:!:DestinationPort=1812:!:Protocol=Radius:!:OriginalUserName=00-11-22-33-44-55:!:RadiusFlowType=WiredMAB:!:UseCase=Host Lookup:!:AuthenticationStatus=AuthenticationPassed:!:IdentityPolicyMatchedRule=MAB:!:AuthorizationPolicyMatchedRule=Printers:!:ISEPolicySetName=Default:!:CPMSessionID=0A0000020000001A2F3C4D5E:!:EndPointMACAddress=00-11-22-33-44-55:!:TotalAuthenLatency=4:!:ClientLatency=0</other_attr_string>
  <acct_id>1714557600123007</acct_id>
  <acct_acs_timestamp>2024-05-01T10:00:03.001Z</acct_acs_timestamp>
  <acct_acsview_timestamp>2024-05-01T10:00:03.002Z</acct_acsview_timestamp>
  <acct_session_id>0000001A</acct_session_id>
  <acct_status_type>Interim-Update</acct_status_type>
  <acct_input_octets>13742</acct_input_octets>
  <acct_output_octets>6277</acct_output_octets>
  <acct_input_packets>108</acct_input_packets>
  <acct_output_packets>66</acct_output_packets>
  <acct_authentic>RADIUS</acct_authentic>
  <started xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">true</started>
  <stopped xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">false</stopped>
  <endpoint_policy>HP-Printer</endpoint_policy>
</sessionParameters>
`;

function specSession(): RadiusSession {
  return {
    ...emptySession('0A0000020000001A2F3C4D5E', '2024-05-01T10:00:03.001Z'),
    state: 'STARTED', passed: true, userName: '00:11:22:33:44:55', originalUserName: '00-11-22-33-44-55',
    callingStationId: '00:11:22:33:44:55', origCallingStationId: '00-11-22-33-44-55', nasIpAddress: '10.0.0.2',
    destinationIpAddress: '10.0.0.10', deviceIpAddress: '10.0.0.2', deviceName: 'sw-floor3', authenticationMethod: 'mab',
    authenticationProtocol: 'Lookup', framedIpAddress: '10.10.20.31', authAt: '2024-05-01T10:00:00.123Z',
    executionSteps: [11001, 11017, 11027, 15049, 15008, 15048, 15004, 15041, 15004, 15013, 24209, 24211, 22037, 15036, 15048, 15004, 15016, 11002],
    response: '{UserName=00-11-22-33-44-55; User-Name=00-11-22-33-44-55; Class=CACS:0A0000020000001A2F3C4D5E:gatehouse1/412/7; LicenseTypes=1; }',
    nasPortId: 'GigabitEthernet1/0/5', selectedAznProfiles: ['PermitAccess'], serviceType: 'Call Check', messageCode: 5200,
    authId: 1714557600123001, identityStore: 'Internal Endpoints',
    networkDeviceGroups: ['Location#All Locations#Building1', 'Device Type#All Device Types#Switches'], responseTimeMs: 4,
    policySetName: 'Default', identityPolicyMatchedRule: 'MAB', authorizationPolicyMatchedRule: 'Printers',
    otherAttributes: { ConfigVersionId: '12', DestinationPort: '1812', RadiusFlowType: 'WiredMAB', UseCase: 'Host Lookup', ClientLatency: '0' },
    acctId: 1714557600123007, acctAt: '2024-05-01T10:00:03.001Z', acctSessionId: '0000001A', acctStatusType: 'Interim-Update',
    acctInputOctets: 13742, acctOutputOctets: 6277, acctInputPackets: 108, acctOutputPackets: 66, acctAuthentic: 'RADIUS',
    started: true, stopped: false, endpointPolicy: 'HP-Printer', auditSessionId: '0A0000020000001A2F3C4D5E',
  };
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: false });

/** Children of the root as [name, text, attributes] in document order. */
function elements(xml: string): [string, string, Record<string, string>][] {
  const doc = parser.parse(xml) as Record<string, unknown>[];
  const root = doc.find((n) => !Object.keys(n)[0].startsWith('?') && !Object.keys(n)[0].startsWith('#'))!;
  const name = Object.keys(root).find((k) => k !== ':@')!;
  return (root[name] as Record<string, unknown>[]).filter((n) => !('#text' in n)).map((n) => {
    const tag = Object.keys(n).find((k) => k !== ':@')!;
    const kids = n[tag] as { '#text'?: string }[];
    return [tag, kids.map((k) => k['#text'] ?? '').join(''), (n[':@'] ?? {}) as Record<string, string>];
  });
}

const pairs = (s: string) => {
  assert.ok(s.startsWith(':!:'), 'leading :!:');
  return new Map(s.slice(3).split(':!:').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
};

test('sessionParameters: every element of the spec example, in its order, with its value and type attributes', () => {
  const ours = elements(renderXml(sessionParametersNode(specSession(), 'gatehouse1', undefined)));
  const spec = elements(SPEC_DETAIL);
  let at = 0;
  for (const [tag, value, attrs] of spec) {
    const i = ours.findIndex(([t], k) => k >= at && t === tag);
    assert.ok(i >= at, `${tag} missing or out of order`);
    at = i + 1;
    assert.deepEqual(ours[i][2], attrs, `${tag} attributes`);
    if (tag === 'other_attr_string') {
      const mine = pairs(ours[i][1]);
      for (const [k, v] of pairs(value)) assert.equal(mine.get(k), v, `other_attr_string ${k}`);
      continue;
    }
    assert.equal(ours[i][1], value, tag);
  }
  // The first twelve elements are exactly the spec's (no extras in between).
  assert.deepEqual(ours.slice(0, 12).map(([t]) => t), spec.slice(0, 12).map(([t]) => t));
});

test('sessionParameters: the typed booleans are byte-identical to the spec form', () => {
  const xml = renderXml(sessionParametersNode(specSession(), 'gatehouse1', undefined));
  for (const line of SPEC_DETAIL.split('\n').filter((l) => /<(passed|failed|started|stopped) /.test(l))) assert.ok(xml.includes(line), line);
});

test('other_attr_string: ISE order, ANC policy when assigned, failed authentications', () => {
  const s = specSession();
  const attrs = otherAttrString(s, 'Quarantine');
  assert.ok(attrs.indexOf(':!:ConfigVersionId=12') === 0);
  assert.ok(attrs.indexOf('ISEPolicySetName') < attrs.indexOf('CPMSessionID'));
  assert.equal(pairs(attrs).get('ANCPolicy'), 'Quarantine');
  const failed = { ...s, passed: false, failureReason: '22056 Subject not found in the applicable identity store(s)' };
  assert.equal(pairs(otherAttrString(failed, undefined)).get('AuthenticationStatus'), 'UnknownUser');
  const detail = elements(renderXml(sessionParametersNode(failed, 'gatehouse1', undefined)));
  assert.deepEqual(detail.find(([t]) => t === 'failed')?.[1], 'true');
  assert.deepEqual(detail.find(([t]) => t === 'failure_reason')?.[1], failed.failureReason);
});

test('accounting-only session: neither passed nor failed, no authentication elements', () => {
  const s = { ...emptySession('X1', '2024-05-01T10:00:00Z'), state: 'STARTED' as const, callingStationId: 'AA:BB:CC:DD:EE:FF', acctAt: '2024-05-01T10:00:00.000Z', started: true };
  const d = new Map(elements(renderXml(sessionParametersNode(s, 'gh', undefined))).map(([t, v]) => [t, v]));
  assert.equal(d.get('passed'), 'false');
  assert.equal(d.get('failed'), 'false');
  assert.equal(d.has('message_code'), false);
  assert.equal(d.has('auth_acs_timestamp'), false);
  assert.equal(d.get('started'), 'true');
});

test('activeSession: the ISE 3.3 order, unknown values omitted, framed_ipv6_address always present', () => {
  const xml = renderXml({ tag: 'activeList', attrs: { noOfActiveSession: 1 }, children: [activeSessionNode(specSession(), 'gatehouse1')] });
  assert.equal(xml, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<activeList noOfActiveSession="1">
  <activeSession>
    <user_name>00:11:22:33:44:55</user_name>
    <calling_station_id>00:11:22:33:44:55</calling_station_id>
    <nas_ip_address>10.0.0.2</nas_ip_address>
    <acct_session_id>0000001A</acct_session_id>
    <audit_session_id>0A0000020000001A2F3C4D5E</audit_session_id>
    <server>gatehouse1</server>
    <framed_ip_address>10.10.20.31</framed_ip_address>
    <framed_ipv6_address></framed_ipv6_address>
  </activeSession>
</activeList>
`);
  const bare = renderXml(activeSessionNode({ ...emptySession('S2', 'x'), callingStationId: 'AA:BB:CC:DD:EE:FF', framedIpv6Addresses: ['2001:db8::5'] }, 'gh'));
  assert.match(bare, /<activeSession>\n {2}<calling_station_id>AA:BB:CC:DD:EE:FF<\/calling_station_id>\n {2}<audit_session_id>S2<\/audit_session_id>\n {2}<server>gh<\/server>\n {2}<framed_ipv6_address>\n {4}<ipv6_address>2001:db8::5<\/ipv6_address>/);
});

test('authStatusElements: failed attempts carry failure_reason, the attribute list filters elements', () => {
  const entry: LiveLogEntry = {
    id: 1, at: '2024-05-01T10:00:00.123Z', messageCode: 5400, failureReason: '22056 Subject not found in the applicable identity store(s)',
    sessionId: 'S', userName: 'suser77', callingStationId: '00:0C:29:46:F3:B8', nasIpAddress: '10.0.0.2', deviceName: 'sw1', deviceIpAddress: '10.0.0.2',
    authenticationMethod: 'dot1x', authenticationProtocol: 'PEAP (EAP-MSCHAPv2)', policySetName: 'Default', authorizationPolicyMatchedRule: '',
    selectedAznProfiles: ['DenyAccess'], identityGroup: '', executionSteps: [11001, 11003], responseTimeMs: 12, details: { 'NAS-Port-Type': 'Ethernet' },
  };
  const full = elements(renderXml(authStatusNode(entry, 'gatehouse1', false)));
  assert.deepEqual(full.slice(0, 8).map(([t]) => t), ['passed', 'failed', 'user_name', 'calling_station_id', 'nas_ip_address', 'network_device_name', 'acs_server', 'acs_timestamp']);
  const m = new Map(full.map(([t, v]) => [t, v]));
  assert.equal(m.get('failed'), 'true');
  assert.equal(m.get('failure_reason'), entry.failureReason);
  assert.equal(m.get('acs_timestamp'), entry.at);
  assert.equal(m.get('nas_port_type'), 'Ethernet');
  assert.equal(m.has('selected_azn_profiles'), false);
  const only = elements(renderXml(authStatusNode(entry, 'gh', false, new Set(['passed', 'failed', 'user_name', 'acs_timestamp']))));
  assert.deepEqual(only.map(([t]) => t), ['passed', 'failed', 'user_name', 'acs_timestamp']);
});

test('pre-rendered ActiveList rows are exactly what the document renderers write', () => {
  const sessions = [
    specSession(),
    { ...emptySession('S2', 'x'), userName: 'a<b', callingStationId: 'AA:BB:CC:DD:EE:FF', framedIpv6Addresses: ['2001:db8::5', '2001:db8::6'] },
    { ...emptySession('S3', 'x') },
  ];
  for (const list of [sessions, []]) {
    const attrs = { noOfActiveSession: list.length };
    const nodes = { tag: 'activeList', attrs, children: list.map((s) => activeSessionNode(s, 'gh')) };
    assert.equal(renderXmlRows('activeList', attrs, list.map((s) => Buffer.from(activeSessionXml(s, 'gh')))).toString(), renderXml(nodes));
    const json = renderJsonRows('activeList', attrs, 'activeSession', list.map((s) => Buffer.from(activeSessionJson(s, 'gh'))));
    assert.deepEqual(JSON.parse(json.toString()), JSON.parse(renderJson(nodes, ['activeSession'])));
  }
  assert.deepEqual(JSON.parse(activeSessionJson(sessions[1], 'gh')).framed_ipv6_address, { ipv6_address: ['2001:db8::5', '2001:db8::6'] });
});
