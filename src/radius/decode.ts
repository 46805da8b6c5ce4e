// Strict datagram decoding (RFC 2865 §3, §5; RFC 2865 §5.26 VSA framing)
// and authentication of decoded packets (RFC 2865 §3, RFC 2866 §3,
// RFC 3579 §3.2, RFC 5176 §2.3, RFC 5997).
import { authenticatorKind, Code } from './codes.ts';
import {
  HEADER_LENGTH, messageAuthenticator, packetDigest, safeEqual, toSecret, ZERO_AUTHENTICATOR,
} from './crypto.ts';
import type { Secret } from './crypto.ts';
import { findAttr, isKnownVendor, VENDOR_SPECIFIC } from './dictionary/index.ts';
import type { AttrDef } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { F_JOINED, RadiusPacket } from './packet.ts';

export const MAX_PACKET_LENGTH = 4096;
const MESSAGE_AUTHENTICATOR = 80;
const EAP_MESSAGE = 79;

function checkValue(def: AttrDef | undefined, source: Buffer, off: number, len: number): void {
  if (def === undefined) return;
  if (def.size !== 0 && len !== def.size) {
    throw new RadiusError('bad_value_length', `${def.name} has ${len} octets, expected ${def.size}`, off);
  }
  if (def.dataType === 'ipv6prefix' && (len < 2 || len > 18 || source[off + 1] > 128)) {
    throw new RadiusError('bad_value_length', `${def.name} is not a valid IPv6 prefix`, off);
  }
}

function decodeVsa(packet: RadiusPacket, source: Buffer, pos: number, end: number): void {
  const vendor = source.readUInt32BE(pos + 2);
  if (!isKnownVendor(vendor)) {
    // Unknown vendor: kept whole (Vendor-Id and data) as a raw Vendor-Specific.
    packet.pushFromSource(VENDOR_SPECIFIC, 0, pos + 2, end - pos - 2, 0);
    return;
  }
  let p = pos + 6;
  let flags = 0;
  while (p < end) {
    if (p + 2 > end) throw new RadiusError('vsa_malformed', `vendor ${vendor}: truncated sub-attribute`, p);
    const type = source[p];
    const len = source[p + 1];
    if (len < 2 || p + len > end) {
      throw new RadiusError('vsa_malformed', `vendor ${vendor}: sub-attribute ${type} length ${len}`, p);
    }
    checkValue(findAttr(vendor, type), source, p + 2, len - 2);
    packet.pushFromSource(type, vendor, p + 2, len - 2, flags);
    flags = F_JOINED;
    p += len;
  }
}

/**
 * Decodes a datagram. Octets past the header length are ignored
 * (RFC 2865 §3); every length is checked. Values are not copied: the
 * packet reads them from the datagram when asked. Throws RadiusError.
 */
export function decodePacket(datagram: Buffer): RadiusPacket {
  if (datagram.length < HEADER_LENGTH) {
    throw new RadiusError('short_packet', `${datagram.length} octets`);
  }
  const length = datagram.readUInt16BE(2);
  if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH) {
    throw new RadiusError('bad_length', `header length ${length}`, 2);
  }
  if (length > datagram.length) {
    throw new RadiusError('truncated_packet', `header length ${length}, datagram ${datagram.length}`, 2);
  }
  const source = length === datagram.length ? datagram : datagram.subarray(0, length);
  const packet = new RadiusPacket(source[0], source[1], source.subarray(4, HEADER_LENGTH));
  packet.source = source;
  let pos = HEADER_LENGTH;
  while (pos < length) {
    if (pos + 2 > length) throw new RadiusError('attribute_truncated', 'attribute header past the end', pos);
    const type = source[pos];
    const len = source[pos + 1];
    if (len < 2) throw new RadiusError('attribute_too_short', `attribute ${type} length ${len}`, pos);
    const end = pos + len;
    if (end > length) throw new RadiusError('attribute_overflow', `attribute ${type} length ${len}`, pos);
    if (type === VENDOR_SPECIFIC) {
      if (len < 7) throw new RadiusError('vsa_too_short', `length ${len}`, pos);
      decodeVsa(packet, source, pos, end);
    } else {
      if (type === MESSAGE_AUTHENTICATOR) {
        if (packet.messageAuthenticatorOffset >= 0) {
          throw new RadiusError('duplicate_message_authenticator', undefined, pos);
        }
        packet.messageAuthenticatorOffset = pos + 2;
      }
      checkValue(findAttr(0, type), source, pos + 2, len - 2);
      packet.pushFromSource(type, 0, pos + 2, len - 2, 0);
    }
    pos = end;
  }
  return packet;
}

