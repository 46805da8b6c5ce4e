// ERS policy elements over real HTTPS: authorizationprofile,
// downloadableacl, allowedprotocols and sgt, as Terraform and Ansible use them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idFromLocation, type TestServer, type Response } from '../helpers/server.ts';

const ERS = '/ers/config';
const API = '/api/v1/policy/network-access';
const DEFAULT_SET = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';
let server: TestServer;

before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const title = (r: Response, status: number): string => {
  assert.equal(r.status, status, r.body);
  return r.json().ERSResponse.messages[0].title as string;
};
const create = async (resource: string, wrapper: string, body: Record<string, unknown>): Promise<string> => {
  const r = await server.request('POST', `${ERS}/${resource}`, { body: { [wrapper]: body } });
  assert.equal(r.status, 201, r.body);
  assert.match(String(r.headers.location), new RegExp(`^https://127\\.0\\.0\\.1:${server.ports.ers}${ERS}/${resource}/[0-9a-f-]{36}$`));
  return idFromLocation(r);
};
const get = async (resource: string, wrapper: string, id: string) => {
  const r = await server.request('GET', `${ERS}/${resource}/${id}`);
  assert.equal(r.status, 200, r.body);
  return r.json()[wrapper];
};
const authzRule = (name: string, extra: Record<string, unknown>) => server.request('POST', `${API}/policy-set/${DEFAULT_SET}/authorization`, {
  body: { rule: { name, condition: { conditionType: 'ConditionAttributes', dictionaryName: 'Network Access', attributeName: 'UserName', operator: 'equals', attributeValue: name } }, ...extra },
});

test('authorizationprofile: built-ins, alias name, versioninfo', async () => {
  const permit = await get('authorizationprofile', 'AuthorizationProfile', '6eed36e0-8bff-11e6-996c-525400b48521');
  assert.deepEqual({ ...permit, link: undefined }, {
    id: '6eed36e0-8bff-11e6-996c-525400b48521', name: 'PermitAccess', description: 'Default Profile with access type as Access-Accept',
    accessType: 'ACCESS_ACCEPT', authzProfileType: 'SWITCH', profileName: 'Cisco', trackMovement: false, serviceTemplate: false,
    easywiredSessionCandidate: false, voiceDomainPermission: false, neat: false, webAuth: false, agentlessPosture: false, link: undefined,
  });
  const block = (await server.request('GET', `${ERS}/authorizationprofile/name/Blackhole_Wireless_Access`)).json().AuthorizationProfile;
  assert.equal(block.name, 'Block_Wireless_Access');
  assert.equal(block.airespaceACL, 'BLACKHOLE');
  const list = (await server.request('GET', `${ERS}/authorizationprofile?size=100`)).json().SearchResult;
  assert.equal(list.total, 9);
  const v = (await server.request('GET', `${ERS}/authorizationprofile/versioninfo`)).json().VersionInfo;
  assert.deepEqual([v.currentServerVersion, v.supportedVersions], ['1.5', '1.0,1.1,1.2,1.3,1.4,1.5']);
  assert.match(title(await server.request('DELETE', `${ERS}/authorizationprofile/${permit.id}`), 400), /system profile/);
});

test('authorizationprofile CRUD: read-back is what was sent; PUT replaces, PATCH merges; XML', async () => {
  const body = {
    name: 'Corp_VLAN_20', description: 'Employees wired', accessType: 'ACCESS_ACCEPT', authzProfileType: 'SWITCH',
    vlan: { nameID: '20', tagID: 1 }, daclName: 'PERMIT_ALL_IPV4_TRAFFIC', reauth: { timer: 28800, connectivity: 'RADIUS_REQUEST' },
    advancedAttributes: [{
      leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Cisco', attributeName: 'cisco-av-pair' },
      rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: 'interface-template-name=CORP' },
    }],
  };
  const id = await create('authorizationprofile', 'AuthorizationProfile', body);
  const p = await get('authorizationprofile', 'AuthorizationProfile', id);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(p[k], v, k);
  assert.equal(p.webRedirection, undefined, 'nothing invented');
  assert.equal((await server.request('GET', `${ERS}/authorizationprofile/name/Corp_VLAN_20`)).json().AuthorizationProfile.id, id);
  const put = await server.request('PUT', `${ERS}/authorizationprofile/${id}`, { body: { AuthorizationProfile: { ...body, vlan: { nameID: '30', tagID: 1 }, reauth: undefined } } });
  assert.equal(put.status, 200, put.body);
  const fields = put.json().UpdatedFieldsList.updatedField.map((f: { field: string }) => f.field);
  assert.ok(fields.includes('vlan.nameID') && fields.some((f: string) => f.startsWith('reauth')), fields.join());
  const after = await get('authorizationprofile', 'AuthorizationProfile', id);
  assert.equal(after.reauth, undefined);
  const patch = await server.request('PATCH', `${ERS}/authorizationprofile/${id}`, { body: { AuthorizationProfile: { voiceDomainPermission: true } } });
  assert.equal(patch.status, 200, patch.body);
  assert.deepEqual([patch.json().AuthorizationProfile.voiceDomainPermission, patch.json().AuthorizationProfile.vlan], [true, { nameID: '30', tagID: 1 }]);
  const xml = await server.request('GET', `${ERS}/authorizationprofile/${id}`, { format: 'xml' });
  assert.match(xml.body, /<ns4:authorizationprofile [^>]*name="Corp_VLAN_20"/);
  assert.match(xml.body, /<vlan>\s*<nameID>30<\/nameID>\s*<tagID>1<\/tagID>\s*<\/vlan>/);
  assert.equal((await server.request('DELETE', `${ERS}/authorizationprofile/${id}`)).status, 204);
  assert.equal((await server.request('GET', `${ERS}/authorizationprofile/${id}`)).status, 404);
});

