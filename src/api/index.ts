// The network-access policy OpenAPI under /api/v1/policy/network-access
// (policy-api.md): HTTP Basic authentication of admins, roles, every route
// table, `X-Request-ID` echo, and the OpenAPI error body for every failure
// under /api/v1.
//
// Roles: ISE lets Super Admin, ERS Admin and Policy Admin manage policy over
// the OpenAPI. Gatehouse's super-admin and ers-admin may read and write;
// ers-operator, like on ERS, may only read (GET) and gets 403 on writes.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { fail } from '../errors.ts';
import { ersAccess } from '../domain/admin-user.ts';
import { authenticateRequest, type LoginLimiter } from '../http/auth.ts';
import { POLICY_PREFIX, isOpenApiPath, sendResult } from './envelope.ts';
import { apiContext, type ApiDeps, type ApiRoute } from './routes.ts';
import { policySetRoutes } from './policy-sets.ts';
import { ruleRoutes } from './rules.ts';
import { conditionRoutes } from './conditions.ts';
import { dictionaryRoutes } from './dictionaries.ts';
import { lookupRoutes } from './lookups.ts';

export { apiNotFound, isOpenApiPath, sendApiError } from './envelope.ts';

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function registerPolicyApi(app: FastifyInstance, deps: ApiDeps & { limiter: LoginLimiter }): void {
  app.addHook('onRequest', async (request) => {
    if (!isOpenApiPath(request.url)) return;
    const admin = await authenticateRequest(request, deps.services.admins, deps.limiter);
    request.admin = admin;
    if (ersAccess(admin.role) === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      fail('forbidden', `Forbidden: admin '${admin.name}' may only read the policy`);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    const id = request.headers['x-request-id'];
    if (typeof id === 'string' && isOpenApiPath(request.url)) reply.header('x-request-id', id);
  });
  const routes: ApiRoute[] = [
    ...policySetRoutes(deps),
    ...ruleRoutes(deps),
    ...conditionRoutes(deps),
    ...dictionaryRoutes(deps),
    ...lookupRoutes(deps),
  ];
  const methodsByUrl = new Map<string, HTTPMethods[]>();
  for (const r of routes) {
    const url = `${POLICY_PREFIX}/${r.path}`;
    methodsByUrl.set(url, [...(methodsByUrl.get(url) ?? []), r.method]);
    app.route({
      method: r.method, url, schema: { tags: ['network-access policy'], summary: r.summary },
      handler: async (request, reply) => sendResult(reply, await r.handler(apiContext(request))),
    });
  }
  for (const [url, methods] of methodsByUrl) {
    const missing = ALL_METHODS.filter((m) => !methods.includes(m));
    const allow = methods.join(', ');
    app.route({
      method: missing, url, schema: { hide: true },
      handler: async (request) => fail('methodNotAllowed', `Method ${request.method} is not supported on ${request.url.split('?')[0]}`, { allow }),
    });
  }
}
