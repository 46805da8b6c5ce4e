// MnT documents: an ordered element tree rendered as ISE's JAXB-style XML
// (declaration, element order kept, booleans typed where ISE types them) or
// as JSON with the same names (the Gatehouse extension). MnT documents are
// flat and can hold 100,000 list rows, so they are written straight into
// one string rather than through a general XML builder.

export type MntValue = string | number | boolean;

export interface MntNode {
  tag: string;
  attrs?: Record<string, MntValue>;
  /** Text content; an element with neither value nor children is written empty. */
  value?: MntValue;
  /** Carries `xsi:type="xs:boolean"` with inline namespace declarations (passed, failed, started, stopped). */
  typed?: boolean;
  children?: MntNode[];
  /** JSON: this element and its same-named siblings form an array, even when there is one. */
  repeated?: boolean;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const TYPED_BOOLEAN = ' xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const NEEDS_ESCAPE = /[<>&"'\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Escapes text and attribute values; control characters XML 1.0 cannot carry are dropped. */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s.replace(/[<>&"'\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => ESCAPES[c] ?? '');
}

function writeXml(n: MntNode, indent: string, out: string[]): void {
  let open = `${indent}<${n.tag}`;
  if (n.typed) open += TYPED_BOOLEAN;
  if (n.attrs) for (const [k, v] of Object.entries(n.attrs)) open += ` ${k}="${escapeXml(String(v))}"`;
  if (n.children && n.children.length > 0) {
    out.push(`${open}>\n`);
    const inner = `${indent}  `;
    for (const c of n.children) writeXml(c, inner, out);
    out.push(`${indent}</${n.tag}>\n`);
  } else {
    out.push(`${open}>${n.value === undefined ? '' : escapeXml(String(n.value))}</${n.tag}>\n`);
  }
}

/** The XML document, declaration first, two-space indentation. */
export function renderXml(root: MntNode): string {
  const out: string[] = [`${XML_DECLARATION}\n`];
  writeXml(root, '', out);
  return out.join('');
}

function jsonValue(n: MntNode): unknown {
  const hasChildren = n.children !== undefined && n.children.length > 0;
  if (!n.attrs && !hasChildren) return n.value ?? (n.children ? {} : '');
  const obj: Record<string, unknown> = {};
  if (n.attrs) Object.assign(obj, n.attrs);
  if (n.value !== undefined) obj.value = n.value;
  for (const c of n.children ?? []) {
    const v = jsonValue(c);
    const prev = obj[c.tag];
    if (c.repeated) {
      if (Array.isArray(prev)) prev.push(v);
      else obj[c.tag] = [v];
    } else {
      obj[c.tag] = v;
    }
  }
  // Declared lists are present (empty) even when they have no rows.
  return obj;
}

/** The JSON form: `{ "<root>": { attributes…, children by tag } }`. */
export function renderJson(root: MntNode, emptyLists: string[] = []): string {
  const body = jsonValue(root);
  if (typeof body === 'object' && body !== null) {
    for (const tag of emptyLists) (body as Record<string, unknown>)[tag] ??= [];
  }
  return JSON.stringify({ [root.tag]: body });
}

function openTag(tag: string, attrs: Record<string, MntValue>): string {
  let open = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) open += ` ${k}="${escapeXml(String(v))}"`;
  return open;
}

/**
 * A list document whose rows are already rendered XML (each indented as a
 * child of the root), as UTF-8 bytes: large lists are copied, not re-encoded.
 */
export function renderXmlRows(tag: string, attrs: Record<string, MntValue>, rows: readonly Buffer[]): Buffer {
  const open = openTag(tag, attrs);
  if (rows.length === 0) return Buffer.from(`${XML_DECLARATION}\n${open}></${tag}>\n`);
  return Buffer.concat([Buffer.from(`${XML_DECLARATION}\n${open}>\n`), ...rows, Buffer.from(`</${tag}>\n`)]);
}

const COMMA = Buffer.from(',');

/** A list document whose rows are already JSON objects: `{ tag: { attrs…, listTag: [rows] } }`, as UTF-8 bytes. */
export function renderJsonRows(tag: string, attrs: Record<string, MntValue>, listTag: string, rows: readonly Buffer[]): Buffer {
  const head = JSON.stringify(attrs).slice(1, -1);
  const parts: Buffer[] = [Buffer.from(`{${JSON.stringify(tag)}:{${head}${head ? ',' : ''}${JSON.stringify(listTag)}:[`)];
  rows.forEach((r, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(r);
  });
  parts.push(Buffer.from(']}}'));
  return Buffer.concat(parts);
}

/** A leaf element. */
export const el = (tag: string, value?: MntValue): MntNode => (value === undefined ? { tag } : { tag, value });
/** A boolean element typed as ISE types passed/failed/started/stopped. */
export const typedBool = (tag: string, value: boolean): MntNode => ({ tag, value, typed: true });
