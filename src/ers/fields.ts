// Field descriptions of an ERS resource, and the codecs they drive: JSON and
// XML bodies in (with ISE's leniency: "true" for true, "32" for 32, null as
// absent) and XML out (attributes id/name/description, maps as entry lists,
// lists in a wrapper element, children in alphabetical order).
import { GatehouseError } from '../errors.ts';
import { ATTR, children, text } from '../http/xml.ts';

export type FieldSpec =
  | { name: string; type: 'string' | 'boolean' | 'integer'; readOnly?: boolean }
  /** string→string map; `nested` repeats the element once more (endpoint customAttributes). */
  | { name: string; type: 'map'; nested?: boolean; readOnly?: boolean }
  | { name: string; type: 'object'; fields: FieldSpec[]; readOnly?: boolean }
  /** List of objects or scalars; in XML the items are `item` elements inside the field element. */
  | { name: string; type: 'list'; item: string; of: ScalarOrObject; readOnly?: boolean };

export type ScalarOrObject = { type: 'string' | 'integer' } | { type: 'object'; fields: FieldSpec[] };

/** Root attributes in XML. */
const ROOT_ATTRS = new Set(['id', 'name', 'description']);

export const jsonInvalid = (detail: string): GatehouseError =>
  new GatehouseError('invalidBody', `Resource Initialization Failed due to JSON invalidity: please if properties names are correct: ${detail}`);

function coerceScalar(type: 'string' | 'boolean' | 'integer', value: unknown, path: string): unknown {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
      break;
  }
  throw jsonInvalid(`Cannot deserialize value ${JSON.stringify(value)} of field "${path}" as ${type}`);
}

function decodeMap(value: unknown, path: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw jsonInvalid(`Cannot deserialize field "${path}": expected an object of name/value pairs`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[k] = coerceScalar('string', v, `${path}.${k}`) as string;
  }
  return out;
}

/** Decodes a JSON object against field specs; unknown names are ISE's JSON-invalidity 400. */
export function decodeJson(obj: unknown, fields: FieldSpec[], cls: string, path = ''): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid JSON: Can not deserialize instance of ${cls} out of ${Array.isArray(obj) ? 'START_ARRAY' : 'VALUE'} token`);
  }
  const specs = new Map(fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const spec = specs.get(key);
    if (!spec) {
      if (key === 'link') continue;
      throw jsonInvalid(`Unrecognized field "${key}" (class ${cls}), not marked as ignorable`);
    }
    if (value === null || value === undefined || spec.readOnly) continue;
    const p = path ? `${path}.${key}` : key;
    out[key] = decodeValue(spec, value, p, cls);
  }
  return out;
}

function decodeValue(spec: FieldSpec, value: unknown, path: string, cls: string): unknown {
  switch (spec.type) {
    case 'map': {
      if (spec.nested) {
        if (typeof value !== 'object' || value === null) throw jsonInvalid(`Cannot deserialize field "${path}"`);
        // A flat map (without the inner level) is accepted as well.
        if (!(spec.name in value)) return decodeMap(value, path);
        const inner = (value as Record<string, unknown>)[spec.name];
        return inner === undefined || inner === null ? {} : decodeMap(inner, path);
      }
      return decodeMap(value, path);
    }
    case 'object':
      return decodeJson(value, spec.fields, cls, path);
    case 'list': {
      const items = Array.isArray(value) ? value : typeof value === 'object' && value !== null && spec.item in value
        ? children((value as Record<string, unknown>)[spec.item])
        : null;
      if (!items) {
        throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid JSON: Can not deserialize instance of java.util.ArrayList out of START_OBJECT token (field "${path}")`);
      }
      return items.map((it, i) => spec.of.type === 'object'
        ? decodeJson(it, spec.of.fields, cls, `${path}[${i}]`)
        : coerceScalar(spec.of.type, it, `${path}[${i}]`));
    }
    default:
      return coerceScalar(spec.type, value, path);
  }
}

