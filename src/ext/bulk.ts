// Bulk through the extension: PUT /gatehouse/v1/bulk/internaluser takes the
// JSON bulk shape of the ERS extension (`{"InternalUserBulkRequest":
// {"operationType": "create"|"update", "resourcesList": [InternalUser …]}}`,
// update items carry their id) and runs it as a job of the bulk service,
// like an ERS bulk (limits, one job at a time, per-item commit, resume after
// a restart; payloads with their passwords sealed at rest), except that one
// request may wait in line behind the running job instead of getting 503,
// so a client can send the next bulk while one runs. ISE has no ERS bulk
// for internal users, so this lives here and not under /ers.
// GET /gatehouse/v1/bulk/{resource}/{bulkId}[?wait=SECONDS] answers the
// ERS BulkStatus JSON of any bulk job (also endpoint and networkdevice jobs
// submitted over ERS); with `wait` it answers once the job has completed or
// the seconds have passed, so a client needs no polling schedule.
import { fail } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { bodyFormat } from '../http/media.ts';
import { parseJsonBulk, renderBulkStatus, type BulkShape } from '../ers/bulk.ts';
import { actorOf, baseUrl } from '../ers/context.ts';
import { FIELDS as USER_FIELDS, fromInput as userFromInput } from '../ers/internaluser.ts';
import { EXT_PREFIX, sendJson, type ExtRoute } from './routes.ts';

export const USER_BULK_OPERATIONS = ['create', 'update'] as const;
export const BULK_STATUS_WAIT_MAX_S = 60;
/** Resources whose bulk jobs the status route reports. */
const STATUS_RESOURCES = new Set(['internaluser', 'endpoint', 'networkdevice']);

const USER_SHAPE: BulkShape = {
  path: 'internaluser', wrapper: 'InternalUser', xmlRoot: 'internaluser', namespace: 'identity',
  fields: USER_FIELDS, fromInput: userFromInput, jsonWrapper: 'InternalUserBulkRequest',
};

/** Sleeps up to `ms`, or less when `until` settles first; leaves no timer behind. */
async function waitFor(until: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([until, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}

function waitSeconds(query: unknown): number {
  const raw = (query as { wait?: unknown }).wait;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0 || n > BULK_STATUS_WAIT_MAX_S) {
    fail('query', `wait must be a whole number of seconds from 0 to ${BULK_STATUS_WAIT_MAX_S}`);
  }
  return n;
}

export function bulkRoutes(services: Services): ExtRoute[] {
  const bulk = services.bulk;
  return [
    {
      method: 'PUT', path: '/bulk/:resource', summary: 'bulk create or update of internal users (JSON)',
      handler: async (request, reply) => {
        const resource = (request.params as { resource: string }).resource;
        if (resource !== 'internaluser') {
          fail('unknownResource', `Bulk of '${resource}' is not offered here; endpoint and networkdevice bulk is under /ers/config/{resource}/bulk`);
        }
        if (bodyFormat(request.headers['content-type']) !== 'json') {
          fail('mediaType', `Unsupported Content-Type '${request.headers['content-type'] ?? ''}': use application/json`);
        }
        const raw = typeof request.body === 'string' ? request.body : '';
        if (raw.trim() === '') fail('invalidBody', 'Resource Initialization Failed: the bulk request body is empty');
        const parsed = parseJsonBulk(raw, USER_SHAPE);
        const job = await bulk.submit(resource, parsed.operationType, parsed.mediaType || 'application/json', parsed.payloads, actorOf(request), { queue: true });
        const location = `${baseUrl(request)}${EXT_PREFIX}/bulk/${resource}/${job.id}`;
        reply.header('location', location);
        return sendJson(reply, 202, { bulkId: job.id, status: location });
      },
    },
    {
      method: 'GET', path: '/bulk/:resource/:bulkId', summary: 'bulk status (ERS BulkStatus JSON), optionally waiting for completion',
      handler: async (request, reply) => {
        const { resource, bulkId } = request.params as { resource: string; bulkId: string };
        const deadline = Date.now() + waitSeconds(request.query) * 1000;
        for (;;) {
          const found = await bulk.status(bulkId);
          if (!found || found.job.resource !== resource || !STATUS_RESOURCES.has(resource)) fail('notFound', `Bulk status '${bulkId}' not found`);
          const left = deadline - Date.now();
          if (found!.job.status === 'COMPLETED' || left <= 0) {
            return reply.status(200).header('content-type', 'application/json;charset=utf-8').send(renderBulkStatus('json', found!.job, found!.items));
          }
          // The job's end wakes us; a job not (yet) running in this process is looked at again shortly.
          const finished = bulk.finished(bulkId);
          await waitFor(finished ?? new Promise(() => {}), finished ? left : Math.min(left, 200));
        }
      },
    },
  ];
}
