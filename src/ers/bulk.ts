// ERS bulk routes (ers-conventions.md §14) for resources that have them:
// PUT {resource}/bulk/submit and {resource}/bulk (XML as ISE; JSON with
// resourcesList/idList as a Gatehouse extension) → 202 + Location;
// GET {resource}/bulk/{id} → BulkStatus in JSON or XML.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';
import { FULL_RESOURCE_OPERATIONS, javaDateString, type BulkItem, type BulkJob } from '../domain/bulk.ts';
import type { BulkService } from '../services/bulk.ts';
import { bodyFormat } from '../http/media.ts';
import { ATTR, buildXml, children, parseXml, text } from '../http/xml.ts';
import { decodeJson, xmlToPlain, type FieldSpec } from './fields.ts';
import { NS } from './envelope.ts';
import { actorOf, baseUrl, formatOf, send, sendEmpty } from './context.ts';

export interface BulkShape {
  path: string;
  wrapper: string;
  xmlRoot: string;
  namespace: string;
  fields: FieldSpec[];
  fromInput: (plain: Record<string, unknown>) => unknown;
  /** JSON wrapper of a bulk request, e.g. `EndpointBulkRequest`. */
  jsonWrapper: string;
}

/** A bulk request body as the bulk service takes it. */
export interface Parsed { operationType: string; mediaType: string; payloads: Record<string, unknown>[] }

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** One resource item → the payload its operation runs with. */
function payloadOf(op: string, plain: Record<string, unknown>, shape: BulkShape, index: number): Record<string, unknown> {
  const id = str(plain.id);
  const name = str(plain.name);
  delete plain.id;
  const draft = shape.fromInput(plain);
  if (op === 'update' && !id) fail('validation', `Bulk update item ${index + 1}: the resource id is missing`);
  if (op === 'updatebyname' && !name) fail('validation', `Bulk updateByName item ${index + 1}: the resource name is missing`);
  return { ...(id && { id }), ...(name && op.endsWith('byname') && { name }), draft };
}

function idPayload(op: string, value: string): Record<string, unknown> {
  return op.endsWith('byname') ? { name: value } : { id: value };
}

function parseXmlBulk(raw: string, shape: BulkShape): Parsed {
  const doc = parseXml(raw);
  const root = doc.root.toLowerCase();
  if (root !== `${shape.path}bulkrequest` && root !== 'bulkrequest') {
    fail('invalidBody', `Resource Initialization Failed: Invalid XML: root element '${doc.root}' is not a ${shape.path} bulk request`);
  }
  const el = doc.element;
  const operationType = str(el[`${ATTR}operationType`]);
  const mediaType = str(el[`${ATTR}resourceMediaType`]);
  if (!operationType) fail('validation', 'Bulk request: operationType is missing');
  const op = operationType.toLowerCase();
  const payloads: Record<string, unknown>[] = [];
  if (FULL_RESOURCE_OPERATIONS.has(op)) {
    const list = el.resourcesList as Record<string, unknown> | undefined;
    const items = list && typeof list === 'object' ? children(list[shape.xmlRoot]) : [];
    items.forEach((it, i) => {
      const plain = decodeJson(xmlToPlain(it as Record<string, unknown>, shape.fields, true), shape.fields, shape.wrapper);
      payloads.push(payloadOf(op, plain, shape, i));
    });
  } else {
    const list = el.idList as Record<string, unknown> | undefined;
    for (const id of list && typeof list === 'object' ? children(list.id) : []) payloads.push(idPayload(op, text(id)));
  }
  return { operationType, mediaType, payloads };
}