/** Converts a parsed XML element into the same plain object a JSON body gives. */
export function xmlToPlain(element: Record<string, unknown>, fields: FieldSpec[], isRoot: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const specs = new Map(fields.map((f) => [f.name, f]));
  for (const [key, raw] of Object.entries(element)) {
    if (key.startsWith(ATTR)) {
      const name = key.slice(ATTR.length);
      if (isRoot && ROOT_ATTRS.has(name)) out[name] = raw;
      continue; // namespace declarations, xsi:type and the like
    }
    if (key === '#text' || key === 'link') continue;
    const spec = specs.get(key);
    if (!spec) {
      out[key] = text(raw); // let decodeJson report the unknown field
      continue;
    }
    out[key] = xmlValue(spec, raw);
  }
  return out;
}

function xmlValue(spec: FieldSpec, raw: unknown): unknown {
  switch (spec.type) {
    case 'map': {
      let container = raw as Record<string, unknown> | string;
      if (spec.nested && typeof container === 'object' && container && spec.name in container) {
        container = (container[spec.name] as Record<string, unknown>) ?? {};
      }
      const map: Record<string, string> = {};
      if (typeof container === 'object' && container) {
        for (const e of children(container.entry)) {
          const entry = e as Record<string, unknown>;
          map[text(entry.key)] = text(entry.value);
        }
      }
      return spec.nested ? { [spec.name]: map } : map;
    }
    case 'object':
      return typeof raw === 'object' && raw ? xmlToPlain(raw as Record<string, unknown>, spec.fields, false) : {};
    case 'list': {
      const items = typeof raw === 'object' && raw ? children((raw as Record<string, unknown>)[spec.item]) : [];
      return items.map((it) => (spec.of.type === 'object' ? xmlToPlain(it as Record<string, unknown>, spec.of.fields, false) : text(it)));
    }
    default:
      return text(raw);
  }
}

/** Renders a JSON view as the XML element tree (for buildXml). */
export function plainToXml(view: Record<string, unknown>, fields: FieldSpec[], isRoot: boolean): Record<string, unknown> {
  const specs = new Map(fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  if (isRoot) {
    for (const a of ROOT_ATTRS) if (view[a] !== undefined) out[`${ATTR}${a}`] = view[a];
    const link = view.link as Record<string, string> | undefined;
    if (link) out.link = { [`${ATTR}rel`]: link.rel, [`${ATTR}href`]: link.href, [`${ATTR}type`]: link.type };
  }
  const keys = Object.keys(view).filter((k) => !(isRoot && (ROOT_ATTRS.has(k) || k === 'link'))).sort();
  for (const key of keys) {
    const value = view[key];
    if (value === undefined) continue;
    const spec = specs.get(key);
    out[key] = spec ? xmlOut(spec, value) : value;
  }
  return out;
}

function xmlOut(spec: FieldSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'map': {
      const map = (spec.nested ? (value as Record<string, unknown>)[spec.name] : value) as Record<string, string>;
      const entries = Object.entries(map ?? {}).map(([key, v]) => ({ key, value: v }));
      const el = entries.length ? { entry: entries } : '';
      return spec.nested ? { [spec.name]: el } : el;
    }
    case 'object':
      return plainToXml(value as Record<string, unknown>, spec.fields, false);
    case 'list': {
      const items = (value as unknown[]).map((it) => (spec.of.type === 'object' ? plainToXml(it as Record<string, unknown>, spec.of.fields, false) : it));
      return items.length ? { [spec.item]: items } : '';
    }
    default:
      return value;
  }
}

/** The decoded fields among `keys` that the body carried (absent ones stay absent). */
export function pickDefined<D>(plain: Record<string, unknown>, keys: readonly (keyof D & string)[]): D {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (plain[k] !== undefined) out[k] = plain[k];
  return out as D;
}
