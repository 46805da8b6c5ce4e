// What validators check references against: the names and ids of the
// objects a policy may refer to. Built from the stored policy plus the
// lookups that live elsewhere (identity stores, RADIUS server sequences,
// portals, network device profiles).

import type { WebRedirectionType } from './authorization-profile.ts';
import { PROFILE_ALIASES } from './authorization-profile.ts';
import type { LibraryCondition } from './condition.ts';
import type { DaclType } from './dacl.ts';
import type { PolicyConfig } from './evaluator.ts';
import { FACTORY_IDENTITY_STORES } from './factory-elements.ts';
import type { TimeAndDateCondition } from './time-condition.ts';

export interface PolicyCatalog {
  libraryConditions: ReadonlyMap<string, LibraryCondition>;
  timeConditions: ReadonlyMap<string, TimeAndDateCondition>;
  /** Allowed-protocols services and RADIUS server sequences (`/service-names`). */
  serviceNames: ReadonlySet<string>;
  /** The RADIUS server sequences among them (`isProxy`). */
  serverSequences: ReadonlySet<string>;
  identitySourceNames: ReadonlySet<string>;
  /** Authorization profile names, old alias names included. */
  profileNames: ReadonlySet<string>;
  securityGroupNames: ReadonlySet<string>;
  dacls: ReadonlyMap<string, DaclType>;
  /** Portal name → redirection types it serves; absent = portal names not checked. */
  portals?: ReadonlyMap<string, readonly WebRedirectionType[]>;
  /** Network device profile names; absent = not checked. */
  deviceProfileNames?: ReadonlySet<string>;
}

export interface CatalogExtras {
  identitySourceNames?: Iterable<string>;
  serverSequences?: Iterable<string>;
  portals?: ReadonlyMap<string, readonly WebRedirectionType[]>;
  deviceProfileNames?: Iterable<string>;
}

export function policyCatalog(config: PolicyConfig, extras: CatalogExtras = {}): PolicyCatalog {
  const serverSequences = new Set(extras.serverSequences ?? []);
  const profileNames = new Set(config.profiles.map((p) => p.name));
  for (const [alias, name] of Object.entries(PROFILE_ALIASES)) if (profileNames.has(name)) profileNames.add(alias);
  return {
    libraryConditions: new Map(config.conditions.map((c) => [c.id, c])),
    timeConditions: new Map((config.timeConditions ?? []).map((c) => [c.id, c])),
    serviceNames: new Set([...config.allowedProtocols.map((a) => a.name), ...serverSequences]),
    serverSequences,
    identitySourceNames: new Set(extras.identitySourceNames ?? FACTORY_IDENTITY_STORES.map((s) => s.name)),
    profileNames,
    securityGroupNames: new Set(config.securityGroups.map((g) => g.name)),
    dacls: new Map(config.dacls.map((d) => [d.name, d.daclType])),
    portals: extras.portals,
    deviceProfileNames: extras.deviceProfileNames === undefined ? undefined : new Set(extras.deviceProfileNames),
  };
}
