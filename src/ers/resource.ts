// The shared route builder: one call registers an ERS resource's list,
// get by id/name, create, update, patch, delete and versioninfo routes,
// with ISE's status codes, envelopes and errors. Resource files only
// describe fields and call their service.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import type { Actor, Updated } from '../services/context.ts';
import { requestedVersion } from '../http/media.ts';
import { readBody } from './body.ts';
import { registerBulkRoutes } from './bulk.ts';
import type { BulkService } from '../services/bulk.ts';
import {
  linkType, renderResource, renderSearchResult, renderUpdatedFields, renderVersionInfo,
  type Link, type SearchEntry, type UpdatedField,
} from './envelope.ts';
import type { FieldSpec } from './fields.ts';
import { pageHref, parseListQuery, type ListSpec } from './list.ts';
import { PageAnchors } from './paging.ts';
import { absoluteUrl, actorOf, baseUrl, formatOf, send, sendEmpty } from './context.ts';
import { ersResponseSchema, listQuerySchema, searchResultSchema, updatedFieldsSchema, wrapped } from './schema.ts';

export interface Ref {
  id?: string;
  name?: string;
}

export const MASK = '*******';

export interface ErsResourceDef<T extends { id: string; name: string }, D> {
  /** Path segment under /ers/config. */
  path: string;
  wrapper: string;
  xmlRoot: string;
  /** XML namespace prefix, e.g. 'identity' for identity.ers.ise.cisco.com. */
  namespace: string;
  version: { current: string; supported: string[] };
  fields: FieldSpec[];
  list: ListSpec;
  /** Search entries carry description only when this returns a string. */
  entryDescription: (e: T) => string | undefined;
  /** Search entries carry the name unless this is false (ancendpoint entries are id + link). */
  searchEntryName?: boolean;
  /** The JSON view of one object (ERS field names), without link. */
  toView: (e: T) => Record<string, unknown>;
  /** Decoded body fields → service draft. */
  fromInput: (plain: Record<string, unknown>) => D;
  /** Secret fields (dotted paths into nested objects): changes are reported with masked values. */
  secretFields?: string[];
  /** Converts a `/name/{name}` URL segment to the stored name (NDG ':' → '#'). */
  nameFromUrl?: (segment: string) => string;
  byName?: { get?: boolean; put?: boolean; patch?: boolean; delete?: boolean };
  /** ERS bulk requests for this resource (JSON wrapper of the request, e.g. `EndpointBulkRequest`). */
  bulk?: { service: BulkService; jsonWrapper: string };
  service: {
    search(q: SearchQuery): Promise<SearchResult<T>>;
    get(id: string): Promise<T | undefined>;
    getByName?(name: string): Promise<T | undefined>;
    create?(draft: D, actor: Actor): Promise<T>;
    update?(ref: Ref, draft: D, actor: Actor): Promise<Updated<T>>;
    patch?(ref: Ref, draft: D, actor: Actor): Promise<Updated<T>>;
    delete?(ref: Ref, actor: Actor): Promise<void>;
  };
}

/** A service whose writes address objects by id. */
export interface ByIdWrites<T, D> {
  search(q: SearchQuery): Promise<SearchResult<T>>;
  get(id: string): Promise<T | undefined>;
  getByName(name: string): Promise<T | undefined>;
  create(draft: D, actor: Actor): Promise<T>;
  update(id: string, draft: D, actor: Actor): Promise<Updated<T>>;
  delete(id: string, actor: Actor): Promise<void>;
}

