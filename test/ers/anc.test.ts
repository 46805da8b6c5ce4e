// ERS ancpolicy and ancendpoint over real HTTPS; apply and clear send their
// CoA to a real DAS (FreeRADIUS as the switch) for every active session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { startServer, runCli, type TestServer, type Response } from '../helpers/server.ts';
import { radclient, SKIP_NO_RADCLIENT } from '../radius/radclient.ts';
import { startDas, SKIP_NO_FREERADIUS, type Das } from '../helpers/freeradius-das.ts';

const SKIP_COA = SKIP_NO_FREERADIUS || SKIP_NO_RADCLIENT;
const POLICIES = '/ers/config/ancpolicy';
const ENDPOINTS = '/ers/config/ancendpoint';
const SECRET = 'anc-test-secret';
const A = { mac: '00:11:22:33:44:55', orig: '00-11-22-33-44-55', audit: '7F000001000000AA2F3C4D5E', ip: '10.10.20.31' };
const OPERATOR = { user: 'anc-ops', password: 'Ops-password-1' };
let server: TestServer;
let das: Das | undefined;

before(async () => {
  server = await startServer({ args: ['--coa-timeout-ms', '400', '--coa-retries', '0'] });
  if (!SKIP_COA) das = await startDas({ secret: SECRET });
  const r = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'sw-anc', coaPort: das?.port ?? 1700, NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(r.status, 201, r.body);
  const add = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', OPERATOR.user, '--role', 'ers-operator', '--password-stdin'], OPERATOR.password);
  assert.equal(add.code, 0, add.stderr);
  if (SKIP_COA) return;
  const a = await radclient(server.ports.radiusAcct, 'acct', SECRET, [
    'Acct-Status-Type = Start', 'Acct-Session-Id = "000000AA"', `User-Name = "${A.orig}"`, 'NAS-IP-Address = 10.0.0.2',
    `Calling-Station-Id = "${A.orig}"`, `Cisco-AVPair = "audit-session-id=${A.audit}"`, `Framed-IP-Address = ${A.ip}`,
  ]);
  assert.equal(a.reply, 'Accounting-Response', a.stdout + a.stderr);
});
after(async () => {
  await server.cleanup();
  await das?.stop();
});

const title = (r: Response) => r.json().ERSResponse.messages[0].title as string;
const policy = (name: string, actions: unknown, extra: Record<string, unknown> = {}) => ({ ErsAncPolicy: { name, actions, ...extra } });
const op = (pairs: [string, string][]) => ({ OperationAdditionalData: { additionalData: pairs.map(([name, value]) => ({ name, value })) } });
const coaLog = (): Promise<any[]> => settledLiveLog(server, [5205, 5417]);

