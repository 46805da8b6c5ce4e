// Diameter AVPs as EAP-TTLS carries them inside its tunnel (RFC 5281 §10):
// Code (4), Flags (V = vendor id present, M = mandatory), Length (3, header
// and data, padding excluded), optional Vendor-ID, Data, padding to four
// octets. RADIUS attribute numbers double as AVP codes.
import { EapError } from './packet.ts';

export const AVP_FLAG_VENDOR = 0x80;
export const AVP_FLAG_MANDATORY = 0x40;

export interface Avp {
  code: number;
  /** 0 when the V flag is clear. */
  vendor: number;
  mandatory: boolean;
  data: Buffer;
}

export function decodeAvps(buf: Buffer): Avp[] {
  const out: Avp[] = [];
  let off = 0;
  while (off < buf.length) {
    if (off + 8 > buf.length) throw new EapError('truncated AVP header');
    const code = buf.readUInt32BE(off);
    const flags = buf[off + 4];
    const length = buf.readUIntBE(off + 5, 3);
    const vendorPresent = (flags & AVP_FLAG_VENDOR) !== 0;
    const head = vendorPresent ? 12 : 8;
    if (length < head || off + length > buf.length) throw new EapError(`AVP ${code} of length ${length}`);
    const vendor = vendorPresent ? buf.readUInt32BE(off + 8) : 0;
    out.push({ code, vendor, mandatory: (flags & AVP_FLAG_MANDATORY) !== 0, data: buf.subarray(off + head, off + length) });
    off += (length + 3) & ~3;
  }
  return out;
}

export function encodeAvp(code: number, data: Buffer, vendor = 0, mandatory = true): Buffer {
  const head = vendor !== 0 ? 12 : 8;
  const length = head + data.length;
  const out = Buffer.alloc((length + 3) & ~3);
  out.writeUInt32BE(code, 0);
  out[4] = (vendor !== 0 ? AVP_FLAG_VENDOR : 0) | (mandatory ? AVP_FLAG_MANDATORY : 0);
  out.writeUIntBE(length, 5, 3);
  if (vendor !== 0) out.writeUInt32BE(vendor, 8);
  data.copy(out, head);
  return out;
}

export const findAvp = (avps: readonly Avp[], code: number, vendor = 0): Avp | undefined =>
  avps.find((a) => a.code === code && a.vendor === vendor);
