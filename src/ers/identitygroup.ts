// ERS /ers/config/identitygroup
import type { FastifyInstance } from 'fastify';
import type { IdentityGroup } from '../domain/identity-group.ts';
import type { IdentityGroupDraft } from '../services/identity-groups.ts';
import type { Services } from '../services/index.ts';
import { byIdService, registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';
import { pickDefined, type FieldSpec } from './fields.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'parent', type: 'string' },
];

const toView = (g: IdentityGroup): Record<string, unknown> => ({ id: g.id, name: g.name, description: g.description, parent: g.parent });

const fromInput = (p: Record<string, unknown>): IdentityGroupDraft => pickDefined<IdentityGroupDraft>(p, ['name', 'description', 'parent']);

export function registerIdentityGroupRoutes(app: FastifyInstance, services: Services): void {
  const groups = services.identityGroups;
  registerErsResource(app, {
    path: 'identitygroup',
    wrapper: 'IdentityGroup',
    xmlRoot: 'identitygroup',
    namespace: 'identity',
    version: { current: '1.1', supported: ['1.0', '1.1'] },
    fields: FIELDS,
    list: NAME_DESCRIPTION_LIST,
    entryDescription: (g) => g.description,
    toView,
    fromInput,
    byName: { get: true },
    service: byIdService(groups),
  });
}
