// The built-in policy dictionaries: `Radius`, `Cisco`, `Microsoft` and
// `Airespace` listed from the RADIUS dictionary the node speaks, the others
// from the domain's table. Ids are derived from the names, so they are the
// same on every node and across restarts.
import { createHash } from 'node:crypto';
import type { AttributeDataType, Dictionary, DictionaryAttribute, DictionarySeed } from '../domain/policy/index.ts';
import { NAS_PORT_TYPES, POLICY_DICTIONARIES, SERVICE_TYPES, allowedValues, attrKey } from '../domain/policy/index.ts';
import { AIRESPACE } from '../radius/dictionary/airespace.ts';
import { CISCO } from '../radius/dictionary/cisco.ts';
import { EXTENSIONS } from '../radius/dictionary/extensions.ts';
import { IPV6 } from '../radius/dictionary/ipv6.ts';
import { MICROSOFT } from '../radius/dictionary/microsoft.ts';
import { RFC2865 } from '../radius/dictionary/rfc2865.ts';
import { RFC2866 } from '../radius/dictionary/rfc2866.ts';
import { RFC2869 } from '../radius/dictionary/rfc2869.ts';
import { TUNNEL } from '../radius/dictionary/tunnel.ts';
import type { AttrRow, DataType } from '../radius/dictionary/types.ts';
import { defineAttr } from '../radius/dictionary/types.ts';

/** A stable UUID-shaped id for a name (SHA-1 name-based, RFC 4122 version 5 layout). */
export function nameId(scope: string, name: string): string {
  const h = createHash('sha1').update(`gatehouse:${scope}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const DATA_TYPES: Readonly<Record<DataType, AttributeDataType>> = {
  string: 'STRING', octets: 'OCTET_STRING', ipaddr: 'IPV4', ipv6addr: 'IPV6', ipv6prefix: 'IPV6PREFIX', integer: 'UNIT32',
  date: 'DATE', ifid: 'IPV6INTERFACE', integer64: 'UINT64', byte: 'INT', short: 'INT',
};

/** Names ISE's dictionaries use where the RADIUS dictionary spells them otherwise. */
const ISE_NAMES: Readonly<Record<string, string>> = { 'Cisco-AVPair': 'cisco-av-pair' };

/** Display names of enumerated values the policy compares with (`Call Check`, `Wireless - IEEE 802.11`). */
const DISPLAY_VALUES: Readonly<Record<string, readonly string[]>> = {
  'radius:service-type': Object.values(SERVICE_TYPES),
  'radius:nas-port-type': Object.values(NAS_PORT_TYPES),
};

function radiusDictionary(name: string, description: string, vendor: number, rows: readonly AttrRow[]): Dictionary {
  const attributes = rows.map((row): DictionaryAttribute => {
    const def = defineAttr(vendor, row);
    const attrName = ISE_NAMES[def.name] ?? def.name;
    const values = DISPLAY_VALUES[attrKey(name, attrName)] ?? (def.valueNames ? [...def.valueNames.values()] : undefined);
    return {
      id: nameId(`attribute:${name}`, attrName), name: attrName, internalName: def.name, description: '',
      dataType: DATA_TYPES[def.dataType], directionType: 'BOTH', dictionaryName: name, allowedValues: allowedValues(values),
    };
  });
  return { id: nameId('dictionary', name), name, description, version: '1.0', dictionaryAttrType: 'MSG_ATTR', builtin: true, attributes };
}

function policyDictionary(seed: DictionarySeed): Dictionary {
  return {
    id: nameId('dictionary', seed.name), name: seed.name, description: seed.description, version: '1.0', dictionaryAttrType: seed.dictionaryAttrType,
    builtin: true,
    attributes: seed.attributes.map(([name, dataType, values]) => ({
      id: nameId(`attribute:${seed.name}`, name), name, internalName: name, description: '', dataType, directionType: 'IN',
      dictionaryName: seed.name, allowedValues: allowedValues(values),
    })),
  };
}

/** The built-in dictionaries, RADIUS ones first. */
export const BUILTIN_DICTIONARIES: readonly Dictionary[] = [
  radiusDictionary('Radius', 'Radius Dictionary', 0, [...RFC2865, ...RFC2866, ...TUNNEL, ...RFC2869, ...IPV6, ...EXTENSIONS]),
  ...[CISCO, MICROSOFT, AIRESPACE].map((v) => radiusDictionary(v.name, `${v.name} RADIUS vendor dictionary (vendor ${v.id})`, v.id, v.attributes)),
  ...POLICY_DICTIONARIES.map(policyDictionary),
];
