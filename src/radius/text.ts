// Text form of attributes, one per line as `Name[:tag] = value`, used by
// the test vectors and for logging. Strings are JSON-quoted, octets are
// 0x-hex, enumerated integers use their names, hidden attributes show
// their plaintext when the secret (and for replies the request
// authenticator) is known.
import { authenticatorKind } from './codes.ts';
import type { Secret } from './crypto.ts';
import { attrByName, enumName } from './dictionary/index.ts';
import type { AttrDef } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { F_PENDING } from './packet.ts';
import type { RadiusPacket } from './packet.ts';
import { decodeValue, tagOf } from './values.ts';
import type { AttrInput, AttrValue } from './values.ts';

export interface TextContext {
  secret?: Secret;
  /** For replies: the authenticator of the request, to reveal hidden attributes. */
  requestAuthenticator?: Buffer;
}

export function formatValue(def: AttrDef, value: AttrValue): string {
  if (Buffer.isBuffer(value)) {
    if (def.dataType === 'string') return JSON.stringify(value.toString('utf8'));
    return `0x${value.toString('hex')}`;
  }
  if (typeof value === 'number') return enumName(def, value) ?? String(value);
  if (typeof value === 'bigint') return value.toString();
  if (def.dataType === 'string') return JSON.stringify(value);
  return value;
}

function canReveal(packet: RadiusPacket, ctx: TextContext): boolean {
  if (ctx.secret === undefined) return false;
  const kind = authenticatorKind(packet.code);
  return kind === 'hashed' || (kind === 'random' ? packet.authenticator !== undefined : ctx.requestAuthenticator !== undefined);
}

/** The attributes as text lines; fragments of a concat attribute make one line. */
export function formatAttributes(packet: RadiusPacket, ctx: TextContext = {}): string[] {
  const lines: string[] = [];
  const reveal = canReveal(packet, ctx);
  for (let i = 0; i < packet.count; i++) {
    const def = packet.defAt(i);
    let raw = packet.value(i);
    if (def.concat) {
      const parts = [raw];
      while (i + 1 < packet.count && packet.types[i + 1] === def.type && packet.vendors[i + 1] === def.vendor) {
        parts.push(packet.value(++i));
      }
      raw = Buffer.concat(parts);
    }
    const pending = (packet.flags[i] & F_PENDING) !== 0;
    const tag = pending ? (packet.flags[i] >> 8) & 0x1f : tagOf(def, raw);
    let value: AttrValue;
    if (def.encrypt !== 0 && !pending) {
      if (reveal) {
        value = packet.hiddenAt(i, ctx.secret as Secret, ctx.requestAuthenticator);
      } else {
        lines.push(`${def.name} = 0x${raw.toString('hex')}`);
        continue;
      }
    } else {
      value = pending ? raw : decodeValue(def, raw);
    }
    const showTag = def.tagged && (tag !== 0 || def.encrypt === 2);
    lines.push(`${def.name}${showTag ? `:${tag}` : ''} = ${formatValue(def, value)}`);
  }
  return lines;
}

export interface ParsedAttribute {
  def: AttrDef;
  tag: number;
  value: AttrInput;
}

const LINE = /^([A-Za-z0-9][\w.-]*)(?::(\d{1,2}))?\s*=\s*(.*)$/;

/** Parses one `Name[:tag] = value` line. */
export function parseAttribute(line: string): ParsedAttribute {
  const m = LINE.exec(line.trim());
  if (!m) throw new RadiusError('bad_value', `cannot parse attribute line: ${line}`);
  const def = attrByName(m[1]);
  if (!def) throw new RadiusError('unknown_attribute', m[1]);
  const tag = m[2] === undefined ? 0 : Number(m[2]);
  const text = m[3].trim();
  let value: AttrInput;
  if (text.startsWith('"')) {
    value = JSON.parse(text) as string;
  } else if (/^0x[0-9a-fA-F]*$/.test(text)) {
    value = Buffer.from(text.slice(2), 'hex');
  } else if (def.dataType === 'integer64') {
    value = BigInt(text);
  } else {
    value = text;
  }
  return { def, tag, value };
}

/** Adds parsed lines to a packet; hidden attributes are given in plaintext. */
export function addAttributes(packet: RadiusPacket, lines: readonly string[]): RadiusPacket {
  for (const line of lines) {
    const { def, tag, value } = parseAttribute(line);
    packet.add(def, value, { tag });
  }
  return packet;
}
