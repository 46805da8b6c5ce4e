// Rules of a policy set and the global exceptions (policy-api.md §4): one
// route table per rule list, built from the list's path and kind.
import type { AuthenticationRule, AuthorizationRule } from '../domain/policy/index.ts';
import type { RuleKind } from '../services/policy.ts';
import { bare, created, ok } from './envelope.ts';
import { renderAuthenticationRule, renderAuthorizationRule } from './render.ts';
import type { ApiContext, ApiDeps, ApiRoute } from './routes.ts';

interface RuleList {
  kind: RuleKind;
  /** Collection path; `:ps` is the policy set. */
  path: string;
  noun: string;
}

const LISTS: readonly RuleList[] = [
  { kind: 'authentication', path: 'policy-set/:ps/authentication', noun: 'authentication rule' },
  { kind: 'authorization', path: 'policy-set/:ps/authorization', noun: 'authorization rule' },
  { kind: 'localException', path: 'policy-set/:ps/exception', noun: 'local exception rule' },
  { kind: 'globalException', path: 'policy-set/global-exception', noun: 'global exception rule' },
];

export function ruleRoutes({ services }: ApiDeps): ApiRoute[] {
  const policy = services.policy;
  const describe = (id: string) => policy.describeCondition(id);
  const routes: ApiRoute[] = [];
  for (const list of LISTS) {
    const setOf = (ctx: ApiContext): string | undefined => ctx.params.ps;
    const selfPath = (ctx: ApiContext, id: string): string => `${list.path.replace(':ps', setOf(ctx) ?? '')}/${id}`;
    const render = (r: AuthenticationRule | AuthorizationRule, ctx: ApiContext) => (list.kind === 'authentication'
      ? renderAuthenticationRule(r as AuthenticationRule, ctx.link(selfPath(ctx, r.rule.id)), describe)
      : renderAuthorizationRule(r as AuthorizationRule, ctx.link(selfPath(ctx, r.rule.id)), describe));
    routes.push(
      { method: 'GET', path: list.path, summary: `List ${list.noun}s`, handler: (ctx) => ok(policy.rules(list.kind, setOf(ctx)).map((r) => render(r, ctx))) },
      {
        method: 'POST', path: list.path, summary: `Create a ${list.noun}`,
        handler: async (ctx) => created(render(await policy.createRule(list.kind, setOf(ctx), ctx.body(), ctx.actor), ctx)),
      },
      {
        method: 'POST', path: `${list.path}/reset-hitcount`, summary: `Reset the hit counts of the ${list.noun}s`,
        handler: async (ctx) => {
          await policy.resetRuleHitCounts(list.kind, setOf(ctx), ctx.actor);
          return bare({ message: 'Hit counts reset successfully' });
        },
      },
      {
        method: 'GET', path: `${list.path}/:id`, summary: `Get a ${list.noun}`,
        handler: (ctx) => ok(render(policy.rule(list.kind, setOf(ctx), ctx.params.id), ctx)),
      },
      {
        method: 'PUT', path: `${list.path}/:id`, summary: `Update a ${list.noun}`,
        handler: async (ctx) => ok(render(await policy.updateRule(list.kind, setOf(ctx), ctx.params.id, ctx.body(), ctx.actor), ctx)),
      },
      {
        method: 'DELETE', path: `${list.path}/:id`, summary: `Delete a ${list.noun}`,
        handler: async (ctx) => bare({ id: (await policy.deleteRule(list.kind, setOf(ctx), ctx.params.id, ctx.actor)).rule.id }),
      },
    );
  }
  return routes;
}
