// ERS PUT /ers/config/endpointcert/certRequest: a key pair and certificate
// from the internal CA, answered as a ZIP (PKCS#12 or PEM files); errors are
// ERSResponse bodies in the Accept format, never zipped.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ersAccess } from '../domain/admin-user.ts';
import type { Services } from '../services/index.ts';
import { readBody } from './body.ts';
import { absoluteUrl, actorOf, formatOf, send } from './context.ts';
import { linkType, renderVersionInfo } from './envelope.ts';
import type { FieldSpec } from './fields.ts';
import { checkErsVersion, registerMethodNotAllowed } from './resource.ts';

const RESOURCE = 'endpointcert';
const VERSION = { current: '1.0', supported: ['1.0'] };
const BASE = `/ers/config/${RESOURCE}`;

const BODY = {
  wrapper: 'ERSEndPointCert',
  xmlRoot: 'endpointcert',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'description', type: 'string' },
    { name: 'certTemplateName', type: 'string' },
    { name: 'format', type: 'string' },
    { name: 'password', type: 'string' },
    { name: 'certificateRequest', type: 'map' },
  ] satisfies FieldSpec[],
};

export function registerEndpointCertRoutes(app: FastifyInstance, services: Services): void {
  const certRequest = `${BASE}/certRequest`;
  const versionInfo = `${BASE}/versioninfo`;
  app.put(certRequest, {
    config: { operation: 'certRequest', resource: RESOURCE },
    schema: { tags: [RESOURCE], summary: 'Generate a key pair and an internal-CA certificate; answers a ZIP' },
  }, async (request: FastifyRequest, reply) => {
    checkErsVersion(request, RESOURCE, VERSION.supported);
    const body = readBody(request, BODY);
    const bundle = await services.ca.requestCertificate({
      certTemplateName: body.certTemplateName as string | undefined,
      format: body.format as string | undefined,
      password: body.password as string | undefined,
      certificateRequest: body.certificateRequest as Record<string, string> | undefined,
    }, { actor: actorOf(request), anyCn: request.admin !== undefined && ersAccess(request.admin.role) === 'all' });
    return reply.status(200)
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${bundle.fileName}"`)
      .send(Buffer.from(bundle.zip));
  });
  app.get(versionInfo, { config: { operation: 'versioninfo', resource: RESOURCE } }, async (request, reply) => {
    const format = formatOf(request);
    const self = { rel: 'self', href: absoluteUrl(request).split('?')[0], type: linkType(format) };
    return send(reply, 200, format, renderVersionInfo(format, VERSION.current, VERSION.supported, self));
  });
  registerMethodNotAllowed(app, [{ method: 'PUT', url: certRequest }, { method: 'GET', url: versionInfo }], RESOURCE);
}
