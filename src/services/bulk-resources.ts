// Which resources accept bulk requests (endpoint and networkdevice over ERS
// as ISE; internaluser only through the Gatehouse extension API, since ISE
// has no ERS bulk for it), and how each operation runs through the
// resource's own service (the same validation and audit as a single request).
import type { EndpointDraft, EndpointService } from './endpoints.ts';
import type { InternalUserDraft, InternalUserService } from './internal-users.ts';
import type { NetworkDeviceDraft, NetworkDeviceService } from './network-devices.ts';
import type { BulkService, ItemResult } from './bulk.ts';
import { parseMac } from '../domain/mac.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const draftOf = <T>(p: Record<string, unknown>): T => (p.draft ?? {}) as T;

export function registerBulkResources(
  bulk: BulkService, s: { endpoints: EndpointService; networkDevices: NetworkDeviceService; internalUsers: InternalUserService },
): void {
  const endpointResult = (e: { id: string; mac: string; description: string }): ItemResult => ({ id: e.id, name: e.mac, description: e.description });
  bulk.register('endpoint', {
    describe: (p) => {
      const d = draftOf<EndpointDraft>(p);
      const mac = str(d.mac);
      return { name: parseMac(mac) ?? (mac || str(p.id)), description: str(d.description) };
    },
    operations: {
      create: {
        run: async (p, actor) => endpointResult(await s.endpoints.create(draftOf<EndpointDraft>(p), actor)),
        existing: async (p) => {
          const mac = parseMac(str(draftOf<EndpointDraft>(p).mac));
          const e = mac ? await s.endpoints.getByName(mac) : undefined;
          return e && { ...endpointResult(e), createdAt: e.createdAt };
        },
      },
      update: { run: async (p, actor) => endpointResult((await s.endpoints.update(str(p.id), draftOf<EndpointDraft>(p), actor)).after) },
      delete: {
        run: async (p, actor) => {
          const e = await s.endpoints.get(str(p.id));
          await s.endpoints.delete(str(p.id), actor);
          return { id: str(p.id), name: e?.mac ?? '', description: e?.description ?? '' };
        },
      },
    },
  });
  const deviceResult = (d: { id: string; name: string; description: string }): ItemResult => ({ id: d.id, name: d.name, description: d.description });
  const ref = (p: Record<string, unknown>) => (p.id !== undefined ? { id: str(p.id) } : { name: str(p.name) });
  const update = { run: async (p: Record<string, unknown>, actor: Parameters<NetworkDeviceService['update']>[2]) => deviceResult((await s.networkDevices.update(ref(p), draftOf<NetworkDeviceDraft>(p), actor)).after) };
  const remove = {
    run: async (p: Record<string, unknown>, actor: Parameters<NetworkDeviceService['delete']>[1]) => {
      const d = p.id !== undefined ? await s.networkDevices.get(str(p.id)) : await s.networkDevices.getByName(str(p.name));
      await s.networkDevices.delete(ref(p), actor);
      return { id: d?.id ?? str(p.id), name: d?.name ?? str(p.name), description: d?.description ?? '' };
    },
  };
  bulk.register('networkdevice', {
    describe: (p) => {
      const d = draftOf<NetworkDeviceDraft>(p);
      return { name: str(d.name) || str(p.name) || str(p.id), description: str(d.description) };
    },
    operations: {
      create: {
        run: async (p, actor) => deviceResult(await s.networkDevices.create(draftOf<NetworkDeviceDraft>(p), actor)),
        existing: async (p) => {
          const d = await s.networkDevices.getByName(str(draftOf<NetworkDeviceDraft>(p).name));
          return d && { ...deviceResult(d), createdAt: d.createdAt };
        },
      },
      update, updatebyname: update, delete: remove, deletebyname: remove,
    },
  });
  const userResult = (u: { id: string; name: string; description: string }): ItemResult => ({ id: u.id, name: u.name, description: u.description });
  bulk.register('internaluser', {
    describe: (p) => {
      const d = draftOf<InternalUserDraft>(p);
      return { name: str(d.name) || str(p.id), description: str(d.description) };
    },
    operations: {
      create: {
        run: async (p, actor) => userResult(await s.internalUsers.create(draftOf<InternalUserDraft>(p), actor)),
        existing: async (p) => {
          const u = await s.internalUsers.getByName(str(draftOf<InternalUserDraft>(p).name));
          return u && { ...userResult(u), createdAt: u.createdAt };
        },
      },
      update: { run: async (p, actor) => userResult((await s.internalUsers.update({ id: str(p.id) }, draftOf<InternalUserDraft>(p), actor)).after) },
    },
  });
}
