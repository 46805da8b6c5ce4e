// Network devices as CSV rows (export only). Shared secrets are not
// written to CSV; the JSON export carries the objects as the server
// returns them.
import type { ExportKind } from './import-kind.ts';
import { str } from './row-values.ts';

interface IpEntry { ipaddress?: string; mask?: number | string }

export const DEVICES_EXPORT: ExportKind = {
  name: 'networkdevices',
  resource: 'networkdevice',
  wrapper: 'NetworkDevice',
  columns: ['name', 'description', 'ipAddresses', 'networkDeviceGroups', 'profileName', 'coaPort', 'networkProtocol', 'modelName', 'softwareVersion'],
  row(d) {
    const ips = Array.isArray(d.NetworkDeviceIPList) ? (d.NetworkDeviceIPList as IpEntry[]) : [];
    const ndgs = Array.isArray(d.NetworkDeviceGroupList) ? (d.NetworkDeviceGroupList as string[]) : [];
    const auth = (d.authenticationSettings ?? {}) as Record<string, unknown>;
    return {
      name: str(d.name),
      description: str(d.description),
      ipAddresses: ips.map((ip) => `${str(ip.ipaddress)}/${str(ip.mask)}`).join(';'),
      networkDeviceGroups: ndgs.join(';'),
      profileName: str(d.profileName),
      coaPort: str(d.coaPort),
      networkProtocol: str(auth.networkProtocol),
      modelName: str(d.modelName),
      softwareVersion: str(d.softwareVersion),
    };
  },
};
