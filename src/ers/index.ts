// The ERS API: authentication and roles for /ers/*, every resource's
// routes, and ERSResponse rendering of every error under /ers/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';
import { ersAccess } from '../domain/admin-user.ts';
import type { Services } from '../services/index.ts';
import { authenticateRequest, type LoginLimiter } from '../http/auth.ts';
import type { CsrfGuard } from '../http/csrf.ts';
import { renderErsResponse } from './envelope.ts';
import { errorFormatOf, absoluteUrl, send } from './context.ts';
import { registerInternalUserRoutes } from './internaluser.ts';
import { registerIdentityGroupRoutes } from './identitygroup.ts';
import { registerAdminUserRoutes } from './adminuser.ts';
import { registerEndpointRoutes } from './endpoint.ts';
import { registerEndpointGroupRoutes } from './endpointgroup.ts';
import { registerNetworkDeviceRoutes } from './networkdevice.ts';
import { registerNetworkDeviceGroupRoutes } from './networkdevicegroup.ts';
import { registerCertificateTemplateRoutes } from './certificatetemplate.ts';
import { registerEndpointCertRoutes } from './endpointcert.ts';
import { registerSystemRoutes } from './system.ts';
import { registerAuthorizationProfileRoutes } from './authorizationprofile.ts';
import { registerDownloadableAclRoutes } from './downloadableacl.ts';
import { registerAllowedProtocolsRoutes } from './allowedprotocols.ts';
import { registerSgtRoutes } from './sgt.ts';
import { registerAncPolicyRoutes } from './ancpolicy.ts';
import { registerAncEndpointRoutes } from './ancendpoint.ts';

export interface ErsDeps {
  services: Services;
  limiter: LoginLimiter;
  csrf: CsrfGuard;
}

export const isErsPath = (url: string): boolean => url.startsWith('/ers/') || url === '/ers';

export function registerErs(app: FastifyInstance, deps: ErsDeps): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isErsPath(request.url)) return;
    const admin = await authenticateRequest(request, deps.services.admins, deps.limiter);
    request.admin = admin;
    if (ersAccess(admin.role) === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      fail('forbidden', `Forbidden: admin '${admin.name}' (ERS Operator) may only read`);
    }
    deps.csrf.verify(request, admin.name);
    deps.csrf.handleFetch(request, reply, admin.name);
  });
  registerInternalUserRoutes(app, deps.services);
  registerIdentityGroupRoutes(app, deps.services);
  registerAdminUserRoutes(app, deps.services);
  registerEndpointRoutes(app, deps.services);
  registerEndpointGroupRoutes(app, deps.services);
  registerNetworkDeviceRoutes(app, deps.services);
  registerNetworkDeviceGroupRoutes(app, deps.services);
  registerCertificateTemplateRoutes(app, deps.services);
  registerEndpointCertRoutes(app, deps.services);
  registerAncPolicyRoutes(app, deps.services);
  registerAncEndpointRoutes(app, deps.services);
  registerAuthorizationProfileRoutes(app, deps.services);
  registerDownloadableAclRoutes(app, deps.services);
  registerAllowedProtocolsRoutes(app, deps.services);
  registerSgtRoutes(app, deps.services);
  registerSystemRoutes(app);
}

/** ERSResponse.operation: METHOD-operation-resource. */
function operationOf(request: FastifyRequest): string {
  const cfg = request.routeOptions?.config;
  const resource = cfg?.resource ?? request.url.split('?')[0].split('/')[3] ?? '';
  const op = cfg?.operation ?? (request.method === 'GET' ? 'getAll' : request.method === 'POST' ? 'create' : 'update');
  return `${request.method}-${op}-${resource}`;
}

export function sendErsError(request: FastifyRequest, reply: FastifyReply, err: GatehouseError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  const format = errorFormatOf(request);
  return send(reply, err.status, format, renderErsResponse(format, operationOf(request), err.message, err.code, absoluteUrl(request)));
}

export function ersNotFound(request: FastifyRequest): GatehouseError {
  const resource = request.url.split('?')[0].split('/')[3] ?? '';
  return new GatehouseError('unknownResource', `Unsupported resource: '${resource}' is not an ERS resource or this path does not exist`);
}
