// ERS /ers/config/ancpolicy: ANC policies, whose id is their name.
import type { FastifyInstance } from 'fastify';
import type { AncPolicy } from '../domain/anc.ts';
import type { AncPolicyDraft } from '../services/anc.ts';
import type { Services } from '../services/index.ts';
import { registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';
import type { FieldSpec } from './fields.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'actions', type: 'list', item: 'action', of: { type: 'string' } },
];

const toView = (p: AncPolicy): Record<string, unknown> => ({
  id: p.id, name: p.name, ...(p.description && { description: p.description }), actions: p.actions,
});

function fromInput(p: Record<string, unknown>): AncPolicyDraft {
  const d: AncPolicyDraft = {};
  if (p.name !== undefined) d.name = p.name as string;
  if (p.description !== undefined) d.description = p.description as string;
  if (p.actions !== undefined) d.actions = p.actions as string[];
  return d;
}

export function registerAncPolicyRoutes(app: FastifyInstance, services: Services): void {
  const anc = services.anc;
  registerErsResource(app, {
    path: 'ancpolicy',
    wrapper: 'ErsAncPolicy',
    xmlRoot: 'ersAncPolicy',
    namespace: 'anc',
    version: { current: '1.0', supported: ['1.0'] },
    fields: FIELDS,
    list: NAME_DESCRIPTION_LIST,
    entryDescription: (p) => p.description || undefined,
    toView,
    fromInput,
    byName: { get: true, put: true, delete: true },
    service: {
      search: (q) => anc.searchPolicies(q),
      get: (id) => anc.getPolicy(id),
      getByName: (name) => anc.getPolicyByName(name),
      create: (d, actor) => anc.createPolicy(d, actor),
      update: (ref, d, actor) => anc.updatePolicy(ref, d, actor),
      delete: (ref, actor) => anc.deletePolicy(ref, actor),
    },
  });
}
