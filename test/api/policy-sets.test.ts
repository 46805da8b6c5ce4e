// The network-access policy OpenAPI over real HTTPS: transport, envelope,
// roles, policy sets, rules, local and global exceptions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, type TestServer, type Response } from '../helpers/server.ts';

const API = '/api/v1/policy/network-access';
const DEFAULT_SET = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';
const WIRED_8021X = '490eb360-12e3-432a-b0b3-ec59a832d1ad';
const operator = { user: 'policy-reader', password: 'Reader-pass-1' };
const ersAdmin = { user: 'policy-writer', password: 'Writer-pass-1' };
let server: TestServer;

before(async () => {
  server = await startServer();
  for (const [a, role] of [[operator, 'ers-operator'], [ersAdmin, 'ers-admin']] as const) {
    const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', a.user, '--role', role, '--password-stdin'], a.password);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => { await server.cleanup(); });

const call = (method: string, path: string, body?: unknown, opts: { auth?: { user: string; password: string } | null; headers?: Record<string, string> } = {}) =>
  server.request(method, `${API}/${path}`, { port: 'https', ...(body !== undefined && { body: body as object }), ...opts });
const response = (r: Response) => r.json().response;
/** The error body: status as a string and the message. */
const error = (r: Response, status: number): string => {
  assert.equal(r.status, status, r.body);
  const body = r.json();
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
  assert.equal(body.code, String(status));
  return body.message;
};

const siteA = { conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'DEVICE', attributeName: 'Location', operator: 'equals', attributeValue: 'All Locations#Site-A' };
const setBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, serviceName: 'Default Network Access', condition: siteA, ...extra });
const createSet = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await call('POST', 'policy-set', setBody(name, extra));
  assert.equal(r.status, 201, r.body);
  return response(r);
};

test('lists are wrapped in {version, response}; Basic auth; X-Request-ID is echoed; both ports serve the API', async () => {
  const r = await call('GET', 'policy-set', undefined, { headers: { 'x-request-id': 'req-42' } });
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /application\/json/);
  assert.equal(r.headers['x-request-id'], 'req-42');
  const body = r.json();
  assert.equal(body.version, '1.0.0');
  const dflt = body.response.find((s: { name: string }) => s.name === 'Default');
  assert.deepEqual(Object.keys(dflt), ['default', 'id', 'name', 'description', 'hitCounts', 'rank', 'state', 'condition', 'serviceName', 'isProxy', 'link']);
  assert.deepEqual({ ...dflt, link: undefined, rank: undefined }, {
    default: true, id: DEFAULT_SET, name: 'Default', description: 'Default policy set', hitCounts: 0, rank: undefined, state: 'enabled', condition: null,
    serviceName: 'Default Network Access', isProxy: false, link: undefined,
  });
  assert.deepEqual(dflt.link, { rel: 'self', href: `https://127.0.0.1:${server.ports.https}${API}/policy-set/${DEFAULT_SET}`, type: 'application/json' });
  const viaErs = await server.request('GET', `${API}/policy-set/${DEFAULT_SET}`, { port: 'ers' });
  assert.equal(viaErs.json().response.id, DEFAULT_SET);
  assert.equal(error(await call('GET', 'policy-set', undefined, { auth: null }), 401), 'Unauthorized: Basic authentication is required');
  assert.equal(error(await call('GET', 'policy-set', undefined, { auth: { user: 'admin', password: 'wrong' } }), 401), 'Unauthorized');
});

test('ERS Operator reads only (403 on writes); ERS Admin writes', async () => {
  assert.equal((await call('GET', 'policy-set', undefined, { auth: operator })).status, 200);
  assert.match(error(await call('POST', 'policy-set', setBody('ByOperator'), { auth: operator }), 403), /may only read/);
  const w = await call('POST', 'policy-set', setBody('ByErsAdmin'), { auth: ersAdmin });
  assert.equal(w.status, 201, w.body);
  assert.equal((await call('DELETE', `policy-set/${response(w).id}`, undefined, { auth: ersAdmin })).status, 200);
});

