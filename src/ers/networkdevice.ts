// ERS /ers/config/networkdevice
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import { formatIp, parseIp } from '../domain/ip.ts';
import { DEVICE_SECRET_PATHS, SECRET_MASK, type NetworkDevice, type RadiusSettings } from '../domain/network-device.ts';
import type { NetworkDeviceDraft } from '../services/network-devices.ts';
import type { Services } from '../services/index.ts';
import { registerErsResource } from './resource.ts';
import type { FieldSpec } from './fields.ts';

const str = (name: string): FieldSpec => ({ name, type: 'string' });
const bool = (name: string): FieldSpec => ({ name, type: 'boolean' });
const int = (name: string): FieldSpec => ({ name, type: 'integer' });

const AUTHENTICATION_FIELDS: FieldSpec[] = [
  str('networkProtocol'), str('radiusSharedSecret'),
  // ISE 3.x returns enableMultiSecret as the string "true"/"false".
  str('enableMultiSecret'), str('secondRadiusSharedSecret'), bool('enableKeyWrap'), str('keyEncryptionKey'),
  str('messageAuthenticatorCodeKey'), str('keyInputFormat'), bool('dtlsRequired'), bool('messageAuthenticatorCodeRequired'),
  bool('sendMAOnAllResponses'), { name: 'enabled', type: 'boolean', readOnly: true },
];

const FIELDS: FieldSpec[] = [
  str('id'), str('name'), str('description'),
  { name: 'authenticationSettings', type: 'object', fields: AUTHENTICATION_FIELDS },
  {
    name: 'NetworkDeviceIPList', type: 'list', item: 'NetworkDeviceIP',
    // The exclusion is `getIpaddressExclude` in Cisco's SDK; `ipaddressExclude` is accepted too.
    of: { type: 'object', fields: [str('ipaddress'), int('mask'), str('getIpaddressExclude'), str('ipaddressExclude')] },
  },
  { name: 'NetworkDeviceGroupList', type: 'list', item: 'NetworkDeviceGroup', of: { type: 'string' } },
  str('profileName'), int('coaPort'), str('dtlsDnsName'), str('modelName'), str('softwareVersion'),
  {
    name: 'snmpsettings', type: 'object', fields: [
      str('version'), str('roCommunity'), int('pollingInterval'), bool('linkTrapQuery'), bool('macTrapQuery'),
      str('originatingPolicyServicesNode'), str('username'), str('securityLevel'), str('authProtocol'), str('authPassword'),
      str('privacyProtocol'), str('privacyPassword'),
    ],
  },
  {
    name: 'tacacsSettings', type: 'object',
    fields: [str('sharedSecret'), str('connectModeOptions'), str('previousSharedSecret'), int('previousSharedSecretExpiry')],
  },
  {
    name: 'trustsecsettings', type: 'object', fields: [
      { name: 'deviceAuthenticationSettings', type: 'object', fields: [str('sgaDeviceId'), str('sgaDevicePassword'), str('restApiUsername'), str('restApiPassword')] },
      {
        name: 'deviceConfigurationDeployment', type: 'object',
        fields: [bool('includeWhenDeployingSGTUpdates'), str('enableModePassword'), str('execModePassword'), str('execModeUsername')],
      },
      {
        name: 'sgaNotificationAndUpdates', type: 'object', fields: [
          int('downlaodEnvironmentDataEveryXSeconds'), int('downlaodPeerAuthorizationPolicyEveryXSeconds'),
          int('reAuthenticationEveryXSeconds'), int('downloadSGACLListsEveryXSeconds'), bool('otherSGADevicesToTrustThisDevice'),
          bool('sendConfigurationToDevice'), str('sendConfigurationToDeviceUsing'), str('coaSourceHost'),
        ],
      },
      bool('pushIdSupport'),
    ],
  },
];

function authenticationView(s: RadiusSettings): Record<string, unknown> {
  return {
    networkProtocol: s.networkProtocol,
    radiusSharedSecret: s.radiusSharedSecret,
    enableKeyWrap: s.enableKeyWrap,
    dtlsRequired: s.dtlsRequired,
    keyEncryptionKey: s.keyEncryptionKey,
    messageAuthenticatorCodeKey: s.messageAuthenticatorCodeKey,
    keyInputFormat: s.keyInputFormat,
    enableMultiSecret: String(s.enableMultiSecret),
    ...(s.secondRadiusSharedSecret && { secondRadiusSharedSecret: s.secondRadiusSharedSecret }),
    messageAuthenticatorCodeRequired: s.messageAuthenticatorCodeRequired,
    sendMAOnAllResponses: s.sendMAOnAllResponses,
  };
}