test('authorizationprofile validation: duplicates, enums, VLAN, DACL references, unknown fields; in use cannot be deleted', async () => {
  const post = (b: Record<string, unknown>) => server.request('POST', `${ERS}/authorizationprofile`, { body: { AuthorizationProfile: b } });
  assert.equal(title(await post({ name: 'PermitAccess' }), 400), 'Authorization Profile Create failed: Authorization Profile Name Already Exist');
  assert.equal(title(await post({ name: 'Blackhole_Wireless_Access' }), 400), 'Authorization Profile Create failed: Authorization Profile Name Already Exist');
  assert.equal(title(await post({ name: 'X', accessType: 'ALLOW' }), 400), "accessType 'ALLOW' is invalid: expected one of [ACCESS_ACCEPT, ACCESS_REJECT]");
  assert.equal(title(await post({ name: 'X', vlan: { tagID: 1 } }), 400), 'Validation Error - Mandatory fields missing: [vlan.nameID]');
  assert.equal(title(await post({ name: 'X', vlan: { nameID: '10', tagID: 40 } }), 400), 'vlan.tagID must be an integer between 0 and 31');
  assert.equal(title(await post({ name: 'X', daclName: 'NO_SUCH_DACL' }), 400), "daclName: downloadable ACL 'NO_SUCH_DACL' does not exist");
  assert.equal(title(await post({ name: 'X', ipv6DaclName: 'PERMIT_ALL_IPV4_TRAFFIC' }), 400), "ipv6DaclName: downloadable ACL 'PERMIT_ALL_IPV4_TRAFFIC' is of type IPV4");
  assert.equal(title(await post({ name: 'X', webRedirection: { WebRedirectionType: 'CentralizedWebAuth', acl: 'A', portalName: 'P' } }), 400),
    'Validation Error - Mandatory fields missing: [webRedirection.displayCertificatesRenewalMessages]');
  assert.equal(title(await post({ name: '' }), 400), 'Validation Error - Mandatory fields missing: [name]');
  assert.match(title(await post({ name: 'X', vlanId: 10 }), 400), /^Resource Initialization Failed due to JSON invalidity: please if properties names are correct: Unrecognized field "vlanId"/);
  const id = await create('authorizationprofile', 'AuthorizationProfile', { name: 'In_Use' });
  assert.equal((await authzRule('In_Use_Rule', { profile: ['In_Use'] })).status, 201);
  assert.equal(title(await server.request('DELETE', `${ERS}/authorizationprofile/${id}`), 400), "Authorization profile 'In_Use' is in use by rule 'In_Use_Rule'");
  // A rename reaches the rule.
  assert.equal((await server.request('PUT', `${ERS}/authorizationprofile/${id}`, { body: { AuthorizationProfile: { name: 'In_Use_2' } } })).status, 200);
  const rules = (await server.request('GET', `${API}/policy-set/${DEFAULT_SET}/authorization`)).json().response;
  assert.deepEqual(rules.find((r: any) => r.rule.name === 'In_Use_Rule').profile, ['In_Use_2']);
});

