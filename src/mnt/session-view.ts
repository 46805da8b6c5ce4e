// Sessions and live-log rows as MnT elements: `activeSession` rows,
// `sessionParameters` (ISE 3.3 element order, optional elements when the
// data exists), `authStatusElements` and `acctStatusElements`.
import { macForms } from '../domain/mac.ts';
import type { LiveLogEntry, RadiusSession } from '../domain/session.ts';
import { el, escapeXml, typedBool, type MntNode, type MntValue } from './document.ts';

/** Appends a leaf when the value is known (JAXB omits nulls). */
function put(out: MntNode[], tag: string, value: MntValue | undefined | null): void {
  if (value === undefined || value === null || value === '') return;
  out.push(el(tag, value));
}

const ipv6Container = (addresses: readonly string[]): MntNode => ({
  tag: 'framed_ipv6_address', children: addresses.map((a) => ({ ...el('ipv6_address', a), repeated: true })),
});

/** The leaves of an ActiveList row, in ISE 3.3 order (framed_ipv6_address, a container, follows them). */
const ACTIVE_SESSION_FIELDS: readonly [string, (s: RadiusSession, server: string) => string][] = [
  ['user_name', (s) => s.userName],
  ['calling_station_id', (s) => s.callingStationId],
  ['nas_ip_address', (s) => s.nasIpAddress],
  ['nas_ipv6_address', (s) => s.nasIpv6Address],
  ['acct_session_id', (s) => s.acctSessionId],
  ['audit_session_id', (s) => s.id],
  ['server', (_s, server) => server],
  ['framed_ip_address', (s) => s.framedIpAddress],
];

/** One row of ActiveList / AuthList (an index only: no NAD, group or state). */
export function activeSessionNode(s: RadiusSession, server: string): MntNode {
  const c: MntNode[] = [];
  for (const [tag, get] of ACTIVE_SESSION_FIELDS) put(c, tag, get(s, server));
  c.push(ipv6Container(s.framedIpv6Addresses));
  return { tag: 'activeSession', children: c, repeated: true };
}

const ROW_OPEN = ACTIVE_SESSION_FIELDS.map(([tag]) => `    <${tag}>`);
const ROW_CLOSE = ACTIVE_SESSION_FIELDS.map(([tag]) => `</${tag}>\n`);

/**
 * The same row as XML text, indented as a child of the list root: what
 * renderXml writes for activeSessionNode, without building the nodes
 * (ActiveList can hold 100,000 rows).
 */
export function activeSessionXml(s: RadiusSession, server: string): string {
  let x = '  <activeSession>\n';
  for (let i = 0; i < ACTIVE_SESSION_FIELDS.length; i++) {
    const v = ACTIVE_SESSION_FIELDS[i][1](s, server);
    if (v !== '') x += ROW_OPEN[i] + escapeXml(v) + ROW_CLOSE[i];
  }
  if (s.framedIpv6Addresses.length === 0) x += '    <framed_ipv6_address></framed_ipv6_address>\n';
  else {
    x += '    <framed_ipv6_address>\n';
    for (const a of s.framedIpv6Addresses) x += `      <ipv6_address>${escapeXml(a)}</ipv6_address>\n`;
    x += '    </framed_ipv6_address>\n';
  }
  return `${x}  </activeSession>\n`;
}

/** The same row as a JSON object text. */
export function activeSessionJson(s: RadiusSession, server: string): string {
  const o: Record<string, unknown> = {};
  for (const [tag, get] of ACTIVE_SESSION_FIELDS) {
    const v = get(s, server);
    if (v !== '') o[tag] = v;
  }
  o.framed_ipv6_address = s.framedIpv6Addresses.length ? { ipv6_address: s.framedIpv6Addresses } : {};
  return JSON.stringify(o);
}

/** ISO time plus milliseconds (ISE's acsview timestamps trail the acs ones by a little). */
const plusMs = (iso: string, ms: number): string => (iso ? new Date(Date.parse(iso) + ms).toISOString() : '');

