// The MnT REST API over real HTTPS, with sessions made by real RADIUS
// accounting from radclient: documents checked element by element against
// mnt.md, error shapes, both prefixes, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { startServer, runCli, type TestServer, type Response } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from '../radius/radclient.ts';

const SECRET = 'testing123';
const NODE = 'gatehouse1';
const ALICE = { mac: '00:11:22:33:44:55', orig: '00-11-22-33-44-55', audit: '0A0000020000001A2F3C4D5E', acct: '0000001A' };
const BOB = { mac: '00:AA:BB:CC:DD:02', orig: '00aa.bbcc.dd02', audit: '0A0000030000002B2F3C4D5F', acct: '0000002B' };
const CAROL = { mac: '00:AA:BB:CC:DD:03', orig: '00-AA-BB-CC-DD-03', audit: '0A0000040000003C2F3C4D60', acct: '0000003C' };
const OPERATOR = { user: 'ers-ops', password: 'Ops-password-1' };
const ERS_ADMIN = { user: 'ers-auto', password: 'Auto-password-1' };
let server: TestServer;

const acct = (who: typeof ALICE, user: string, nas: string, status: string, extra: string[] = []) => [
  `Acct-Status-Type = ${status}`, `Acct-Session-Id = "${who.acct}"`, `User-Name = "${user}"`, `NAS-IP-Address = ${nas}`,
  'NAS-Port-Id = "GigabitEthernet1/0/5"', 'NAS-Port-Type = Ethernet', `Calling-Station-Id = "${who.orig}"`,
  `Cisco-AVPair = "audit-session-id=${who.audit}"`, 'Acct-Authentic = RADIUS', ...extra,
];

async function send(lines: string[]): Promise<void> {
  const r = await radclient(server.ports.radiusAcct, 'acct', SECRET, lines);
  assert.equal(r.reply, 'Accounting-Response', r.stdout + r.stderr);
}

before(async () => {
  server = await startServer({ args: ['--node-name', NODE] });
  const r = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'sw-floor3', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(r.status, 201, r.body);
  for (const [who, role] of [[OPERATOR, 'ers-operator'], [ERS_ADMIN, 'ers-admin']] as const) {
    const add = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', who.user, '--role', role, '--password-stdin'], who.password);
    assert.equal(add.code, 0, add.stderr);
  }
  if (SKIP_NO_RADCLIENT) return;
  await send(acct(ALICE, 'alice', '10.0.0.2', 'Start'));
  await send(acct(ALICE, 'alice', '10.0.0.2', 'Interim-Update', [
    'Framed-IP-Address = 10.10.20.31', 'Acct-Input-Octets = 13742', 'Acct-Output-Octets = 6277', 'Acct-Input-Packets = 108',
    'Acct-Output-Packets = 66', 'Acct-Session-Time = 60',
  ]));
  await send(acct(BOB, 'bob', '10.0.0.3', 'Start', ['Framed-IP-Address = 10.10.30.7']));
  await send(acct(CAROL, 'carol', '10.0.0.4', 'Start'));
  await send(acct(CAROL, 'carol', '10.0.0.4', 'Stop', ['Acct-Session-Time = 30', 'Acct-Terminate-Cause = User-Request']));
});
after(async () => { await server.cleanup(); });

