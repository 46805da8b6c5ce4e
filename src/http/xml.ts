// XML in and out. Input is validated first and refused outright when it
// carries a DOCTYPE or entity declarations (no XXE, no entity expansion).
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { GatehouseError } from '../errors.ts';

export const ATTR = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
});

const FORBIDDEN = /<!DOCTYPE|<!ENTITY/i;

export interface XmlDocument {
  /** Local name of the root element (namespace prefix removed). */
  root: string;
  /** The root element: attributes under `@_name`, children by local name. */
  element: Record<string, unknown>;
}

/** Parses an XML request body into its root element; throws ISE's 400 on bad input. */
export function parseXml(text: string): XmlDocument {
  if (FORBIDDEN.test(text)) {
    throw new GatehouseError('invalidBody', 'Resource Initialization Failed: XML with DOCTYPE or ENTITY declarations is not accepted');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1) throw new GatehouseError('invalidBody', 'Resource Initialization Failed: Invalid XML: expected one root element');
  const root = roots[0];
  const element = doc[root];
  return { root, element: typeof element === 'object' && element !== null ? (element as Record<string, unknown>) : { '#text': element } };
}

const DECLARATION = { '?xml': { [`${ATTR}version`]: '1.0', [`${ATTR}encoding`]: 'UTF-8', [`${ATTR}standalone`]: 'yes' } };

/** Renders `{ 'ns4:root': {...} }` with ISE's XML declaration. */
export function buildXml(tree: Record<string, unknown>): string {
  return builder.build({ ...DECLARATION, ...tree });
}

/** Children of an element as an array, whether the parser gave one or many. */
export function children(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** Text content of a parsed element. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const t = (value as Record<string, unknown>)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(value);
}