/** An NDG of one type without its `Type#` root (`All Locations#Building1`). */
function ndgOf(groups: readonly string[], type: string): string {
  const g = groups.find((x) => x.startsWith(`${type}#`));
  return g ? g.slice(type.length + 1) : '';
}

/** ISE's AuthenticationStatus for a session's last authentication. */
function authenticationStatus(s: RadiusSession): string {
  if (s.authAt === '') return '';
  if (s.passed) return 'AuthenticationPassed';
  return s.failureReason.startsWith('22056') ? 'UnknownUser' : 'AuthenticationFailed';
}

/** ISE's order of other_attr_string keys; keys not listed follow in the order the RADIUS path set them. */
const OTHER_ATTR_ORDER = [
  'ConfigVersionId', 'DestinationPort', 'Protocol', 'NAS-Port', 'Framed-MTU', 'OriginalUserName', 'NetworkDeviceProfileName',
  'NetworkDeviceProfileId', 'IsThirdPartyDeviceFlow', 'RadiusFlowType', 'SSID', 'AcsSessionID', 'UseCase',
  'SelectedAuthenticationIdentityStores', 'AuthenticationStatus', 'IdentityPolicyMatchedRule', 'AuthorizationPolicyMatchedRule',
  'ISEPolicySetName', 'CPMSessionID', 'EndPointMACAddress', 'AllowedProtocolMatchedRule', 'IdentitySelectionMatchedRule',
  'DTLSSupport', 'HostIdentityGroup', 'Network Device Profile', 'Location', 'Device Type', 'IPSEC', 'StepData', 'RADIUS Username',
  'NAS-Identifier', 'Device IP Address', 'Called-Station-ID', 'CiscoAVPair', 'ANCPolicy', 'TotalAuthenLatency', 'ClientLatency',
  'StepLatency', 'TLSVersion', 'TLSCipher', 'EapTunnel', 'EapAuthentication', 'LogicalProfile',
];

/** `:!:key=value` pairs with the leading delimiter: what the session knows, overlaid by the RADIUS path's extras. */
export function otherAttrString(s: RadiusSession, ancPolicy: string | undefined): string {
  const pairs = new Map<string, string>();
  const set = (k: string, v: string | number | null | undefined) => {
    if (v !== undefined && v !== null && v !== '') pairs.set(k, String(v));
  };
  set('Protocol', 'Radius');
  set('NAS-Port', s.nasPort);
  set('OriginalUserName', s.originalUserName);
  set('AuthenticationStatus', authenticationStatus(s));
  set('IdentityPolicyMatchedRule', s.identityPolicyMatchedRule);
  set('AuthorizationPolicyMatchedRule', s.authorizationPolicyMatchedRule);
  set('ISEPolicySetName', s.policySetName);
  set('CPMSessionID', s.id);
  set('EndPointMACAddress', macForms(s.callingStationId)?.dash);
  set('Location', s.networkDeviceGroups.find((g) => g.startsWith('Location#')));
  set('Device Type', s.networkDeviceGroups.find((g) => g.startsWith('Device Type#')));
  set('NAS-Identifier', s.nasIdentifier);
  set('Device IP Address', s.deviceIpAddress);
  set('Called-Station-ID', s.calledStationId);
  set('ANCPolicy', ancPolicy);
  if (s.authAt !== '') set('TotalAuthenLatency', s.responseTimeMs);
  for (const [k, v] of Object.entries(s.otherAttributes)) set(k, v);
  let out = '';
  for (const k of OTHER_ATTR_ORDER) {
    const v = pairs.get(k);
    if (v === undefined) continue;
    out += `:!:${k}=${v}`;
    pairs.delete(k);
  }
  for (const [k, v] of pairs) out += `:!:${k}=${v}`;
  return out;
}

