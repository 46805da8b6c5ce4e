// Network conditions (`/network-condition`, policy-api.md §6.2): named lists
// of devices, device ports and end stations. Stored and served for the
// clients that manage them (the SDK, Ansible); policy conditions do not
// refer to them.
//
// Entry forms:
// - DeviceCondition: `deviceList` (device names), `deviceGroupList`
//   (`Location#All Locations`), `ipAddrList` (address or prefix);
// - DevicePortCondition: the same entries, each suffixed `,<port>` (an
//   interface such as `Gi1/0/48`) or `,-ANY-`;
// - EndstationCondition: `ipAddrList`, `macAddrList`, and `cliDnisList` of
//   `<calling>,<called>` pairs where either side may be `-ANY-`.

import { parseMac } from '../mac.ts';
import { parseIpRange } from './operators.ts';
import type { Checked } from './validation.ts';
import { Fields, OBJECT_KINDS, apiMessage, checkPolicyName, checked, invalid, nameTaken } from './validation.ts';

export const NETWORK_CONDITION_TYPES = ['DeviceCondition', 'DevicePortCondition', 'EndstationCondition'] as const;
export type NetworkConditionType = (typeof NETWORK_CONDITION_TYPES)[number];

export interface NetworkCondition {
  id: string;
  name: string;
  description: string;
  conditionType: NetworkConditionType;
  deviceList?: string[];
  deviceGroupList?: string[];
  ipAddrList?: string[];
  macAddrList?: string[];
  cliDnisList?: string[];
}

const LISTS: Readonly<Record<NetworkConditionType, readonly (keyof NetworkCondition)[]>> = {
  DeviceCondition: ['deviceList', 'deviceGroupList', 'ipAddrList'],
  DevicePortCondition: ['deviceList', 'deviceGroupList', 'ipAddrList'],
  EndstationCondition: ['ipAddrList', 'macAddrList', 'cliDnisList'],
};

const say = (reason: string): string => apiMessage(OBJECT_KINDS.networkCondition, reason);
const ANY = '-ANY-';

/** The problem with one entry, or null. `port`: entries carry `,<port>` or `,-ANY-`. */
function entryProblem(list: string, entry: string, port: boolean): string | null {
  let value = entry;
  if (port) {
    const comma = entry.lastIndexOf(',');
    if (comma < 0) return `${list}: '${entry}' needs a port (',<port>' or ',${ANY}')`;
    const p = entry.slice(comma + 1).trim();
    if (p === '') return `${list}: '${entry}' has an empty port`;
    value = entry.slice(0, comma).trim();
  }
  if (value === '') return `${list}: empty entry`;
  switch (list) {
    case 'ipAddrList': return parseIpRange(value) === null ? `${list}: '${value}' is not an IP address or prefix` : null;
    case 'macAddrList': return parseMac(value) === null ? `${list}: '${value}' is not a MAC address` : null;
    case 'deviceGroupList': return value.includes('#') ? null : `${list}: '${value}' is not a device group path (Root#Group)`;
    case 'cliDnisList': {
      const parts = value.split(',').map((s) => s.trim());
      return parts.length === 2 && parts.every((s) => s !== '') ? null : `${list}: '${value}' must be '<calling>,<called>' (either may be ${ANY})`;
    }
    default: return null;
  }
}

/** A network condition from a POST or PUT body. */
export function validateNetworkCondition(
  input: unknown,
  o: { id: string; siblings: Iterable<{ id: string; name: string }> },
): Checked<NetworkCondition> {
  return checked(() => {
    const f: Fields = new Fields(input, say);
    const name = f.reqStr('name');
    const nameError = checkPolicyName(name, true);
    if (nameError) f.fail(nameError);
    if (nameTaken(name, o.siblings, o.id)) f.fail(`Condition name '${name}' already exists`);
    const type = f.oneOf('conditionType', NETWORK_CONDITION_TYPES) ?? f.missing('conditionType');
    const c: NetworkCondition = { id: o.id, name, description: f.str('description') ?? '', conditionType: type };
    const allowed = LISTS[type];
    for (const key of ['deviceList', 'deviceGroupList', 'ipAddrList', 'macAddrList', 'cliDnisList'] as const) {
      const list = f.list(key);
      if (list === undefined) continue;
      if (!allowed.includes(key)) f.fail(`${key} does not apply to ${type}`);
      c[key] = list.map((item) => {
        if (typeof item !== 'string') return f.fail(`${key} entries must be strings`);
        const problem = entryProblem(key, item.trim(), type === 'DevicePortCondition');
        return problem === null ? item.trim() : f.fail(problem);
      });
    }
    if (!allowed.some((k) => (c[k] as string[] | undefined)?.length)) f.fail(`${type} needs at least one of ${allowed.join(', ')}`);
    return c;
  });
}

/** A missing network condition: 404. */
export function networkConditionNotFound(id: string): Checked<never> {
  return checked(() => invalid(say(`Condition '${id}' not found`), 'notFound', 404));
}
