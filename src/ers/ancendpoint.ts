// ERS /ers/config/ancendpoint: the list and detail of ANC assignments, and
// PUT /apply and PUT /clear with either body ISE clients send:
// OperationAdditionalData name/value pairs, or an ErsAncEndpoint object.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';
import { macFilterValue } from '../domain/endpoint.ts';
import type { AncEndpoint } from '../domain/anc.ts';
import type { AncTarget } from '../services/anc.ts';
import type { Services } from '../services/index.ts';
import { bodyFormat } from '../http/media.ts';
import { ATTR, children, parseXml, text } from '../http/xml.ts';
import { registerErsResource, registerMethodNotAllowed } from './resource.ts';
import type { FieldSpec } from './fields.ts';
import { actorOf, formatOf, sendEmpty } from './context.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'macAddress', type: 'string' },
  { name: 'policyName', type: 'string' },
];

const toView = (e: AncEndpoint): Record<string, unknown> => ({ id: e.id, macAddress: e.macAddress, policyName: e.policyName });

/** The operation's values by lower-case name (`macaddress`, `ipaddress`, `policyname`). */
type OperationValues = Record<string, string>;

const KNOWN = new Set(['macaddress', 'ipaddress', 'policyname']);

function fromPairs(pairs: unknown[]): OperationValues {
  const out: OperationValues = {};
  for (const p of pairs) {
    if (typeof p !== 'object' || p === null) fail('invalidBody', 'Resource Initialization Failed: additionalData entries must be {name, value} objects');
    const rec = p as Record<string, unknown>;
    const name = text(rec.name ?? rec[`${ATTR}name`]).trim();
    const value = text(rec.value ?? rec[`${ATTR}value`]).trim();
    if (!KNOWN.has(name.toLowerCase())) {
      fail('validation', `additionalData: '${name}' is not one of macAddress, ipAddress, policyName`);
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}

function fromObject(obj: Record<string, unknown>): OperationValues {
  const out: OperationValues = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith(ATTR) || k === 'link' || k === 'id' || k === '#text') continue;
    if (!KNOWN.has(k.toLowerCase())) throw new GatehouseError('invalidBody', `Resource Initialization Failed due to JSON invalidity: Unrecognized field "${k}" (class ErsAncEndpoint), not marked as ignorable`);
    if (v !== null && v !== undefined) out[k.toLowerCase()] = text(v).trim();
  }
  return out;
}

/** Reads an apply/clear body in JSON or XML, either shape. */
function readOperation(request: FastifyRequest): OperationValues {
  const raw = typeof request.body === 'string' ? request.body : '';
  const format = bodyFormat(request.headers['content-type']);
  if (!format) fail('mediaType', `Unsupported Content-Type '${request.headers['content-type'] ?? ''}': use application/json or application/xml`);
  if (raw.trim() === '') fail('invalidBody', 'Resource Initialization Failed: request body is empty, expected OperationAdditionalData');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid JSON: ${(e as Error).message}`);
    }
    const root = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
    const keys = Object.keys(root);
    if (keys.length === 1 && keys[0] === 'OperationAdditionalData') {
      const inner = root.OperationAdditionalData as Record<string, unknown> | null;
      const list = inner?.additionalData;
      if (!Array.isArray(list)) fail('invalidBody', 'Resource Initialization Failed: OperationAdditionalData.additionalData must be an array');
      return fromPairs(list as unknown[]);
    }
    if (keys.length === 1 && keys[0] === 'ErsAncEndpoint' && typeof root.ErsAncEndpoint === 'object' && root.ErsAncEndpoint !== null) {
      return fromObject(root.ErsAncEndpoint as Record<string, unknown>);
    }
    throw new GatehouseError('invalidBody', `Resource Initialization Failed due to JSON invalidity: Root name '${keys[0] ?? ''}' does not match expected ('OperationAdditionalData' or 'ErsAncEndpoint')`);
  }
  const doc = parseXml(raw);
  const root = doc.root.toLowerCase();
  if (root === 'operationadditionaldata') return fromPairs(children(doc.element.additionalData));
  if (root === 'ersancendpoint') return fromObject(doc.element);
  return fail('invalidBody', `Resource Initialization Failed: Invalid XML: root element '${doc.root}' does not match expected ('operationAdditionalData' or 'ersAncEndpoint')`);
}

const targetOf = (v: OperationValues): AncTarget => ({ mac: v.macaddress, ip: v.ipaddress });

export function registerAncEndpointRoutes(app: FastifyInstance, services: Services): void {
  const anc = services.anc;
  const base = '/ers/config/ancendpoint';
  const config = (operation: string) => ({ operation, resource: 'ancendpoint' });
  // Registered before the resource's /:id routes; static paths win over parameters.
  app.put(`${base}/apply`, { schema: { hide: true }, config: config('apply') }, async (request, reply) => {
    const format = formatOf(request);
    const v = readOperation(request);
    await anc.apply(targetOf(v), v.policyname ?? '', actorOf(request));
    return sendEmpty(reply, 204, format);
  });
  app.put(`${base}/clear`, { schema: { hide: true }, config: config('clear') }, async (request, reply) => {
    const format = formatOf(request);
    await anc.clear(targetOf(readOperation(request)), actorOf(request));
    return sendEmpty(reply, 204, format);
  });
  registerMethodNotAllowed(app, [{ method: 'PUT', url: `${base}/apply` }, { method: 'PUT', url: `${base}/clear` }], 'ancendpoint');
  registerErsResource(app, {
    path: 'ancendpoint',
    wrapper: 'ErsAncEndpoint',
    xmlRoot: 'ersAncEndpoint',
    namespace: 'anc',
    version: { current: '1.0', supported: ['1.0'] },
    fields: FIELDS,
    list: {
      filters: {
        name: { field: 'name', value: macFilterValue },
        macAddress: { field: 'name', value: macFilterValue },
        policyName: { field: 'policyName' },
      },
      sorts: { name: 'name', macAddress: 'name', policyName: 'policyName' },
      defaultSort: 'name',
    },
    searchEntryName: false,
    entryDescription: () => undefined,
    toView,
    fromInput: () => ({}),
    service: {
      search: (q) => anc.searchEndpoints(q),
      get: (id) => anc.getEndpoint(id),
    },
  });
}
