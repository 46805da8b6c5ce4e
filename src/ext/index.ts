// The Gatehouse extension API under /gatehouse/v1: calls real ISE does not
// have, under a prefix of their own so that everything under /ers behaves
// as on ISE. The workstation CLI detects it (GET /gatehouse/v1 answers the
// capabilities; ISE answers 404) and then takes its fast paths: every object
// of a resource as one NDJSON stream, bulk create/update of internal users,
// and bulk status that waits for the job; the internal CA's issued
// certificates are listed and revoked here (ISE does that only in its GUI).
// HTTP Basic authentication of admins with the ERS limiter; ers-operator may
// only read (as on ERS); writes pass the ERS CSRF check when it is on.
// Errors are the catalog's, as `{"error": code, "message": title}`.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';
import { ersAccess } from '../domain/admin-user.ts';
import type { Services } from '../services/index.ts';
import { authenticateRequest, type LoginLimiter } from '../http/auth.ts';
import type { CsrfGuard } from '../http/csrf.ts';
import { GATEHOUSE_VERSION } from '../version.ts';
import { EXPORT_FORMAT, EXPORT_RESOURCES, exportRoutes } from './export.ts';
import { BULK_STATUS_WAIT_MAX_S, USER_BULK_OPERATIONS, bulkRoutes } from './bulk.ts';
import { CERTIFICATE_STATUSES, certificateRoutes } from './certificates.ts';
import { REVOCATION_REASONS } from '../domain/certificate.ts';
import { EXT_PREFIX, sendJson, type ExtRoute } from './routes.ts';

export { EXT_PREFIX } from './routes.ts';

export interface ExtDeps {
  services: Services;
  limiter: LoginLimiter;
  csrf: CsrfGuard;
}

export const isGatehousePath = (url: string): boolean =>
  url === '/gatehouse' || url.startsWith('/gatehouse/') || url.startsWith('/gatehouse?');

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The capability document a client detects the extension by. */
function capabilities(services: Services): Record<string, unknown> {
  return {
    Gatehouse: {
      version: GATEHOUSE_VERSION,
      api: 'v1',
      export: {
        resources: [...EXPORT_RESOURCES],
        href: `${EXT_PREFIX}/export/{resource}`,
        format: EXPORT_FORMAT,
        order: 'name',
      },
      bulk: {
        resources: { internaluser: [...USER_BULK_OPERATIONS] },
        href: `${EXT_PREFIX}/bulk/{resource}`,
        status: `${EXT_PREFIX}/bulk/{resource}/{bulkId}?wait={seconds}`,
        statusResources: ['internaluser', 'endpoint', 'networkdevice'],
        maxWaitSeconds: BULK_STATUS_WAIT_MAX_S,
        limit: services.bulk.limits.fullResource,
      },
      certificates: {
        href: `${EXT_PREFIX}/certificates`,
        filters: ['mac', 'cn', 'status'],
        statuses: [...CERTIFICATE_STATUSES],
        revoke: `${EXT_PREFIX}/certificates/{serial}/revoke`,
        reasons: [...REVOCATION_REASONS],
      },
    },
  };
}

export function registerGatehouseApi(app: FastifyInstance, deps: ExtDeps): void {
  app.addHook('onRequest', async (request) => {
    if (!isGatehousePath(request.url)) return;
    const admin = await authenticateRequest(request, deps.services.admins, deps.limiter);
    request.admin = admin;
    if (ersAccess(admin.role) === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      fail('forbidden', `Forbidden: admin '${admin.name}' (ERS Operator) may only read`);
    }
    deps.csrf.verify(request, admin.name);
  });
  const routes: ExtRoute[] = [
    {
      method: 'GET', path: '', summary: 'Gatehouse extension capabilities',
      handler: async (_request, reply) => sendJson(reply, 200, capabilities(deps.services)),
    },
    ...exportRoutes(deps.services),
    ...bulkRoutes(deps.services),
    ...certificateRoutes(deps.services),
  ];
  const methodsByUrl = new Map<string, HTTPMethods[]>();
  for (const r of routes) {
    const url = `${EXT_PREFIX}${r.path}`;
    methodsByUrl.set(url, [...(methodsByUrl.get(url) ?? []), r.method]);
    app.route({ method: r.method, url, schema: { tags: ['gatehouse extension'], summary: r.summary }, handler: r.handler });
  }
  for (const [url, methods] of methodsByUrl) {
    const allow = methods.join(', ');
    app.route({
      method: ALL_METHODS.filter((m) => !methods.includes(m)), url, schema: { hide: true },
      handler: async (request) => fail('methodNotAllowed', `Method ${request.method} is not supported on ${request.url.split('?')[0]}`, { allow }),
    });
  }
}

/** `{"error": "<catalog code>", "message": "<title>"}` for every failure under /gatehouse. */
export function sendGatehouseError(reply: FastifyReply, err: GatehouseError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return sendJson(reply, err.status, { error: err.code, message: err.message });
}

export function gatehouseNotFound(request: FastifyRequest): GatehouseError {
  return new GatehouseError('unknownResource', `No Gatehouse extension resource at ${request.method} ${request.url.split('?')[0]}`);
}
