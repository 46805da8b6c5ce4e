// Builds the service layer over a store.
import type { Store } from '../store/store.ts';
import type { PasswordPolicy } from '../domain/password-policy.ts';
import type { CustomAttributeDef } from '../domain/custom-attributes.ts';
import { AuditService } from './audit.ts';
import { ChangeBus } from './events.ts';
import { IdentityGroupService } from './identity-groups.ts';
import { InternalUserService } from './internal-users.ts';
import { AdminService } from './admins.ts';
import { EndpointGroupService } from './endpoint-groups.ts';
import { EndpointService } from './endpoints.ts';
import { NetworkDeviceGroupService } from './network-device-groups.ts';
import { NetworkDeviceService } from './network-devices.ts';
import { CaService, type CaOptions } from './ca.ts';
import { SessionService, type SessionRetention } from './sessions.ts';
import type { HotStore } from '../store/hot-store.ts';
import { SqliteHotStore } from '../store/sqlite/hot.ts';
import { CoaService } from './coa.ts';
import { AncService } from './anc.ts';
import { MonitoringService } from './monitoring.ts';
import type { CoaSender } from '../domain/coa.ts';
import { CoaClient } from '../radius/coa-client.ts';
import { BulkService } from './bulk.ts';
import { registerBulkResources } from './bulk-resources.ts';
import { PolicyService } from './policy.ts';
import type { Clock } from './context.ts';

export interface ServiceOptions {
  clock?: Clock;
  passwordPolicy?: PasswordPolicy;
  userCustomAttributes?: readonly CustomAttributeDef[];
  endpointCustomAttributes?: readonly CustomAttributeDef[];
  /** Internal CA: its directory (keys and certificates) and host name. */
  ca?: CaOptions;
  /** Sessions and live log; an in-memory SQLite database when not given. */
  hot?: HotStore;
  /** Items per bulk request: full-resource operations / id-only operations. */
  bulkLimits?: { fullResource: number; idOnly: number };
  /** Reports unexpected failures of background bulk jobs. */
  onBulkError?: (err: unknown) => void;
  /** Reports write-behind failures (the node logs them). */
  onHotError?: (err: unknown) => void;
  /** Live-log and ended-session retention. */
  retention?: Partial<SessionRetention>;
  /** The CoA transport; a CoA client with the default timeouts when not given. */
  coa?: CoaSender;
}

export interface Services {
  store: Store;
  bus: ChangeBus;
  audit: AuditService;
  identityGroups: IdentityGroupService;
  internalUsers: InternalUserService;
  admins: AdminService;
  endpointGroups: EndpointGroupService;
  endpoints: EndpointService;
  networkDeviceGroups: NetworkDeviceGroupService;
  networkDevices: NetworkDeviceService;
  ca: CaService;
  sessions: SessionService;
  coa: CoaService;
  anc: AncService;
  monitoring: MonitoringService;
  /** The network-access policy; `policy.current()` is what RADIUS evaluates. */
  policy: PolicyService;
  bulk: BulkService;
}

export async function createServices(store: Store, options: ServiceOptions = {}): Promise<Services> {
  const clock = options.clock ?? (() => new Date());
  const bus = new ChangeBus();
  const audit = new AuditService(store, clock);
  const deps = { store, audit, bus };
  const sessions = new SessionService(options.hot ?? new SqliteHotStore(':memory:'), clock, options.onHotError, options.retention);
  const networkDevices = new NetworkDeviceService(deps, clock);
  const coa = new CoaService({ sessions, devices: networkDevices, sender: options.coa ?? new CoaClient(), audit, store });
  const services: Services = {
    store,
    bus,
    audit,
    identityGroups: new IdentityGroupService(deps, clock),
    internalUsers: new InternalUserService(deps, clock, {
      passwordPolicy: options.passwordPolicy,
      customAttributes: options.userCustomAttributes,
    }),
    admins: new AdminService(deps, clock),
    endpointGroups: new EndpointGroupService(deps, clock),
    endpoints: new EndpointService(deps, clock, { customAttributes: options.endpointCustomAttributes }),
    networkDeviceGroups: new NetworkDeviceGroupService(deps, clock),
    networkDevices,
    ca: new CaService(deps, clock, options.ca),
    sessions,
    coa,
    anc: new AncService(deps, clock, sessions, coa),
    monitoring: new MonitoringService(sessions, audit, store),
    policy: new PolicyService(deps, clock),
    bulk: new BulkService(store, clock, options.bulkLimits, options.onBulkError),
  };
  registerBulkResources(services.bulk, services);
  await services.identityGroups.seed();
  await services.policy.load();
  await services.endpointGroups.seed();
  await services.networkDeviceGroups.seed();
  await services.networkDevices.load();
  await services.anc.load();
  await services.ca.start();
  return services;
}
