import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyCatalog } from './catalog.ts';
import { factoryPolicyConfig } from './factory-policy.ts';
import { daclUses, profileUses, serviceUses } from './usage.ts';
import { checkDeleteAllowedProtocols, validateAllowedProtocols } from './validate-allowed-protocols.ts';
import { checkDaclText, checkDeleteDacl, validateDacl } from './validate-dacl.ts';
import { checkDeleteProfile, validateAuthorizationProfile } from './validate-profile.ts';
import type { Checked } from './validation.ts';

const cfg = factoryPolicyConfig();
const catalog = policyCatalog(cfg, {
  portals: new Map([['Self-Registered Guest Portal (default)', ['CentralizedWebAuth'] as const], ['BYOD Portal (default)', ['NativeSupplicanProvisioning'] as const]]),
});
const NOW = new Date('2025-05-01T00:00:00Z');

function err<T>(r: Checked<T>): string {
  assert.equal(r.ok, false, 'expected a failure');
  return r.ok ? '' : r.error.message;
}
function val<T>(r: Checked<T>): T {
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

test('authorization profile: the spec example round-trips with defaults', () => {
  const body = {
    name: 'Corp_VLAN_20', description: 'Employees wired', accessType: 'ACCESS_ACCEPT', authzProfileType: 'SWITCH', profileName: 'Cisco',
    vlan: { nameID: '20', tagID: 1 }, daclName: 'PERMIT_ALL_IPV4_TRAFFIC', reauth: { timer: 28800, connectivity: 'RADIUS_REQUEST' },
    trackMovement: false, agentlessPosture: false, serviceTemplate: false, easywiredSessionCandidate: false, voiceDomainPermission: false,
    neat: false, webAuth: false,
    advancedAttributes: [{
      leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Cisco', attributeName: 'cisco-av-pair' },
      rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value: 'interface-template-name=CORP' },
    }],
  };
  const p = val(validateAuthorizationProfile(body, { id: 'p1', profiles: cfg.profiles, catalog }));
  const { id, ...rest } = p;
  assert.equal(id, 'p1');
  assert.deepEqual(rest, body);
  const minimal = val(validateAuthorizationProfile({ name: 'Min' }, { id: 'p2', profiles: cfg.profiles, catalog }));
  assert.equal(minimal.accessType, 'ACCESS_ACCEPT');
  assert.equal(minimal.reauth, undefined, 'no invented objects');
  assert.equal(minimal.description, undefined);
  assert.deepEqual(minimal.advancedAttributes, []);
});

test('authorization profile errors (ERS titles)', () => {
  const o = { id: 'p', profiles: cfg.profiles, catalog };
  assert.equal(err(validateAuthorizationProfile({}, o)), 'Validation Error - Mandatory fields missing: [name]');
  assert.equal(err(validateAuthorizationProfile({ name: 'permitaccess' }, o)), 'Authorization Profile Create failed: Authorization Profile Name Already Exist');
  assert.match(err(validateAuthorizationProfile({ name: 'Blackhole_Wireless_Access' }, o)), /Name Already Exist/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', accessType: 'ACCEPT' }, o)), /accessType 'ACCEPT' is invalid/);
  assert.equal(err(validateAuthorizationProfile({ name: 'X', vlan: { tagID: 1 } }, o)), 'Validation Error - Mandatory fields missing: [vlan.nameID]');
  assert.match(err(validateAuthorizationProfile({ name: 'X', vlan: { nameID: '5', tagID: 40 } }, o)), /vlan.tagID must be an integer between 0 and 31/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', daclName: 'NOPE' }, o)), /downloadable ACL 'NOPE' does not exist/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', daclName: 'PERMIT_ALL_IPV6_TRAFFIC' }, o)), /is of type IPV6/);
  assert.ok(validateAuthorizationProfile({ name: 'X', ipv6DaclName: 'PERMIT_ALL_IPV6_TRAFFIC' }, o).ok);
  assert.match(err(validateAuthorizationProfile({ name: 'X', reauth: { timer: 0, connectivity: 'DEFAULT' } }, o)), /reauth.timer/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', webRedirection: { WebRedirectionType: 'CentralizedWebAuth', acl: 'A', portalName: 'BYOD Portal (default)', displayCertificatesRenewalMessages: false } }, o)),
    /cannot be used for CentralizedWebAuth/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', webRedirection: { WebRedirectionType: 'CentralizedWebAuth', acl: 'A', portalName: 'Self-Registered Guest Portal (default)' } }, o)),
    /Mandatory fields missing: \[webRedirection.displayCertificatesRenewalMessages\]/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', webRedirection: { WebRedirectionType: 'CWA', acl: 'A', portalName: 'p' } }, o)), /WebRedirectionType 'CWA' is invalid/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', advancedAttributes: [{ leftHandSideDictionaryAttribue: { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: 'Radius', attributeName: 'Class' } }] }, o)),
    /Mandatory fields missing: \[advancedAttributes\[0\].rightHandSideAttribueValue\]/);
  assert.match(err(validateAuthorizationProfile({ name: 'X', acl: 'a'.repeat(300) }, o)), /acl must not be longer/);
  const upd = validateAuthorizationProfile({ name: 'PermitAccess' }, { ...o, id: cfg.profiles[0].id, existing: cfg.profiles[0] });
  assert.ok(upd.ok, 'renaming to its own name is not a clash');
});