/** The Session/MACAddress (UserName, IPAddress, EndPointIPAddress) document body. */
export function sessionParametersNode(s: RadiusSession, server: string, ancPolicy: string | undefined): MntNode {
  const authenticated = s.authAt !== '';
  const accounted = s.acctAt !== '';
  const c: MntNode[] = [typedBool('passed', s.passed), typedBool('failed', authenticated && !s.passed)];
  put(c, 'user_name', s.userName);
  put(c, 'nas_ip_address', s.nasIpAddress);
  put(c, 'calling_station_id', s.callingStationId);
  put(c, 'orig_calling_station_id', s.origCallingStationId);
  put(c, 'cpmsession_id', s.id);
  put(c, 'destination_ip_address', s.destinationIpAddress);
  put(c, 'device_ip_address', s.deviceIpAddress);
  put(c, 'network_device_name', s.deviceName);
  put(c, 'acs_server', server);
  put(c, 'authentication_method', s.authenticationMethod);
  put(c, 'authentication_protocol', s.authenticationProtocol);
  put(c, 'framed_ip_address', s.framedIpAddress);
  put(c, 'auth_acs_timestamp', s.authAt);
  put(c, 'execution_steps', s.executionSteps.join(','));
  put(c, 'response', s.response);
  put(c, 'audit_session_id', s.id);
  put(c, 'nas_port_id', s.nasPortId);
  c.push(el('posture_status', s.postureStatus));
  put(c, 'selected_azn_profiles', s.selectedAznProfiles.join(','));
  put(c, 'service_type', s.serviceType);
  if (authenticated) put(c, 'message_code', s.messageCode || undefined);
  put(c, 'auth_acsview_timestamp', plusMs(s.authAt, 1));
  if (s.authId) put(c, 'auth_id', s.authId);
  put(c, 'identity_store', s.identityStore);
  put(c, 'location', ndgOf(s.networkDeviceGroups, 'Location'));
  put(c, 'device_type', ndgOf(s.networkDeviceGroups, 'Device Type'));
  if (authenticated) put(c, 'response_time', s.responseTimeMs);
  put(c, 'other_attr_string', otherAttrString(s, ancPolicy));
  if (accounted) {
    if (s.acctId) put(c, 'acct_id', s.acctId);
    put(c, 'acct_acs_timestamp', s.acctAt);
    put(c, 'acct_acsview_timestamp', plusMs(s.acctAt, 1));
    put(c, 'acct_session_id', s.acctSessionId);
    put(c, 'acct_status_type', s.acctStatusType);
    put(c, 'acct_input_octets', s.acctInputOctets);
    put(c, 'acct_output_octets', s.acctOutputOctets);
    put(c, 'acct_input_packets', s.acctInputPackets);
    put(c, 'acct_output_packets', s.acctOutputPackets);
    put(c, 'acct_session_time', s.acctSessionTime);
    put(c, 'acct_authentic', s.acctAuthentic);
  } else {
    put(c, 'acct_session_id', s.acctSessionId);
  }
  c.push(typedBool('started', s.started), typedBool('stopped', s.stopped));
  put(c, 'endpoint_policy', s.endpointPolicy);
  // Optional elements of the XSD vocabulary, when the data exists.
  put(c, 'nas_ipv6_address', s.nasIpv6Address);
  if (s.framedIpv6Addresses.length > 0) c.push(ipv6Container(s.framedIpv6Addresses));
  if (s.nasPort !== null) put(c, 'nas_port', s.nasPort);
  put(c, 'nas_port_type', s.nasPortType);
  put(c, 'nas_identifier', s.nasIdentifier);
  put(c, 'identity_group', s.identityGroup);
  put(c, 'network_device_groups', s.networkDeviceGroups.join(','));
  if (s.auditSessionId) put(c, 'cisco_av_pair', `audit-session-id=${s.auditSessionId}`);
  put(c, 'identity_policy_matched_rule', s.identityPolicyMatchedRule);
  put(c, 'authorization_policy', s.authorizationPolicyMatchedRule);
  if (authenticated && !s.passed) put(c, 'failure_reason', s.failureReason);
  if (accounted) {
    put(c, 'acct_terminate_cause', s.acctTerminateCause);
    if (s.acctDelayTime) put(c, 'acct_delay_time', s.acctDelayTime);
    put(c, 'acct_class', s.acctClass);
  }
  return { tag: 'sessionParameters', children: c };
}