test('ancpolicy: create answers 201 with the name as id; GET by id and by name; list entries', async () => {
  const r = await server.request('POST', POLICIES, { body: policy('Quarantine', ['QUARANTINE'], { description: 'isolate' }) });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.headers.location, `https://127.0.0.1:${server.ports.ers}${POLICIES}/Quarantine`);
  const got = await server.request('GET', `${POLICIES}/Quarantine`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json(), {
    ErsAncPolicy: {
      id: 'Quarantine', name: 'Quarantine', description: 'isolate', actions: ['QUARANTINE'],
      link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}${POLICIES}/Quarantine`, type: 'application/json' },
    },
  });
  assert.equal((await server.request('GET', `${POLICIES}/name/Quarantine`)).json().ErsAncPolicy.id, 'Quarantine');
  const spaced = await server.request('POST', POLICIES, { body: policy('Port Bounce', ['PORT_BOUNCE']) });
  assert.equal(spaced.status, 201);
  assert.match(String(spaced.headers.location), /\/ancpolicy\/Port%20Bounce$/);
  assert.deepEqual((await server.request('GET', `${POLICIES}/Port%20Bounce`)).json().ErsAncPolicy.actions, ['PORT_BOUNCE'], 'spelling kept');
  const list = (await server.request('GET', `${POLICIES}?filter=name.EQ.Quarantine`)).json().SearchResult;
  assert.equal(list.total, 1);
  assert.equal(list.resources[0].id, 'Quarantine');
  assert.equal(list.resources[0].name, 'Quarantine');
});

test('ancpolicy: both re-authenticate spellings; combination and enum rules; duplicate names', async () => {
  assert.equal((await server.request('POST', POLICIES, { body: policy('Reauth', ['REAUTHENTICATE']) })).status, 201);
  assert.equal((await server.request('POST', POLICIES, { body: policy('Reauth2', ['RE_AUTHENTICATE', 'QUARANTINE']) })).status, 201);
  const combos = await server.request('POST', POLICIES, { body: policy('Bad', ['SHUTDOWN', 'QUARANTINE']) });
  assert.equal(combos.status, 400);
  assert.equal(combos.json().ERSResponse.messages[0].code, 'Application resource validation exception');
  assert.match(title(combos), /SHUTDOWN cannot be combined with other actions/);
  assert.match(title(await server.request('POST', POLICIES, { body: policy('Bad', ['QUARANTINE', 'PORTBOUNCE']) })), /PORTBOUNCE cannot be combined/);
  assert.match(title(await server.request('POST', POLICIES, { body: policy('Bad', ['BLOCK']) })), /'BLOCK' is not an ANC action/);
  assert.equal((await server.request('POST', POLICIES, { body: { ErsAncPolicy: { name: 'NoActions' } } })).status, 400);
  const dup = await server.request('POST', POLICIES, { body: policy('quarantine', ['QUARANTINE']) });
  assert.equal(dup.status, 400);
  assert.match(title(dup), /already exists/);
});

test('ancpolicy: XML in and out; PUT changes actions, not the name; delete', async () => {
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ns4:ersAncPolicy name="Shut" xmlns:ns4="anc.ers.ise.cisco.com"><actions><action>SHUT_DOWN</action></actions></ns4:ersAncPolicy>`;
  assert.equal((await server.request('POST', POLICIES, { body, format: 'xml' })).status, 201);
  const got = await server.request('GET', `${POLICIES}/Shut`, { format: 'xml' });
  assert.match(got.body, /<ns4:ersAncPolicy id="Shut" name="Shut"/);
  assert.match(got.body, /<actions>\s*<action>SHUT_DOWN<\/action>\s*<\/actions>/);
  const put = await server.request('PUT', `${POLICIES}/Shut`, { body: policy('Shut', ['SHUTDOWN']) });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(put.json().UpdatedFieldsList.updatedField, [{ field: 'actions', oldValue: '["SHUT_DOWN"]', newValue: '["SHUTDOWN"]' }]);
  const rename = await server.request('PUT', `${POLICIES}/Shut`, { body: policy('Shutdown', ['SHUTDOWN']) });
  assert.equal(rename.status, 400);
  assert.match(title(rename), /name cannot be changed/);
  assert.equal((await server.request('DELETE', `${POLICIES}/Shut`)).status, 204);
  assert.equal((await server.request('GET', `${POLICIES}/Shut`)).status, 404);
});

test('ancendpoint apply without a session keeps the assignment; GET shows it; list entries are id + link', async () => {
  const r = await server.request('PUT', `${ENDPOINTS}/apply`, { body: op([['macAddress', '02-00-00-00-00-01'], ['policyName', 'Quarantine']]) });
  assert.equal(r.status, 204, r.body);
  assert.equal(r.body, '');
  const list = (await server.request('GET', `${ENDPOINTS}?filter=macAddress.EQ.02:00:00:00:00:01`)).json().SearchResult;
  assert.equal(list.total, 1);
  assert.deepEqual(Object.keys(list.resources[0]), ['id', 'link']);
  const id = list.resources[0].id as string;
  assert.match(id, /^[0-9a-f-]{36}$/);
  const got = await server.request('GET', `${ENDPOINTS}/${id}`);
  assert.deepEqual(got.json(), {
    ErsAncEndpoint: {
      id, macAddress: '02:00:00:00:00:01', policyName: 'Quarantine',
      link: { rel: 'self', href: `https://127.0.0.1:${server.ports.ers}${ENDPOINTS}/${id}`, type: 'application/json' },
    },
  });
  assert.equal((await coaLog()).filter((e) => e.callingStationId === '02:00:00:00:00:01').length, 0, 'no session, no CoA');
  // A policy in use cannot be deleted.
  const del = await server.request('DELETE', `${POLICIES}/Quarantine`);
  assert.equal(del.status, 400);
  assert.match(title(del), /applied to 1 endpoint/);
  // Applying another policy replaces it: one assignment per MAC.
  assert.equal((await server.request('PUT', `${ENDPOINTS}/apply`, { body: { ErsAncEndpoint: { macAddress: '020000000001', policyName: 'Reauth' } } })).status, 204);
  const again = (await server.request('GET', `${ENDPOINTS}?filter=name.EQ.02:00:00:00:00:01`)).json().SearchResult;
  assert.equal(again.total, 1);
  assert.equal((await server.request('GET', `${ENDPOINTS}/${again.resources[0].id}`)).json().ErsAncEndpoint.policyName, 'Reauth');
  assert.equal((await server.request('PUT', `${ENDPOINTS}/clear`, { body: op([['macAddress', '02:00:00:00:00:01']]) })).status, 204);
  assert.equal((await server.request('GET', `${ENDPOINTS}/${id}`)).status, 404);
});

test('ancendpoint bad input: unknown policy, bad MAC, IP without session, nothing to clear, wrong shapes, read-only admin', async () => {
  const apply = (body: string | object, auth?: { user: string; password: string }) => server.request('PUT', `${ENDPOINTS}/apply`, { body, ...(auth && { auth }) });
  let r = await apply(op([['macAddress', '02:00:00:00:00:02'], ['policyName', 'NoSuchPolicy']]));
  assert.equal(r.status, 400);
  assert.match(title(r), /ANC policy 'NoSuchPolicy' does not exist/);
  r = await apply(op([['macAddress', '02:00:00:00:00'], ['policyName', 'Quarantine']]));
  assert.match(title(r), /'02:00:00:00:00' is not a valid MAC address/);
  r = await apply(op([['ipAddress', '10.99.99.99'], ['policyName', 'Quarantine']]));
  assert.equal(r.status, 400);
  assert.match(title(r), /no active session has IP address 10.99.99.99/);
  r = await apply(op([['ipAddress', '10.99.999.99'], ['policyName', 'Quarantine']]));
  assert.match(title(r), /not a valid IP address/);
  r = await apply(op([['policyName', 'Quarantine']]));
  assert.equal(r.status, 400);
  assert.match(title(r), /macAddress or ipAddress/);
  r = await apply(op([['vlan', '10']]));
  assert.match(title(r), /'vlan' is not one of macAddress, ipAddress, policyName/);
  r = await apply({ Something: {} });
  assert.equal(r.status, 400);
  r = await server.request('PUT', `${ENDPOINTS}/clear`, { body: op([['macAddress', '02:00:00:00:00:03']]) });
  assert.equal(r.status, 400);
  assert.match(title(r), /no ANC policy is applied to endpoint 02:00:00:00:00:03/);
  r = await apply(op([['macAddress', '02:00:00:00:00:04'], ['policyName', 'Quarantine']]), OPERATOR);
  assert.equal(r.status, 403);
  const get = await server.request('GET', `${ENDPOINTS}/apply`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.allow, 'PUT');
});

test('apply by IP sends the quarantine reauth to the DAS; port bounce sends bounce-host-port; clear re-authenticates', { skip: SKIP_COA }, async () => {
  let n = das!.packets().length;
  let r = await server.request('PUT', `${ENDPOINTS}/apply`, { body: op([['ipAddress', A.ip], ['policyName', 'Quarantine']]) });
  assert.equal(r.status, 204, r.body);
  let [p] = await das!.received(n);
  assert.equal(p.code, 'CoA-Request');
  assert.equal(p.reply, 'CoA-ACK');
  assert.ok(p.attributes.includes('Cisco-AVPair = "subscriber:command=reauthenticate"'));
  assert.ok(p.attributes.includes(`Cisco-AVPair = "audit-session-id=${A.audit}"`));
  assert.ok(p.attributes.includes(`Calling-Station-Id = "${A.orig}"`));
  let logged = (await coaLog()).pop();
  assert.equal(logged.messageCode, 5205);
  assert.equal(logged.details.CoASourceComponent, 'ANC');
  // MnT detail shows the assignment in other_attr_string.
  const detail = await server.request('GET', `/admin/API/mnt/Session/MACAddress/${A.mac}`, { port: 'https', format: 'xml' });
  assert.match(detail.body, /:!:ANCPolicy=Quarantine(:!:|<)/);

  n = das!.packets().length;
  r = await server.request('PUT', `${ENDPOINTS}/apply`, {
    body: `<ns0:operationAdditionalData xmlns:ns0="ers.ise.cisco.com"><additionalData name="macAddress" value="${A.mac.toLowerCase()}"/><additionalData name="policyName" value="Port Bounce"/></ns0:operationAdditionalData>`,
    format: 'xml',
  });
  assert.equal(r.status, 204, r.body);
  [p] = await das!.received(n);
  assert.ok(p.attributes.includes('Cisco-AVPair = "subscriber:command=bounce-host-port"'));

  n = das!.packets().length;
  r = await server.request('PUT', `${ENDPOINTS}/clear`, { body: { ErsAncEndpoint: { macAddress: A.orig } } });
  assert.equal(r.status, 204, r.body);
  [p] = await das!.received(n);
  assert.ok(p.attributes.includes('Cisco-AVPair = "subscriber:command=reauthenticate"'));
  assert.equal(p.reply, 'CoA-ACK');
  const after = await server.request('GET', `/admin/API/mnt/Session/MACAddress/${A.mac}`, { port: 'https', format: 'xml' });
  assert.doesNotMatch(after.body, /ANCPolicy=/);

  const audit = await runCli(['audit', '--data-dir', server.dataDir, '--since', '1h']);
  const actions = audit.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.objectType === 'ancendpoint').map((e) => `${e.action}:${e.result}:${e.objectName}`);
  assert.ok(actions.includes(`apply:success:${A.mac}`), actions.join(' '));
  assert.ok(actions.includes(`clear:success:${A.mac}`));
  assert.ok(actions.includes('apply:failure:02:00:00:00:00:02'), 'refused applies are audited too');
  logged = (await coaLog()).pop();
  assert.equal(logged.details.CoAType, 'reauth');
});

test('assignments survive a restart', async () => {
  assert.equal((await server.request('PUT', `${ENDPOINTS}/apply`, { body: op([['macAddress', '02:00:00:00:00:09'], ['policyName', 'Quarantine']]) })).status, 204);
  await server.stop();
  const again = await startServer({ dataDir: server.dataDir });
  try {
    const list = (await again.request('GET', `${ENDPOINTS}?filter=name.EQ.02:00:00:00:00:09`)).json().SearchResult;
    assert.equal(list.total, 1);
    assert.equal((await again.request('GET', `${ENDPOINTS}/${list.resources[0].id}`)).json().ErsAncEndpoint.policyName, 'Quarantine');
    assert.equal((await again.request('DELETE', `${POLICIES}/Quarantine`)).status, 400, 'still in use after restart');
  } finally {
    await again.stop();
  }
});