test('policy set create: 201 with the stored object; GET adds link null and reference names; IP operators rewritten', async () => {
  const created = await call('POST', 'policy-set', {
    name: 'Wired-Campus', description: 'Campus switches', serviceName: 'Default Network Access', hitCounts: 9, link: { rel: 'self' }, id: 'ignored',
    condition: {
      conditionType: 'ConditionAndBlock', isNegate: false, children: [
        siteA,
        { conditionType: 'ConditionReference', isNegate: false, id: WIRED_8021X },
        { conditionType: 'ConditionAttributes', dictionaryName: 'Radius', attributeName: 'NAS-IP-Address', operator: 'equals', attributeValue: '10.1.0.0/16' },
      ],
    },
  });
  assert.equal(created.status, 201, created.body);
  const set = response(created);
  assert.match(set.id, /^[0-9a-f-]{36}$/);
  assert.notEqual(set.id, 'ignored');
  assert.equal(set.hitCounts, 0);
  assert.equal(set.rank, 0);
  const got = response(await call('GET', `policy-set/${set.id}`));
  assert.deepEqual(got, set);
  assert.deepEqual(got.condition, {
    link: null, conditionType: 'ConditionAndBlock', isNegate: false, children: [
      { link: null, ...siteA },
      { link: null, conditionType: 'ConditionReference', isNegate: false, name: 'Wired_802.1X', id: WIRED_8021X, description: got.condition.children[1].description },
      { link: null, conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'Radius', attributeName: 'NAS-IP-Address', operator: 'ipEquals', attributeValue: '10.1.0.0/16' },
    ],
  });
  assert.match(got.condition.children[1].description, /802.1X/);
  // A new set comes with its Default authentication and authorization rules.
  assert.deepEqual(response(await call('GET', `policy-set/${set.id}/authentication`)).map((r: any) => [r.rule.name, r.rule.default, r.identitySourceName]), [['Default', true, 'All_User_ID_Stores']]);
  assert.deepEqual(response(await call('GET', `policy-set/${set.id}/authorization`)).map((r: any) => [r.rule.name, r.profile]), [['Default', ['DenyAccess']]]);
  assert.equal((await call('DELETE', `policy-set/${set.id}`)).status, 200);
});

test('policy set validation errors answer 400 with the OpenAPI body and change nothing', async () => {
  const before = response(await call('GET', 'policy-set')).length;
  const say = (reason: string) => `Failed to handle API request - Network Access Policy Set : ${reason}`;
  const cases: Array<[unknown, string]> = [
    [{ serviceName: 'Default Network Access', condition: siteA }, say('Validation Error - Mandatory fields missing: [name]')],
    [{ name: 'X', condition: siteA }, say('Validation Error - Mandatory fields missing: [serviceName]')],
    [setBody('default'), say("Policy set name 'default' already exists")],
    [setBody('X', { serviceName: 'Nope' }), say("Service name 'Nope' does not exist")],
    [{ name: 'X', serviceName: 'Default Network Access' }, say('Validation Error - Mandatory fields missing: [condition]')],
    [setBody('X', { rank: 7 }), say(`Invalid rank 7: must be between 0 and ${before - 1}`)],
    [setBody('X', { state: 'on' }), say("state 'on' is invalid: expected one of [enabled, disabled, monitor]")],
    [setBody('X', { default: true }), say('Default policy set setting cannot be modified')],
    [setBody('X<'), say("name 'X<' may contain only letters, digits, underscore, hyphen, space, period and parentheses")],
    [setBody('X', { condition: { ...siteA, conditionType: 'ConditionAttrs' } }), say("Invalid conditionType 'ConditionAttrs'")],
    [setBody('X', { condition: { ...siteA, conditionType: 'andBlock' } }), say("Invalid conditionType 'andBlock'")],
    [setBody('X', { condition: { ...siteA, conditionType: 'LibraryConditionAttributes' } }), say("conditionType 'LibraryConditionAttributes' is allowed only at the root of a stored condition")],
    [setBody('X', { condition: { ...siteA, operator: 'EQUALS' } }), say("Invalid operator 'EQUALS'")],
    [setBody('X', { condition: { conditionType: 'ConditionReference', id: 'no-such-id' } }), say("Condition with id 'no-such-id' does not exist")],
    [setBody('X', { condition: { conditionType: 'ConditionOrBlock', children: [] } }), say('Validation Error - Mandatory fields missing: [condition.children]')],
    [[1, 2], say('body must be a JSON object')],
  ];
  for (const [body, message] of cases) assert.equal(error(await call('POST', 'policy-set', body), 400), message, JSON.stringify(body));
  assert.equal(error(await call('POST', 'policy-set', '{"name": '), 400).startsWith('Failed to handle API request - Invalid JSON'), true);
  assert.equal(response(await call('GET', 'policy-set')).length, before);
});

