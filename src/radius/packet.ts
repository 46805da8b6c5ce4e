// The in-memory RADIUS packet: attributes kept as parallel arrays of
// (type, vendor, value) with values left in the received datagram until
// asked for, plus typed accessors by attribute name or definition.
import { parseAvPair } from './avpair.ts';
import type { AvPair } from './avpair.ts';
import { authenticatorKind } from './codes.ts';
import { decryptSalted, toSecret, unhidePassword, verifyChap, ZERO_AUTHENTICATOR } from './crypto.ts';
import type { Secret } from './crypto.ts';
import { attrByName, attrFor, CISCO_VENDOR_ID } from './dictionary/index.ts';
import type { AttrDef } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { decodeValue, encodeValue, tagOf, untagged, valueName } from './values.ts';
import type { AttrInput, AttrValue } from './values.ts';

/** An attribute given by name (case-insensitive) or by definition. */
export type AttrRef = string | AttrDef;

const CISCO_AVPAIR = 1;

/** Entry flag: this vendor sub-attribute shared one Vendor-Specific attribute with the entry before. */
export const F_JOINED = 1;
/** Entry flag: the value is plaintext to hide when encoding; the tag is kept in bits 8-15. */
export const F_PENDING = 2;

export interface AddOptions {
  /** RFC 2868 tag (0-31) for tagged attributes. */
  tag?: number;
  /** Fixed 2-octet salt for salt-encrypted attributes (random when absent). */
  salt?: Buffer;
}

function resolve(ref: AttrRef): AttrDef {
  if (typeof ref !== 'string') return ref;
  const def = attrByName(ref);
  if (!def) throw new RadiusError('unknown_attribute', ref);
  return def;
}

export class RadiusPacket {
  code: number;
  identifier: number;
  /**
   * The Authenticator field: as received for decoded packets; for packets
   * built in code it is set by the encoder (random for Access-Request and
   * Status-Server unless given, computed for the others).
   */
  authenticator: Buffer | undefined;
  /** The datagram this packet was decoded from, cut to its header length. */
  source: Buffer | undefined = undefined;
  /** Offset of the Message-Authenticator value in `source`, -1 when absent. */
  messageAuthenticatorOffset = -1;

  readonly types: number[] = [];
  /** 0 for standard attributes and raw Vendor-Specific ones of unknown vendors. */
  readonly vendors: number[] = [];
  /** Value offset in `source`, or -1 when the value is held in `values`. */
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  readonly values: (Buffer | undefined)[] = [];
  readonly flags: number[] = [];
  /** Salts fixed by the caller, by entry index. */
  salts: Map<number, Buffer> | undefined = undefined;

  constructor(code: number, identifier = 0, authenticator?: Buffer) {
    this.code = code;
    this.identifier = identifier & 0xff;
    this.authenticator = authenticator;
  }

  /** Number of attribute entries (a split EAP-Message counts once per fragment). */
  get count(): number {
    return this.types.length;
  }

  /** Appends an entry in wire form (tag octet included, no encryption pending). */
  addRaw(type: number, vendor: number, value: Buffer, flags = 0): this {
    this.types.push(type);
    this.vendors.push(vendor);
    this.offsets.push(-1);
    this.lengths.push(value.length);
    this.values.push(value);
    this.flags.push(flags);
    return this;
  }

  /** Records an entry whose value lies in `source` (used by the decoder). */
  pushFromSource(type: number, vendor: number, offset: number, length: number, flags: number): void {
    this.types.push(type);
    this.vendors.push(vendor);
    this.offsets.push(offset);
    this.lengths.push(length);
    this.values.push(undefined);
    this.flags.push(flags);
  }

  /**
   * Appends an attribute. Integers take numbers or enumerated names;
   * User-Password, Tunnel-Password and the MS-MPPE keys take plaintext and
   * are hidden by the encoder; long concat values are split by the encoder.
   */
  add(ref: AttrRef, value: AttrInput, options: AddOptions = {}): this {
    const def = resolve(ref);
    const tag = options.tag ?? 0;
    if (!Number.isInteger(tag) || tag < 0 || tag > 0x1f || (tag !== 0 && !def.tagged)) {
      throw new RadiusError('bad_value', `${def.name}: bad tag ${tag}`);
    }
    let wire = encodeValue(def, value);
    let flags = 0;
    if (def.encrypt !== 0) {
      flags = F_PENDING | (tag << 8);
      if (options.salt) (this.salts ??= new Map()).set(this.types.length, options.salt);
    } else if (def.tagged) {
      if (def.dataType === 'integer') {
        wire = Buffer.from(wire);
        wire[0] = tag;
      } else if (tag !== 0 || (wire.length > 0 && wire[0] <= 0x1f)) {
        wire = Buffer.concat([Buffer.of(tag), wire]);
      }
    }
    return this.addRaw(def.type, def.vendor, wire, flags);
  }

