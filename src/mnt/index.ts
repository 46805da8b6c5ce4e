// The Monitoring (MnT) REST API under /admin/API/mnt and the legacy
// /ise/mnt: HTTP Basic authentication of admins, MnT roles, every route
// group, and mnt-rest-result rendering of every error under the prefixes.
//
// Roles: ISE lets Super Admin, System Admin and MnT Admin call MnT. Of
// Gatehouse's roles only super-admin is one of those; ers-admin and
// ers-operator are ERS-only groups and get 403.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { fail } from '../errors.ts';
import type { AdminRole } from '../domain/admin-user.ts';
import { authenticateRequest, type LoginLimiter } from '../http/auth.ts';
import type { MntDeps, MntRoute } from './routes.ts';
import { mntSystemRoutes } from './system.ts';
import { mntSessionListRoutes } from './session-list.ts';
import { mntSessionDetailRoutes } from './session-detail.ts';
import { mntSessionDeleteRoutes } from './session-delete.ts';
import { mntHistoryRoutes } from './history.ts';
import { mntCoaRoutes } from './coa.ts';

export { sendMntError, mntNotFound } from './errors.ts';

export const MNT_PREFIXES = ['/admin/API/mnt', '/ise/mnt'] as const;

/** Admin roles that may use MnT. */
export const MNT_ROLES: ReadonlySet<AdminRole> = new Set<AdminRole>(['super-admin']);

export const isMntPath = (url: string): boolean =>
  MNT_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function registerMnt(app: FastifyInstance, deps: MntDeps & { limiter: LoginLimiter }): void {
  app.addHook('onRequest', async (request) => {
    if (!isMntPath(request.url)) return;
    const admin = await authenticateRequest(request, deps.services.admins, deps.limiter);
    request.admin = admin;
    if (!MNT_ROLES.has(admin.role)) {
      fail('forbidden', `Forbidden: admin '${admin.name}' is not in an admin group allowed to use the Monitoring API (Super Admin, System Admin, MnT Admin)`);
    }
  });
  const routes: MntRoute[] = [
    ...mntSystemRoutes(),
    ...mntSessionListRoutes(deps),
    ...mntSessionDetailRoutes(deps),
    ...mntSessionDeleteRoutes(deps),
    ...mntHistoryRoutes(deps),
    ...mntCoaRoutes(deps),
  ];
  for (const prefix of MNT_PREFIXES) {
    for (const r of routes) {
      const url = `${prefix}/${r.path}`;
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      app.route({ method: methods, url, schema: { hide: true }, config: { mntOperation: r.operation }, handler: r.handler });
      const missing = ALL_METHODS.filter((m) => !methods.includes(m));
      const allow = methods.join(', ');
      app.route({
        method: missing, url, schema: { hide: true }, config: { mntOperation: r.operation },
        handler: async (request) => fail('methodNotAllowed', `Method ${request.method} is not supported on ${request.url.split('?')[0]}`, { allow }),
      });
    }
  }
}
