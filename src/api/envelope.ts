// The network-access OpenAPI's wire forms (policy-api.md §1): success
// bodies wrapped as `{"version":"1.0.0","response":…}`, the documented bare
// bodies (DELETE, reset-hitcount, lookup lists), self links, JSON request
// bodies, and errors as `{"code":"<status>","message":…}`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';

export const API_PREFIX = '/api/v1';
export const POLICY_PREFIX = `${API_PREFIX}/policy/network-access`;
export const API_VERSION = '1.0.0';

export const isOpenApiPath = (url: string): boolean => url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);

/** HTTP statuses of the successful outcomes. */
const STATUS = { ok: 200, created: 201 } as const;

export interface ApiResult {
  outcome: keyof typeof STATUS;
  body: unknown;
  /** Inside the `{version, response}` envelope. */
  wrapped: boolean;
}

export const ok = (response: unknown): ApiResult => ({ outcome: 'ok', body: response, wrapped: true });
export const created = (response: unknown): ApiResult => ({ outcome: 'created', body: response, wrapped: true });
/** A documented unwrapped body (`{"id":…}`, `{"message":…}`, lookup arrays). */
export const bare = (body: unknown): ApiResult => ({ outcome: 'ok', body, wrapped: false });

export interface Link {
  rel: 'self';
  href: string;
  type: 'application/json';
}

/** `https://<host as requested>/api/v1/policy/network-access/<path>`. */
export function selfLink(request: FastifyRequest, path: string): Link {
  return { rel: 'self', href: `https://${request.headers.host ?? request.hostname}${POLICY_PREFIX}/${path}`, type: 'application/json' };
}

const CONTENT_TYPE = 'application/json;charset=utf-8';

export function sendResult(reply: FastifyReply, r: ApiResult): FastifyReply {
  const body = r.wrapped ? { version: API_VERSION, response: r.body } : r.body;
  return reply.status(STATUS[r.outcome]).header('content-type', CONTENT_TYPE).send(JSON.stringify(body, null, 2));
}

const PREFIX = 'Failed to handle API request - ';
/** Statuses whose message is the plain reason (authentication and throttling). */
const PLAIN = new Set([401, 403, 429]);

/** `{"code":"400","message":"Failed to handle API request - …"}` for every failure under /api/v1. */
export function sendApiError(reply: FastifyReply, err: GatehouseError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  const message = PLAIN.has(err.status) || err.message.startsWith(PREFIX) ? err.message : `${PREFIX}${err.message}`;
  return reply.status(err.status).header('content-type', CONTENT_TYPE).send(JSON.stringify({ code: String(err.status), message }, null, 2));
}

export function apiNotFound(request: FastifyRequest): GatehouseError {
  return new GatehouseError('notFound', `No resource at ${request.method} ${request.url.split('?')[0]}`);
}

/** The JSON request body; JSON only, no ERS wrapper. */
export function readJson(request: FastifyRequest): unknown {
  const type = request.headers['content-type'];
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type.split(';')[0].trim())) {
    fail('mediaType', `Unsupported Content-Type '${type}': the API accepts application/json`);
  }
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw.trim() === '') fail('schema', 'Validation Error - request body is empty');
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    return fail('invalidBody', `Invalid JSON: ${(e as Error).message}`);
  }
}
