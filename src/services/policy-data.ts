// The stored network-access policy as the policy service holds it in memory,
// and its mapping to store rows: one row per object (policy set, rule,
// condition, element, user dictionary), rules under their set. A change is
// a new PolicyData that shares every untouched object with the old one, so
// the rows to write are the objects that are not the same any more.
import type {
  AllowedProtocols, AuthenticationRule, AuthorizationProfile, AuthorizationRule, Dictionary, DownloadableAcl, LibraryCondition,
  NetworkCondition, PolicyConfig, PolicySet, PolicySetTree, SecurityGroup, TimeAndDateCondition,
} from '../domain/policy/index.ts';
import { factoryPolicyConfig } from '../domain/policy/index.ts';
import type { PolicyRow, PolicyTable } from '../store/store.ts';

export interface PolicyData extends PolicyConfig {
  readonly timeConditions: readonly TimeAndDateCondition[];
  readonly networkConditions: readonly NetworkCondition[];
  /** User dictionaries with their attributes (the built-ins are not stored). */
  readonly dictionaries: readonly Dictionary[];
}

export function factoryPolicyData(): PolicyData {
  const config = factoryPolicyConfig();
  return { ...config, timeConditions: config.timeConditions ?? [], networkConditions: [], dictionaries: [] };
}

export const ROW_KINDS = [
  'policySet', 'authenticationRule', 'authorizationRule', 'localException', 'globalException', 'condition', 'timeCondition',
  'networkCondition', 'authorizationProfile', 'dacl', 'allowedProtocols', 'securityGroup', 'dictionary',
] as const;
export type RowKind = (typeof ROW_KINDS)[number];

const key = (kind: string, id: string): string => `${kind}\u0000${id}`;

function named(kind: RowKind, items: readonly { id: string; name: string }[], out: Map<string, PolicyRow>): void {
  for (const doc of items) out.set(key(kind, doc.id), { kind, id: doc.id, parentId: '', name: doc.name, doc });
}

function rules(kind: RowKind, parentId: string, items: readonly { rule: { id: string; name: string } }[], out: Map<string, PolicyRow>): void {
  for (const doc of items) out.set(key(kind, doc.rule.id), { kind, id: doc.rule.id, parentId, name: doc.rule.name, doc });
}

/** Every object of the policy as a store row, by kind and id. */
export function policyRows(d: PolicyData): Map<string, PolicyRow> {
  const out = new Map<string, PolicyRow>();
  for (const t of d.policySets) {
    out.set(key('policySet', t.set.id), { kind: 'policySet', id: t.set.id, parentId: '', name: t.set.name, doc: t.set });
    rules('authenticationRule', t.set.id, t.authentication, out);
    rules('authorizationRule', t.set.id, t.authorization, out);
    rules('localException', t.set.id, t.exceptions, out);
  }
  rules('globalException', '', d.globalExceptions, out);
  named('condition', d.conditions, out);
  named('timeCondition', d.timeConditions, out);
  named('networkCondition', d.networkConditions, out);
  named('authorizationProfile', d.profiles, out);
  named('dacl', d.dacls, out);
  named('allowedProtocols', d.allowedProtocols, out);
  named('securityGroup', d.securityGroups, out);
  named('dictionary', d.dictionaries, out);
  return out;
}

/** Writes the rows that differ between two versions of the policy; returns how many changed. */
export async function writeChanges(table: PolicyTable, before: PolicyData, after: PolicyData): Promise<number> {
  const old = policyRows(before);
  const now = policyRows(after);
  let n = 0;
  for (const [k, row] of now) {
    if (old.get(k)?.doc === row.doc) continue;
    await table.put(row);
    n++;
  }
  for (const [k, row] of old) {
    if (now.has(k)) continue;
    await table.delete(row.kind, row.id);
    n++;
  }
  return n;
}

/** The policy from its stored rows. */
export function assemble(rows: readonly PolicyRow[]): PolicyData {
  const of = <T>(kind: RowKind): T[] => rows.filter((r) => r.kind === kind).map((r) => r.doc as T);
  const under = <T>(kind: RowKind, setId: string): T[] => rows.filter((r) => r.kind === kind && r.parentId === setId).map((r) => r.doc as T);
  const policySets: PolicySetTree[] = of<PolicySet>('policySet').map((set) => ({
    set,
    authentication: under<AuthenticationRule>('authenticationRule', set.id),
    authorization: under<AuthorizationRule>('authorizationRule', set.id),
    exceptions: under<AuthorizationRule>('localException', set.id),
  }));
  return {
    policySets,
    globalExceptions: of<AuthorizationRule>('globalException'),
    conditions: of<LibraryCondition>('condition'),
    timeConditions: of<TimeAndDateCondition>('timeCondition'),
    networkConditions: of<NetworkCondition>('networkCondition'),
    profiles: of<AuthorizationProfile>('authorizationProfile'),
    dacls: of<DownloadableAcl>('dacl'),
    allowedProtocols: of<AllowedProtocols>('allowedProtocols'),
    securityGroups: of<SecurityGroup>('securityGroup'),
    dictionaries: of<Dictionary>('dictionary'),
  };
}

/** Loads the policy; an empty table is seeded with ISE 3.3's factory policy first. */
export async function loadPolicy(
  table: PolicyTable,
  seed: (write: (t: PolicyTable) => Promise<void>) => Promise<void>,
): Promise<PolicyData> {
  const rows = await table.all();
  if (rows.length > 0) return assemble(rows);
  const data = factoryPolicyData();
  await seed(async (t) => {
    for (const row of policyRows(data).values()) await t.put(row);
  });
  return data;
}