test('profile, DACL and service delete checks', () => {
  const permit = cfg.profiles.find((p) => p.name === 'PermitAccess')!;
  assert.deepEqual(profileUses(cfg, 'PermitAccess'), ['Compliant_Devices_Access', 'Employee_EAP-TLS', 'Wi-Fi_Guest_Access', 'Basic_Authenticated_Access']);
  assert.deepEqual(profileUses(cfg, 'Blackhole_Wireless_Access'), ['Wireless Black List Default']);
  const del = checkDeleteProfile(permit, []);
  assert.ok(!del.ok && del.error.kind === 'inUse');
  assert.match(err(checkDeleteProfile({ ...permit, id: 'custom', name: 'Mine' }, ['R1'])), /in use by rule 'R1'/);
  assert.ok(checkDeleteProfile({ ...permit, id: 'custom', name: 'Mine' }, []).ok);
  const dacl = cfg.dacls[0];
  assert.match(err(checkDeleteDacl(dacl, [])), /system DACL/);
  assert.match(err(checkDeleteDacl({ ...dacl, id: 'd' }, ['Prof'])), /in use by authorization profile 'Prof'/);
  assert.deepEqual(daclUses({ ...cfg, profiles: [{ ...permit, daclName: dacl.name }] }, dacl.name), ['PermitAccess']);
  assert.deepEqual(serviceUses(cfg, 'Default Network Access'), ['Default']);
  assert.match(err(checkDeleteAllowedProtocols(cfg.allowedProtocols[0], [])), /system service/);
  assert.match(err(checkDeleteAllowedProtocols({ ...cfg.allowedProtocols[0], id: 'x' }, ['Default'])), /in use by policy set 'Default'/);
});

test('DACL: create stamps a version, content changes move it, syntax and size checked', () => {
  const body = { name: 'Guest_Internet_Only', description: 'guest access', dacl: 'permit udp any eq bootpc any eq bootps\n deny ip any 10.0.0.0 0.255.255.255\n permit ip any any', daclType: 'IPV4' };
  const d = val(validateDacl(body, { id: 'd1', dacls: cfg.dacls, now: NOW }));
  assert.equal(d.dacl, body.dacl, 'stored byte-identical');
  assert.equal(d.version, Math.floor(NOW.getTime() / 1000));
  const same = val(validateDacl({ ...body, description: 'other' }, { id: 'd1', existing: d, dacls: [...cfg.dacls, d], now: new Date('2025-06-01T00:00:00Z') }));
  assert.equal(same.version, d.version, 'description changes keep the version');
  const changed = val(validateDacl({ ...body, dacl: 'permit ip any any' }, { id: 'd1', existing: d, dacls: [...cfg.dacls, d], now: NOW }));
  assert.equal(changed.version, d.version + 1, 'monotonic even within the same second');
  assert.equal(val(validateDacl({ name: 'N', dacl: 'permit ip any any' }, { id: 'n', dacls: [], now: NOW })).daclType, 'IPV4');
  const o = { id: 'x', dacls: cfg.dacls, now: NOW };
  assert.equal(err(validateDacl({ name: 'X' }, o)), 'Validation Error - Mandatory fields missing: [dacl]');
  assert.equal(err(validateDacl({ name: 'PERMIT_ALL_IPV4_TRAFFIC', dacl: 'permit ip any any' }, o)), 'Downloadable ACL Create failed: DACL Name Already Exist');
  assert.match(err(validateDacl({ name: 'bad name', dacl: 'permit ip any any' }, o)), /may contain only/);
  assert.match(err(validateDacl({ name: 'X', dacl: 'allow ip any any' }, o)), /must start with permit, deny or remark/);
  assert.match(err(validateDacl({ name: 'X', dacl: 'permit ip any' }, o)), /needs a protocol, a source and a destination/);
  assert.match(err(validateDacl({ name: 'X', dacl: 'permit ipv6 any any' }, o)), /IPv6 in an IPV4 DACL/);
  assert.match(err(validateDacl({ name: 'X', dacl: 'permit ip any any', daclType: 'IPV6' }, o)), /IPv4 in an IPV6 DACL/);
  assert.match(err(validateDacl({ name: 'X', dacl: 'permit ip any any', daclType: 'IPV5' }, o)), /daclType 'IPV5' is invalid/);
  assert.equal(checkDaclText('remark only\npermit ip any any', 'IP_AGNOSTIC'), null);
  const huge = Array.from({ length: 120 }, (_, i) => `permit tcp any host 10.0.${i >> 8}.${i & 255} eq 443`).join('\n');
  assert.match(checkDaclText(huge, 'IPV4') ?? '', /too large for one RADIUS reply/);
  assert.match(checkDaclText(`remark ${'x'.repeat(240)}`, 'IPV4') ?? '', /longer than one RADIUS attribute/);
});