  /** Removes every occurrence of an attribute. */
  remove(ref: AttrRef): this {
    const def = resolve(ref);
    for (let i = this.types.length - 1; i >= 0; i--) {
      if (this.types[i] === def.type && this.vendors[i] === def.vendor) this.removeAt(i);
    }
    return this;
  }

  /** Replaces every occurrence of an attribute with one value. */
  set(ref: AttrRef, value: AttrInput, options?: AddOptions): this {
    return this.remove(ref).add(ref, value, options);
  }

  removeAt(i: number): void {
    this.types.splice(i, 1);
    this.vendors.splice(i, 1);
    this.offsets.splice(i, 1);
    this.lengths.splice(i, 1);
    this.values.splice(i, 1);
    this.flags.splice(i, 1);
    if (this.salts) {
      const moved = new Map<number, Buffer>();
      for (const [k, v] of this.salts) if (k !== i) moved.set(k > i ? k - 1 : k, v);
      this.salts = moved;
    }
    if (i < this.flags.length && (this.flags[i] & F_JOINED) !== 0 && (i === 0 || this.vendors[i - 1] !== this.vendors[i])) {
      this.flags[i] &= ~F_JOINED;
    }
  }

  /** The stored value of entry i: wire form, or plaintext when pending encryption. */
  value(i: number): Buffer {
    let v = this.values[i];
    if (v === undefined) {
      const off = this.offsets[i];
      v = (this.source as Buffer).subarray(off, off + this.lengths[i]);
      this.values[i] = v;
    }
    return v;
  }

  defAt(i: number): AttrDef {
    return attrFor(this.vendors[i], this.types[i]);
  }

  /** Index of the first entry of an attribute at or after `from`, -1 if none. */
  indexOf(ref: AttrRef, from = 0): number {
    const def = resolve(ref);
    const { type, vendor } = def;
    const types = this.types;
    const vendors = this.vendors;
    for (let i = from; i < types.length; i++) {
      if (types[i] === type && vendors[i] === vendor) return i;
    }
    return -1;
  }

  has(ref: AttrRef): boolean {
    return this.indexOf(ref) >= 0;
  }

  /** The first wire value of an attribute (tag octet included). */
  getRaw(ref: AttrRef): Buffer | undefined {
    const i = this.indexOf(ref);
    return i < 0 ? undefined : this.value(i);
  }

  /** Every wire value of an attribute, in packet order. */
  getAllRaw(ref: AttrRef): Buffer[] {
    const def = resolve(ref);
    const out: Buffer[] = [];
    for (let i = this.indexOf(def); i >= 0; i = this.indexOf(def, i + 1)) out.push(this.value(i));
    return out;
  }

  /**
   * The first value as octets, tag removed. For concat attributes
   * (EAP-Message) all fragments are joined in order.
   */
  getBuffer(ref: AttrRef): Buffer | undefined {
    const def = resolve(ref);
    const first = this.indexOf(def);
    if (first < 0) return undefined;
    if (def.concat) {
      const parts = this.getAllRaw(def);
      return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    }
    return untagged(def, this.value(first));
  }

  /** The first value decoded by its data type (concat attributes joined). */
  get(ref: AttrRef): AttrValue | undefined {
    const def = resolve(ref);
    if (def.concat) return this.getBuffer(def);
    const i = this.indexOf(def);
    return i < 0 ? undefined : decodeValue(def, this.value(i));
  }

  /** Every value of an attribute, decoded by its data type. */
  getAll(ref: AttrRef): AttrValue[] {
    const def = resolve(ref);
    const out: AttrValue[] = [];
    for (let i = this.indexOf(def); i >= 0; i = this.indexOf(def, i + 1)) out.push(decodeValue(def, this.value(i)));
    return out;
  }

  /** The first value as text (octets read as UTF-8, numbers and addresses formatted). */
  getString(ref: AttrRef): string | undefined {
    const v = this.get(ref);
    if (v === undefined || typeof v === 'string') return v;
    return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }

