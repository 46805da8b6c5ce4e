// Packet encoding: attribute framing (concat splitting, VSA framing),
// hidden attributes, Message-Authenticator (placed first, Blast-RADIUS
// CVE-2024-3596 hardening) and the Authenticator field.
import { authenticatorKind, Code, isAccessReply } from './codes.ts';
import {
  encryptSalted, hidePassword, HEADER_LENGTH, messageAuthenticator, packetDigest, randomAuthenticator,
  randomSalt, toSecret, ZERO_AUTHENTICATOR,
} from './crypto.ts';
import type { Secret } from './crypto.ts';
import { MAX_PACKET_LENGTH } from './decode.ts';
import { attrFor } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { F_JOINED, F_PENDING } from './packet.ts';
import type { RadiusPacket } from './packet.ts';

const MESSAGE_AUTHENTICATOR = 80;
const EAP_MESSAGE = 79;
const VENDOR_SPECIFIC = 26;
const MAX_VALUE = 253;
const MAX_VSA_VALUE = 247;

export interface EncodeOptions {
  /** Authenticator of the request being answered; required for replies. */
  requestAuthenticator?: Buffer;
  /**
   * Add a Message-Authenticator as the first attribute (any already in the
   * packet is dropped). Default: on for Access-Accept/Reject/Challenge,
   * Status-Server, CoA-Request, Disconnect-Request, and Access-Request with
   * EAP-Message.
   */
  messageAuthenticator?: boolean;
  /**
   * Write the attributes exactly in stored order, computing a
   * Message-Authenticator in place if the packet holds one, adding none.
   * For replaying captured packets; replies built in code should not use it.
   */
  keepOrder?: boolean;
}

function wantsMessageAuthenticator(packet: RadiusPacket): boolean {
  const code = packet.code;
  if (isAccessReply(code) || code === Code.StatusServer || code === Code.CoARequest || code === Code.DisconnectRequest) {
    return true;
  }
  if (code === Code.AccessRequest) {
    for (let i = 0; i < packet.count; i++) if (packet.types[i] === EAP_MESSAGE && packet.vendors[i] === 0) return true;
  }
  return false;
}

/** The wire values of the packet's entries, hiding pending plaintexts with `key`. */
function wireValues(packet: RadiusPacket, secret: Buffer | undefined, key: Buffer): Buffer[] {
  const out: Buffer[] = new Array(packet.count);
  let usedSalts: Set<number> | undefined;
  for (let i = 0; i < packet.count; i++) {
    const v = packet.value(i);
    const flags = packet.flags[i];
    if ((flags & F_PENDING) === 0) { out[i] = v; continue; }
    if (!secret) throw new RadiusError('bad_value', 'hidden attributes need the shared secret');
    const def = attrFor(packet.vendors[i], packet.types[i]);
    if (def.encrypt === 1) {
      out[i] = hidePassword(v, secret, key);
    } else {
      usedSalts ??= new Set();
      let salt = packet.salts?.get(i);
      while (!salt || usedSalts.has(salt.readUInt16BE(0))) salt = randomSalt();
      usedSalts.add(salt.readUInt16BE(0));
      const cipher = encryptSalted(v, secret, key, salt);
      out[i] = def.tagged ? Buffer.concat([Buffer.of((flags >> 8) & 0x1f), cipher]) : cipher;
    }
  }
  return out;
}

interface Layout {
  buf: Buffer;
  /** Offset of the Message-Authenticator value, -1 when none. */
  maOffset: number;
}

