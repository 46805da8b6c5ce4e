// Authorization profiles → RADIUS reply attributes (radius-policy.md §7–8).
//
// Per profile, in this order: VLAN (Tunnel-Type = VLAN, Tunnel-Medium-Type =
// IEEE-802, Tunnel-Private-Group-ID = id or name, all with the profile's
// tag), reauthentication (Session-Timeout, Termination-Action = RADIUS-Request
// for RADIUS_REQUEST, Default otherwise), Filter-Id (`<acl>.in`, the IPv6
// ACL filter likewise), Airespace ACLs, then Cisco AV-pairs (DACL, web redirection,
// voice, local web auth, NEAT, interface template, auto smart port, MACsec),
// then advanced attributes (one attribute each; a right-hand side that names a
// request attribute copies its value, into a Cisco AV-pair as
// `<dictionary>:<attribute>=<value>`, lower-case key). The rule's security
// group adds `cts:security-group-tag=…` last.
//
// Several profiles are merged in the rule's order. ISE refuses
// contradictory combinations when they are configured; here an attribute an
// earlier profile already supplied is not added again by a later one (first
// profile wins), identical AV-pairs are sent once, and AV-pairs whose key
// can hold one value (url-redirect, DACL, SGT, device-traffic-class …) are
// kept from the first profile that sets them. Any ACCESS_REJECT profile, or
// no usable profile at all, makes the result an Access-Reject with 15039.
//
// Profile fields that have no RADIUS form (trackMovement, serviceTemplate,
// easywiredSessionCandidate, agentlessPosture, uniqueIdentifier, asaVpn,
// avcProfile) add nothing.

import { attrKey } from './condition.ts';
import type { AccessType, AdvancedAttribute, AuthorizationProfile, WebRedirection } from './authorization-profile.ts';
import type { DownloadableAcl } from './dacl.ts';
import { daclAvPair } from './dacl.ts';
import { enumNumber } from './radius-values.ts';
import type { ReplyAttribute } from './reply-attribute.ts';
import type { PolicyRequest } from './request.ts';
import type { SecurityGroup } from './security-group.ts';
import { sgtAvPair } from './security-group.ts';

export const TUNNEL_TYPE_VLAN = 13;
export const TUNNEL_MEDIUM_IEEE_802 = 6;
export const TERMINATION_DEFAULT = 0;
export const TERMINATION_RADIUS_REQUEST = 1;

export const REJECTED_PER_PROFILE = { code: 15039, reason: 'Rejected per authorization profile' } as const;

/** What the reply needs beyond the profiles: the request (copied attributes) and the redirect URL builder. */
export interface ReplyContext {
  req?: PolicyRequest;
  /** The `url-redirect` URL for a profile's web redirection; without it only `url-redirect-acl` is sent. */
  redirectUrl?: (redirection: WebRedirection, profile: AuthorizationProfile) => string | undefined;
}

type Producer = (ctx: ReplyContext) => ReplyAttribute | undefined;

/** One attribute of a plan: fixed, or computed per request. */
interface Slot {
  key: string;
  fixed?: ReplyAttribute;
  make?: Producer;
}

export interface ReplyPlan {
  access: AccessType;
  /** Profiles used, in order. */
  profileNames: string[];
  /** DACL names the reply refers to (the NAD will download them). */
  daclNames: string[];
  slots: Slot[];
}

export interface AuthorizationReply {
  access: AccessType;
  attributes: ReplyAttribute[];
  /** 15039 when rejected by profile. */
  failure?: { code: number; reason: string };
}

/** Cisco AV-pair keys that carry one value per session. */
const SINGLE_AVPAIR_KEYS = new Set([
  'url-redirect', 'url-redirect-acl', 'cts:security-group-tag', 'device-traffic-class', 'linksec-policy',
  'priv-lvl', 'auto-smart-port', 'udn:private-group-id',
]);

const avPair = (value: string): ReplyAttribute => ({ name: 'Cisco-AVPair', value });

function avPairKey(text: string): string {
  const at = text.search(/[=*]/);
  const key = (at < 0 ? text : text.slice(0, at)).trim().toLowerCase();
  if (key === 'acs:ciscosecure-defined-acl') return text.includes('#ACSACL#-IPV6-') ? 'avpair:dacl6' : 'avpair:dacl';
  return SINGLE_AVPAIR_KEYS.has(key) ? `avpair:${key}` : `avpair=${text}`;
}