/** The resource service of a by-id service: GET by name, writes by id only (a name reference is not found). */
export function byIdService<T extends { id: string; name: string }, D>(svc: ByIdWrites<T, D>): ErsResourceDef<T, D>['service'] {
  const idOf = (ref: Ref): string => ref.id ?? fail('notFound', 'Resource not found');
  return {
    search: (q) => svc.search(q),
    get: (id) => svc.get(id),
    getByName: (name) => svc.getByName(name),
    create: (d, actor) => svc.create(d, actor),
    update: (ref, d, actor) => svc.update(idOf(ref), d, actor),
    delete: (ref, actor) => svc.delete(idOf(ref), actor),
  };
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
interface Route { method: HTTPMethods; url: string; operation: string; handler: Handler }

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Registers every route of a resource, plus 405 answers for methods a path lacks. */
export function registerErsResource<T extends { id: string; name: string }, D>(app: FastifyInstance, def: ErsResourceDef<T, D>): void {
  const base = `/ers/config/${def.path}`;
  const routes: Route[] = [];
  const anchors = new PageAnchors();
  const selfLink = (request: FastifyRequest, id: string): Link => ({
    rel: 'self', href: `${baseUrl(request)}${base}/${encodeURIComponent(id)}`, type: linkType(formatOf(request)),
  });
  const render = (request: FastifyRequest, entity: T): string => {
    const view = { ...def.toView(entity), link: selfLink(request, entity.id) };
    return renderResource(formatOf(request), def, view);
  };
  const nameOf = (request: FastifyRequest): string => {
    const segment = (request.params as { name: string }).name;
    return def.nameFromUrl ? def.nameFromUrl(segment) : segment;
  };
  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;
  const notFound = (ref: Ref): never =>
    fail('notFound', ref.id !== undefined ? 'Resource not found' : `Resource not found: ${def.path} '${ref.name}'`);
  const checkVersion = (request: FastifyRequest): void => checkErsVersion(request, def.path, def.version.supported);
  const find = async (ref: Ref): Promise<T> => {
    const e = ref.id !== undefined ? await def.service.get(ref.id) : await def.service.getByName?.(ref.name ?? '');
    return e ?? notFound(ref);
  };
  const readDraft = (request: FastifyRequest, ref: Ref): D => {
    const plain = readBody(request, def);
    if (ref.id !== undefined && typeof plain.id === 'string' && plain.id !== '' && plain.id !== ref.id) {
      fail('validation', `The id '${plain.id}' in the body does not match the id '${ref.id}' in the URL`);
    }
    delete plain.id;
    return def.fromInput(plain);
  };
  const secrets = new Set(def.secretFields ?? []);
  const changes = (u: Updated<T>): UpdatedField[] => {
    const out: UpdatedField[] = [];
    // Object fields are compared field by field and reported as `object.field`.
    const diff = (before: Record<string, unknown>, after: Record<string, unknown>, fields: FieldSpec[], prefix: string): void => {
      const specs = new Map(fields.map((f) => [f.name, f]));
      for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
        const path = prefix + key;
        const spec = specs.get(key);
        if (spec?.type === 'object' && !secrets.has(path)) {
          diff(asRecord(before[key]), asRecord(after[key]), spec.fields, `${path}.`);
          continue;
        }
        const o = stringify(before[key]);
        const n = stringify(after[key]);
        if (o === n) continue;
        if (secrets.has(path)) out.push({ field: path, oldValue: MASK, newValue: MASK });
        else out.push(o === '' ? { field: path, newValue: n } : { field: path, oldValue: o, newValue: n });
      }
    };
    diff(def.toView(u.before), def.toView(u.after), def.fields, '');
    for (const s of u.secretsChanged) {
      if (!out.some((c) => c.field === s)) out.push({ field: s, oldValue: MASK, newValue: MASK });
    }
    return out;
  };

  const getOne = (refOf: (r: FastifyRequest) => Ref): Handler => async (request, reply) => {
    checkVersion(request);
    const body = render(request, await find(refOf(request)));
    const etag = `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;
    return send(reply.header('etag', etag), 200, formatOf(request), body);
  };
  const put = (refOf: (r: FastifyRequest) => Ref): Handler => async (request, reply) => {
    checkVersion(request);
    const ref = refOf(request);
    const updated = await def.service.update!(ref, readDraft(request, ref), actorOf(request));
    return send(reply, 200, formatOf(request), renderUpdatedFields(formatOf(request), changes(updated)));
  };
  const patch = (refOf: (r: FastifyRequest) => Ref): Handler => async (request, reply) => {
    checkVersion(request);
    const ref = refOf(request);
    const fn = def.service.patch ?? def.service.update!;
    const updated = await fn.call(def.service, ref, readDraft(request, ref), actorOf(request));
    return send(reply, 200, formatOf(request), render(request, updated.after));
  };
  const del = (refOf: (r: FastifyRequest) => Ref): Handler => async (request, reply) => {
    checkVersion(request);
    await def.service.delete!(refOf(request), actorOf(request));
    return sendEmpty(reply, 204, formatOf(request));
  };
  const byId = (r: FastifyRequest): Ref => ({ id: idOf(r) });
  const byName = (r: FastifyRequest): Ref => ({ name: nameOf(r) });

  routes.push({
    method: 'GET', url: base, operation: 'getAll', handler: async (request, reply) => {
      checkVersion(request);
      const format = formatOf(request);
      const { query, page, size } = parseListQuery(request.url, def.list);
      const signature = PageAnchors.signature(query);
      const seek = anchors.seekFor(signature, page);
      const result = await def.service.search(seek ? { ...query, seek } : query);
      // Only lists with more than one page need positions.
      if (result.keys && result.total > size) anchors.remember(signature, page, result.keys);
      if (page > 1 && (query.offset >= result.total || result.items.length === 0)) {
        fail('pageNotExists', `The page ${page} does not exist. Please refine your query.`);
      }
      const type = linkType(format);
      const entries: SearchEntry[] = result.items.map((e) => {
        const description = def.entryDescription(e);
        return {
          id: e.id, ...(def.searchEntryName !== false && { name: e.name }), ...(description !== undefined && { description }), link: selfLink(request, e.id),
        };
      });
      const root = baseUrl(request);
      const next = query.offset + size < result.total ? { rel: 'next', href: pageHref(root, request.url, size, page + 1), type } : undefined;
      const prev = page > 1 ? { rel: 'previous', href: pageHref(root, request.url, size, page - 1), type } : undefined;
      return send(reply, 200, format, renderSearchResult(format, result.total, entries, next, prev));
    },
  });
  routes.push({
    method: 'GET', url: `${base}/versioninfo`, operation: 'versioninfo', handler: async (request, reply) => {
      const format = formatOf(request);
      const self = { rel: 'self', href: absoluteUrl(request).split('?')[0], type: linkType(format) };
      return send(reply, 200, format, renderVersionInfo(format, def.version.current, def.version.supported, self));
    },
  });
  routes.push({ method: 'GET', url: `${base}/:id`, operation: 'get by id', handler: getOne(byId) });
  if (def.service.create) {
    routes.push({
      method: 'POST', url: base, operation: 'create', handler: async (request, reply) => {
        checkVersion(request);
        const format = formatOf(request);
        const created = await def.service.create!(readDraft(request, {}), actorOf(request));
        reply.header('location', `${baseUrl(request)}${base}/${encodeURIComponent(created.id)}`);
        return sendEmpty(reply, 201, format);
      },
    });
  }
  if (def.service.update) {
    routes.push({ method: 'PUT', url: `${base}/:id`, operation: 'update', handler: put(byId) });
    routes.push({ method: 'PATCH', url: `${base}/:id`, operation: 'patch', handler: patch(byId) });
  }
  if (def.service.delete) routes.push({ method: 'DELETE', url: `${base}/:id`, operation: 'delete', handler: del(byId) });
  const n = def.byName ?? {};
  const nameUrl = `${base}/name/:name`;
  if (n.get) routes.push({ method: 'GET', url: nameUrl, operation: 'get by name', handler: getOne(byName) });
  if (n.put) routes.push({ method: 'PUT', url: nameUrl, operation: 'update by name', handler: put(byName) });
  if (n.patch) routes.push({ method: 'PATCH', url: nameUrl, operation: 'patch by name', handler: patch(byName) });
  if (n.delete) routes.push({ method: 'DELETE', url: nameUrl, operation: 'delete by name', handler: del(byName) });

  const resourceSchema = wrapped(def.wrapper, def.fields);
  const error = { description: 'ERSResponse', ...ersResponseSchema };
  const schemaOf = (r: Route): Record<string, unknown> => {
    const s: Record<string, unknown> = { tags: [def.path], summary: `${r.operation} ${def.path}` };
    if (r.operation === 'getAll') Object.assign(s, { querystring: listQuerySchema, response: { 200: searchResultSchema, 400: error } });
    else if (r.method === 'GET') s.response = { 200: r.operation === 'versioninfo' ? { type: 'object' } : resourceSchema, 404: error };
    if (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') s.body = resourceSchema;
    if (r.method === 'POST') s.response = { 201: { description: 'Created; Location names the new resource', type: 'null' }, 400: error };
    if (r.method === 'PUT') s.response = { 200: updatedFieldsSchema, 400: error, 404: error };
    if (r.method === 'PATCH') s.response = { 200: resourceSchema, 400: error, 404: error };
    if (r.method === 'DELETE') s.response = { 204: { description: 'Deleted', type: 'null' }, 400: error, 404: error };
    return s;
  };
  for (const r of routes) {
    app.route({ method: r.method, url: r.url, schema: schemaOf(r), config: { operation: r.operation, resource: def.path }, handler: r.handler });
  }
  const bulkRoutes = def.bulk
    ? registerBulkRoutes(app, { ...def, fromInput: def.fromInput, jsonWrapper: def.bulk.jsonWrapper }, def.bulk.service)
    : [];
  registerMethodNotAllowed(app, [...routes, ...bulkRoutes], def.path);
}

/** Refuses (415) an ERS-Media-Type or vendor media type naming another resource or an unsupported version. */
export function checkErsVersion(request: FastifyRequest, resource: string, supported: string[]): void {
  const asked = requestedVersion({
    ersMediaType: request.headers['ers-media-type'] as string | undefined,
    accept: request.headers.accept,
    contentType: request.headers['content-type'],
  });
  if (!asked) return;
  if ((asked.resource && asked.resource !== resource) || !supported.includes(asked.version)) {
    fail('version', `Resource version is no longer supported: '${request.headers['ers-media-type'] ?? asked.version}'. Supported versions of ${resource}: ${supported.join(',')}`);
  }
}

/** Answers 405 with Allow for methods a registered path does not serve. */
export function registerMethodNotAllowed(app: FastifyInstance, routes: { method: HTTPMethods; url: string }[], resource: string): void {
  const byUrl = new Map<string, Set<HTTPMethods>>();
  for (const r of routes) byUrl.set(r.url, (byUrl.get(r.url) ?? new Set()).add(r.method));
  for (const [url, methods] of byUrl) {
    const missing = ALL_METHODS.filter((m) => !methods.has(m));
    if (missing.length === 0) continue;
    const allow = [...methods].join(', ');
    app.route({
      method: missing, url, schema: { hide: true }, config: { operation: 'unsupported', resource },
      handler: async (request) => fail('methodNotAllowed', `Method ${request.method} is not supported on ${request.url.split('?')[0]}`, { allow }),
    });
  }
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function stringify(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
