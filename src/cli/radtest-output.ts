// How `gatehouse radtest` shows a verified reply: one summary line, then
// the attributes one per line as `Name[:tag] = value` (text JSON-quoted,
// enumerated integers by name, vendor attributes by their dictionary name),
// or one JSON document. Octets that are printable ASCII (ISE's Class
// `CACS:…`) are shown as text, other octets as 0x-hex; hidden attributes
// (Tunnel-Password, MS-MPPE keys) as their 0x-hex wire value, never
// revealed. User-Password is never shown; Message-Authenticator, already
// verified, is no line of its own (`messageAuthenticator` in the JSON).
import { codeName, decodeValue, enumName, vendorName, type AttrDef, type RadiusPacket } from '../radius/codec.ts';
import { tagOf } from '../radius/values.ts';

export interface ShownAttribute {
  name: string;
  /** RFC 2868 tag of a tagged attribute, when not 0. */
  tag?: number;
  /** Vendor name of a vendor-specific attribute. */
  vendor?: string;
  value: string | number;
}

const USER_PASSWORD = 2;
const MESSAGE_AUTHENTICATOR = 80;
const PRINTABLE = /^[\x20-\x7e]+$/;

const hex = (b: Buffer): string => `0x${b.toString('hex')}`;

interface Entry {
  shown: ShownAttribute;
  /** Quoted when printed: text, as opposed to numbers, names, addresses and 0x-hex. */
  text: boolean;
}

function valueOf(def: AttrDef, raw: Buffer): { value: string | number; text: boolean } {
  if (def.encrypt !== 0) return { value: hex(raw), text: false };
  const v = decodeValue(def, raw);
  if (Buffer.isBuffer(v)) {
    if (def.dataType === 'string' || PRINTABLE.test(v.toString('latin1'))) return { value: v.toString('utf8'), text: true };
    return { value: hex(v), text: false };
  }
  if (typeof v === 'number') return { value: enumName(def, v) ?? v, text: false };
  if (typeof v === 'bigint') return { value: v.toString(), text: false };
  return { value: v, text: def.dataType === 'string' };
}

function entries(reply: RadiusPacket): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < reply.count; i++) {
    const def = reply.defAt(i);
    let raw = reply.value(i);
    if (def.concat) {
      const parts = [raw];
      while (i + 1 < reply.count && reply.types[i + 1] === def.type && reply.vendors[i + 1] === def.vendor) parts.push(reply.value(++i));
      raw = Buffer.concat(parts);
    }
    if (def.vendor === 0 && (def.type === USER_PASSWORD || def.type === MESSAGE_AUTHENTICATOR)) continue;
    const { value, text } = valueOf(def, raw);
    const shown: ShownAttribute = { name: def.name, value };
    const tag = tagOf(def, raw);
    if (def.tagged && tag !== 0) shown.tag = tag;
    const vendor = def.vendor === 0 ? undefined : vendorName(def.vendor);
    if (vendor !== undefined) shown.vendor = vendor;
    out.push({ shown, text });
  }
  return out;
}

/** The attributes of a reply in packet order, fragments of a concat attribute joined. */
export function replyAttributes(reply: RadiusPacket): ShownAttribute[] {
  return entries(reply).map((e) => e.shown);
}

/** The attributes of a reply as `Name[:tag] = value` lines. */
export function attributeLines(reply: RadiusPacket): string[] {
  return entries(reply).map(({ shown: a, text }) =>
    `${a.name}${a.tag !== undefined ? `:${a.tag}` : ''} = ${text ? JSON.stringify(a.value) : String(a.value)}`);
}

export interface ExchangeSummary {
  address: string;
  port: number;
  reply: RadiusPacket;
  rttMs: number;
  attempts: number;
}

const hostPort = (address: string, port: number): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** `Access-Accept from 127.0.0.1:1812 (id 17, 3.2 ms)`. */
export function summaryLine(s: ExchangeSummary): string {
  const attempt = s.attempts > 1 ? `, attempt ${s.attempts}` : '';
  return `${codeName(s.reply.code)} from ${hostPort(s.address, s.port)} (id ${s.reply.identifier}, ${s.rttMs.toFixed(1)} ms${attempt})`;
}

/** The summary line and one indented line per attribute. */
export function replyText(s: ExchangeSummary): string {
  return [summaryLine(s), ...attributeLines(s.reply).map((l) => `    ${l}`)].join('\n') + '\n';
}

/** The JSON document of `--json`. */
export function replyJson(s: ExchangeSummary): object {
  return {
    code: codeName(s.reply.code),
    server: s.address,
    port: s.port,
    id: s.reply.identifier,
    rttMs: Math.round(s.rttMs * 10) / 10,
    attempts: s.attempts,
    messageAuthenticator: s.reply.messageAuthenticatorOffset >= 0,
    attributes: replyAttributes(s.reply),
  };
}