function slotFor(attr: ReplyAttribute): Slot {
  const key = attr.name === 'Cisco-AVPair' ? avPairKey(String(attr.value)) : attr.name.toLowerCase();
  return { key, fixed: attr };
}

/** Reply attribute name for an advanced attribute's dictionary attribute. */
function advancedName(dictionary: string, attribute: string): string {
  return dictionary.toLowerCase() === 'cisco' && attribute.toLowerCase() === 'cisco-av-pair' ? 'Cisco-AVPair' : attribute;
}

function advancedValue(dictionary: string, attribute: string, text: string): string | number {
  if (dictionary.toLowerCase() === 'radius') {
    const n = enumNumber(attrKey('Radius', attribute), text);
    if (n !== undefined) return n;
  }
  return text;
}

function advancedSlot(a: AdvancedAttribute): Slot {
  const lhs = a.leftHandSideDictionaryAttribue;
  const rhs = a.rightHandSideAttribueValue;
  const name = advancedName(lhs.dictionaryName, lhs.attributeName);
  const tunnel = /^tunnel-/i.test(lhs.attributeName);
  const tag = rhs.tagID ?? (tunnel ? 1 : undefined);
  const withTag = (value: string | number): ReplyAttribute => (tag === undefined ? { name, value } : { name, value, tag });
  if (rhs.AdvancedAttributeValueType === 'AttributeValue') return slotFor(withTag(advancedValue(lhs.dictionaryName, lhs.attributeName, rhs.value)));
  // Copy a request attribute. Into a Cisco AV-pair it goes as `<dictionary>:<attribute>=<value>`.
  const from = attrKey(rhs.dictionaryName, rhs.attributeName);
  const prefix = name === 'Cisco-AVPair' ? `${rhs.dictionaryName}:${rhs.attributeName}`.toLowerCase() : '';
  const key = name === 'Cisco-AVPair' ? avPairKey(`${prefix}=`) : name.toLowerCase();
  return {
    key,
    make: (ctx) => {
      const v = ctx.req?.get(from);
      if (v === undefined) return undefined;
      const text = typeof v === 'string' ? v : v[0];
      return withTag(prefix === '' ? advancedValue(lhs.dictionaryName, lhs.attributeName, text) : `${prefix}=${text}`);
    },
  };
}

/** The attributes one profile contributes, in ISE's order. */
export function profileSlots(p: AuthorizationProfile, findDacl: (name: string) => DownloadableAcl | undefined): Slot[] {
  const out: Slot[] = [];
  const add = (a: ReplyAttribute): void => { out.push(slotFor(a)); };
  if (p.vlan) {
    const tag = p.vlan.tagID;
    add({ name: 'Tunnel-Type', value: TUNNEL_TYPE_VLAN, tag });
    add({ name: 'Tunnel-Medium-Type', value: TUNNEL_MEDIUM_IEEE_802, tag });
    add({ name: 'Tunnel-Private-Group-ID', value: p.vlan.nameID, tag });
  }
  if (p.reauth) {
    add({ name: 'Session-Timeout', value: p.reauth.timer });
    add({ name: 'Termination-Action', value: p.reauth.connectivity === 'RADIUS_REQUEST' ? TERMINATION_RADIUS_REQUEST : TERMINATION_DEFAULT });
  }
  if (p.acl) out.push({ key: 'filter-id:4', fixed: { name: 'Filter-Id', value: `${p.acl}.in` } });
  if (p.ipv6ACLFilter) out.push({ key: 'filter-id:6', fixed: { name: 'Filter-Id', value: `${p.ipv6ACLFilter}.in` } });
  if (p.airespaceACL) add({ name: 'Airespace-ACL-Name', value: p.airespaceACL });
  if (p.airespaceIPv6ACL) add({ name: 'Airespace-IPv6-ACL-Name', value: p.airespaceIPv6ACL });
  for (const name of [p.daclName, p.ipv6DaclName]) {
    const d = name ? findDacl(name) : undefined;
    if (d) add(avPair(daclAvPair(d)));
  }
  const w = p.webRedirection;
  if (w) {
    add(avPair(`url-redirect-acl=${w.acl}`));
    out.push({
      key: 'avpair:url-redirect',
      make: (ctx) => {
        const url = ctx.redirectUrl?.(w, p);
        return url === undefined ? undefined : avPair(`url-redirect=${url}`);
      },
    });
  }
  if (p.voiceDomainPermission) add(avPair('device-traffic-class=voice'));
  if (p.webAuth) add(avPair('priv-lvl=15'));
  if (p.neat) add(avPair('device-traffic-class=switch'));
  if (p.interfaceTemplate) add(avPair(`interface-template-name=${p.interfaceTemplate}`));
  if (p.autoSmartPort) add(avPair(`auto-smart-port=${p.autoSmartPort}`));
  if (p.macSecPolicy) add(avPair(`linksec-policy=${p.macSecPolicy.toLowerCase().replaceAll('_', '-')}`));
  for (const a of p.advancedAttributes) out.push(advancedSlot(a));
  return out;
}