export function toView(d: NetworkDevice): Record<string, unknown> {
  // TrustSec restApiPassword is write-only over ERS; every other secret is returned as stored (conventions §6).
  const trustsec = d.trustsecsettings && structuredClone(d.trustsecsettings);
  if (trustsec?.deviceAuthenticationSettings?.restApiPassword) trustsec.deviceAuthenticationSettings.restApiPassword = SECRET_MASK;
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    ...(d.authenticationSettings && { authenticationSettings: authenticationView(d.authenticationSettings) }),
    profileName: d.profileName,
    coaPort: d.coaPort,
    ...(d.dtlsDnsName && { dtlsDnsName: d.dtlsDnsName }),
    ...(d.modelName && { modelName: d.modelName }),
    ...(d.softwareVersion && { softwareVersion: d.softwareVersion }),
    ...(d.snmpsettings && { snmpsettings: d.snmpsettings }),
    ...(d.tacacsSettings && { tacacsSettings: d.tacacsSettings }),
    ...(trustsec && { trustsecsettings: trustsec }),
    NetworkDeviceIPList: d.ipList.map((ip) => ({ ipaddress: ip.ipaddress, mask: ip.mask, ...(ip.exclude && { getIpaddressExclude: ip.exclude }) })),
    NetworkDeviceGroupList: d.groups,
  };
}

/** Drops secrets given as the mask, so an echoed GET body keeps the stored secrets. */
function dropMaskedSecrets(p: Record<string, unknown>): void {
  for (const path of DEVICE_SECRET_PATHS) {
    const keys = path.split('.');
    let node: Record<string, unknown> | undefined = p;
    for (const k of keys.slice(0, -1)) node = node?.[k] as Record<string, unknown> | undefined;
    const leaf = keys[keys.length - 1];
    if (node && node[leaf] === SECRET_MASK) delete node[leaf];
  }
}

function fromInput(p: Record<string, unknown>): NetworkDeviceDraft {
  dropMaskedSecrets(p);
  const d: NetworkDeviceDraft = {};
  const copy = ['name', 'description', 'profileName', 'coaPort', 'dtlsDnsName', 'modelName', 'softwareVersion',
    'tacacsSettings', 'snmpsettings', 'trustsecsettings'] as const;
  for (const k of copy) if (p[k] !== undefined) (d as Record<string, unknown>)[k] = p[k];
  if (p.NetworkDeviceIPList !== undefined) {
    d.ipList = (p.NetworkDeviceIPList as Record<string, unknown>[]).map((ip) => ({
      ipaddress: ip.ipaddress, mask: ip.mask, exclude: ip.getIpaddressExclude ?? ip.ipaddressExclude,
    }));
  }
  if (p.NetworkDeviceGroupList !== undefined) d.groups = p.NetworkDeviceGroupList as string[];
  if (p.authenticationSettings !== undefined) {
    const { enableMultiSecret, ...rest } = p.authenticationSettings as Record<string, unknown>;
    const auth = rest as Partial<RadiusSettings>;
    if (enableMultiSecret !== undefined) {
      if (enableMultiSecret !== 'true' && enableMultiSecret !== 'false') {
        fail('validation', `authenticationSettings.enableMultiSecret: '${String(enableMultiSecret)}' must be true or false`);
      }
      auth.enableMultiSecret = enableMultiSecret === 'true';
    }
    d.authenticationSettings = auth;
  }
  return d;
}

/** A complete address is compared in canonical form; anything else as typed. */
const ipValue = (v: string): string => {
  const a = parseIp(v);
  return a ? formatIp(a) : v;
};

export function registerNetworkDeviceRoutes(app: FastifyInstance, services: Services): void {
  const devices = services.networkDevices;
  registerErsResource(app, {
    bulk: { service: services.bulk, jsonWrapper: 'NetworkDeviceBulkRequest' },
    path: 'networkdevice',
    wrapper: 'NetworkDevice',
    xmlRoot: 'networkdevice',
    namespace: 'network',
    version: { current: '1.1', supported: ['1.0', '1.1', '1.2'] },
    fields: FIELDS,
    list: {
      filters: {
        name: { field: 'name' },
        description: { field: 'description' },
        ipaddress: { field: 'ipaddress', value: ipValue },
        location: { field: 'location' },
        type: { field: 'type' },
      },
      sorts: { name: 'name', description: 'description' },
      defaultSort: 'name',
    },
    entryDescription: (d) => d.description,
    toView,
    fromInput,
    secretFields: [...DEVICE_SECRET_PATHS],
    byName: { get: true, put: true, patch: true, delete: true },
    service: {
      search: (q) => devices.search(q),
      get: (id) => devices.get(id),
      getByName: (name) => devices.getByName(name),
      create: (d, actor) => devices.create(d, actor),
      update: (ref, d, actor) => devices.update(ref, d, actor),
      delete: (ref, actor) => devices.delete(ref, actor),
    },
  });
}
