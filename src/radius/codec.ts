// The RADIUS protocol core: one import for the listener, the CoA client
// and the tests. Pure code, no sockets.
export { Code, codeName, codeByName, authenticatorKind, isRequest, isAccessReply } from './codes.ts';
export type { AuthenticatorKind, CodeNumber } from './codes.ts';
export { RadiusError } from './errors.ts';
export type { RadiusErrorReason } from './errors.ts';
export { RadiusPacket, createReply, F_JOINED, F_PENDING } from './packet.ts';
export type { AddOptions, AttrRef } from './packet.ts';
export { decodePacket, decodeRequest, decodeResponse, verifyRequest, verifyResponse, MAX_PACKET_LENGTH } from './decode.ts';
export type { VerifyOptions } from './decode.ts';
export { encodePacket, encodeRaw } from './encode.ts';
export type { EncodeOptions } from './encode.ts';
export {
  chapResponse, verifyChap, hidePassword, unhidePassword, encryptSalted, decryptSalted, md5, hmacMd5Of,
  messageAuthenticator, packetDigest, randomAuthenticator, randomSalt, safeEqual, toSecret,
} from './crypto.ts';
export type { Secret } from './crypto.ts';
export { decodeValue, encodeValue } from './values.ts';
export type { AttrInput, AttrValue } from './values.ts';
export { parseAvPair, formatAvPair } from './avpair.ts';
export type { AvPair } from './avpair.ts';
export { formatAttributes, formatValue, parseAttribute, addAttributes } from './text.ts';
export type { TextContext, ParsedAttribute } from './text.ts';
export {
  attr, attrByName, attrFor, findAttr, enumName, enumValue, isKnownVendor, registerAttributes, registerVendor,
  vendorName, CISCO_VENDOR_ID, MICROSOFT_VENDOR_ID, AIRESPACE_VENDOR_ID,
} from './dictionary/index.ts';
export type { AttrDef, AttrRow, DataType, VendorDef } from './dictionary/index.ts';