/** Frames the attributes after a 20-octet header whose Authenticator is left to the caller. */
function layout(packet: RadiusPacket, values: Buffer[], addMa: boolean, keepOrder: boolean): Layout {
  const n = packet.count;
  // First pass: total length.
  let total = HEADER_LENGTH + (addMa ? 18 : 0);
  let vsaVendor = -1;
  let vsaLength = 0;
  for (let i = 0; i < n; i++) {
    const type = packet.types[i];
    const vendor = packet.vendors[i];
    const len = values[i].length;
    if (vendor === 0) {
      vsaVendor = -1;
      if (type === MESSAGE_AUTHENTICATOR && !keepOrder) continue;
      if (len > MAX_VALUE) {
        if (!attrFor(0, type).concat) {
          throw new RadiusError('value_too_long', `${attrFor(0, type).name}: ${len} octets`);
        }
        total += len + 2 * Math.ceil(len / MAX_VALUE);
      } else {
        total += 2 + len;
      }
    } else {
      if (len > MAX_VSA_VALUE) throw new RadiusError('value_too_long', `${attrFor(vendor, type).name}: ${len} octets`);
      if ((packet.flags[i] & F_JOINED) !== 0 && vsaVendor === vendor && vsaLength + 2 + len <= 255) {
        vsaLength += 2 + len;
        total += 2 + len;
      } else {
        vsaVendor = vendor;
        vsaLength = 8 + len;
        total += 8 + len;
      }
    }
  }
  if (total > MAX_PACKET_LENGTH) throw new RadiusError('packet_too_large', `${total} octets`);

  // Second pass: write.
  const buf = Buffer.allocUnsafe(total);
  buf[0] = packet.code;
  buf[1] = packet.identifier;
  buf.writeUInt16BE(total, 2);
  let pos = HEADER_LENGTH;
  let maOffset = -1;
  if (addMa) {
    buf[pos] = MESSAGE_AUTHENTICATOR;
    buf[pos + 1] = 18;
    buf.fill(0, pos + 2, pos + 18);
    maOffset = pos + 2;
    pos += 18;
  }
  let vsaStart = -1;
  vsaVendor = -1;
  for (let i = 0; i < n; i++) {
    const type = packet.types[i];
    const vendor = packet.vendors[i];
    const v = values[i];
    if (vendor === 0) {
      vsaVendor = -1;
      if (type === MESSAGE_AUTHENTICATOR) {
        if (!keepOrder) continue;
        if (maOffset < 0 && v.length === 16) {
          maOffset = pos + 2;
          buf[pos] = type;
          buf[pos + 1] = 18;
          buf.fill(0, pos + 2, pos + 18);
          pos += 18;
          continue;
        }
      }
      if (v.length <= MAX_VALUE) {
        buf[pos] = type;
        buf[pos + 1] = 2 + v.length;
        v.copy(buf, pos + 2);
        pos += 2 + v.length;
      } else {
        for (let off = 0; off < v.length; off += MAX_VALUE) {
          const chunk = Math.min(MAX_VALUE, v.length - off);
          buf[pos] = type;
          buf[pos + 1] = 2 + chunk;
          v.copy(buf, pos + 2, off, off + chunk);
          pos += 2 + chunk;
        }
      }
    } else if ((packet.flags[i] & F_JOINED) !== 0 && vsaVendor === vendor && buf[vsaStart + 1] + 2 + v.length <= 255) {
      buf[vsaStart + 1] += 2 + v.length;
      buf[pos] = type;
      buf[pos + 1] = 2 + v.length;
      v.copy(buf, pos + 2);
      pos += 2 + v.length;
    } else {
      vsaStart = pos;
      vsaVendor = vendor;
      buf[pos] = VENDOR_SPECIFIC;
      buf[pos + 1] = 8 + v.length;
      buf.writeUInt32BE(vendor, pos + 2);
      buf[pos + 6] = type;
      buf[pos + 7] = 2 + v.length;
      v.copy(buf, pos + 8);
      pos += 8 + v.length;
    }
  }
  return { buf, maOffset };
}

/**
 * Encodes a packet for the wire with the shared secret. Sets
 * `packet.authenticator` to the value written (random for Access-Request
 * and Status-Server unless already set).
 */
export function encodePacket(packet: RadiusPacket, secret: Secret, options: EncodeOptions = {}): Buffer {
  const key = toSecret(secret);
  const kind = authenticatorKind(packet.code);
  let authField: Buffer;
  if (kind === 'random') {
    packet.authenticator ??= randomAuthenticator();
    authField = packet.authenticator;
  } else if (kind === 'hashed') {
    authField = ZERO_AUTHENTICATOR;
  } else {
    if (!options.requestAuthenticator) throw new RadiusError('missing_authenticator', 'a reply needs the request authenticator');
    authField = options.requestAuthenticator;
  }
  const keepOrder = options.keepOrder ?? false;
  const addMa = !keepOrder && (options.messageAuthenticator ?? wantsMessageAuthenticator(packet));
  const { buf, maOffset } = layout(packet, wireValues(packet, key, authField), addMa, keepOrder);
  authField.copy(buf, 4);
  if (maOffset >= 0) messageAuthenticator(buf, authField, maOffset, key, buf, maOffset);
  if (kind !== 'random') {
    packetDigest(buf, authField, key, buf, 4);
    packet.authenticator = Buffer.from(buf.subarray(4, HEADER_LENGTH));
  }
  return buf;
}

/**
 * Writes a packet exactly as stored: Authenticator field and every value
 * (Message-Authenticator included) as they are. No secret is involved, so
 * attributes still waiting to be hidden are refused.
 */
export function encodeRaw(packet: RadiusPacket): Buffer {
  const values = wireValues(packet, undefined, ZERO_AUTHENTICATOR);
  const { buf } = layoutRaw(packet, values);
  return buf;
}

function layoutRaw(packet: RadiusPacket, values: Buffer[]): Layout {
  // keepOrder layout, then the stored Message-Authenticator value written back.
  const out = layout(packet, values, false, true);
  const auth = packet.authenticator ?? ZERO_AUTHENTICATOR;
  auth.copy(out.buf, 4);
  if (out.maOffset >= 0) {
    const i = packet.indexOf(attrFor(0, MESSAGE_AUTHENTICATOR));
    values[i].copy(out.buf, out.maOffset);
  }
  return out;
}
