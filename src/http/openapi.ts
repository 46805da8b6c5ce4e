// OpenAPI document and Swagger UI, generated from the route schemas.
// Route schemas are produced from the same field descriptions that the ERS
// codecs validate bodies with, so the document and the behaviour agree; the
// codecs (not ajv) do the validation, to answer in ISE's error format.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { GATEHOUSE_VERSION } from '../version.ts';

export const DOCS_PREFIX = '/api/swagger-ui';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gatehouse ERS API',
        description: 'Cisco ISE-compatible External RESTful Services (ERS). JSON and XML; HTTP Basic authentication with an ERS Admin or ERS Operator account.',
        version: GATEHOUSE_VERSION,
      },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } },
      security: [{ basicAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/ers/sdk', { schema: { hide: true } }, async (_request, reply) => reply.redirect(`${DOCS_PREFIX}/`));
}
