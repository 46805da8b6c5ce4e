// PEAPv0 crypto binding ([MS-PEAP] §2.2.8.1.1, §3.1.5.5, §3.1.5.7): after
// the inner method succeeded, the server sends a Cryptobinding TLV whose
// Compound MAC is keyed by the CMK, a key derived from both the tunnel
// (TK, from the TLS keying material) and the inner method (ISK, its MPPE
// keys); the peer answers with its own. A man in the middle that relays
// the inner method into another tunnel cannot produce the MAC. When the
// binding was exchanged, the MSK is taken from the Compound Session Key
// instead of the TLS keying material. Over TLS 1.3 the TK comes from the
// keying material that also gives the MSK there (the exporter label
// "EXPORTER_EAP_TLS_Key_Material", RFC 9427), as wpa_supplicant takes it.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { EapError, EapType } from '../packet.ts';

/** TLV type of the Cryptobinding TLV (§2.2.8.1.1); sent with the M bit clear. */
export const CRYPTOBINDING_TLV = 12;
/** Length of the TLV's Value: Reserved, Version, RecvVersion, SubType, Nonce (32), Compound_MAC (20). */
export const CRYPTOBINDING_LENGTH = 56;
export const BINDING_REQUEST = 0;
export const BINDING_RESPONSE = 1;
const NONCE_OFFSET = 8;
const MAC_OFFSET = 40;
const TLV_SIZE = 4 + CRYPTOBINDING_LENGTH;

/** The TK is the first 60 octets of the TLS keying material (§3.1.5.5.2.1); its first 40 are the PRF+ key. */
export const TUNNEL_KEY_LENGTH = 60;
const TEMP_KEY_LENGTH = 40;
const ISK_LENGTH = 32;
const IPMK_LENGTH = 40;
const CMK_LENGTH = 20;
/** Microsoft derives IPMK|CMK with the label as is, but the CSK with the label and a NUL (as peers do). */
const IPMK_LABEL = Buffer.from('Inner Methods Compound Keys', 'ascii');
const CSK_SEED = Buffer.from('Session Key Generating Function\0', 'ascii');
const CSK_LENGTH = 128;

/**
 * PRF+ of [MS-PEAP] §3.1.5.5.2.2 (after RFC 4306 §2.13, with HMAC-SHA1):
 * T1 = HMAC(K, S | 0x01 | 0x00 | 0x00), Tn = HMAC(K, Tn-1 | S | n | 0x00 | 0x00).
 */
export function prfPlus(key: Buffer, seed: Buffer, length: number): Buffer {
  // A KeyObject once: createHmac with a Buffer key costs about five times as much per call.
  const k = createSecretKey(key);
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let n = 1, have = 0; have < length; n++) {
    t = createHmac('sha1', k).update(t).update(seed).update(Buffer.of(n, 0, 0)).digest();
    out.push(t);
    have += t.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * The server's ISK (§3.1.5.5.2.2): InnerMPPERecvKey | InnerMPPESendKey,
 * cut or zero-padded to 32 octets; 32 zeros when the inner method has no keys.
 */
export function innerSessionKey(keys?: { recv: Buffer; send: Buffer }): Buffer {
  const isk = Buffer.alloc(ISK_LENGTH);
  if (keys) Buffer.concat([keys.recv, keys.send]).copy(isk, 0, 0, ISK_LENGTH);
  return isk;
}

export interface CompoundKeys {
  /** Intermediate PEAP MAC Key (40 octets), the key of the Compound Session Key. */
  ipmk: Buffer;
  /** Compound MAC Key (20 octets). */
  cmk: Buffer;
}

/** IPMK | CMK = PRF+(first 40 octets of TK, "Inner Methods Compound Keys" | ISK, 60). */
export function compoundKeys(tunnelKey: Buffer, isk: Buffer): CompoundKeys {
  if (tunnelKey.length < TEMP_KEY_LENGTH) throw new EapError('tunnel key too short');
  const imck = prfPlus(tunnelKey.subarray(0, TEMP_KEY_LENGTH), Buffer.concat([IPMK_LABEL, isk]), IPMK_LENGTH + CMK_LENGTH);
  return { ipmk: imck.subarray(0, IPMK_LENGTH), cmk: imck.subarray(IPMK_LENGTH) };
}

/** The 64-octet MSK once the binding was exchanged: the first half of CSK = PRF+(IPMK, "Session Key Generating Function\0", 128) (§3.1.5.7). */
export function compoundMsk(ipmk: Buffer): Buffer {
  return prfPlus(ipmk, CSK_SEED, CSK_LENGTH).subarray(0, 64);
}

/**
 * Compound_MAC (§3.1.5.5.1): HMAC-SHA1(CMK, the 60-octet TLV with the MAC
 * zeroed | the outer EAP type, 25). PEAPv0 exchanges no Outer TLVs, so
 * nothing follows.
 */
export function compoundMac(cmk: Buffer, tlv: Buffer): Buffer {
  const zeroed = Buffer.from(tlv.subarray(0, TLV_SIZE));
  zeroed.fill(0, MAC_OFFSET);
  return createHmac('sha1', createSecretKey(cmk)).update(zeroed).update(Buffer.of(EapType.Peap)).digest();
}

/** A Cryptobinding TLV (header included) of PEAP version 0 with its Compound MAC. */
export function cryptobindingTlv(cmk: Buffer, subType: number, nonce: Buffer): Buffer {
  if (nonce.length !== 32) throw new EapError('nonce must be 32 octets');
  const tlv = Buffer.alloc(TLV_SIZE);
  tlv.writeUInt16BE(CRYPTOBINDING_TLV, 0);
  tlv.writeUInt16BE(CRYPTOBINDING_LENGTH, 2);
  // Reserved, Version 0, RecvVersion 0 (the version the peer proposed, always 0 here), SubType.
  tlv[7] = subType;
  nonce.copy(tlv, NONCE_OFFSET);
  compoundMac(cmk, tlv).copy(tlv, MAC_OFFSET);
  return tlv;
}

/**
 * Whether the peer's Cryptobinding TLV (header included) is a valid
 * response: the right size, version 0, sub-type response, and a Compound
 * MAC over the nonce it carries (§3.3.5.3) that matches, compared in
 * constant time.
 */
export function validBindingResponse(cmk: Buffer, tlv: Buffer): boolean {
  if (tlv.length !== TLV_SIZE || tlv.readUInt16BE(2) !== CRYPTOBINDING_LENGTH) return false;
  if (tlv[5] !== 0 || tlv[7] !== BINDING_RESPONSE) return false;
  return timingSafeEqual(compoundMac(cmk, tlv), tlv.subarray(MAC_OFFSET));
}
