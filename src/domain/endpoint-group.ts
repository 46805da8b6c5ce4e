// Endpoint identity groups and the built-ins every ISE ships.
import type { Entity } from './entity.ts';

export interface EndpointGroup extends Entity {
  /** Id of the parent endpoint group, or ''. */
  parentId: string;
  /** Shipped with the product: cannot be deleted or renamed. */
  systemDefined: boolean;
}

const SUFFIX = '-11e6-996c-525400b48521';

export const UNKNOWN_ENDPOINT_GROUP_ID = `aa0e8b20-8bff${SUFFIX}`;
export const PROFILED_ENDPOINT_GROUP_ID = `aa10ae00-8bff${SUFFIX}`;
export const REGISTERED_DEVICES_GROUP_ID = `aa13bb40-8bff${SUFFIX}`;

const profile = (idPrefix: string, name: string) => ({
  id: `${idPrefix}${SUFFIX}`, name, description: `Identity Group for Profile: ${name}`, parentId: PROFILED_ENDPOINT_GROUP_ID,
});

/** ers-resources.md §4: names, fixed ids and descriptions; profile groups sit under Profiled. */
export const BUILT_IN_ENDPOINT_GROUPS: ReadonlyArray<Pick<EndpointGroup, 'id' | 'name' | 'description' | 'parentId'>> = [
  { id: `aa000c30-8bff${SUFFIX}`, name: 'Blocked List', description: 'Blocked List Identity Group', parentId: '' },
  { id: `aa178bd0-8bff${SUFFIX}`, name: 'GuestEndpoints', description: 'Guest Endpoints Identity Group', parentId: '' },
  { id: PROFILED_ENDPOINT_GROUP_ID, name: 'Profiled', description: 'Profiled Identity Group', parentId: '' },
  { id: REGISTERED_DEVICES_GROUP_ID, name: 'RegisteredDevices', description: 'Asset Registered Endpoints Identity Group', parentId: '' },
  { id: UNKNOWN_ENDPOINT_GROUP_ID, name: 'Unknown', description: 'Unknown Identity Group', parentId: '' },
  profile('ffa36b00-8bff', 'Android'),
  profile('0a4a50f0-8c00', 'Apple-iDevice'),
  profile('0c4eac70-8c00', 'Axis-Device'),
  profile('0cc7ad00-8c00', 'BlackBerry'),
  profile('14f5cac0-8c00', 'Cisco-IP-Phone'),
  profile('1e2700a0-8c00', 'Cisco-Meraki-Device'),
  profile('22c6c780-8c00', 'Epson-Device'),
  profile('2b07d100-8c00', 'Juniper-Device'),
  profile('38a73670-8c00', 'Sony-Device'),
  profile('3a1b38d0-8c00', 'Synology-Device'),
  profile('3a88eec0-8c00', 'Trendnet-Device'),
  profile('3b113190-8c00', 'Vizio-Device'),
  profile('3b76f840-8c00', 'Workstation'),
];
