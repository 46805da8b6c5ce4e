// ERS /ers/config/internaluser
import type { FastifyInstance } from 'fastify';
import type { InternalUser } from '../domain/internal-user.ts';
import type { InternalUserDraft } from '../services/internal-users.ts';
import type { Services } from '../services/index.ts';
import { registerErsResource, MASK } from './resource.ts';
import type { FieldSpec } from './fields.ts';

/** ERS field list of InternalUser (also used by the Gatehouse users bulk). */
export const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'enabled', type: 'boolean' },
  { name: 'email', type: 'string' },
  { name: 'password', type: 'string' },
  { name: 'firstName', type: 'string' },
  { name: 'lastName', type: 'string' },
  { name: 'changePassword', type: 'boolean' },
  { name: 'identityGroups', type: 'string' },
  { name: 'expiryDateEnabled', type: 'boolean' },
  { name: 'expiryDate', type: 'string' },
  { name: 'enablePassword', type: 'string' },
  { name: 'customAttributes', type: 'map' },
  { name: 'passwordIDStore', type: 'string' },
  { name: 'passwordNeverExpires', type: 'boolean' },
  { name: 'accountNameAlias', type: 'string' },
  { name: 'daysForPasswordExpiration', type: 'integer', readOnly: true },
  { name: 'dateCreated', type: 'string', readOnly: true },
  { name: 'dateModified', type: 'string', readOnly: true },
];

const day = (iso: string) => iso.slice(0, 10);

export function toView(u: InternalUser): Record<string, unknown> {
  return {
    id: u.id,
    name: u.name,
    ...(u.description && { description: u.description }),
    enabled: u.enabled,
    ...(u.email && { email: u.email }),
    password: MASK,
    firstName: u.firstName,
    lastName: u.lastName,
    changePassword: u.changePassword,
    identityGroups: u.identityGroups.join(','),
    expiryDateEnabled: u.expiryDateEnabled,
    ...(u.expiryDate && { expiryDate: u.expiryDate }),
    enablePassword: MASK,
    customAttributes: u.customAttributes,
    passwordNeverExpires: u.passwordNeverExpires,
    ...(u.accountNameAlias && { accountNameAlias: u.accountNameAlias }),
    passwordIDStore: u.passwordIDStore,
    dateCreated: day(u.createdAt),
    dateModified: day(u.updatedAt),
  };
}

export function fromInput(p: Record<string, unknown>): InternalUserDraft {
  const d: InternalUserDraft = {};
  const copy = ['name', 'description', 'enabled', 'email', 'firstName', 'lastName', 'changePassword', 'expiryDateEnabled',
    'expiryDate', 'customAttributes', 'passwordIDStore', 'passwordNeverExpires', 'accountNameAlias'] as const;
  for (const k of copy) if (p[k] !== undefined) (d as Record<string, unknown>)[k] = p[k];
  if (typeof p.identityGroups === 'string') {
    d.identityGroups = p.identityGroups.split(',').map((s) => s.trim()).filter(Boolean);
  }
  // The mask echoed back from a GET keeps the stored secret.
  if (typeof p.password === 'string' && p.password !== MASK) d.password = p.password;
  if (typeof p.enablePassword === 'string' && p.enablePassword !== MASK) d.enablePassword = p.enablePassword;
  return d;
}

const enabledValue = (v: string): string | null => (v === 'Enabled' ? '1' : v === 'Disabled' ? '0' : null);

export function registerInternalUserRoutes(app: FastifyInstance, services: Services): void {
  const users = services.internalUsers;
  registerErsResource(app, {
    path: 'internaluser',
    wrapper: 'InternalUser',
    xmlRoot: 'internaluser',
    namespace: 'identity',
    version: { current: '1.2', supported: ['1.0', '1.1', '1.2'] },
    fields: FIELDS,
    list: {
      filters: {
        name: { field: 'name' },
        description: { field: 'description' },
        firstName: { field: 'firstName' },
        lastName: { field: 'lastName' },
        email: { field: 'email' },
        enabled: { field: 'enabled', value: enabledValue },
        identityGroup: { field: 'identityGroup' },
      },
      sorts: { name: 'name', description: 'description' },
      defaultSort: 'name',
    },
    entryDescription: (u) => u.description || undefined,
    toView,
    fromInput,
    secretFields: ['password', 'enablePassword'],
    byName: { get: true, put: true, patch: true, delete: true },
    service: {
      search: (q) => users.search(q),
      get: (id) => users.get(id),
      getByName: (name) => users.getByName(name),
      create: (d, actor) => users.create(d, actor),
      update: (ref, d, actor) => users.update(ref, d, actor),
      delete: (ref, actor) => users.delete(ref, actor),
    },
  });
}
