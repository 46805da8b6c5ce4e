// Attribute values: wire octets <-> JavaScript values, per data type.
// Tags (RFC 2868) are stripped on read here; they are added by the packet.
import { enumName, enumValue } from './dictionary/index.ts';
import type { AttrDef } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.ts';

/**
 * A decoded value: text for string/ipaddr/ipv6addr/ipv6prefix ("addr/len")/
 * ifid ("xxxx:xxxx:xxxx:xxxx"), number for integer/date (seconds)/byte/short,
 * bigint for integer64, Buffer for octets.
 */
export type AttrValue = string | number | bigint | Buffer;

/** What may be given when adding a value: also enum names, Dates and raw Buffers. */
export type AttrInput = AttrValue | Date;

/** The tag octet of a tagged attribute's wire value (0 when absent). */
export function tagOf(def: AttrDef, raw: Buffer): number {
  if (!def.tagged || raw.length === 0) return 0;
  return raw[0] <= 0x1f ? raw[0] : 0;
}

/** The wire value without its tag octet (for tagged strings and salted values). */
export function untagged(def: AttrDef, raw: Buffer): Buffer {
  if (!def.tagged || raw.length === 0) return raw;
  if (def.dataType === 'integer') return raw;
  if (def.encrypt === 2) return raw.subarray(1);
  return raw[0] <= 0x1f ? raw.subarray(1) : raw;
}

/** Decodes a wire value. Encrypted values come back as their raw octets. */
export function decodeValue(def: AttrDef, raw: Buffer): AttrValue {
  if (def.encrypt !== 0) return untagged(def, raw);
  switch (def.dataType) {
    case 'string':
      return untagged(def, raw).toString('utf8');
    case 'octets':
      return raw;
    case 'integer':
      if (raw.length !== 4) return raw;
      return def.tagged ? raw.readUInt32BE(0) & 0xffffff : raw.readUInt32BE(0);
    case 'date':
      return raw.length === 4 ? raw.readUInt32BE(0) : raw;
    case 'byte':
      return raw.length === 1 ? raw[0] : raw;
    case 'short':
      return raw.length === 2 ? raw.readUInt16BE(0) : raw;
    case 'integer64':
      return raw.length === 8 ? raw.readBigUInt64BE(0) : raw;
    case 'ipaddr':
      return raw.length === 4 ? formatIPv4(raw) : raw;
    case 'ipv6addr':
      return raw.length === 16 ? formatIPv6(raw) : raw;
    case 'ipv6prefix':
      if (raw.length < 2 || raw.length > 18) return raw;
      return `${formatIPv6(raw.subarray(2))}/${raw[1]}`;
    case 'ifid': {
      if (raw.length !== 8) return raw;
      const h = raw.toString('hex');
      return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}`;
    }
  }
}

function bad(def: AttrDef, why: string): RadiusError {
  return new RadiusError('bad_value', `${def.name}: ${why}`);
}

function toUint(def: AttrDef, value: AttrInput, max: number): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string') {
    const named = enumValue(def, value);
    n = named ?? (/^\d+$/.test(value) ? Number(value) : NaN);
  } else if (value instanceof Date) n = Math.floor(value.getTime() / 1000);
  else throw bad(def, 'expected a number');
  if (!Number.isInteger(n) || n < 0 || n > max) throw bad(def, `${String(value)} is not an integer in 0..${max}`);
  return n;
}

/** Encodes a value to wire octets (without tag octet or encryption). */
export function encodeValue(def: AttrDef, value: AttrInput): Buffer {
  if (Buffer.isBuffer(value)) return value;
  switch (def.dataType) {
    case 'string':
    case 'octets':
      if (typeof value !== 'string') throw bad(def, 'expected text or a Buffer');
      return Buffer.from(value, 'utf8');
    case 'integer':
    case 'date': {
      const out = Buffer.allocUnsafe(4);
      out.writeUInt32BE(toUint(def, value, def.tagged ? 0xffffff : 0xffffffff), 0);
      return out;
    }
    case 'byte':
      return Buffer.of(toUint(def, value, 0xff));
    case 'short': {
      const out = Buffer.allocUnsafe(2);
      out.writeUInt16BE(toUint(def, value, 0xffff), 0);
      return out;
    }
    case 'integer64': {
      let n: bigint;
      try {
        n = typeof value === 'bigint' ? value : BigInt(value instanceof Date ? value.getTime() : value);
      } catch {
        throw bad(def, `${String(value)} is not an integer`);
      }
      if (n < 0n || n > 0xffffffffffffffffn) throw bad(def, 'out of range');
      const out = Buffer.allocUnsafe(8);
      out.writeBigUInt64BE(n, 0);
      return out;
    }
    case 'ipaddr': {
      if (typeof value === 'number') return encodeValue({ ...def, dataType: 'integer', tagged: false }, value);
      const out = typeof value === 'string' ? parseIPv4(value) : undefined;
      if (!out) throw bad(def, `${String(value)} is not an IPv4 address`);
      return out;
    }
    case 'ipv6addr': {
      const out = typeof value === 'string' ? parseIPv6(value) : undefined;
      if (!out) throw bad(def, `${String(value)} is not an IPv6 address`);
      return out;
    }
    case 'ipv6prefix': {
      const m = typeof value === 'string' ? /^(.+)\/(\d{1,3})$/.exec(value) : null;
      const addr = m ? parseIPv6(m[1]) : undefined;
      const bits = m ? Number(m[2]) : NaN;
      if (!addr || !(bits <= 128)) throw bad(def, `${String(value)} is not an IPv6 prefix`);
      const octets = Math.ceil(bits / 8);
      const out = Buffer.alloc(2 + octets);
      out[1] = bits;
      addr.copy(out, 2, 0, octets);
      if (bits % 8 !== 0) out[1 + octets] &= (0xff << (8 - (bits % 8))) & 0xff;
      return out;
    }
    case 'ifid': {
      const hex = typeof value === 'string' ? value.replace(/[:.-]/g, '') : '';
      if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw bad(def, `${String(value)} is not an interface id`);
      return Buffer.from(hex, 'hex');
    }
  }
}

/** The enumerated name of a decoded integer, when it has one. */
export function valueName(def: AttrDef, value: AttrValue): string | undefined {
  return typeof value === 'number' ? enumName(def, value) : undefined;
}
