// `/dictionaries`: the built-in and user dictionaries, their attributes, and
// the attributes usable per level (policy-api.md §7). Addressed by name.
import type { Dictionary } from '../domain/policy/index.ts';
import type { PolicyLevel } from '../services/policy.ts';
import { bare, created, ok } from './envelope.ts';
import { renderAttribute, renderDictionary } from './render.ts';
import type { ApiContext, ApiDeps, ApiRoute } from './routes.ts';

const LEVELS: readonly PolicyLevel[] = ['authentication', 'authorization', 'policyset'];

export function dictionaryRoutes({ services }: ApiDeps): ApiRoute[] {
  const policy = services.policy;
  const render = (d: Dictionary, ctx: ApiContext) => renderDictionary(d, ctx.link(`dictionaries/${encodeURIComponent(d.name)}`));
  return [
    ...LEVELS.map((level): ApiRoute => ({
      method: 'GET', path: `dictionaries/${level}`, summary: `List the attributes usable in ${level} conditions`,
      handler: () => ok(policy.attributesFor(level).map(renderAttribute)),
    })),
    { method: 'GET', path: 'dictionaries', summary: 'List dictionaries', handler: (ctx) => ok(policy.dictionaries().map((d) => render(d, ctx))) },
    {
      method: 'POST', path: 'dictionaries', summary: 'Create a user dictionary',
      handler: async (ctx) => created(render(await policy.createDictionary(ctx.body(), ctx.actor), ctx)),
    },
    { method: 'GET', path: 'dictionaries/:name', summary: 'Get a dictionary', handler: (ctx) => ok(render(policy.dictionary(ctx.params.name), ctx)) },
    {
      method: 'PUT', path: 'dictionaries/:name', summary: 'Update a user dictionary',
      handler: async (ctx) => ok(render(await policy.updateDictionary(ctx.params.name, ctx.body(), ctx.actor), ctx)),
    },
    {
      method: 'DELETE', path: 'dictionaries/:name', summary: 'Delete a user dictionary',
      handler: async (ctx) => bare({ id: (await policy.deleteDictionary(ctx.params.name, ctx.actor)).id }),
    },
    {
      method: 'GET', path: 'dictionaries/:name/attribute', summary: 'List the attributes of a dictionary',
      handler: (ctx) => ok(policy.dictionary(ctx.params.name).attributes.map(renderAttribute)),
    },
    {
      method: 'POST', path: 'dictionaries/:name/attribute', summary: 'Add an attribute to a user dictionary',
      handler: async (ctx) => created(renderAttribute(await policy.createAttribute(ctx.params.name, ctx.body(), ctx.actor))),
    },
    {
      method: 'GET', path: 'dictionaries/:name/attribute/:attr', summary: 'Get an attribute',
      handler: (ctx) => ok(renderAttribute(policy.attribute(ctx.params.name, ctx.params.attr))),
    },
    {
      method: 'PUT', path: 'dictionaries/:name/attribute/:attr', summary: 'Update an attribute of a user dictionary',
      handler: async (ctx) => ok(renderAttribute(await policy.updateAttribute(ctx.params.name, ctx.params.attr, ctx.body(), ctx.actor))),
    },
    {
      method: 'DELETE', path: 'dictionaries/:name/attribute/:attr', summary: 'Delete an attribute of a user dictionary',
      handler: async (ctx) => bare({ id: (await policy.deleteAttribute(ctx.params.name, ctx.params.attr, ctx.actor)).id }),
    },
  ];
}
