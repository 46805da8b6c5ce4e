// The shape of a network-access OpenAPI route table: paths relative to
// /api/v1/policy/network-access, handlers that get a small context and
// return a result; and the list/create/get/update/delete table every named
// collection (conditions, time and network conditions) shares.
import type { FastifyRequest, HTTPMethods } from 'fastify';
import type { Services } from '../services/index.ts';
import type { Actor } from '../services/context.ts';
import type { PolicyCollection } from '../services/policy-collection.ts';
import type { ApiResult, Link } from './envelope.ts';
import { bare, created, ok, readJson, selfLink } from './envelope.ts';

export interface ApiDeps {
  services: Services;
  /** Wrap the lookup lists (`/identity-stores` …) like other bodies instead of answering bare arrays. */
  wrapLookups: boolean;
}

export interface ApiContext {
  request: FastifyRequest;
  params: Record<string, string>;
  actor: Actor;
  /** The JSON request body. */
  body(): unknown;
  /** The self link of a path relative to the API root. */
  link(path: string): Link;
}

export interface ApiRoute {
  method: HTTPMethods;
  /** Relative path with fastify parameters, e.g. `policy-set/:ps/authentication/:id`. */
  path: string;
  summary: string;
  handler: (ctx: ApiContext) => ApiResult | Promise<ApiResult>;
}

export function apiContext(request: FastifyRequest): ApiContext {
  return {
    request,
    params: request.params as Record<string, string>,
    actor: { name: request.admin?.name ?? 'anonymous', source: request.ip },
    body: () => readJson(request),
    link: (path) => selfLink(request, path),
  };
}

export interface CollectionRoutes<T extends { id: string; name: string }> {
  /** Collection path, e.g. `time-condition`. */
  path: string;
  /** What the summaries call one object. */
  noun: string;
  collection: PolicyCollection<T>;
  render: (item: T, ctx: ApiContext) => Record<string, unknown>;
  /** Also serve GET/PUT/DELETE by name under `<path>/<byName>/:name`. */
  byName?: string;
}

/** List, create, and get / update / delete by id (and by name) of one collection. */
export function collectionRoutes<T extends { id: string; name: string }>(o: CollectionRoutes<T>): ApiRoute[] {
  const c = o.collection;
  const one = (item: T, ctx: ApiContext) => o.render(item, ctx);
  const routes: ApiRoute[] = [
    { method: 'GET', path: o.path, summary: `List ${o.noun}s`, handler: (ctx) => ok(c.list().map((x) => one(x, ctx))) },
    { method: 'POST', path: o.path, summary: `Create a ${o.noun}`, handler: async (ctx) => created(one(await c.create(ctx.body(), ctx.actor), ctx)) },
    { method: 'GET', path: `${o.path}/:id`, summary: `Get a ${o.noun} by id`, handler: (ctx) => ok(one(c.require(ctx.params.id), ctx)) },
    {
      method: 'PUT', path: `${o.path}/:id`, summary: `Update a ${o.noun} by id`,
      handler: async (ctx) => ok(one((await c.update(ctx.params.id, ctx.body(), ctx.actor)).after, ctx)),
    },
    {
      method: 'DELETE', path: `${o.path}/:id`, summary: `Delete a ${o.noun} by id`,
      handler: async (ctx) => bare({ id: (await c.delete(ctx.params.id, ctx.actor)).id }),
    },
  ];
  if (o.byName) {
    const named = `${o.path}/${o.byName}/:name`;
    routes.push(
      { method: 'GET', path: named, summary: `Get a ${o.noun} by name`, handler: (ctx) => ok(one(c.requireByName(ctx.params.name), ctx)) },
      {
        method: 'PUT', path: named, summary: `Update a ${o.noun} by name`,
        handler: async (ctx) => ok(one((await c.update(c.requireByName(ctx.params.name).id, ctx.body(), ctx.actor)).after, ctx)),
      },
      {
        method: 'DELETE', path: named, summary: `Delete a ${o.noun} by name`,
        handler: async (ctx) => bare({ id: (await c.delete(c.requireByName(ctx.params.name).id, ctx.actor)).id }),
      },
    );
  }
  return routes;
}