const PASSED_CODES: ReadonlySet<number> = new Set([5200]);

/** One AuthStatus record. `only` keeps just the named elements (the `+`-joined attribute list). */
export function authStatusNode(e: LiveLogEntry, server: string, basic: boolean, only?: ReadonlySet<string>): MntNode {
  const passed = PASSED_CODES.has(e.messageCode);
  const d = e.details;
  const c: MntNode[] = [typedBool('passed', passed), typedBool('failed', !passed)];
  put(c, 'user_name', e.userName);
  put(c, 'calling_station_id', e.callingStationId);
  put(c, 'nas_ip_address', e.nasIpAddress);
  put(c, 'network_device_name', e.deviceName);
  put(c, 'acs_server', server);
  put(c, 'acs_timestamp', e.at);
  put(c, 'authentication_method', e.authenticationMethod);
  put(c, 'authentication_protocol', e.authenticationProtocol);
  put(c, 'identity_group', e.identityGroup);
  put(c, 'identity_store', d.SelectedAuthenticationIdentityStores ?? d.IdentityStore);
  if (!passed) put(c, 'failure_reason', e.failureReason);
  if (passed) {
    put(c, 'selected_azn_profiles', e.selectedAznProfiles.join(','));
    put(c, 'authorization_policy', e.authorizationPolicyMatchedRule);
    put(c, 'identity_policy_matched_rule', d.IdentityPolicyMatchedRule);
  }
  put(c, 'message_code', e.messageCode);
  put(c, 'response_time', e.responseTimeMs);
  put(c, 'execution_steps', e.executionSteps.join(','));
  put(c, 'response', d.Response);
  put(c, 'nas_port_type', d['NAS-Port-Type']);
  let attrs = '';
  if (e.policySetName) attrs += `:!:ISEPolicySetName=${e.policySetName}`;
  for (const [k, v] of Object.entries(d)) if (k !== 'Response') attrs += `:!:${k}=${v}`;
  put(c, 'other_attr_string', attrs);
  const basicSet = new Set(['passed', 'failed', 'user_name', 'calling_station_id', 'nas_ip_address', 'acs_server', 'acs_timestamp', 'failure_reason', 'message_code']);
  const keep = only ?? (basic ? basicSet : undefined);
  return { tag: 'authStatusElements', children: keep ? c.filter((n) => keep.has(n.tag)) : c, repeated: true };
}

/** One AcctStatus record. */
export function acctStatusNode(e: LiveLogEntry, server: string): MntNode {
  const d = e.details;
  const c: MntNode[] = [];
  put(c, 'calling_station_id', e.callingStationId);
  put(c, 'audit_session_id', e.sessionId);
  put(c, 'paks_in', d.AcctInputPackets);
  put(c, 'paks_out', d.AcctOutputPackets);
  put(c, 'bytes_in', d.AcctInputOctets);
  put(c, 'bytes_out', d.AcctOutputOctets);
  put(c, 'session_time', d.AcctSessionTime);
  put(c, 'username', e.userName);
  put(c, 'server', server);
  put(c, 'acct_status_type', d.AcctStatusType);
  put(c, 'acct_session_id', d.AcctSessionId);
  put(c, 'framed_ip_address', d.FramedIPAddress);
  put(c, 'nas_ip_address', e.nasIpAddress);
  put(c, 'acs_timestamp', e.at);
  return { tag: 'acctStatusElements', children: c, repeated: true };
}
