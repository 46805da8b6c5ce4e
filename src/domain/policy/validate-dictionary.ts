// Validation of user dictionaries and their attributes (`/dictionaries`,
// policy-api.md §7). Built-in dictionaries are read only; a name clash on
// create is 409; enum values are case-sensitive (ISE answers 400 to
// `Uint64`, clients send `UINT64`).

import type { AllowedValue, Dictionary, DictionaryAttribute } from './dictionary.ts';
import { ATTRIBUTE_DATA_TYPES, DICTIONARY_ATTR_TYPES, DIRECTION_TYPES, RESERVED_DICTIONARY_NAMES } from './dictionary.ts';
import type { Checked } from './validation.ts';
import { Fields, OBJECT_KINDS, apiMessage, checked, invalid } from './validation.ts';

const sayDictionary = (reason: string): string => apiMessage(OBJECT_KINDS.dictionary, reason);
const sayAttribute = (reason: string): string => apiMessage(OBJECT_KINDS.dictionaryAttribute, reason);

const DICTIONARY_NAME = /^[A-Za-z0-9_\-. ]+$/;
const MAX_NAME = 255;

function checkName(f: Fields, name: string): void {
  if (name.length > MAX_NAME) f.fail(`name must not be longer than ${MAX_NAME} characters`);
  if (name.trim() !== name) f.fail('name must not start or end with white space');
  if (!DICTIONARY_NAME.test(name)) f.fail(`name '${name}' may contain only letters, digits, underscore, hyphen, period and space`);
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export interface DictionaryOptions {
  id: string;
  /** The stored dictionary when updating. */
  existing?: Dictionary;
  /** Every dictionary, built-ins included. */
  dictionaries: readonly Dictionary[];
}

/** A user dictionary from a POST or PUT body; its attributes are kept on update. */
export function validateDictionary(input: unknown, o: DictionaryOptions): Checked<Dictionary> {
  return checked(() => {
    const f: Fields = new Fields(input, sayDictionary);
    const old = o.existing;
    if (old?.builtin) invalid(sayDictionary(`Dictionary '${old.name}' is a system dictionary and cannot be modified`));
    const name = f.reqStr('name');
    checkName(f, name);
    if (RESERVED_DICTIONARY_NAMES.has(name.toLowerCase())) f.fail(`name '${name}' is reserved`);
    if (o.dictionaries.some((d) => d.id !== o.id && sameName(d.name, name))) {
      invalid(sayDictionary(`Dictionary '${name}' already exists`), 'conflict', 409);
    }
    const version = f.reqStr('version');
    const dictionaryAttrType = f.oneOf('dictionaryAttrType', DICTIONARY_ATTR_TYPES) ?? f.missing('dictionaryAttrType');
    const attributes = (old?.attributes ?? []).map((a) => (a.dictionaryName === name ? a : { ...a, dictionaryName: name }));
    return { id: o.id, name, description: f.str('description') ?? '', version, dictionaryAttrType, builtin: false, attributes };
  });
}

/** Refuses deleting a built-in dictionary or one whose attributes policy reads (`usedBy`). */
export function checkDeleteDictionary(d: Dictionary, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (d.builtin) invalid(sayDictionary(`Dictionary '${d.name}' is a system dictionary and cannot be deleted`), 'inUse');
    if (usedBy.length > 0) invalid(sayDictionary(`Dictionary '${d.name}' is in use by ${usedBy[0]}`), 'inUse');
    return true as const;
  });
}

export interface AttributeOptions {
  id: string;
  dictionary: Dictionary;
  /** The stored attribute when updating. */
  existing?: DictionaryAttribute;
}

function allowedValueList(f: Fields): AllowedValue[] {
  const list = f.list('allowedValues') ?? [];
  const out = list.map((item, i) => {
    const v: Fields = new Fields(item, f.say, `allowedValues[${i}]`);
    return { key: v.reqStr('key'), value: v.reqStr('value'), isDefault: v.bool('isDefault') ?? false };
  });
  if (out.filter((v) => v.isDefault).length > 1) f.fail('allowedValues: only one value may be the default');
  if (new Set(out.map((v) => v.key)).size !== out.length) f.fail('allowedValues: keys must be unique');
  return out;
}

/** An attribute of a user dictionary from a POST or PUT body. */
export function validateDictionaryAttribute(input: unknown, o: AttributeOptions): Checked<DictionaryAttribute> {
  return checked(() => {
    const f: Fields = new Fields(input, sayAttribute);
    if (o.dictionary.builtin) invalid(sayAttribute(`Dictionary '${o.dictionary.name}' is a system dictionary and cannot be modified`));
    const name = f.reqStr('name');
    checkName(f, name);
    if (o.dictionary.attributes.some((a) => a.id !== o.id && sameName(a.name, name))) {
      invalid(sayAttribute(`Attribute '${name}' already exists in dictionary '${o.dictionary.name}'`), 'conflict', 409);
    }
    const given = f.str('dictionaryName');
    if (given !== undefined && given !== '' && !sameName(given, o.dictionary.name)) {
      f.fail(`dictionaryName '${given}' does not match the dictionary '${o.dictionary.name}'`);
    }
    return {
      id: o.id,
      name,
      internalName: f.reqStr('internalName'),
      description: f.str('description') ?? '',
      dataType: f.oneOf('dataType', ATTRIBUTE_DATA_TYPES) ?? f.missing('dataType'),
      directionType: f.oneOf('directionType', DIRECTION_TYPES) ?? o.existing?.directionType ?? 'BOTH',
      dictionaryName: o.dictionary.name,
      allowedValues: allowedValueList(f),
    };
  });
}

/** Refuses deleting an attribute of a built-in dictionary or one policy reads (`usedBy`). */
export function checkDeleteDictionaryAttribute(d: Dictionary, a: DictionaryAttribute, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (d.builtin) invalid(sayAttribute(`Dictionary '${d.name}' is a system dictionary and cannot be modified`), 'inUse');
    if (usedBy.length > 0) invalid(sayAttribute(`Attribute '${a.name}' is in use by ${usedBy[0]}`), 'inUse');
    return true as const;
  });
}

/** Unknown dictionary or attribute name: 404. */
export function dictionaryNotFound(name: string, attribute?: string): Checked<never> {
  return checked(() => attribute === undefined
    ? invalid(sayDictionary(`Dictionary '${name}' not found`), 'notFound', 404)
    : invalid(sayAttribute(`Attribute '${attribute}' not found in dictionary '${name}'`), 'notFound', 404));
}
