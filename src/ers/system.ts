// ERS calls that are not resources: /ers/config/op/systemconfig/iseversion.
import type { FastifyInstance } from 'fastify';
import { ISE_PATCH, ISE_VERSION } from '../version.ts';
import { renderOperationResult } from './envelope.ts';
import { formatOf, send } from './context.ts';
import { registerMethodNotAllowed } from './resource.ts';

export function registerSystemRoutes(app: FastifyInstance): void {
  const url = '/ers/config/op/systemconfig/iseversion';
  app.get(url, { config: { operation: 'iseversion', resource: 'op' } }, async (request, reply) => {
    const format = formatOf(request);
    return send(reply, 200, format, renderOperationResult(format, [
      { name: 'version', value: ISE_VERSION },
      { name: 'patch information', value: ISE_PATCH },
    ]));
  });
  registerMethodNotAllowed(app, [{ method: 'GET', url }], 'op');
}