test('allowed protocols: the built-in round-trips; flags and nested blocks must agree', () => {
  const dna = cfg.allowedProtocols[0];
  const { id, ...body } = dna;
  const r = val(validateAllowedProtocols(body, { id, existing: dna, services: cfg.allowedProtocols }));
  assert.deepEqual(r, dna);
  const o = { id: 'n', services: cfg.allowedProtocols };
  const minimal = val(validateAllowedProtocols({ name: 'PAP_Only', allowPapAscii: true }, o));
  assert.equal(minimal.allowPapAscii, true);
  assert.equal(minimal.allowChap, false);
  assert.equal(minimal.peap, undefined);
  assert.equal(err(validateAllowedProtocols({ name: 'X', allowPeap: true }, o)), 'peap settings are required when allowPeap is true');
  assert.equal(err(validateAllowedProtocols({ name: 'X', allowPeap: false, peap: { allowPeapV0: true } }, o)), 'peap settings must not be given when allowPeap is false');
  assert.ok(validateAllowedProtocols({ name: 'X', allowPeap: false, peap: null }, o).ok);
  assert.equal(err(validateAllowedProtocols({ name: 'X', allowPreferredEapProtocol: true }, o)), 'Validation Error - Mandatory fields missing: [preferredEapProtocol]');
  assert.match(err(validateAllowedProtocols({ name: 'X', allowPreferredEapProtocol: true, preferredEapProtocol: 'EAP-TLS' }, o)), /preferredEapProtocol 'EAP-TLS' is invalid/);
  assert.equal(err(validateAllowedProtocols({ name: 'X', allowEapTls: true, eapTls: { eapTlsEnableStatelessSessionResume: true } }, o)),
    'Validation Error - Mandatory fields missing: [eapTls.eapTlsSessionTicketTtl]');
  assert.match(err(validateAllowedProtocols({ name: 'default network access' }, o)), /Name Already Exist/);
  assert.match(err(validateAllowedProtocols({ name: 'X', allowPeap: true, peap: { allowPeapEapMsChapV2PwdChangeRetries: 9 } }, o)), /between 0 and 3/);
  // The SDK spelling of the EAP-FAST flag is read; the short one is stored.
  const fast = val(validateAllowedProtocols({ name: 'F', allowEapFast: true, eapFast: { eapFastUsePacs: true, eapFastUsePacsReturnAccessAcceptAfterAuthenticatedProvisioning: true } }, o));
  assert.equal(fast.eapFast?.eapFastUsePacsServerReturns, true);
  assert.equal(fast.eapFast?.eapFastUsePacsTunnelPacTtl, 90);
  const noPacs = val(validateAllowedProtocols({ name: 'G', allowEapFast: true, eapFast: { eapFastUsePacs: false, eapFastUsePacsTunnelPacTtl: 5 } }, o));
  assert.equal(noPacs.eapFast?.eapFastUsePacsTunnelPacTtl, undefined, 'sub-fields of an off flag are dropped');
  assert.equal(noPacs.eapFast?.eapFastDontUsePacsAcceptClientCert, false);
  const teap = val(validateAllowedProtocols({ name: 'T', allowTeap: true, teap: { requestBasicPwdAuth: true } }, o));
  assert.equal(teap.teap?.requestBasicPwdAuth, true);
});
