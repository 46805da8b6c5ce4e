// `/policy-set`: policy sets CRUD and reset-hitcount (policy-api.md §3).
import type { PolicySet } from '../domain/policy/index.ts';
import { bare, created, ok } from './envelope.ts';
import { renderPolicySet } from './render.ts';
import type { ApiContext, ApiDeps, ApiRoute } from './routes.ts';

export function policySetRoutes({ services }: ApiDeps): ApiRoute[] {
  const policy = services.policy;
  const render = (s: PolicySet, ctx: ApiContext) => renderPolicySet(s, ctx.link(`policy-set/${s.id}`), (id) => policy.describeCondition(id));
  return [
    { method: 'GET', path: 'policy-set', summary: 'List policy sets', handler: (ctx) => ok(policy.policySets().map((s) => render(s, ctx))) },
    {
      method: 'POST', path: 'policy-set', summary: 'Create a policy set',
      handler: async (ctx) => created(render(await policy.createPolicySet(ctx.body(), ctx.actor), ctx)),
    },
    {
      method: 'POST', path: 'policy-set/reset-hitcount', summary: 'Reset the hit counts of all policy sets',
      handler: async (ctx) => {
        await policy.resetPolicySetHitCounts(ctx.actor);
        return bare({ message: 'Policy set hit counts reset successfully' });
      },
    },
    { method: 'GET', path: 'policy-set/:ps', summary: 'Get a policy set', handler: (ctx) => ok(render(policy.policySet(ctx.params.ps), ctx)) },
    {
      method: 'PUT', path: 'policy-set/:ps', summary: 'Update a policy set',
      handler: async (ctx) => ok(render(await policy.updatePolicySet(ctx.params.ps, ctx.body(), ctx.actor), ctx)),
    },
    {
      method: 'DELETE', path: 'policy-set/:ps', summary: 'Delete a policy set and its rules',
      handler: async (ctx) => bare({ id: (await policy.deletePolicySet(ctx.params.ps, ctx.actor)).id }),
    },
  ];
}
