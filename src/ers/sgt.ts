// ERS /ers/config/sgt (ers-resources.md §14): the security groups
// authorization rules assign. No `/name/` lookup: clients filter on name or
// value.
import type { FastifyInstance } from 'fastify';
import type { SecurityGroup } from '../domain/policy/index.ts';
import { BUILTIN_SECURITY_GROUPS } from '../domain/policy/index.ts';
import type { Services } from '../services/index.ts';
import type { FieldSpec } from './fields.ts';
import { asBody, booleans, collectionService, integers, strings } from './policy-elements.ts';
import { registerErsResource } from './resource.ts';

const FIELDS: FieldSpec[] = [
  ...strings('id', 'name', 'description'),
  ...integers('value'),
  { name: 'generationId', type: 'string', readOnly: true },
  { name: 'isReadOnly', type: 'boolean', readOnly: true },
  ...booleans('propogateToApic'),
  { name: 'defaultSGACLs', type: 'list', item: 'defaultSGACL', of: { type: 'string' } },
];

/** Unknown (0) and TrustSec_Devices (2) are the read-only built-ins. */
const READ_ONLY_IDS: ReadonlySet<string> = new Set(BUILTIN_SECURITY_GROUPS.filter((g) => g.value === 0 || g.value === 2).map((g) => g.id));

const toView = (g: SecurityGroup): Record<string, unknown> => ({
  id: g.id, name: g.name, description: g.description ?? '', value: g.value, generationId: g.generationId ?? '0',
  isReadOnly: READ_ONLY_IDS.has(g.id), propogateToApic: g.propogateToApic ?? false, defaultSGACLs: [],
});

export function registerSgtRoutes(app: FastifyInstance, services: Services): void {
  registerErsResource(app, {
    path: 'sgt',
    wrapper: 'Sgt',
    xmlRoot: 'sgt',
    namespace: 'trustsec',
    version: { current: '1.3', supported: ['1.0', '1.1', '1.2', '1.3'] },
    fields: FIELDS,
    list: {
      filters: { name: { field: 'name' }, description: { field: 'description' }, value: { field: 'value' }, propogateToApic: { field: 'propogateToApic' } },
      sorts: { name: 'name', description: 'description', value: 'value' },
      defaultSort: 'name',
    },
    entryDescription: (g) => g.description ?? '',
    toView,
    fromInput: asBody,
    service: collectionService(services.policy.securityGroups),
  });
}