test('downloadableacl: dacl text read back byte for byte; no /name/; ACE and type checks; in use cannot be deleted', async () => {
  const text = 'permit udp any eq bootpc any eq bootps\n deny ip any 10.0.0.0 0.255.255.255\npermit ip any any';
  const id = await create('downloadableacl', 'DownloadableAcl', { name: 'Guest_Internet_Only', description: 'guest access', dacl: text });
  const d = await get('downloadableacl', 'DownloadableAcl', id);
  assert.deepEqual({ ...d, link: undefined }, { id, name: 'Guest_Internet_Only', description: 'guest access', dacl: text, daclType: 'IPV4', link: undefined });
  assert.equal((await server.request('GET', `${ERS}/downloadableacl/name/Guest_Internet_Only`)).status, 404);
  const found = (await server.request('GET', `${ERS}/downloadableacl?filter=name.EQ.Guest_Internet_Only`)).json().SearchResult;
  assert.deepEqual(found.resources.map((r: { id: string }) => r.id), [id]);
  const post = (b: Record<string, unknown>) => server.request('POST', `${ERS}/downloadableacl`, { body: { DownloadableAcl: b } });
  assert.equal(title(await post({ name: 'Guest_Internet_Only', dacl: 'permit ip any any' }), 400), 'Downloadable ACL Create failed: DACL Name Already Exist');
  assert.equal(title(await post({ name: 'X' }), 400), 'Validation Error - Mandatory fields missing: [dacl]');
  assert.equal(title(await post({ name: 'bad name', dacl: 'permit ip any any' }), 400), "name 'bad name' may contain only letters, digits, underscore, hyphen and period");
  assert.equal(title(await post({ name: 'X', dacl: 'allow ip any any' }), 400), "DACL line 1 'allow ip any any' must start with permit, deny or remark");
  assert.equal(title(await post({ name: 'X', dacl: 'permit ipv6 any any' }), 400), "DACL line 1 'permit ipv6 any any' is IPv6 in an IPV4 DACL");
  assert.equal(title(await post({ name: 'X', dacl: 'permit ip any any', daclType: 'IPV5' }), 400), "daclType 'IPV5' is invalid: expected one of [IPV4, IPV6, IP_AGNOSTIC]");
  assert.equal((await create('authorizationprofile', 'AuthorizationProfile', { name: 'Guest_Profile', daclName: 'Guest_Internet_Only' })).length, 36);
  assert.equal(title(await server.request('DELETE', `${ERS}/downloadableacl/${id}`), 400), "Downloadable ACL 'Guest_Internet_Only' is in use by authorization profile 'Guest_Profile'");
  assert.equal(title(await server.request('PUT', `${ERS}/downloadableacl/${id}`, { body: { DownloadableAcl: { dacl: 'permit ipv6 any any', daclType: 'IPV6' } } }), 400),
    "Downloadable ACL 'Guest_Internet_Only' of type IPV6 does not fit authorization profile 'Guest_Profile'");
  assert.match(title(await server.request('DELETE', `${ERS}/downloadableacl/982498d0-8c01-11e6-996c-525400b48521`), 400), /system DACL/);
  const v = (await server.request('GET', `${ERS}/downloadableacl/versioninfo`)).json().VersionInfo;
  assert.equal(v.currentServerVersion, '1.2');
});

test('allowedprotocols: the built-in by name; flags and nested blocks must agree; PATCH off drops the block; in use', async () => {
  const dna = (await server.request('GET', `${ERS}/allowedprotocols/name/Default%20Network%20Access`)).json().AllowedProtocols;
  assert.equal(dna.id, '92613980-8c01-11e6-996c-525400b48521');
  assert.equal(dna.eapFast.eapFastUsePacsUseProactivePacUpdatePrecentage, 90);
  assert.equal(dna.teap.requestBasicPwdAuth, undefined);
  const post = (b: Record<string, unknown>) => server.request('POST', `${ERS}/allowedprotocols`, { body: { AllowedProtocols: b } });
  assert.equal(title(await post({ name: 'X', allowPeap: true }), 400), 'peap settings are required when allowPeap is true');
  assert.equal(title(await post({ name: 'X', allowPeap: false, peap: { allowPeapV0: true } }), 400), 'peap settings must not be given when allowPeap is false');
  assert.equal(title(await post({ name: 'Default Network Access' }), 400), 'Allowed Protocols Create failed: Allowed Protocols Name Already Exist');
  const id = await create('allowedprotocols', 'AllowedProtocols', {
    name: 'Lab_Protocols', allowPapAscii: true, allowPeap: true, rsaPss: true,
    peap: { allowPeapEapMsChapV2: true, allowPeapEapMsChapV2PwdChange: true, allowPeapEapMsChapV2PwdChangeRetries: 2 },
    allowTeap: true, teap: { allowTeapEapTls: true, requestBasicPwdAuth: true },
  });
  const ap = await get('allowedprotocols', 'AllowedProtocols', id);
  assert.equal(ap.peap.allowPeapEapMsChapV2PwdChangeRetries, 2);
  assert.equal(ap.teap.requestBasicPwdAuth, undefined, 'write-only');
  assert.equal(ap.rsaPss, undefined);
  const patch = await server.request('PATCH', `${ERS}/allowedprotocols/${id}`, { body: { AllowedProtocols: { allowPeap: false } } });
  assert.equal(patch.status, 200, patch.body);
  assert.equal(patch.json().AllowedProtocols.peap, undefined);
  assert.equal(patch.json().AllowedProtocols.allowTeap, true);
  const set = await server.request('POST', `${API}/policy-set`, {
    body: { name: 'Lab', serviceName: 'Lab_Protocols', condition: { conditionType: 'ConditionAttributes', dictionaryName: 'DEVICE', attributeName: 'Location', operator: 'equals', attributeValue: 'All Locations#Lab' } },
  });
  assert.equal(set.status, 201, set.body);
  assert.equal(title(await server.request('DELETE', `${ERS}/allowedprotocols/${id}`), 400), "Allowed Protocols 'Lab_Protocols' is in use by policy set 'Lab'");
  assert.deepEqual((await server.request('GET', `${API}/service-names`)).json().map((s: { name: string }) => s.name), ['Default Network Access', 'Lab_Protocols']);
  assert.equal((await server.request('DELETE', `${API}/policy-set/${set.json().response.id}`)).status, 200);
  assert.equal((await server.request('DELETE', `${ERS}/allowedprotocols/${id}`)).status, 204);
});