  /** Every value as text. */
  getAllStrings(ref: AttrRef): string[] {
    return this.getAll(ref).map((v) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
  }

  /** The first value of an integer, date, byte or short attribute (tag removed). */
  getInt(ref: AttrRef): number | undefined {
    const v = this.get(ref);
    return typeof v === 'number' ? v : undefined;
  }

  /** The enumerated name of the first value (e.g. "Call-Check" for Service-Type 10). */
  getEnumName(ref: AttrRef): string | undefined {
    const def = resolve(ref);
    const v = this.get(def);
    return v === undefined ? undefined : valueName(def, v);
  }

  /** The RFC 2868 tag of the first value of a tagged attribute. */
  getTag(ref: AttrRef): number | undefined {
    const def = resolve(ref);
    const i = this.indexOf(def);
    if (i < 0) return undefined;
    if ((this.flags[i] & F_PENDING) !== 0) return (this.flags[i] >> 8) & 0x1f;
    return tagOf(def, this.value(i));
  }

  /** Every Cisco-AVPair split into key and value ("audit-session-id=…"). */
  getCiscoAvPairs(): AvPair[] {
    const out: AvPair[] = [];
    for (let i = 0; i < this.types.length; i++) {
      if (this.types[i] === CISCO_AVPAIR && this.vendors[i] === CISCO_VENDOR_ID) {
        out.push(parseAvPair(this.value(i).toString('utf8')));
      }
    }
    return out;
  }

  /** The value of the first Cisco-AVPair with this key. */
  getCiscoAvPair(key: string): string | undefined {
    for (let i = 0; i < this.types.length; i++) {
      if (this.types[i] === CISCO_AVPAIR && this.vendors[i] === CISCO_VENDOR_ID) {
        const pair = parseAvPair(this.value(i).toString('utf8'));
        if (pair.key === key) return pair.value;
      }
    }
    return undefined;
  }

  /**
   * The clear-text User-Password of an Access-Request (RFC 2865 §5.2),
   * trailing NULs removed. Wrong secrets yield garbage, not an error.
   */
  getPassword(secret: Secret): Buffer | undefined {
    const raw = this.getRaw('User-Password');
    if (raw === undefined) return undefined;
    if (!this.authenticator) throw new RadiusError('missing_authenticator', 'packet has no authenticator');
    return unhidePassword(raw, toSecret(secret), this.authenticator);
  }

  /**
   * Checks the CHAP-Password of this Access-Request against a clear-text
   * password (RFC 2865 §5.3): the challenge is CHAP-Challenge when present,
   * else the Request Authenticator. False when there is no CHAP-Password.
   */
  verifyChapPassword(password: Buffer | string): boolean {
    const chap = this.getRaw('CHAP-Password');
    const challenge = this.getRaw('CHAP-Challenge') ?? this.authenticator;
    if (!chap || !challenge) return false;
    return verifyChap(chap, typeof password === 'string' ? Buffer.from(password, 'utf8') : password, challenge);
  }

  /**
   * The plaintext of a hidden attribute of this packet: User-Password style
   * (encrypt=1) or salted (encrypt=2, Tunnel-Password, MS-MPPE-*-Key).
   * `requestAuthenticator` is the request's authenticator for replies;
   * requests use their own (zeros for Accounting/CoA/Disconnect).
   */
  getHidden(ref: AttrRef, secret: Secret, requestAuthenticator?: Buffer): Buffer | undefined {
    const i = this.indexOf(ref);
    return i < 0 ? undefined : this.hiddenAt(i, secret, requestAuthenticator);
  }

  /** The plaintext of hidden entry i (see getHidden). */
  hiddenAt(i: number, secret: Secret, requestAuthenticator?: Buffer): Buffer {
    if ((this.flags[i] & F_PENDING) !== 0) return this.value(i);
    const def = this.defAt(i);
    const raw = untagged(def, this.value(i));
    if (def.encrypt === 0) return raw;
    const key = this.keyAuthenticator(requestAuthenticator);
    if (def.encrypt === 1) return unhidePassword(raw, toSecret(secret), key);
    return decryptSalted(raw, toSecret(secret), key);
  }

  /** The authenticator that keys hidden attributes of this packet. */
  keyAuthenticator(requestAuthenticator?: Buffer): Buffer {
    const kind = authenticatorKind(this.code);
    if (kind === 'hashed') return ZERO_AUTHENTICATOR;
    const key = kind === 'random' ? this.authenticator : requestAuthenticator;
    if (!key) throw new RadiusError('missing_authenticator', 'no authenticator to key hidden attributes');
    return key;
  }
}

/** A reply to `request`: same identifier, Proxy-State attributes copied in order (RFC 2865 §5.33). */
export function createReply(request: RadiusPacket, code: number): RadiusPacket {
  const reply = new RadiusPacket(code, request.identifier);
  for (let i = 0; i < request.count; i++) {
    if (request.types[i] === 33 && request.vendors[i] === 0) reply.addRaw(33, 0, request.value(i));
  }
  return reply;
}
