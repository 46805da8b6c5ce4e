// What the extension's route files share: the prefix, the route shape and
// the JSON sender.
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

export const EXT_PREFIX = '/gatehouse/v1';

export interface ExtRoute {
  method: HTTPMethods;
  /** Path under EXT_PREFIX ('' for the prefix itself), fastify syntax. */
  path: string;
  summary: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

const JSON_TYPE = 'application/json;charset=utf-8';

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).header('content-type', JSON_TYPE).send(JSON.stringify(body));
}