test('sgt: built-ins, create with a value or -1, unique names and values, filter, in use cannot be deleted', async () => {
  const emp = await get('sgt', 'Sgt', '93ad6890-8c01-11e6-996c-525400b48521');
  assert.deepEqual({ ...emp, link: undefined }, {
    id: '93ad6890-8c01-11e6-996c-525400b48521', name: 'Employees', description: 'Employee Security Group', value: 4, generationId: '0',
    isReadOnly: false, propogateToApic: false, defaultSGACLs: [], link: undefined,
  });
  const id = await create('sgt', 'Sgt', { name: 'Lab_Users', value: 100, description: 'lab' });
  const auto = await get('sgt', 'Sgt', await create('sgt', 'Sgt', { name: 'Auto_Group', value: -1 }));
  assert.equal(auto.value, 16);
  const post = (b: Record<string, unknown>) => server.request('POST', `${ERS}/sgt`, { body: { Sgt: b } });
  assert.equal(title(await post({ name: 'Lab_Users', value: 101 }), 400), "SGT Create failed: SGT name 'Lab_Users' already exists");
  assert.equal(title(await post({ name: 'Other', value: 100 }), 400), 'SGT Create failed: SGT value 100 is already used');
  assert.equal(title(await post({ name: 'Bad-Name', value: 102 }), 400), "name 'Bad-Name' may contain only letters, digits and underscore, at most 32 characters");
  assert.equal(title(await post({ name: 'Other' }), 400), 'Validation Error - Mandatory fields missing: [value]');
  const found = (await server.request('GET', `${ERS}/sgt?filter=value.EQ.100`)).json().SearchResult;
  assert.deepEqual(found.resources.map((r: { name: string }) => r.name), ['Lab_Users']);
  assert.equal((await authzRule('Lab_Rule', { profile: ['PermitAccess'], securityGroup: 'Lab_Users' })).status, 201);
  assert.equal(title(await server.request('DELETE', `${ERS}/sgt/${id}`), 400), "SGT 'Lab_Users' is in use by rule 'Lab_Rule'");
  const put = await server.request('PUT', `${ERS}/sgt/${id}`, { body: { Sgt: { name: 'Lab_Users', value: 110 } } });
  assert.equal(put.status, 200, put.body);
  assert.equal((await get('sgt', 'Sgt', id)).generationId, '1', 'a new value is a new generation');
  assert.match(title(await server.request('DELETE', `${ERS}/sgt/${emp.id}`), 400), /system security group/);
  assert.ok((await server.request('GET', `${API}/security-groups`)).json().some((g: { name: string }) => g.name === 'Lab_Users'));
});

test('ERS Operator reads policy elements but cannot write them', async () => {
  const { runCli } = await import('../helpers/server.ts');
  const reader = { user: 'elements-reader', password: 'Reader-pass-1' };
  const r = await runCli(['admin', 'add', '--data-dir', server.dataDir, '--name', reader.user, '--role', 'ers-operator', '--password-stdin'], reader.password);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await server.request('GET', `${ERS}/downloadableacl`, { auth: reader })).status, 200);
  assert.equal((await server.request('POST', `${ERS}/downloadableacl`, { auth: reader, body: { DownloadableAcl: { name: 'R', dacl: 'permit ip any any' } } })).status, 403);
});
