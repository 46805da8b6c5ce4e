// Validation of ERS `authorizationprofile` bodies (policy-api.md §9.2–9.4),
// the inner object without its `AuthorizationProfile` wrapper. Messages are
// ERSResponse titles.

import { checkName, checkText } from '../names.ts';
import type { AdvancedAttribute, AuthorizationProfile, WebRedirection } from './authorization-profile.ts';
import {
  ACCESS_TYPES, AUTHZ_PROFILE_TYPES, MACSEC_POLICIES, PROFILE_ALIASES, PROFILE_FLAGS, REAUTH_CONNECTIVITY, WEB_REDIRECTION_TYPES,
  authorizationProfile,
} from './authorization-profile.ts';
import type { PolicyCatalog } from './catalog.ts';
import { MAX_AVPAIR_TEXT } from './dacl.ts';
import { PROFILE_IDS } from './factory-elements.ts';
import type { Checked } from './validation.ts';
import { Fields, checked, invalid, nameTaken } from './validation.ts';

const title = (reason: string): string => reason;

export interface ProfileOptions {
  id: string;
  existing?: AuthorizationProfile;
  /** Every stored profile (the existing one included on update). */
  profiles: readonly AuthorizationProfile[];
  catalog: PolicyCatalog;
}

/** Longest text a single-attribute field may hold (one RADIUS attribute, 253 octets). */
const MAX_ATTRIBUTE_TEXT = 253;

function textField(f: Fields, key: string, max: number): string | undefined {
  const v = f.str(key);
  if (v === undefined || v === '') return undefined;
  if (Buffer.byteLength(v, 'utf8') > max) f.fail(`${f.name(key)} must not be longer than ${max} octets`);
  if (/[\u0000-\u001f]/.test(v)) f.fail(`${f.name(key)} must not contain control characters`);
  return v;
}

function webRedirection(f: Fields, catalog: PolicyCatalog): WebRedirection | undefined {
  const w = f.sub('webRedirection');
  if (w === undefined) return undefined;
  const type = w.oneOf('WebRedirectionType', WEB_REDIRECTION_TYPES) ?? w.missing('WebRedirectionType');
  const acl = w.reqStr('acl');
  const portalName = w.reqStr('portalName');
  const portalTypes = catalog.portals?.get(portalName);
  if (catalog.portals !== undefined && portalTypes === undefined) w.fail(`Portal '${portalName}' does not exist`);
  if (portalTypes !== undefined && !portalTypes.includes(type)) w.fail(`Portal '${portalName}' cannot be used for ${type}`);
  const out: WebRedirection = { WebRedirectionType: type, acl, portalName };
  const fqdn = w.str('staticIPHostNameFQDN');
  if (fqdn) out.staticIPHostNameFQDN = fqdn;
  const renew = w.bool('displayCertificatesRenewalMessages');
  if (type === 'CentralizedWebAuth') {
    if (renew === undefined) w.missing('displayCertificatesRenewalMessages');
    out.displayCertificatesRenewalMessages = renew;
  }
  return out;
}

function dictionaryAttribute(f: Fields, key: string): { dictionaryName: string; attributeName: string; type: string } {
  const side = f.sub(key) ?? f.missing(key);
  const type = side.reqStr('AdvancedAttributeValueType');
  if (type !== 'AdvancedDictionaryAttribute' && type !== 'AttributeValue') {
    side.fail(`${side.name('AdvancedAttributeValueType')} '${type}' is invalid: expected one of [AdvancedDictionaryAttribute, AttributeValue]`);
  }
  if (type === 'AttributeValue') return { dictionaryName: '', attributeName: '', type };
  return { dictionaryName: side.reqStr('dictionaryName'), attributeName: side.reqStr('attributeName'), type };
}

function advancedAttribute(input: unknown, i: number): AdvancedAttribute {
  const f: Fields = new Fields(input, title, `advancedAttributes[${i}]`);
  const lhs = dictionaryAttribute(f, 'leftHandSideDictionaryAttribue');
  if (lhs.type !== 'AdvancedDictionaryAttribute') f.fail(`${f.name('leftHandSideDictionaryAttribue')} must be an AdvancedDictionaryAttribute`);
  const rhsType = dictionaryAttribute(f, 'rightHandSideAttribueValue');
  const rhs = f.sub('rightHandSideAttribueValue')!;
  const tagID = rhs.int('tagID', 0, 31);
  const left = { AdvancedAttributeValueType: 'AdvancedDictionaryAttribute' as const, dictionaryName: lhs.dictionaryName, attributeName: lhs.attributeName };
  if (rhsType.type === 'AttributeValue') {
    const value = rhs.str('value') ?? rhs.missing('value');
    const avpair = lhs.attributeName.toLowerCase() === 'cisco-av-pair';
    const max = avpair ? MAX_AVPAIR_TEXT : MAX_ATTRIBUTE_TEXT;
    if (Buffer.byteLength(value, 'utf8') > max) rhs.fail(`${rhs.name('value')} must not be longer than ${max} octets`);
    return { leftHandSideDictionaryAttribue: left, rightHandSideAttribueValue: { AdvancedAttributeValueType: 'AttributeValue', value, ...(tagID !== undefined && { tagID }) } };
  }
  return {
    leftHandSideDictionaryAttribue: left,
    rightHandSideAttribueValue: {
      AdvancedAttributeValueType: 'AdvancedDictionaryAttribute', dictionaryName: rhsType.dictionaryName, attributeName: rhsType.attributeName,
      ...(tagID !== undefined && { tagID }),
    },
  };
}