test('ranks: insert shifts, PUT moves and renumbers, out of range is 400, Default stays last', async () => {
  const a = await createSet('Rank-A');
  const b = await createSet('Rank-B');
  const c = await createSet('Rank-C', { rank: 0 });
  const order = async () => response(await call('GET', 'policy-set')).map((s: any) => `${s.name}:${s.rank}`);
  assert.deepEqual(await order(), ['Rank-C:0', 'Rank-A:1', 'Rank-B:2', 'Default:3']);
  const moved = await call('PUT', `policy-set/${c.id}`, { ...c, rank: 2 });
  assert.equal(moved.status, 200, moved.body);
  assert.equal(response(moved).rank, 2);
  assert.deepEqual(await order(), ['Rank-A:0', 'Rank-B:1', 'Rank-C:2', 'Default:3']);
  // PUT without rank keeps the place.
  const { rank: _rank, ...noRank } = response(await call('GET', `policy-set/${a.id}`));
  assert.equal(response(await call('PUT', `policy-set/${a.id}`, { ...noRank, description: 'first' })).rank, 0);
  assert.equal(error(await call('PUT', `policy-set/${b.id}`, { ...b, rank: 5 }), 400), 'Failed to handle API request - Network Access Policy Set : Invalid rank 5: must be between 0 and 2');
  for (const s of [a, b, c]) assert.deepEqual((await call('DELETE', `policy-set/${s.id}`)).json(), { id: s.id });
  assert.deepEqual(await order(), ['Default:0']);
});

test('the Default policy set: serviceName and state may change; no rename, condition or delete', async () => {
  const dflt = response(await call('GET', `policy-set/${DEFAULT_SET}`));
  const put = await call('PUT', `policy-set/${DEFAULT_SET}`, { ...dflt, state: 'monitor' });
  assert.equal(response(put).state, 'monitor');
  assert.equal(response(await call('PUT', `policy-set/${DEFAULT_SET}`, { ...dflt, state: 'enabled' })).state, 'enabled');
  const locked = 'Failed to handle API request - Network Access Policy Set : Default policy set setting cannot be modified';
  assert.equal(error(await call('PUT', `policy-set/${DEFAULT_SET}`, { ...dflt, name: 'Main' }), 400), locked);
  assert.equal(error(await call('PUT', `policy-set/${DEFAULT_SET}`, { ...dflt, condition: siteA }), 400), locked);
  assert.equal(error(await call('DELETE', `policy-set/${DEFAULT_SET}`), 400), 'Failed to handle API request - Network Access Policy Set : Attempted to delete default policy set');
  const missing = '00000000-0000-4000-8000-000000000000';
  assert.equal(error(await call('GET', `policy-set/${missing}`), 404), `Failed to handle API request - Network Access Policy Set : Policy set with id '${missing}' not found`);
  assert.equal(error(await call('PUT', `policy-set/${missing}`, setBody('Y')), 404).includes('not found'), true);
  assert.deepEqual((await call('POST', 'policy-set/reset-hitcount')).json(), { message: 'Policy set hit counts reset successfully' });
});

