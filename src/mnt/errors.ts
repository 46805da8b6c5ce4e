// MnT's error document, `mnt-rest-result`, for every failure under the MnT
// prefixes (and the success document of Session/Delete). Statuses come from
// the error catalog; the "not available" wording is what clients look for.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError } from '../errors.ts';
import { el, type MntNode } from './document.ts';
import { sendDoc } from './context.ts';

const STATUS_TEXT: Record<number, string> = {
  200: 'SUCCESSFUL', 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  413: 'REQUEST_ENTITY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS', 500: 'SERVER_ERROR', 503: 'SERVICE_UNAVAILABLE',
};
/** ISE's cpm-code for a lookup with no data. */
const CPM_NOT_AVAILABLE = 34110;
const SERVER_ERROR_DESCRIPTION = 'Server has encountered error while processing the REST request';

/** The "no session" error: HTTP 500 with `Session data is not available for <key>.` (key as requested). */
export const notAvailable = (key: string): GatehouseError => new GatehouseError('noData', `Session data is not available for ${key}.`);

export function mntResult(status: number, description: string, operation: string, extra: { cpmCode?: number; info?: string } = {}): MntNode {
  return {
    tag: 'mnt-rest-result',
    children: [
      el('http-code', status),
      ...(extra.cpmCode !== undefined ? [el('cpm-code', extra.cpmCode)] : []),
      el('description', description),
      el('module-name', 'MnT'),
      ...(extra.info !== undefined ? [el('internal-error-info', extra.info)] : []),
      el('requested-operation', operation),
      el('resource-id', 'N/A'),
      el('resource-name', 'N/A'),
      el('resource-type', 'RESTSDStatus'),
      el('status', STATUS_TEXT[status] ?? (status < 400 ? 'SUCCESSFUL' : 'SERVER_ERROR')),
    ],
  };
}

export function sendMntError(request: FastifyRequest, reply: FastifyReply, err: GatehouseError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  const operation = request.routeOptions?.config?.mntOperation ?? 'Get By Type';
  const doc = err.kind === 'noData'
    ? mntResult(err.status, SERVER_ERROR_DESCRIPTION, operation, { cpmCode: CPM_NOT_AVAILABLE, info: `Error in generating XML output. Error message = ${err.message}` })
    : err.status >= 500
      ? mntResult(err.status, SERVER_ERROR_DESCRIPTION, operation, { info: err.message })
      : mntResult(err.status, err.message, operation);
  return sendDoc(request, reply, err.status, doc);
}

export const mntNotFound = (request: FastifyRequest): GatehouseError =>
  new GatehouseError('unknownResource', `No MnT resource at ${request.method} ${request.url.split('?')[0]}`);
