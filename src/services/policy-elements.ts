// The definitions of the policy's named collections: which validator and
// delete check each uses, and how a rename reaches the objects that refer
// to it by name (profiles in rules, DACLs in profiles, allowed-protocols
// services in policy sets, security groups in rules).
import type {
  AllowedProtocols, AuthorizationProfile, AuthorizationRule, DownloadableAcl, LibraryCondition, NetworkCondition, PolicySetTree,
  SecurityGroup, TimeAndDateCondition,
} from '../domain/policy/index.ts';
import {
  BUILTIN_CONDITION_IDS, NESTED_BLOCKS, canonicalProfileName, checkDeleteAllowedProtocols, checkDeleteCondition, checkDeleteDacl,
  checkDeleteProfile, checkDeleteSecurityGroup, checked, conditionNotFound, conditionUses, daclUses, invalid, networkConditionNotFound,
  profileUses, securityGroupUses, serviceUses, validateAllowedProtocols, validateAuthorizationProfile, validateDacl, validateLibraryCondition,
  validateNetworkCondition, validateSecurityGroup, validateTimeCondition,
} from '../domain/policy/index.ts';
import type { CollectionDef } from './policy-collection.ts';
import type { PolicyData } from './policy-data.ts';

const ersNotFound = (what: string) => checked<never>(() => invalid(`Resource not found: '${what}'`, 'notFound', 404));

/** Library and time-and-date condition names are unique across both. */
const conditionSiblings = (d: PolicyData) => [...d.conditions, ...d.timeConditions];

/** Every authorization-rule list (rules, local and global exceptions) with a function to replace its rules. */
function mapAuthorizationRules(d: PolicyData, fn: (r: AuthorizationRule) => AuthorizationRule): PolicyData {
  const map = (list: readonly AuthorizationRule[]): AuthorizationRule[] => {
    let changed = false;
    const out = list.map((r) => { const n = fn(r); if (n !== r) changed = true; return n; });
    return changed ? out : (list as AuthorizationRule[]);
  };
  const policySets = d.policySets.map((t): PolicySetTree => {
    const authorization = map(t.authorization);
    const exceptions = map(t.exceptions);
    return authorization === t.authorization && exceptions === t.exceptions ? t : { ...t, authorization, exceptions };
  });
  return { ...d, policySets, globalExceptions: map(d.globalExceptions) };
}

export const CONDITIONS: CollectionDef<LibraryCondition> = {
  objectType: 'condition',
  items: (d) => d.conditions,
  withItems: (d, conditions) => ({ ...d, conditions }),
  validate: (input, o) => validateLibraryCondition(input, { id: o.id, existing: o.existing, siblings: conditionSiblings(o.data), catalog: o.catalog }),
  checkDelete: (c, d) => checkDeleteCondition(c, conditionUses(d, c.id), BUILTIN_CONDITION_IDS.has(c.id)),
  notFound: (what) => conditionNotFound(what),
  fields: { name: (c) => c.name, description: (c) => c.description },
};

export const TIME_CONDITIONS: CollectionDef<TimeAndDateCondition> = {
  objectType: 'timecondition',
  items: (d) => d.timeConditions,
  withItems: (d, timeConditions) => ({ ...d, timeConditions }),
  validate: (input, o) => validateTimeCondition(input, { id: o.id, siblings: conditionSiblings(o.data) }),
  checkDelete: (c, d) => checkDeleteCondition(c, conditionUses(d, c.id), false, true),
  notFound: (what) => conditionNotFound(what, true),
  fields: { name: (c) => c.name, description: (c) => c.description },
};

export const NETWORK_CONDITIONS: CollectionDef<NetworkCondition> = {
  objectType: 'networkcondition',
  items: (d) => d.networkConditions,
  withItems: (d, networkConditions) => ({ ...d, networkConditions }),
  validate: (input, o) => validateNetworkCondition(input, { id: o.id, siblings: o.data.networkConditions }),
  checkDelete: () => checked(() => true as const),
  notFound: (what) => networkConditionNotFound(what),
  fields: { name: (c) => c.name, description: (c) => c.description },
};

