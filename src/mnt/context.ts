// Per-request MnT helpers: the response format (XML unless the client asks
// for JSON, never a 415) and sending a document.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { responseFormat, type Format } from '../http/media.ts';
import type { Actor } from '../services/context.ts';
import { renderJson, renderXml, type MntNode } from './document.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** MnT operation for mnt-rest-result's requested-operation. */
    mntOperation?: string;
  }
}

export const mntFormat = (request: FastifyRequest): Format => responseFormat(request.headers.accept) ?? 'xml';

const CONTENT_TYPE: Record<Format, string> = { xml: 'application/xml; charset=utf-8', json: 'application/json; charset=utf-8' };

/** Sends a rendered document. */
export function sendText(reply: FastifyReply, status: number, format: Format, body: string | Buffer): FastifyReply {
  return reply.status(status).header('content-type', CONTENT_TYPE[format]).send(body);
}

/** Sends a document in the negotiated format; `lists` names JSON arrays present even when empty. */
export function sendDoc(request: FastifyRequest, reply: FastifyReply, status: number, doc: MntNode, lists: string[] = []): FastifyReply {
  const format = mntFormat(request);
  return sendText(reply, status, format, format === 'json' ? renderJson(doc, lists) : renderXml(doc));
}

/** The authenticated admin and client address, for audit. */
export const actorOf = (request: FastifyRequest): Actor => ({ name: request.admin?.name ?? 'anonymous', source: request.ip });
