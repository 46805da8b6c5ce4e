// Network device group (NDG) names.
//
// A name is a `#`-separated path whose first segment is the NDG type (ERS
// `othername`) and whose second is the type's top group:
// `Location#All Locations#Site-A`, `Device Type#All Device Types#Switches`,
// `IPSEC#Is IPSEC Device#No`. A custom type looks the same
// (`Deployment Stage#Deployment Stage#Pilot`). In `/name/` URLs `#` is
// written as `:` (`Device Type:All Device Types`); `%23` also arrives.

import type { Entity } from './entity.ts';
import { checkName } from './names.ts';

export const NDG_SEPARATOR = '#';

/**
 * Deepest path accepted: the type plus six group levels. ISE's editor allows
 * six levels below the type [unconfirmed]; kept as a named limit.
 */
export const NDG_MAX_SEGMENTS = 7;

/** A stored network device group; `othername` is its type (first name segment). */
export interface NetworkDeviceGroup extends Entity {
  othername: string;
  /** Shipped with the product: cannot be deleted or renamed. */
  system: boolean;
}

export interface BuiltinNdg {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly othername: string;
}

/** The groups every ISE ships, with their fixed ids (ers-resources.md §6). */
export const BUILTIN_NDGS: readonly BuiltinNdg[] = [
  { id: '70c79c30-8bff-11e6-996c-525400b48521', name: 'Device Type#All Device Types', description: 'All Device Types', othername: 'Device Type' },
  { id: '70d4bb90-8bff-11e6-996c-525400b48521', name: 'IPSEC#Is IPSEC Device', description: 'Is this a RADIUS over IPSEC Device', othername: 'IPSEC' },
  { id: '70f40360-8bff-11e6-996c-525400b48521', name: 'IPSEC#Is IPSEC Device#No', description: 'Device is not IPSEC Type', othername: 'IPSEC' },
  { id: '70e07b60-8bff-11e6-996c-525400b48521', name: 'IPSEC#Is IPSEC Device#Yes', description: 'Device is IPSEC Type', othername: 'IPSEC' },
  { id: '70836740-8bff-11e6-996c-525400b48521', name: 'Location#All Locations', description: 'All Locations', othername: 'Location' },
];

/** The built-in types (`othername`) and their top groups. */
export const BUILTIN_NDG_ROOTS: readonly string[] = ['Location#All Locations', 'Device Type#All Device Types', 'IPSEC#Is IPSEC Device'];

/** Groups a device gets when `NetworkDeviceGroupList` is omitted (order as ISE returns them). */
export const DEFAULT_DEVICE_NDGS: readonly string[] = ['Location#All Locations', 'IPSEC#Is IPSEC Device#No', 'Device Type#All Device Types'];

/** `:` stands for `#` in URLs, so it cannot appear inside a level. */
const URL_ALIAS = /:/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function ndgSegments(name: string): string[] {
  return name.split(NDG_SEPARATOR);
}

/**
 * Checks an NDG full name; returns an error message or null. Rules: at least
 * type and top group, at most NDG_MAX_SEGMENTS segments, no empty segment,
 * no white space at either end of a segment, no `:` (it would be ambiguous
 * in `/name/` URLs), no control characters, and the characters ISE refuses
 * in every object name (names.ts).
 */
export function checkNdgName(name: string): string | null {
  const base = checkName(name, 'name');
  if (base !== null) return base;
  if (CONTROL.test(name)) return `name '${name}' contains control characters`;
  const segments = ndgSegments(name);
  if (segments.length < 2) return `name '${name}' must be a full path 'Type#Group[#Subgroup…]'`;
  if (segments.length > NDG_MAX_SEGMENTS) return `name '${name}' is nested deeper than ${NDG_MAX_SEGMENTS - 1} group levels`;
  for (const s of segments) {
    if (s.length === 0) return `name '${name}' has an empty level`;
    if (s.trim() !== s) return `name '${name}': level '${s}' must not start or end with white space`;
    if (URL_ALIAS.test(s)) return `name '${name}': level '${s}' must not contain ':'`;
  }
  return null;
}

/** NDG type (`othername`): the first segment. */
export function ndgType(name: string): string {
  return ndgSegments(name)[0];
}

/** Parent path, or null for a type's top group (two segments) and shorter. */
export function ndgParent(name: string): string | null {
  const i = name.lastIndexOf(NDG_SEPARATOR);
  if (i < 0 || name.indexOf(NDG_SEPARATOR) === i) return null;
  return name.slice(0, i);
}

/** Every ancestor, nearest first (`A#B#C#D` → `A#B#C`, `A#B`). */
export function ndgAncestors(name: string): string[] {
  const out: string[] = [];
  for (let p = ndgParent(name); p !== null; p = ndgParent(p)) out.push(p);
  return out;
}

/** True when `name` is `ancestor` or lies beneath it. */
export function ndgIsWithin(name: string, ancestor: string): boolean {
  return name === ancestor || name.startsWith(ancestor + NDG_SEPARATOR);
}

/** The last segment (the group's own name). */
export function ndgLeaf(name: string): string {
  return name.slice(name.lastIndexOf(NDG_SEPARATOR) + 1);
}

/**
 * The path without its type, as policy conditions and MnT show it
 * (`Location#All Locations#SF` → `All Locations#SF`).
 */
export function ndgWithoutType(name: string): string {
  const i = name.indexOf(NDG_SEPARATOR);
  return i < 0 ? name : name.slice(i + 1);
}

/** A decoded `/name/{name}` URL segment to the NDG name: `:` stands for `#`. */
export function ndgNameFromUrl(segment: string): string {
  return segment.replaceAll(':', NDG_SEPARATOR);
}

/** The NDG name as written in `/name/` URLs (before percent-encoding). */
export function ndgNameToUrl(name: string): string {
  return name.replaceAll(NDG_SEPARATOR, ':');
}

export function isBuiltinNdg(name: string): boolean {
  return BUILTIN_NDGS.some((g) => g.name === name);
}
