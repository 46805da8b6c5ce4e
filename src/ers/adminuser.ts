// ERS /ers/config/adminuser (read-only, as on ISE 3.1)
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, type AdminUser } from '../domain/admin-user.ts';
import type { Services } from '../services/index.ts';
import { registerErsResource, MASK } from './resource.ts';
import type { FieldSpec } from './fields.ts';

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'description', type: 'string' },
  { name: 'enabled', type: 'boolean' }, { name: 'password', type: 'string' }, { name: 'changePassword', type: 'boolean' },
  { name: 'includeSystemAlarmsInEmail', type: 'boolean' }, { name: 'externalUser', type: 'boolean' },
  { name: 'inactiveAccountNeverDisabled', type: 'boolean' }, { name: 'adminGroups', type: 'string' },
  { name: 'customAttributes', type: 'map' }, { name: 'email', type: 'string' },
  { name: 'firstName', type: 'string' }, { name: 'lastName', type: 'string' },
];

const toView = (a: AdminUser): Record<string, unknown> => ({
  id: a.id, name: a.name, description: a.description, enabled: a.enabled, password: MASK, changePassword: false,
  includeSystemAlarmsInEmail: false, externalUser: false, inactiveAccountNeverDisabled: true,
  adminGroups: ADMIN_ROLES[a.role], customAttributes: {}, email: a.email, firstName: a.firstName, lastName: a.lastName,
});

export function registerAdminUserRoutes(app: FastifyInstance, services: Services): void {
  const admins = services.admins;
  registerErsResource<AdminUser, never>(app, {
    path: 'adminuser',
    wrapper: 'AdminUser',
    xmlRoot: 'adminuser',
    namespace: 'identity',
    version: { current: '1.3', supported: ['1.0', '1.1', '1.2', '1.3'] },
    fields: FIELDS,
    list: {
      filters: {
        name: { field: 'name' }, description: { field: 'description' }, email: { field: 'email' },
        firstName: { field: 'firstName' }, lastName: { field: 'lastName' },
      },
      sorts: { name: 'name', description: 'description' },
      defaultSort: 'name',
    },
    entryDescription: (a) => a.description,
    toView,
    fromInput: () => undefined as never,
    byName: { get: true },
    service: {
      search: (q) => admins.search(q),
      get: (id) => admins.getById(id),
      getByName: (name) => admins.getByName(name),
    },
  });
}