export interface VerifyOptions {
  /** Drop Access-Requests without Message-Authenticator (Blast-RADIUS hardening). */
  requireMessageAuthenticator?: boolean;
}

function sourceOf(packet: RadiusPacket): Buffer {
  if (!packet.source) throw new Error('only decoded packets can be verified');
  return packet.source;
}

function hasEap(packet: RadiusPacket): boolean {
  const { types, vendors } = packet;
  for (let i = 0; i < types.length; i++) if (types[i] === EAP_MESSAGE && vendors[i] === 0) return true;
  return false;
}

/** Scratch for computed values compared against received ones. */
const expected = Buffer.alloc(16);

function checkMessageAuthenticator(packet: RadiusPacket, source: Buffer, authField: Buffer, secret: Buffer): void {
  const off = packet.messageAuthenticatorOffset;
  messageAuthenticator(source, authField, off, secret, expected, 0);
  if (!safeEqual(expected, source.subarray(off, off + 16))) {
    throw new RadiusError('bad_message_authenticator', undefined, off);
  }
}

/**
 * Authenticates a decoded request with the shared secret:
 * - Accounting-Request, CoA-Request, Disconnect-Request: the Request
 *   Authenticator must be MD5(Code+Id+Length+16 zeros+Attributes+Secret);
 * - Message-Authenticator, when present, must match (for those three
 *   codes it is computed with a zero Authenticator field, for
 *   Access-Request and Status-Server with the Request Authenticator);
 * - Status-Server, and Access-Request with EAP-Message, must carry one;
 *   any Access-Request must when `requireMessageAuthenticator` is set.
 * Throws RadiusError; returns nothing on success.
 */
export function verifyRequest(packet: RadiusPacket, secret: Secret, options: VerifyOptions = {}): void {
  const source = sourceOf(packet);
  const key = toSecret(secret);
  const kind = authenticatorKind(packet.code);
  const hasMa = packet.messageAuthenticatorOffset >= 0;
  if (kind === 'hashed') {
    packetDigest(source, ZERO_AUTHENTICATOR, key, expected, 0);
    if (!safeEqual(expected, source.subarray(4, HEADER_LENGTH))) {
      throw new RadiusError('bad_request_authenticator', undefined, 4);
    }
    if (hasMa) checkMessageAuthenticator(packet, source, ZERO_AUTHENTICATOR, key);
    return;
  }
  if (kind !== 'random') throw new RadiusError('not_a_request', `code ${packet.code}`);
  if (!hasMa) {
    if (packet.code === Code.StatusServer) throw new RadiusError('missing_message_authenticator', 'Status-Server');
    if (hasEap(packet)) throw new RadiusError('eap_without_message_authenticator');
    if (options.requireMessageAuthenticator) throw new RadiusError('missing_message_authenticator');
    return;
  }
  checkMessageAuthenticator(packet, source, source.subarray(4, HEADER_LENGTH), key);
}

/**
 * Authenticates a decoded reply against the authenticator of the request
 * it answers: the Response Authenticator always, the Message-Authenticator
 * when present (required when the reply carries EAP-Message).
 */
export function verifyResponse(
  packet: RadiusPacket, secret: Secret, requestAuthenticator: Buffer, options: VerifyOptions = {},
): void {
  const source = sourceOf(packet);
  const key = toSecret(secret);
  packetDigest(source, requestAuthenticator, key, expected, 0);
  if (!safeEqual(expected, source.subarray(4, HEADER_LENGTH))) {
    throw new RadiusError('bad_response_authenticator', undefined, 4);
  }
  if (packet.messageAuthenticatorOffset >= 0) {
    checkMessageAuthenticator(packet, source, requestAuthenticator, key);
  } else if (hasEap(packet)) {
    throw new RadiusError('eap_without_message_authenticator');
  } else if (options.requireMessageAuthenticator) {
    throw new RadiusError('missing_message_authenticator');
  }
}

/** decodePacket + verifyRequest. */
export function decodeRequest(datagram: Buffer, secret: Secret, options?: VerifyOptions): RadiusPacket {
  const packet = decodePacket(datagram);
  verifyRequest(packet, secret, options);
  return packet;
}

/** decodePacket + verifyResponse. */
export function decodeResponse(
  datagram: Buffer, secret: Secret, requestAuthenticator: Buffer, options?: VerifyOptions,
): RadiusPacket {
  const packet = decodePacket(datagram);
  verifyResponse(packet, secret, requestAuthenticator, options);
  return packet;
}
