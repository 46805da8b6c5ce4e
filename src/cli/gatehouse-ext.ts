// The Gatehouse extension API as the CLI uses it (/gatehouse/v1, see
// src/ext). Detection: an authenticated GET /gatehouse/v1 that answers the
// capability document; real ISE answers 404 there (or redirects on its
// portal port), and then every command keeps to the calls ISE serves.
// What it offers: every object of a resource as one NDJSON stream (export
// and the importer's look-up), bulk create/update of internal users, and
// bulk status that waits for its job.
import { ersMessage, jsonOf, type ErsHttp } from './ers-http.ts';

export const EXT_PREFIX = '/gatehouse/v1';

export interface GatehouseExtension {
  version: string;
  /** Resources offered as an NDJSON export stream. */
  exports: ReadonlySet<string>;
  /** Resource → bulk operations offered through the extension. */
  bulk: ReadonlyMap<string, ReadonlySet<string>>;
  /** Resources whose bulk jobs (ERS or extension) the waiting status call reports. */
  bulkStatus: ReadonlySet<string>;
  /** Longest `wait` the status call accepts, seconds. */
  maxWaitSeconds: number;
  /** Items per bulk request. */
  bulkLimit: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads the capability document; undefined for anything else (ISE, an older node, an error page). */
export function parseCapabilities(json: unknown): GatehouseExtension | undefined {
  const g = (json as { Gatehouse?: Record<string, unknown> } | undefined)?.Gatehouse;
  if (!g || typeof g !== 'object' || g.api !== 'v1') return undefined;
  const exp = (g.export ?? {}) as Record<string, unknown>;
  const bulk = (g.bulk ?? {}) as Record<string, unknown>;
  const ops = new Map<string, ReadonlySet<string>>();
  for (const [resource, list] of Object.entries((bulk.resources ?? {}) as Record<string, unknown>)) ops.set(resource, new Set(strings(list)));
  return {
    version: typeof g.version === 'string' ? g.version : '',
    exports: new Set(strings(exp.resources)),
    bulk: ops,
    bulkStatus: new Set(strings(bulk.statusResources)),
    maxWaitSeconds: typeof bulk.maxWaitSeconds === 'number' ? bulk.maxWaitSeconds : 0,
    bulkLimit: typeof bulk.limit === 'number' && bulk.limit > 0 ? bulk.limit : 500,
  };
}

/** The extension's capabilities when the server is a Gatehouse node, else undefined. */
export async function detectExtension(http: ErsHttp): Promise<GatehouseExtension | undefined> {
  const r = await http.request('GET', `${EXT_PREFIX}/`);
  return r.status === 200 ? parseCapabilities(jsonOf(r)) : undefined;
}

export class ExportStreamError extends Error {
  readonly status: number;
  constructor(resource: string, status: number, message: string) {
    super(`GET ${EXT_PREFIX}/export/${resource}: ${status} ${message}`);
    this.status = status;
  }
}

/**
 * Every object of a resource from the export stream, in name order, as the
 * JSON text of its line (the object ERS GET returns inside its wrapper).
 * Returns how many objects the server counted when the stream started.
 */
export async function exportStream(http: ErsHttp, resource: string, onLine: (line: string) => void): Promise<{ total: number }> {
  const r = await http.lines(`${EXT_PREFIX}/export/${resource}`, onLine);
  if (r.status !== 200) throw new ExportStreamError(resource, r.status, ersMessage(r));
  return { total: Number(r.headers['x-total-count'] ?? 0) };
}
