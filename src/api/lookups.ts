// The read-only lookup lists (policy-api.md §8): identity stores, service
// names, security groups and authorization profiles (under both `/profiles`
// and `/authorization-profiles`). Bare JSON arrays, as the Go SDK decodes
// them; `wrapLookups` puts them in the usual envelope instead.
import { bare, ok } from './envelope.ts';
import type { ApiDeps, ApiRoute } from './routes.ts';

export function lookupRoutes({ services, wrapLookups }: ApiDeps): ApiRoute[] {
  const policy = services.policy;
  const list = (items: unknown[]) => (wrapLookups ? ok(items) : bare(items));
  const idName = (x: { id: string; name: string }) => ({ id: x.id, name: x.name });
  const profiles = () => list(policy.profiles.list().map(idName));
  return [
    { method: 'GET', path: 'identity-stores', summary: 'List identity stores and sequences', handler: () => list(policy.identityStores()) },
    { method: 'GET', path: 'service-names', summary: 'List allowed-protocols services and RADIUS server sequences', handler: () => list(policy.serviceNames()) },
    { method: 'GET', path: 'security-groups', summary: 'List security groups', handler: () => list(policy.securityGroups.list().map(idName)) },
    { method: 'GET', path: 'profiles', summary: 'List authorization profiles', handler: profiles },
    { method: 'GET', path: 'authorization-profiles', summary: 'List authorization profiles', handler: profiles },
  ];
}
