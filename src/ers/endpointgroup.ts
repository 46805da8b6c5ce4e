// ERS /ers/config/endpointgroup
import type { FastifyInstance } from 'fastify';
import type { EndpointGroup } from '../domain/endpoint-group.ts';
import type { EndpointGroupDraft } from '../services/endpoint-groups.ts';
import type { Services } from '../services/index.ts';
import { byIdService, registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';
import { pickDefined, type FieldSpec } from './fields.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'systemDefined', type: 'boolean', readOnly: true },
  { name: 'parentId', type: 'string' },
];

const toView = (g: EndpointGroup): Record<string, unknown> => ({
  id: g.id, name: g.name, description: g.description, systemDefined: g.systemDefined, ...(g.parentId && { parentId: g.parentId }),
});

const fromInput = (p: Record<string, unknown>): EndpointGroupDraft => pickDefined<EndpointGroupDraft>(p, ['name', 'description', 'parentId']);

export function registerEndpointGroupRoutes(app: FastifyInstance, services: Services): void {
  const groups = services.endpointGroups;
  registerErsResource(app, {
    path: 'endpointgroup',
    wrapper: 'EndPointGroup',
    xmlRoot: 'endpointgroup',
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
