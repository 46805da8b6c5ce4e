// The attribute dictionary: O(1) lookups by name (case-insensitive) and by
// (vendor, type). Unknown attributes get synthesized octets definitions
// named "Attr-<type>" or "Vendor-<vendor>-Attr-<type>".
import { AIRESPACE } from './airespace.ts';
import { CISCO } from './cisco.ts';
import { IPV6 } from './ipv6.ts';
import { EXTENSIONS } from './extensions.ts';
import { MICROSOFT } from './microsoft.ts';
import { RFC2865 } from './rfc2865.ts';
import { RFC2866 } from './rfc2866.ts';
import { RFC2869 } from './rfc2869.ts';
import { TUNNEL } from './tunnel.ts';
import { defineAttr } from './types.ts';
import type { AttrDef, AttrRow, VendorDef } from './types.ts';

export type { AttrDef, AttrOptions, AttrRow, DataType, Encrypt, VendorDef } from './types.ts';

export const VENDOR_SPECIFIC = 26;

const standard: (AttrDef | undefined)[] = new Array(256).fill(undefined);
const vendors = new Map<number, (AttrDef | undefined)[]>();
const vendorNames = new Map<number, string>();
const byName = new Map<string, AttrDef>();

function index(def: AttrDef, table: (AttrDef | undefined)[]): void {
  if (table[def.type] === undefined) table[def.type] = def;
  for (const name of [def.name, ...def.aliases]) {
    byName.set(name, def);
    byName.set(name.toLowerCase(), def);
  }
}

/** Adds standard attribute rows (later rows do not replace earlier numbers). */
export function registerAttributes(rows: readonly AttrRow[]): void {
  for (const row of rows) index(defineAttr(0, row), standard);
}

/** Adds a vendor whose VSAs use one-octet type and length sub-attribute framing. */
export function registerVendor(vendor: VendorDef): void {
  let table = vendors.get(vendor.id);
  if (!table) {
    table = new Array(256).fill(undefined);
    vendors.set(vendor.id, table);
  }
  vendorNames.set(vendor.id, vendor.name);
  for (const row of vendor.attributes) index(defineAttr(vendor.id, row), table);
}

for (const rows of [RFC2865, RFC2866, TUNNEL, RFC2869, IPV6, EXTENSIONS]) registerAttributes(rows);
for (const vendor of [CISCO, MICROSOFT, AIRESPACE]) registerVendor(vendor);

/** The definition for a raw Vendor-Specific attribute of an unknown vendor. */
export const RAW_VSA: AttrDef = defineAttr(0, [VENDOR_SPECIFIC, 'Vendor-Specific', 'octets']);
byName.set('vendor-specific', RAW_VSA);
byName.set('Vendor-Specific', RAW_VSA);

/** True when VSAs of this vendor are split into sub-attributes. */
export function isKnownVendor(vendor: number): boolean {
  return vendors.has(vendor);
}

export function vendorName(vendor: number): string | undefined {
  return vendorNames.get(vendor);
}

/** The registered definition for (vendor, type), if any. */
export function findAttr(vendor: number, type: number): AttrDef | undefined {
  if (vendor === 0) return type === VENDOR_SPECIFIC ? RAW_VSA : standard[type];
  const table = vendors.get(vendor);
  return table === undefined ? undefined : table[type];
}

/** The definition for (vendor, type), synthesizing an octets one when unknown. */
export function attrFor(vendor: number, type: number): AttrDef {
  const known = findAttr(vendor, type);
  if (known) return known;
  const name = vendor === 0 ? `Attr-${type}` : `Vendor-${vendor}-Attr-${type}`;
  const def = defineAttr(vendor, [type, name, 'octets']);
  let table = vendor === 0 ? standard : vendors.get(vendor);
  if (!table) {
    // A vendor nobody registered: keep its synthesized names reachable by name only.
    byName.set(name, def);
    byName.set(name.toLowerCase(), def);
    return def;
  }
  index(def, table);
  return def;
}

const GENERIC = /^(?:attr-(\d{1,3})|vendor-(\d{1,10})-attr-(\d{1,3}))$/;

/** The definition for a name, including the generic "Attr-N" / "Vendor-V-Attr-N" forms. */
export function attrByName(name: string): AttrDef | undefined {
  const def = byName.get(name) ?? byName.get(name.toLowerCase());
  if (def) return def;
  const m = GENERIC.exec(name.toLowerCase());
  if (!m) return undefined;
  const type = Number(m[1] ?? m[3]);
  const vendor = m[2] === undefined ? 0 : Number(m[2]);
  if (type > 255 || vendor > 0xffffff || (vendor === 0 && m[2] !== undefined)) return undefined;
  return attrFor(vendor, type);
}

/** Like attrByName, but throws for unknown names (for code that names fixed attributes). */
export function attr(name: string): AttrDef {
  const def = attrByName(name);
  if (!def) throw new Error(`unknown RADIUS attribute: ${name}`);
  return def;
}

/** The number of an enumerated value name (case-insensitive), if defined. */
export function enumValue(def: AttrDef, name: string): number | undefined {
  return def.values?.get(name) ?? def.values?.get(name.toLowerCase());
}

/** The canonical name of an enumerated value, if defined. */
export function enumName(def: AttrDef, value: number): string | undefined {
  return def.valueNames?.get(value);
}

export { CISCO_VENDOR_ID } from './cisco.ts';
export { MICROSOFT_VENDOR_ID } from './microsoft.ts';
export { AIRESPACE_VENDOR_ID } from './airespace.ts';