test('authentication rules: CRUD, upper-case actions, unknown identity source, default rule protection', async () => {
  const set = await createSet('Authn-Set');
  const base = `policy-set/${set.id}/authentication`;
  const created = await call('POST', base, {
    rule: { name: 'Cert', rank: 0, condition: { conditionType: 'ConditionReference', id: WIRED_8021X } },
    identitySourceName: 'Internal Users', ifAuthFail: 'reject', ifUserNotFound: 'Continue', identitySourceId: 'ignored',
  });
  assert.equal(created.status, 201, created.body);
  const r = response(created);
  assert.deepEqual(Object.keys(r), ['rule', 'identitySourceName', 'ifAuthFail', 'ifUserNotFound', 'ifProcessFail', 'link']);
  assert.deepEqual([r.ifAuthFail, r.ifUserNotFound, r.ifProcessFail], ['REJECT', 'CONTINUE', 'DROP']);
  assert.equal(r.link.href, `https://127.0.0.1:${server.ports.https}${API}/${base}/${r.rule.id}`);
  assert.equal(r.rule.condition.name, 'Wired_802.1X');
  assert.deepEqual(response(await call('GET', `${base}/${r.rule.id}`)), r);
  assert.deepEqual(response(await call('GET', base)).map((x: any) => `${x.rule.name}:${x.rule.rank}`), ['Cert:0', 'Default:1']);
  const say = (reason: string) => `Failed to handle API request - Network Access Authentication Rule : ${reason}`;
  assert.equal(error(await call('POST', base, { rule: { name: 'X', condition: siteA }, identitySourceName: 'LDAP1' }), 400), say("Identity source 'LDAP1' does not exist"));
  assert.equal(error(await call('POST', base, { rule: { name: 'X', condition: siteA }, ifAuthFail: 'IGNORE' }), 400), say("ifAuthFail 'IGNORE' is invalid: expected one of [REJECT, DROP, CONTINUE]"));
  assert.equal(error(await call('POST', base, { rule: { name: 'Cert', condition: siteA } }), 400), say("Rule name 'Cert' already exists"));
  assert.equal(error(await call('POST', base, { identitySourceName: 'Internal Users' }), 400), say('Validation Error - Mandatory fields missing: [rule]'));
  assert.equal(error(await call('POST', base, { rule: { name: 'D2', default: true } }), 400), say('Default rule setting cannot be modified'));
  const upd = await call('PUT', `${base}/${r.rule.id}`, { ...r, identitySourceName: 'All_User_ID_Stores', ifProcessFail: 'reject' });
  assert.equal(upd.status, 200, upd.body);
  assert.equal(response(upd).identitySourceName, 'All_User_ID_Stores');
  assert.equal(response(upd).ifProcessFail, 'REJECT');
  const dflt = response(await call('GET', base)).at(-1);
  assert.equal(error(await call('DELETE', `${base}/${dflt.rule.id}`), 400), say('Attempted to delete default rule'));
  assert.equal(error(await call('PUT', `${base}/${dflt.rule.id}`, { ...dflt, rule: { ...dflt.rule, name: 'Other' } }), 400), say('Default rule setting cannot be modified'));
  assert.equal(response(await call('PUT', `${base}/${dflt.rule.id}`, { ...dflt, identitySourceName: 'Internal Users' })).identitySourceName, 'Internal Users');
  assert.deepEqual((await call('POST', `${base}/reset-hitcount`)).json(), { message: 'Hit counts reset successfully' });
  assert.deepEqual((await call('DELETE', `${base}/${r.rule.id}`)).json(), { id: r.rule.id });
  assert.equal(error(await call('GET', `${base}/${r.rule.id}`), 404), say(`Rule with id '${r.rule.id}' not found`));
  await call('DELETE', `policy-set/${set.id}`);
  assert.equal((await call('GET', base)).status, 404, 'rules of a deleted set are gone');
});