export const PROFILES: CollectionDef<AuthorizationProfile> = {
  objectType: 'authorizationprofile',
  items: (d) => d.profiles,
  withItems: (d, profiles) => ({ ...d, profiles }),
  validate: (input, o) => validateAuthorizationProfile(input, { id: o.id, existing: o.existing, profiles: o.data.profiles, catalog: o.catalog }),
  checkDelete: (p, d) => checkDeleteProfile(p, profileUses(d, p.name)),
  notFound: ersNotFound,
  cascade: (d, before, after) => before.name === after.name ? d : mapAuthorizationRules(d, (r) =>
    r.profile.some((p) => canonicalProfileName(p) === before.name)
      ? { ...r, profile: r.profile.map((p) => (canonicalProfileName(p) === before.name ? after.name : p)) }
      : r),
  aliasOf: canonicalProfileName,
  fields: { name: (p) => p.name, description: (p) => p.description ?? '' },
};

export const DACLS: CollectionDef<DownloadableAcl> = {
  objectType: 'downloadableacl',
  items: (d) => d.dacls,
  withItems: (d, dacls) => ({ ...d, dacls }),
  validate: (input, o) => validateDacl(input, { id: o.id, existing: o.existing, dacls: o.data.dacls, now: o.now }),
  // A profile's IPv4 slot takes IPV4 or agnostic DACLs, its IPv6 slot IPV6 or agnostic ones.
  check: (dacl, d) => checked(() => {
    for (const p of d.profiles) {
      const wrong = (p.daclName === dacl.name && dacl.daclType === 'IPV6') || (p.ipv6DaclName === dacl.name && dacl.daclType === 'IPV4');
      if (wrong) invalid(`Downloadable ACL '${dacl.name}' of type ${dacl.daclType} does not fit authorization profile '${p.name}'`);
    }
    return true as const;
  }),
  checkDelete: (dacl, d) => checkDeleteDacl(dacl, daclUses(d, dacl.name)),
  notFound: ersNotFound,
  cascade: (d, before, after) => before.name === after.name ? d : {
    ...d,
    profiles: d.profiles.map((p) => p.daclName !== before.name && p.ipv6DaclName !== before.name ? p : {
      ...p,
      ...(p.daclName === before.name && { daclName: after.name }),
      ...(p.ipv6DaclName === before.name && { ipv6DaclName: after.name }),
    }),
  },
  fields: { name: (x) => x.name, description: (x) => x.description ?? '' },
};

export const ALLOWED_PROTOCOLS: CollectionDef<AllowedProtocols> = {
  objectType: 'allowedprotocols',
  items: (d) => d.allowedProtocols,
  withItems: (d, allowedProtocols) => ({ ...d, allowedProtocols }),
  validate: (input, o) => validateAllowedProtocols(input, { id: o.id, existing: o.existing, services: o.data.allowedProtocols }),
  checkDelete: (ap, d) => checkDeleteAllowedProtocols(ap, serviceUses(d, ap.name)),
  notFound: ersNotFound,
  cascade: (d, before, after) => before.name === after.name ? d : {
    ...d,
    policySets: d.policySets.map((t) => (t.set.serviceName === before.name ? { ...t, set: { ...t.set, serviceName: after.name } } : t)),
  },
  // A protocol switched off in the body takes its settings block with it.
  merge: (stored, body) => {
    const out: Record<string, unknown> = { ...stored, ...body };
    for (const [flag, block] of NESTED_BLOCKS) if (body[flag] === false && body[block] === undefined) delete out[block];
    return out;
  },
  fields: { name: (x) => x.name, description: (x) => x.description ?? '' },
};

export const SECURITY_GROUPS: CollectionDef<SecurityGroup> = {
  objectType: 'sgt',
  items: (d) => d.securityGroups,
  withItems: (d, securityGroups) => ({ ...d, securityGroups }),
  validate: (input, o) => validateSecurityGroup(input, { id: o.id, existing: o.existing, groups: o.data.securityGroups }),
  checkDelete: (g, d) => checkDeleteSecurityGroup(g, securityGroupUses(d, g.name)),
  notFound: ersNotFound,
  cascade: (d, before, after) => before.name === after.name ? d
    : mapAuthorizationRules(d, (r) => (r.securityGroup === before.name ? { ...r, securityGroup: after.name } : r)),
  fields: {
    name: (g) => g.name, description: (g) => g.description ?? '', value: (g) => g.value, propogateToApic: (g) => String(g.propogateToApic ?? false),
  },
};