/**
 * Plans the reply of an authorization result once (at policy compile
 * time): the merged attributes of `profiles` and the security group's tag.
 */
export function planReply(
  profiles: readonly AuthorizationProfile[],
  securityGroup: SecurityGroup | undefined,
  findDacl: (name: string) => DownloadableAcl | undefined,
): ReplyPlan {
  const profileNames = profiles.map((p) => p.name);
  if (profiles.length === 0 || profiles.some((p) => p.accessType === 'ACCESS_REJECT')) {
    return { access: 'ACCESS_REJECT', profileNames, daclNames: [], slots: [] };
  }
  const taken = new Set<string>();
  const slots: Slot[] = [];
  const sgt = securityGroup ? slotFor(avPair(sgtAvPair(securityGroup))) : undefined;
  if (sgt) taken.add(sgt.key);
  for (const p of profiles) {
    const mine = profileSlots(p, findDacl);
    const keys = new Set<string>();
    for (const s of mine) {
      if (taken.has(s.key)) continue;
      keys.add(s.key);
      slots.push(s);
    }
    for (const k of keys) taken.add(k);
  }
  if (sgt) slots.push(sgt);
  const daclNames: string[] = [];
  for (const p of profiles) {
    for (const n of [p.daclName, p.ipv6DaclName]) if (n && findDacl(n) && !daclNames.includes(n)) daclNames.push(n);
  }
  return { access: 'ACCESS_ACCEPT', profileNames, daclNames, slots };
}

/** The reply of a planned result for one request. */
export function buildReply(plan: ReplyPlan, ctx: ReplyContext = {}): AuthorizationReply {
  if (plan.access === 'ACCESS_REJECT') return { access: 'ACCESS_REJECT', attributes: [], failure: REJECTED_PER_PROFILE };
  const attributes: ReplyAttribute[] = [];
  for (const s of plan.slots) {
    const a = s.fixed ?? s.make?.(ctx);
    if (a !== undefined) attributes.push(a);
  }
  return { access: 'ACCESS_ACCEPT', attributes };
}

/** Convenience: the reply of profiles directly (plans and builds). */
export function profilesReply(
  profiles: readonly AuthorizationProfile[],
  securityGroup: SecurityGroup | undefined,
  findDacl: (name: string) => DownloadableAcl | undefined,
  ctx: ReplyContext = {},
): AuthorizationReply {
  return buildReply(planReply(profiles, securityGroup, findDacl), ctx);
}

/** Web-redirection `action` values of the portal gateway URL. */
export const REDIRECT_ACTIONS: Readonly<Record<WebRedirection['WebRedirectionType'], string>> = {
  CentralizedWebAuth: 'cwa',
  NativeSupplicanProvisioning: 'nsp',
  ClientProvisioning: 'cpp',
  HotSpot: 'hotspot',
};

/**
 * ISE's portal gateway URL: `https://<host>:<port>/portal/gateway?sessionId=<id>&portal=<portal id>&action=<action>&token=<token>`
 * (radius-policy.md §8). `staticIPHostNameFQDN` of the profile replaces the host when set.
 */
export function portalRedirectUrl(
  w: WebRedirection,
  o: { host: string; port?: number; sessionId: string; portalId: string; token: string },
): string {
  const host = w.staticIPHostNameFQDN || o.host;
  const q = new URLSearchParams({ sessionId: o.sessionId, portal: o.portalId, action: REDIRECT_ACTIONS[w.WebRedirectionType], token: o.token });
  return `https://${host}:${o.port ?? 8443}/portal/gateway?${q.toString()}`;
}