/** An authorization profile from a POST or PUT body. */
export function validateAuthorizationProfile(input: unknown, o: ProfileOptions): Checked<AuthorizationProfile> {
  return checked(() => {
    const f: Fields = new Fields(input, title);
    const name = f.str('name') ?? '';
    const nameError = checkName(name);
    if (nameError) f.fail(nameError, name === '' ? 'schema' : 'validation');
    const aliasOf = PROFILE_ALIASES[name];
    if (nameTaken(name, o.profiles, o.id) || (aliasOf !== undefined && o.profiles.some((p) => p.name === aliasOf && p.id !== o.id))) {
      f.fail(`Authorization Profile ${o.existing ? 'Update' : 'Create'} failed: Authorization Profile Name Already Exist`);
    }
    const description = f.str('description');
    if (description !== undefined) {
      const e = checkText(description, 'description');
      if (e) f.fail(e);
    }
    const p = authorizationProfile({
      id: o.id, name,
      accessType: f.oneOf('accessType', ACCESS_TYPES) ?? 'ACCESS_ACCEPT',
      authzProfileType: f.oneOf('authzProfileType', AUTHZ_PROFILE_TYPES) ?? 'SWITCH',
      profileName: f.str('profileName') || 'Cisco',
    });
    if (description !== undefined && description !== '') p.description = description;
    if (o.catalog.deviceProfileNames !== undefined && !o.catalog.deviceProfileNames.has(p.profileName)) {
      f.fail(`Network device profile '${p.profileName}' does not exist`);
    }
    const vlan = f.sub('vlan');
    if (vlan) {
      const nameID = vlan.str('nameID') || vlan.missing('nameID');
      if (Buffer.byteLength(nameID, 'utf8') > MAX_ATTRIBUTE_TEXT - 1) vlan.fail('vlan.nameID is too long');
      p.vlan = { nameID, tagID: vlan.int('tagID', 0, 31) ?? vlan.missing('tagID') };
    }
    for (const [key, ipv6] of [['daclName', false], ['ipv6DaclName', true]] as const) {
      const d = f.str(key);
      if (d === undefined || d === '') continue;
      const type = o.catalog.dacls.get(d);
      if (type === undefined) f.fail(`${key}: downloadable ACL '${d}' does not exist`);
      if (type !== 'IP_AGNOSTIC' && (type === 'IPV6') !== ipv6) f.fail(`${key}: downloadable ACL '${d}' is of type ${type}`);
      p[key] = d;
    }
    for (const key of ['acl', 'ipv6ACLFilter'] as const) {
      const v = textField(f, key, MAX_ATTRIBUTE_TEXT - 3);
      if (v !== undefined) p[key] = v;
    }
    for (const key of ['airespaceACL', 'airespaceIPv6ACL'] as const) {
      const v = textField(f, key, MAX_ATTRIBUTE_TEXT);
      if (v !== undefined) p[key] = v;
    }
    for (const key of ['autoSmartPort', 'interfaceTemplate', 'avcProfile', 'asaVpn', 'uniqueIdentifier'] as const) {
      const v = textField(f, key, MAX_AVPAIR_TEXT - 32);
      if (v !== undefined) p[key] = v;
    }
    const w = webRedirection(f, o.catalog);
    if (w) p.webRedirection = w;
    const reauth = f.sub('reauth');
    if (reauth) {
      p.reauth = {
        timer: reauth.int('timer', 1, 1073741823) ?? reauth.missing('timer'),
        connectivity: reauth.oneOf('connectivity', REAUTH_CONNECTIVITY) ?? reauth.missing('connectivity'),
      };
    }
    const macSec = f.oneOf('macSecPolicy', MACSEC_POLICIES);
    if (macSec) p.macSecPolicy = macSec;
    for (const flag of PROFILE_FLAGS) p[flag] = f.bool(flag) ?? false;
    p.advancedAttributes = (f.list('advancedAttributes') ?? []).map(advancedAttribute);
    return p;
  });
}

const BUILTIN_PROFILE_IDS: ReadonlySet<string> = new Set(Object.values(PROFILE_IDS));

/** Refuses deleting a built-in profile or one a rule still names (`usedBy`: rule names). */
export function checkDeleteProfile(p: AuthorizationProfile, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (BUILTIN_PROFILE_IDS.has(p.id)) invalid(`Authorization profile '${p.name}' is a system profile and cannot be deleted`, 'inUse');
    if (usedBy.length > 0) invalid(`Authorization profile '${p.name}' is in use by rule '${usedBy[0]}'`, 'inUse');
    return true as const;
  });
}
