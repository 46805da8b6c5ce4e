// What the ERS policy-element resources (authorizationprofile,
// downloadableacl, allowedprotocols, sgt) share: field-list shorthands and
// the bridge from the platform's service calls to a policy collection. PUT
// replaces the object with the body (a missing name keeps the stored one),
// as Terraform and Ansible send whole objects and expect what they left out
// to be gone; PATCH lays the body over the stored object.
import { fail } from '../errors.ts';
import type { PolicyCollection } from '../services/policy-collection.ts';
import type { FieldSpec } from './fields.ts';
import type { ErsResourceDef, Ref } from './resource.ts';

export const strings = (...names: string[]): FieldSpec[] => names.map((name) => ({ name, type: 'string' }));
export const booleans = (...names: string[]): FieldSpec[] => names.map((name) => ({ name, type: 'boolean' }));
export const integers = (...names: string[]): FieldSpec[] => names.map((name) => ({ name, type: 'integer' }));

/** The decoded body, as the policy validators read it. */
export const asBody = (plain: Record<string, unknown>): Record<string, unknown> => plain;

const idOf = (ref: Ref): string => ref.id ?? fail('notFound', 'Resource not found');

export function collectionService<T extends { id: string; name: string }>(
  c: PolicyCollection<T>,
): ErsResourceDef<T, Record<string, unknown>>['service'] {
  return {
    search: (q) => c.search(q),
    get: async (id) => c.get(id),
    getByName: async (name) => c.getByName(name),
    create: (draft, actor) => c.create(draft, actor),
    update: (ref, draft, actor) => c.update(idOf(ref), draft, actor, 'replace'),
    patch: (ref, draft, actor) => c.update(idOf(ref), draft, actor, 'merge'),
    delete: async (ref, actor) => { await c.delete(idOf(ref), actor); },
  };
}
