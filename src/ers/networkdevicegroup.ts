// ERS /ers/config/networkdevicegroup
import type { FastifyInstance } from 'fastify';
import { ndgNameFromUrl, type NetworkDeviceGroup } from '../domain/ndg.ts';
import type { NetworkDeviceGroupDraft } from '../services/network-device-groups.ts';
import type { Services } from '../services/index.ts';
import { byIdService, registerErsResource } from './resource.ts';
import { pickDefined, type FieldSpec } from './fields.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'othername', type: 'string' },
  // The spelling of ISE 3.1 ≤ P4 and early 3.2, accepted as an alias of othername.
  { name: 'ndgtype', type: 'string' },
];

const toView = (g: NetworkDeviceGroup): Record<string, unknown> => ({
  id: g.id, name: g.name, description: g.description, othername: g.othername,
});

function fromInput(p: Record<string, unknown>): NetworkDeviceGroupDraft {
  const d = pickDefined<NetworkDeviceGroupDraft>(p, ['name', 'description']);
  const type = (p.othername ?? p.ndgtype) as string | undefined;
  if (type !== undefined) d.othername = type;
  return d;
}

export function registerNetworkDeviceGroupRoutes(app: FastifyInstance, services: Services): void {
  const groups = services.networkDeviceGroups;
  registerErsResource(app, {
    path: 'networkdevicegroup',
    wrapper: 'NetworkDeviceGroup',
    xmlRoot: 'networkdevicegroup',
    namespace: 'network',
    version: { current: '1.1', supported: ['1.0', '1.1'] },
    fields: FIELDS,
    list: {
      filters: { name: { field: 'name' }, description: { field: 'description' }, type: { field: 'othername' } },
      sorts: { name: 'name', description: 'description' },
      defaultSort: 'name',
    },
    entryDescription: (g) => g.description,
    toView,
    fromInput,
    nameFromUrl: ndgNameFromUrl,
    byName: { get: true },
    service: byIdService(groups),
  });
}
