// The shape of an MnT route table: paths relative to the MnT prefixes
// (/admin/API/mnt and /ise/mnt), each registered under both.
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Services } from '../services/index.ts';

export interface MntDeps {
  services: Services;
  /** Short host name reported as `server` / `acs_server`. */
  nodeName: string;
}

export interface MntRoute {
  method: HTTPMethods | HTTPMethods[];
  /** Relative path with fastify parameters, e.g. `Session/MACAddress/:mac`. */
  path: string;
  /** mnt-rest-result requested-operation. */
  operation: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Path parameters of a request. */
export const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;
