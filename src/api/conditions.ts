// Library conditions (`/condition`, by id and by name, and the subsets
// usable per level), time-and-date conditions and network conditions
// (policy-api.md §5–6).
import type { PolicyLevel } from '../services/policy.ts';
import { ok } from './envelope.ts';
import { renderCondition, renderNetworkCondition, renderTimeCondition } from './render.ts';
import { collectionRoutes, type ApiContext, type ApiDeps, type ApiRoute } from './routes.ts';

const LEVELS: readonly PolicyLevel[] = ['policyset', 'authentication', 'authorization'];

export function conditionRoutes({ services }: ApiDeps): ApiRoute[] {
  const policy = services.policy;
  const describe = (id: string) => policy.describeCondition(id);
  const library = (c: Parameters<typeof renderCondition>[0] & { id: string }, ctx: ApiContext) => renderCondition(c, describe, ctx.link(`condition/${c.id}`));
  return [
    // The per-level lists are registered before `condition/:id` takes the same shape.
    ...LEVELS.map((level): ApiRoute => ({
      method: 'GET', path: `condition/${level}`, summary: `List library conditions usable in ${level} rules`,
      handler: (ctx) => ok(policy.conditionsFor(level).map((c) => library(c, ctx))),
    })),
    ...collectionRoutes({ path: 'condition', noun: 'library condition', collection: policy.conditions, render: library, byName: 'condition-by-name' }),
    ...collectionRoutes({
      path: 'time-condition', noun: 'time and date condition', collection: policy.timeConditions,
      render: (c, ctx) => renderTimeCondition(c, ctx.link(`time-condition/${c.id}`)),
    }),
    ...collectionRoutes({
      path: 'network-condition', noun: 'network condition', collection: policy.networkConditions,
      render: (c, ctx) => renderNetworkCondition(c, ctx.link(`network-condition/${c.id}`)),
    }),
  ];
}