/** The JSON form (`{"<Resource>BulkRequest": {operationType, resourcesList | idList}}`). */
export function parseJsonBulk(raw: string, shape: BulkShape): Parsed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid JSON: ${(e as Error).message}`);
  }
  const body = (parsed as Record<string, unknown> | null)?.[shape.jsonWrapper] as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') fail('invalidBody', `Resource Initialization Failed: expected a '${shape.jsonWrapper}' object`);
  const operationType = str(body!.operationType);
  if (!operationType) fail('validation', 'Bulk request: operationType is missing');
  const op = operationType.toLowerCase();
  const payloads: Record<string, unknown>[] = [];
  if (FULL_RESOURCE_OPERATIONS.has(op)) {
    const list = body!.resourcesList;
    if (!Array.isArray(list)) fail('validation', 'Bulk request: resourcesList (an array of resources) is missing');
    (list as unknown[]).forEach((it, i) => payloads.push(payloadOf(op, decodeJson(it, shape.fields, shape.wrapper), shape, i)));
  } else {
    const list = body!.idList;
    if (!Array.isArray(list)) fail('validation', 'Bulk request: idList (an array of ids) is missing');
    for (const id of list as unknown[]) payloads.push(idPayload(op, str(id)));
  }
  return { operationType, mediaType: str(body!.resourceMediaType), payloads };
}

function counts(items: BulkItem[]) {
  return {
    resourcesCount: items.length,
    successCount: items.filter((i) => i.status === 'SUCCESS').length,
    failCount: items.filter((i) => i.status === 'FAIL').length,
  };
}

const executionOf = (i: BulkItem): string => (i.status === 'PENDING' ? 'PENDING' : 'COMPLETED');

export function renderBulkStatus(format: 'json' | 'xml', job: BulkJob, items: BulkItem[]): string {
  const c = counts(items);
  if (format === 'json') {
    return JSON.stringify({
      BulkStatus: {
        bulkId: job.id, mediaType: job.mediaType, executionStatus: job.status, operationType: job.operationType,
        startTime: javaDateString(job.startedAt), ...c,
        resourcesStatus: items.map((i) => ({
          id: i.resourceId, name: i.name, description: i.description, resourceExecutionStatus: executionOf(i), status: i.status,
          ...(i.status === 'FAIL' && { errorMessage: i.detail }),
        })),
      },
    }, null, 2);
  }
  return buildXml({
    'ns3:bulkStatus': {
      [`${ATTR}bulkId`]: job.id, [`${ATTR}executionStatus`]: job.status, [`${ATTR}failCount`]: c.failCount,
      [`${ATTR}mediaType`]: job.mediaType, [`${ATTR}operationType`]: job.operationType, [`${ATTR}resourcesCount`]: c.resourcesCount,
      [`${ATTR}startTime`]: javaDateString(job.startedAt), [`${ATTR}successCount`]: c.successCount, [`${ATTR}xmlns:ns3`]: NS.v2,
      resourcesStatus: items.length === 0 ? '' : {
        resourceStatus: items.map((i) => ({
          [`${ATTR}id`]: i.resourceId, [`${ATTR}name`]: i.name, [`${ATTR}description`]: i.description,
          [`${ATTR}resourceExecutionStatus`]: executionOf(i), [`${ATTR}status`]: i.status,
          ...(i.status === 'FAIL' && { [`${ATTR}errorMessage`]: i.detail }),
        })),
      },
    },
  });
}

/** Registers the bulk routes of one resource; returns them for the 405 table. */
export function registerBulkRoutes(app: FastifyInstance, shape: BulkShape, bulk: BulkService): { method: 'PUT' | 'GET'; url: string }[] {
  const base = `/ers/config/${shape.path}/bulk`;
  const submit = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const format = formatOf(request);
    const raw = typeof request.body === 'string' ? request.body : '';
    const bf = bodyFormat(request.headers['content-type']);
    if (!bf) fail('mediaType', `Unsupported Content-Type '${request.headers['content-type'] ?? ''}': use application/xml or application/json`);
    if (raw.trim() === '') fail('invalidBody', 'Resource Initialization Failed: the bulk request body is empty');
    const parsed = bf === 'xml' ? parseXmlBulk(raw, shape) : parseJsonBulk(raw, shape);
    const job = await bulk.submit(shape.path, parsed.operationType, parsed.mediaType || `vnd.com.cisco.ise.${shape.namespace}.${shape.path}.1.0+xml`, parsed.payloads, actorOf(request));
    reply.header('location', `${baseUrl(request)}${base}/${job.id}`);
    return sendEmpty(reply, 202, format);
  };
  const config = { resource: shape.path };
  app.put(`${base}/submit`, { config: { ...config, operation: 'bulk' }, schema: { tags: [shape.path], summary: `bulk ${shape.path}` } }, submit);
  app.put(base, { config: { ...config, operation: 'bulk' }, schema: { hide: true } }, submit);
  app.get(`${base}/:bulkId`, { config: { ...config, operation: 'get bulk status' }, schema: { tags: [shape.path], summary: `bulk status ${shape.path}` } }, async (request, reply) => {
    const format = formatOf(request);
    const id = (request.params as { bulkId: string }).bulkId;
    const found = await bulk.status(id);
    if (!found || found.job.resource !== shape.path) fail('notFound', `Bulk status '${id}' not found`);
    return send(reply, 200, format, renderBulkStatus(format, found!.job, found!.items));
  });
  return [{ method: 'PUT', url: `${base}/submit` }, { method: 'PUT', url: base }, { method: 'GET', url: `${base}/:bulkId` }];
}
