// ERS /ers/config/downloadableacl (policy-api.md §10). No `/name/` lookup:
// clients page the list, or filter on name. The DACL text is returned
// exactly as stored.
import type { FastifyInstance } from 'fastify';
import type { DownloadableAcl } from '../domain/policy/index.ts';
import type { Services } from '../services/index.ts';
import { asBody, collectionService, strings } from './policy-elements.ts';
import { registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';

const toView = (d: DownloadableAcl): Record<string, unknown> => ({
  id: d.id, name: d.name, ...(d.description !== undefined && { description: d.description }), dacl: d.dacl, daclType: d.daclType,
});

export function registerDownloadableAclRoutes(app: FastifyInstance, services: Services): void {
  registerErsResource(app, {
    path: 'downloadableacl',
    wrapper: 'DownloadableAcl',
    xmlRoot: 'downloadableacl',
    namespace: 'network',
    version: { current: '1.2', supported: ['1.0', '1.1', '1.2'] },
    fields: strings('id', 'name', 'description', 'dacl', 'daclType'),
    list: NAME_DESCRIPTION_LIST,
    entryDescription: (d) => d.description,
    toView,
    fromInput: asBody,
    service: collectionService(services.policy.dacls),
  });
}