test('authorization rules, local and global exceptions: profiles and security groups by name, ranks', async () => {
  const set = await createSet('Authz-Set');
  const base = `policy-set/${set.id}/authorization`;
  const mk = async (name: string, extra: Record<string, unknown> = {}) => {
    const r = await call('POST', base, { rule: { name, condition: siteA, ...extra }, profile: ['PermitAccess'] });
    assert.equal(r.status, 201, r.body);
    return response(r);
  };
  const one = await call('POST', base, { rule: { name: 'Employees', condition: siteA }, profile: ['PermitAccess', 'Cisco_IP_Phones'], securityGroup: 'Employees' });
  const emp = response(one);
  assert.deepEqual(Object.keys(emp), ['rule', 'profile', 'securityGroup', 'link']);
  assert.deepEqual(emp.profile, ['PermitAccess', 'Cisco_IP_Phones']);
  assert.equal(emp.securityGroup, 'Employees');
  const two = await mk('Two');
  const zero = await mk('Zero', { rank: 0 });
  const order = async () => response(await call('GET', base)).map((x: any) => `${x.rule.name}:${x.rule.rank}`);
  assert.deepEqual(await order(), ['Zero:0', 'Employees:1', 'Two:2', 'Default:3']);
  await call('PUT', `${base}/${zero.rule.id}`, { ...zero, rule: { ...zero.rule, rank: 2 } });
  assert.deepEqual(await order(), ['Employees:0', 'Two:1', 'Zero:2', 'Default:3']);
  const say = (reason: string) => `Failed to handle API request - Network Access Authorization Rule : ${reason}`;
  assert.equal(error(await call('POST', base, { rule: { name: 'E', condition: siteA }, profile: ['Nope'] }), 400), say("Authorization profile 'Nope' does not exist"));
  assert.equal(error(await call('POST', base, { rule: { name: 'E', condition: siteA }, securityGroup: 'Nope' }), 400), say("Security group 'Nope' does not exist"));
  assert.equal(error(await call('POST', base, { rule: { name: 'E', condition: siteA, rank: 9 } }), 400), say('Invalid rank 9: must be between 0 and 3'));
  // The default rule's result can change.
  const dflt = response(await call('GET', base)).at(-1);
  assert.deepEqual(response(await call('PUT', `${base}/${dflt.rule.id}`, { ...dflt, profile: ['PermitAccess'] })).profile, ['PermitAccess']);
  await call('DELETE', `${base}/${two.rule.id}`);
  assert.deepEqual(await order(), ['Employees:0', 'Zero:1', 'Default:2']);

  const local = `policy-set/${set.id}/exception`;
  const ex = await call('POST', local, {
    rule: { name: 'ANC_Quarantine', condition: { conditionType: 'ConditionAttributes', dictionaryName: 'Session', attributeName: 'ANCPolicy', operator: 'equals', attributeValue: 'Quarantine' } },
    profile: ['DenyAccess'],
  });
  assert.equal(ex.status, 201, ex.body);
  assert.equal(response(ex).rule.rank, 0);
  assert.equal(response(ex).link.href.endsWith(`/policy-set/${set.id}/exception/${response(ex).rule.id}`), true);
  assert.equal(error(await call('POST', local, { rule: { name: 'D', default: true } }), 400), 'Failed to handle API request - Network Access Local Exception Rule : Exception rules cannot be default rules');
  assert.deepEqual((await call('POST', `${local}/reset-hitcount`)).json(), { message: 'Hit counts reset successfully' });

  const global = 'policy-set/global-exception';
  assert.deepEqual(response(await call('GET', global)), []);
  const g = await call('POST', global, { rule: { name: 'Global_Block', condition: siteA }, profile: ['DenyAccess'] });
  assert.equal(g.status, 201, g.body);
  const gid = response(g).rule.id;
  assert.equal(response(g).link.href, `https://127.0.0.1:${server.ports.https}${API}/policy-set/global-exception/${gid}`);
  assert.equal(response(await call('GET', `${global}/${gid}`)).rule.name, 'Global_Block');
  const renamed = await call('PUT', `${global}/${gid}`, { rule: { name: 'Global_Block_2', condition: siteA }, profile: ['DenyAccess'] });
  assert.equal(response(renamed).rule.name, 'Global_Block_2');
  assert.equal(error(await call('POST', global, { rule: { name: 'G', default: true } }), 400), 'Failed to handle API request - Network Access Global Exception Rule : Exception rules cannot be default rules');
  assert.deepEqual((await call('POST', `${global}/reset-hitcount`)).json(), { message: 'Hit counts reset successfully' });
  assert.deepEqual((await call('DELETE', `${global}/${gid}`)).json(), { id: gid });
  assert.equal((await call('DELETE', `policy-set/${set.id}`)).status, 200);
});

test('unknown paths are 404 and unsupported methods 405, in the OpenAPI error body', async () => {
  assert.equal(error(await call('GET', 'no-such-thing'), 404), `Failed to handle API request - No resource at GET ${API}/no-such-thing`);
  const r = await call('PATCH', 'policy-set');
  assert.equal(error(r, 405), `Failed to handle API request - Method PATCH is not supported on ${API}/policy-set`);
  assert.equal(r.headers.allow, 'GET, POST');
  assert.equal(error(await call('POST', 'policy-set', 'name=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415).includes('application/json'), true);
});
