// GET /gatehouse/v1/export/{internaluser|endpoint|networkdevice}: every
// object of the resource as NDJSON, one object per line in the JSON view ERS
// GET returns (the object inside its wrapper, without link; user passwords
// masked, network device secrets as ERS returns them), in name order. The
// store is read in keyset-paged chunks of EXPORT_CHUNK objects while the
// response streams, so memory stays flat and no object is read twice.
// X-Total-Count carries the number of objects when the export started.
import { Readable } from 'node:stream';
import type { Entity, SearchQuery, SearchResult, Seek } from '../domain/entity.ts';
import { fail } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { toView as userView } from '../ers/internaluser.ts';
import { toView as endpointView } from '../ers/endpoint.ts';
import { toView as deviceView } from '../ers/networkdevice.ts';
import type { ExtRoute } from './routes.ts';

export const EXPORT_RESOURCES = ['internaluser', 'endpoint', 'networkdevice'] as const;
export const EXPORT_FORMAT = 'application/x-ndjson';
/** Objects read from the store per query. */
export const EXPORT_CHUNK = 2000;

interface Chunk {
  lines: string;
  total: number;
  /** Where the next chunk starts; undefined after the last one. */
  next: Seek | number | undefined;
}

type ChunkReader = (from: Seek | number) => Promise<Chunk>;

function chunkReader<T extends Entity>(search: (q: SearchQuery) => Promise<SearchResult<T>>, view: (e: T) => Record<string, unknown>): ChunkReader {
  return async (from) => {
    const offset = typeof from === 'number' ? from : 0;
    const r = await search({
      filters: [], mode: 'and', sort: { field: 'name', desc: false }, offset, limit: EXPORT_CHUNK,
      ...(typeof from !== 'number' && { seek: from }),
    });
    let lines = '';
    for (const e of r.items) lines += `${JSON.stringify(view(e))}\n`;
    const full = r.items.length === EXPORT_CHUNK;
    // Stores that report sort keys are read by keyset; others by offset.
    const next = !full ? undefined : r.keys ? { key: r.keys.last, dir: 'after' as const } : offset + r.items.length;
    return { lines, total: r.total, next };
  };
}

function readers(s: Services): Record<(typeof EXPORT_RESOURCES)[number], ChunkReader> {
  return {
    internaluser: chunkReader((q) => s.internalUsers.search(q), userView),
    endpoint: chunkReader((q) => s.endpoints.search(q), endpointView),
    networkdevice: chunkReader((q) => s.networkDevices.search(q), deviceView),
  };
}

const isExportResource = (r: string): r is (typeof EXPORT_RESOURCES)[number] => (EXPORT_RESOURCES as readonly string[]).includes(r);

export function exportRoutes(services: Services): ExtRoute[] {
  const byResource = readers(services);
  return [{
    method: 'GET', path: '/export/:resource', summary: 'every object of a resource as NDJSON, in name order',
    handler: async (request, reply) => {
      const resource = (request.params as { resource: string }).resource;
      if (!isExportResource(resource)) {
        fail('unknownResource', `Export of '${resource}' is not supported; supported: ${EXPORT_RESOURCES.join(', ')}`);
      }
      const read = byResource[resource as (typeof EXPORT_RESOURCES)[number]];
      const first = await read(0);
      async function* body(): AsyncGenerator<string> {
        if (first.lines) yield first.lines;
        for (let next = first.next; next !== undefined;) {
          const chunk = await read(next);
          if (chunk.lines) yield chunk.lines;
          next = chunk.next;
        }
      }
      return reply.status(200)
        .header('content-type', `${EXPORT_FORMAT}; charset=utf-8`)
        .header('cache-control', 'no-store')
        .header('x-total-count', String(first.total))
        .send(Readable.from(body()));
    },
  }];
}
