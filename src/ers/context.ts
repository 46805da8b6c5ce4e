// Per-request ERS context: negotiated format, absolute base URL, actor.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { contentTypeOf, responseFormat, type Format } from '../http/media.ts';
import type { Actor } from '../services/context.ts';
import type { AdminUser } from '../domain/admin-user.ts';

declare module 'fastify' {
  interface FastifyRequest {
    admin?: AdminUser;
  }
  interface FastifyContextConfig {
    /** ERS operation name for ERSResponse.operation, e.g. "create" or "get by id". */
    operation?: string;
    resource?: string;
  }
}

/** Response format from Accept; 415 when the client accepts neither JSON nor XML. */
export function formatOf(request: FastifyRequest): Format {
  return responseFormat(request.headers.accept) ?? fail('mediaType', `Unsupported Accept header '${request.headers.accept}': use application/json or application/xml`);
}

/** Format for error bodies: never fails. */
export const errorFormatOf = (request: FastifyRequest): Format => responseFormat(request.headers.accept) ?? 'json';

/** scheme://host[:port] as the client addressed us. */
export function baseUrl(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  return `https://${host}`;
}

export const absoluteUrl = (request: FastifyRequest): string => `${baseUrl(request)}${request.url}`;

export function actorOf(request: FastifyRequest): Actor {
  return { name: request.admin?.name ?? 'anonymous', source: request.ip };
}

export function send(reply: FastifyReply, status: number, format: Format, body: string): FastifyReply {
  return reply.status(status).header('content-type', contentTypeOf(format)).send(body);
}

/** 201/204 carry no body but, as on ISE, still a Content-Type. */
export function sendEmpty(reply: FastifyReply, status: number, format: Format): FastifyReply {
  return reply.status(status).header('content-type', contentTypeOf(format)).send();
}