const mnt = (path: string, opts: { prefix?: string; method?: string; format?: 'xml' | 'json'; auth?: { user: string; password: string } | null; headers?: Record<string, string> } = {}): Promise<Response> =>
  server.request(opts.method ?? 'GET', `${opts.prefix ?? '/admin/API/mnt'}/${path}`, {
    port: 'https', format: opts.format ?? 'xml', ...(opts.auth !== undefined && { auth: opts.auth }), ...(opts.headers && { headers: opts.headers }),
  });

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false });
interface El { tag: string; text: string; attrs: Record<string, string>; children: El[] }
function toEl(node: Record<string, unknown>): El {
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  const kids = (node[tag] as Record<string, unknown>[]) ?? [];
  return {
    tag,
    attrs: (node[':@'] ?? {}) as Record<string, string>,
    text: kids.filter((k) => '#text' in k).map((k) => String(k['#text'])).join(''),
    children: kids.filter((k) => !('#text' in k)).map(toEl),
  };
}
/** The root element of an MnT XML body (declaration checked). */
function xml(r: Response): El {
  assert.match(String(r.headers['content-type']), /^application\/xml/);
  assert.ok(r.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'), r.body.slice(0, 80));
  const doc = parser.parse(r.body) as Record<string, unknown>[];
  return toEl(doc.find((n) => !Object.keys(n)[0].startsWith('?'))!);
}
const values = (e: El): Record<string, string> => Object.fromEntries(e.children.map((c) => [c.tag, c.text]));
const TYPED = { 'xsi:type': 'xs:boolean', 'xmlns:xs': 'http://www.w3.org/2001/XMLSchema', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' };

function assertNotAvailable(r: Response, key: string, operation: string): void {
  assert.equal(r.status, 500, r.body);
  const e = xml(r);
  assert.equal(e.tag, 'mnt-rest-result');
  assert.deepEqual(e.children.map((c) => c.tag), [
    'http-code', 'cpm-code', 'description', 'module-name', 'internal-error-info', 'requested-operation', 'resource-id', 'resource-name', 'resource-type', 'status',
  ]);
  assert.deepEqual(values(e), {
    'http-code': '500', 'cpm-code': '34110', description: 'Server has encountered error while processing the REST request', 'module-name': 'MnT',
    'internal-error-info': `Error in generating XML output. Error message = Session data is not available for ${key}.`,
    'requested-operation': operation, 'resource-id': 'N/A', 'resource-name': 'N/A', 'resource-type': 'RESTSDStatus', status: 'SERVER_ERROR',
  });
}

test('Version: product with name attribute, version and type_of_node, on both prefixes', async () => {
  for (const prefix of ['/admin/API/mnt', '/ise/mnt']) {
    const r = await mnt('Version', { prefix });
    assert.equal(r.status, 200);
    assert.equal(r.body, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<product name="Cisco Identity Services Engine">
  <version>3.3.0.430</version>
  <type_of_node>0</type_of_node>
</product>
`);
  }
  // Accept is never required; Content-Type on a GET is ignored.
  const bare = await server.request('GET', '/admin/API/mnt/Version', { port: 'https', headers: { accept: '', 'content-type': 'application/xml' } });
  assert.equal(bare.status, 200);
  assert.equal(xml(bare).tag, 'product');
});

test('counters: ActiveCount counts started sessions, not stopped ones; Posture and Profiler counts', { skip: SKIP_NO_RADCLIENT }, async () => {
  const active = xml(await mnt('Session/ActiveCount'));
  assert.equal(active.tag, 'sessionCount');
  assert.deepEqual(values(active), { count: '2' });
  assert.deepEqual(values(xml(await mnt('Session/PostureCount'))), { count: '0' });
  assert.deepEqual(values(xml(await mnt('Session/ProfilerCount', { prefix: '/ise/mnt' }))), { count: '0' });
});

test('ActiveList: activeList root, noOfActiveSession equals the rows, ISE 3.3 element order', { skip: SKIP_NO_RADCLIENT }, async () => {
  const list = xml(await mnt('Session/ActiveList'));
  assert.equal(list.tag, 'activeList');
  assert.equal(list.attrs.noOfActiveSession, '2');
  assert.equal(list.children.length, 2);
  const alice = list.children.find((c) => values(c).user_name === 'alice')!;
  assert.equal(alice.tag, 'activeSession');
  assert.deepEqual(alice.children.map((c) => c.tag), [
    'user_name', 'calling_station_id', 'nas_ip_address', 'acct_session_id', 'audit_session_id', 'server', 'framed_ip_address', 'framed_ipv6_address',
  ]);
  assert.deepEqual(values(alice), {
    user_name: 'alice', calling_station_id: ALICE.mac, nas_ip_address: '10.0.0.2', acct_session_id: ALICE.acct,
    audit_session_id: ALICE.audit, server: NODE, framed_ip_address: '10.10.20.31', framed_ipv6_address: '',
  });
  const bob = values(list.children.find((c) => values(c).user_name === 'bob')!);
  assert.equal(bob.calling_station_id, BOB.mac, 'canonical MAC whatever notation the NAD used');
  assert.ok(!list.children.some((c) => values(c).user_name === 'carol'), 'stopped sessions are not active');
});

test('ActiveList as JSON (Gatehouse extension): same names, rows as an array', { skip: SKIP_NO_RADCLIENT }, async () => {
  const r = await mnt('Session/ActiveList', { format: 'json' });
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const body = r.json();
  assert.equal(body.activeList.noOfActiveSession, 2);
  assert.equal(body.activeList.activeSession.length, 2);
  const alice = body.activeList.activeSession.find((s: { user_name: string }) => s.user_name === 'alice');
  assert.deepEqual(Object.keys(alice), ['user_name', 'calling_station_id', 'nas_ip_address', 'acct_session_id', 'audit_session_id', 'server', 'framed_ip_address', 'framed_ipv6_address']);
});

test('Session/MACAddress: any MAC notation; sessionParameters element by element', { skip: SKIP_NO_RADCLIENT }, async () => {
  for (const form of ['00:11:22:33:44:55', '00-11-22-33-44-55', '0011.2233.4455', '001122334455', '00:11:22:33:44:55'.toLowerCase()]) {
    const d = xml(await mnt(`Session/MACAddress/${form}`));
    assert.equal(d.tag, 'sessionParameters', form);
    assert.equal(values(d).cpmsession_id, ALICE.audit, form);
  }
  const d = xml(await mnt(`Session/MACAddress/${ALICE.mac}`));
  const tags = d.children.map((c) => c.tag);
  const v = values(d);
  for (const b of ['passed', 'failed', 'started', 'stopped']) assert.deepEqual(d.children.find((c) => c.tag === b)!.attrs, TYPED, b);
  assert.deepEqual(tags.slice(0, 11), [
    'passed', 'failed', 'user_name', 'nas_ip_address', 'calling_station_id', 'orig_calling_station_id', 'cpmsession_id',
    'destination_ip_address', 'device_ip_address', 'network_device_name', 'acs_server',
  ]);
  // Only accounting was seen: neither passed nor failed, no authentication elements.
  assert.equal(v.passed, 'false');
  assert.equal(v.failed, 'false');
  assert.equal(v.user_name, 'alice');
  assert.equal(v.nas_ip_address, '10.0.0.2');
  assert.equal(v.calling_station_id, ALICE.mac);
  assert.equal(v.orig_calling_station_id, ALICE.orig);
  assert.equal(v.device_ip_address, '127.0.0.1');
  assert.equal(v.destination_ip_address, '127.0.0.1');
  assert.equal(v.network_device_name, 'sw-floor3');
  assert.equal(v.acs_server, NODE);
  assert.equal(v.framed_ip_address, '10.10.20.31');
  assert.equal(v.audit_session_id, ALICE.audit);
  assert.equal(v.nas_port_id, 'GigabitEthernet1/0/5');
  assert.equal(v.posture_status, '');
  assert.equal(v.location, 'All Locations');
  assert.equal(v.device_type, 'All Device Types');
  assert.equal(v.acct_session_id, ALICE.acct);
  assert.equal(v.acct_status_type, 'Interim-Update');
  assert.deepEqual([v.acct_input_octets, v.acct_output_octets, v.acct_input_packets, v.acct_output_packets], ['13742', '6277', '108', '66']);
  assert.equal(v.acct_authentic, 'RADIUS');
  assert.equal(v.started, 'true');
  assert.equal(v.stopped, 'false');
  assert.match(v.acct_acs_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(tags.indexOf('acct_id') < tags.indexOf('acct_session_id') && tags.indexOf('acct_session_id') < tags.indexOf('started'));
  assert.ok(v.other_attr_string.startsWith(':!:'));
  assert.match(v.other_attr_string, /:!:CPMSessionID=0A0000020000001A2F3C4D5E(:!:|$)/);
  assert.match(v.other_attr_string, /:!:EndPointMACAddress=00-11-22-33-44-55(:!:|$)/);
});

test('Session detail by user, NAS IP and endpoint IP; a stopped session reports stopped', { skip: SKIP_NO_RADCLIENT }, async () => {
  assert.equal(values(xml(await mnt('Session/UserName/bob'))).calling_station_id, BOB.mac);
  assert.equal(values(xml(await mnt('Session/IPAddress/10.0.0.3'))).user_name, 'bob');
  assert.equal(values(xml(await mnt('Session/EndPointIPAddress/10.10.20.31'))).user_name, 'alice');
  // IPAddress is the NAS IP, EndPointIPAddress the client's: not interchangeable.
  assertNotAvailable(await mnt('Session/IPAddress/10.10.20.31'), '10.10.20.31', 'Get Session By NAS IP Address');
  assertNotAvailable(await mnt('Session/EndPointIPAddress/10.0.0.2'), '10.0.0.2', 'Get Session By Endpoint IP Address');
  const carol = values(xml(await mnt(`Session/MACAddress/${CAROL.orig}`)));
  assert.equal(carol.stopped, 'true');
  assert.equal(carol.acct_status_type, 'Stop');
  assert.equal(carol.acct_terminate_cause, 'User-Request');
});

test('no session: HTTP 500 mnt-rest-result "Session data is not available for <key as requested>."', async () => {
  assertNotAvailable(await mnt('Session/MACAddress/02-00-00-00-00-99'), '02-00-00-00-00-99', 'Get Session By MAC Address');
  assertNotAvailable(await mnt('Session/MACAddress/not-a-mac'), 'not-a-mac', 'Get Session By MAC Address');
  assertNotAvailable(await mnt('Session/UserName/nobody'), 'nobody', 'Get Session By User Name');
  assertNotAvailable(await mnt('Session/IPAddress/300.1.1.1'), '300.1.1.1', 'Get Session By NAS IP Address');
  assertNotAvailable(await mnt('Session/Active/SessionID/NOSUCHSESSION/0'), 'NOSUCHSESSION', 'Get Active Session By Session ID');
  assertNotAvailable(await mnt('AuthStatus/MACAddress/02:00:00:00:00:99/0/0/All'), '02:00:00:00:00:99', 'Get Authentication Status');
  assertNotAvailable(await mnt('AcctStatus/MACAddress/02:00:00:00:00:99/3600', { prefix: '/ise/mnt' }), '02:00:00:00:00:99', 'Get Accounting Status');
  const json = await mnt('Session/MACAddress/02:00:00:00:00:99', { format: 'json' });
  assert.equal(json.status, 500);
  assert.match(json.json()['mnt-rest-result']['internal-error-info'], /Session data is not available for 02:00:00:00:00:99\./);
});

test('Active/SessionID: the session by audit id (either segment), as an activeList', { skip: SKIP_NO_RADCLIENT }, async () => {
  for (const path of [`Session/Active/SessionID/${ALICE.audit}/0`, `Session/Active/SessionID/10.0.0.2/${ALICE.audit}`]) {
    const l = xml(await mnt(path));
    assert.equal(l.tag, 'activeList');
    assert.equal(l.attrs.noOfActiveSession, '1');
    assert.equal(values(l.children[0]).audit_session_id, ALICE.audit);
  }
});

test('AuthList: accounting-only sessions are not authenticated; time bounds are checked', { skip: SKIP_NO_RADCLIENT }, async () => {
  const all = await mnt('Session/AuthList/null/null');
  assert.equal(all.status, 200);
  assert.equal(all.body, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<activeList noOfActiveSession="0"></activeList>\n');
  assert.equal((await mnt('Session/AuthList/2024-05-01T00:00:00Z/null')).status, 200);
  assert.equal((await mnt('Session/AuthList/2024-05-01%2000:00:00/1714557600000')).status, 200);
  const bad = await mnt('Session/AuthList/yesterday/null');
  assert.equal(bad.status, 400);
  const e = values(xml(bad));
  assert.equal(e['http-code'], '400');
  assert.equal(e.status, 'BAD_REQUEST');
  assert.match(e.description, /start time: 'yesterday' is not a time/);
});

test('AcctStatus: three wrapper levels, one record per accounting request, newest first', { skip: SKIP_NO_RADCLIENT }, async () => {
  for (const path of [`AcctStatus/MACAddress/${ALICE.orig}/0`, `AcctStatusTT/MACAddress/${ALICE.mac}/3600`]) {
    const out = xml(await mnt(path));
    assert.equal(out.tag, 'acctStatusOutputList');
    assert.equal(out.children.length, 1);
    const list = out.children[0];
    assert.equal(list.tag, 'acctStatusList');
    assert.equal(list.attrs.key, ALICE.mac);
    assert.deepEqual(list.children.map((c) => c.tag), ['acctStatusElements', 'acctStatusElements']);
    const [interim, start] = list.children.map(values);
    assert.equal(interim.acct_status_type, 'Interim-Update');
    assert.equal(start.acct_status_type, 'Start');
    assert.deepEqual(list.children[0].children.slice(0, 9).map((c) => c.tag), [
      'calling_station_id', 'audit_session_id', 'paks_in', 'paks_out', 'bytes_in', 'bytes_out', 'session_time', 'username', 'server',
    ]);
    assert.deepEqual(
      [interim.calling_station_id, interim.audit_session_id, interim.paks_in, interim.paks_out, interim.bytes_in, interim.bytes_out, interim.session_time, interim.username, interim.server],
      [ALICE.mac, ALICE.audit, '108', '66', '13742', '6277', '60', 'alice', NODE],
    );
  }
  const bad = await mnt(`AcctStatus/MACAddress/${ALICE.mac}/999999999`);
  assert.equal(bad.status, 400);
  assert.match(values(xml(bad)).description, /seconds: 999999999 is larger than 864000/);
});

test('AuthStatus: window and record limits are validated', async () => {
  assert.equal((await mnt(`AuthStatus/MACAddress/${ALICE.mac}/864001/0/All`)).status, 400);
  assert.equal((await mnt(`AuthStatus/MACAddress/${ALICE.mac}/0/501/All`)).status, 400);
  assert.match(values(xml(await mnt(`AuthStatus/MACAddress/${ALICE.mac}/0/x/All`))).description, /records: 'x' must be a whole number/);
});

test('FailureReasons: failureReason rows with id, code "<n> <text>", cause, resolution', async () => {
  const list = xml(await mnt('FailureReasons'));
  assert.equal(list.tag, 'failureReasonList');
  const byId = new Map(list.children.map((c) => [c.attrs.id, c]));
  for (const id of ['11007', '11036', '11213', '22056']) {
    const row = byId.get(id);
    assert.ok(row, id);
    assert.deepEqual(row.children.map((c) => c.tag), ['code', 'cause', 'resolution']);
    assert.match(values(row).code, new RegExp(`^${id} \\S`));
  }
  assert.equal(values(byId.get('11213')!).code, '11213 No response received from Network Access Device after sending a Dynamic Authorization request');
});

test('authentication and roles: 401 with WWW-Authenticate, 403 for ERS-only admins, super-admin allowed', async () => {
  const none = await mnt('Session/ActiveCount', { auth: null });
  assert.equal(none.status, 401);
  assert.match(String(none.headers['www-authenticate']), /^Basic realm=/);
  const wrong = await mnt('Session/ActiveCount', { auth: { user: 'admin', password: 'wrong-password' } });
  assert.equal(wrong.status, 401);
  for (const who of [OPERATOR, ERS_ADMIN]) {
    const r = await mnt('Session/ActiveCount', { auth: who });
    assert.equal(r.status, 403, who.user);
    const e = values(xml(r));
    assert.equal(e.status, 'FORBIDDEN');
    assert.match(e.description, /Super Admin, System Admin, MnT Admin/);
    assert.equal((await mnt(`CoA/Reauth/${NODE}/${ALICE.mac}/0`, { auth: who })).status, 403);
  }
});

test('unknown MnT path: 404 mnt-rest-result; wrong method: 405 with Allow', async () => {
  const r = await mnt('Session/NoSuchCall');
  assert.equal(r.status, 404);
  assert.equal(values(xml(r)).status, 'NOT_FOUND');
  const m = await mnt('Session/ActiveList', { method: 'POST' });
  assert.equal(m.status, 405);
  assert.equal(m.headers.allow, 'GET');
  assert.equal(values(xml(m)).status, 'METHOD_NOT_ALLOWED');
});

test('CoA calls with bad arguments: unknown MAC is results=false, bad type is 400', async () => {
  const r = await mnt(`CoA/Reauth/${NODE}/02:00:00:00:00:99/0`);
  assert.equal(r.status, 200);
  assert.equal(r.body, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<remoteCoA requestType="reauth">\n  <results>false</results>\n</remoteCoA>\n');
  const d = await mnt(`CoA/Disconnect/${NODE}/not-a-mac/0`);
  assert.equal(d.status, 200);
  assert.deepEqual(xml(d).attrs, { requestType: 'disconnect' });
  assert.equal((await mnt(`CoA/Reauth/${NODE}/${ALICE.mac}/7`)).status, 400);
  assert.equal((await mnt(`CoA/Disconnect/${NODE}/${ALICE.mac}/3/10.0.0.2/10.10.20.31`)).status, 400);
});

test('Session/Delete: 200 SUCCESSFUL by MAC, by session id (GET accepted), idempotent, and all', { skip: SKIP_NO_RADCLIENT }, async () => {
  const result = (r: Response) => {
    assert.equal(r.status, 200, r.body);
    const e = xml(r);
    assert.equal(e.tag, 'mnt-rest-result');
    return values(e);
  };
  const byMac = result(await mnt(`Session/Delete/MACAddress/${BOB.orig}`, { method: 'DELETE' }));
  assert.equal(byMac.status, 'SUCCESSFUL');
  assert.equal(byMac['http-code'], '200');
  assert.equal(byMac.description, 'Session(s) removed: 1');
  assertNotAvailable(await mnt(`Session/MACAddress/${BOB.mac}`), BOB.mac, 'Get Session By MAC Address');
  assert.deepEqual(values(xml(await mnt('Session/ActiveCount'))), { count: '1' });
  assert.equal(result(await mnt(`Session/Delete/MACAddress/${BOB.mac}`, { method: 'DELETE' })).description, 'Session(s) removed: 0');
  assert.equal(result(await mnt(`Session/Delete/SessionID/${ALICE.audit}`, { method: 'GET' })).status, 'SUCCESSFUL');
  assert.deepEqual(values(xml(await mnt('Session/ActiveCount'))), { count: '0' });
  assert.equal(result(await mnt('Session/Delete/All', { method: 'DELETE', prefix: '/ise/mnt' })).status, 'SUCCESSFUL');
  assert.equal(xml(await mnt('Session/ActiveList')).attrs.noOfActiveSession, '0');
});
