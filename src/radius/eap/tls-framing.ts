// The framing shared by EAP-TLS (RFC 5216 §3.1), PEAP and EAP-TTLS
// (RFC 5281 §9.1): a Flags octet (L = length included, M = more fragments,
// S = start; PEAP and TTLS carry their version in the low three bits), an
// optional four-octet TLS Message Length, then TLS data. Long messages are
// cut into fragments, each acknowledged by an empty message of the other
// side.
import { EapError } from './packet.ts';

export const TLS_FLAG_LENGTH = 0x80;
export const TLS_FLAG_MORE = 0x40;
export const TLS_FLAG_START = 0x20;
const VERSION_MASK = 0x07;

export interface TlsFrame {
  flags: number;
  /** PEAP/TTLS version bits (0 for EAP-TLS). */
  version: number;
  /** The TLS Message Length when L is set. */
  totalLength?: number;
  data: Buffer;
}

export function parseTlsFrame(typeData: Buffer): TlsFrame {
  if (typeData.length < 1) throw new EapError('TLS-based EAP message without Flags');
  const flags = typeData[0];
  if ((flags & TLS_FLAG_LENGTH) !== 0) {
    if (typeData.length < 5) throw new EapError('L flag set without a TLS Message Length');
    return { flags, version: flags & VERSION_MASK, totalLength: typeData.readUInt32BE(1), data: typeData.subarray(5) };
  }
  return { flags, version: flags & VERSION_MASK, data: typeData.subarray(1) };
}

export function buildTlsFrame(flags: number, version: number, data: Buffer, totalLength?: number): Buffer {
  const head = totalLength === undefined ? 1 : 5;
  const out = Buffer.allocUnsafe(head + data.length);
  out[0] = (flags & ~VERSION_MASK & ~TLS_FLAG_LENGTH) | (totalLength === undefined ? 0 : TLS_FLAG_LENGTH) | (version & VERSION_MASK);
  if (totalLength !== undefined) out.writeUInt32BE(totalLength, 1);
  data.copy(out, head);
  return out;
}

/** An empty message: the acknowledgement of a fragment, or of a message that needs no answer. */
export const tlsAck = (version: number): Buffer => Buffer.of(version & VERSION_MASK);

/** Joins the fragments of one peer message, refusing anything inconsistent or larger than `max`. */
export class Reassembly {
  readonly #max: number;
  #parts: Buffer[] = [];
  #size = 0;
  #declared: number | undefined;
  #active = false;

  constructor(max: number) {
    this.#max = max;
  }

  /** True while fragments of a message are being collected. */
  get active(): boolean {
    return this.#active;
  }

  /** Adds a frame; returns the whole message once its last fragment arrived, else undefined. */
  add(frame: TlsFrame): Buffer | undefined {
    if (!this.#active) {
      if (frame.totalLength !== undefined && frame.totalLength > this.#max) {
        throw new EapError(`TLS message of ${frame.totalLength} octets announced, at most ${this.#max}`);
      }
      this.#declared = frame.totalLength;
      this.#parts = [];
      this.#size = 0;
      this.#active = true;
    }
    this.#size += frame.data.length;
    const limit = this.#declared ?? this.#max;
    if (this.#size > limit) throw new EapError(`TLS message fragments exceed ${limit} octets`);
    this.#parts.push(frame.data);
    if ((frame.flags & TLS_FLAG_MORE) !== 0) {
      if (frame.data.length === 0) throw new EapError('an empty fragment with the M flag');
      return undefined;
    }
    this.#active = false;
    if (this.#declared !== undefined && this.#size !== this.#declared) {
      throw new EapError(`TLS message of ${this.#size} octets, ${this.#declared} announced`);
    }
    const message = this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts, this.#size);
    this.#parts = [];
    return message;
  }
}

/**
 * Cuts one outgoing TLS message into frames of at most `size` data octets:
 * L and the total length on the first of several (or on every message when
 * `lengthAlways`), M on all but the last.
 */
export class Fragmenter {
  readonly #message: Buffer;
  readonly #size: number;
  readonly #version: number;
  readonly #lengthAlways: boolean;
  #offset = 0;

  constructor(message: Buffer, size: number, version: number, lengthAlways = false) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`fragment size ${size}`);
    this.#message = message;
    this.#size = size;
    this.#version = version;
    this.#lengthAlways = lengthAlways;
  }

  get pending(): boolean {
    return this.#offset < this.#message.length;
  }

  /** The next frame's type-data. */
  next(): Buffer {
    const first = this.#offset === 0;
    const end = Math.min(this.#message.length, this.#offset + this.#size);
    const data = this.#message.subarray(this.#offset, end);
    this.#offset = end;
    const more = end < this.#message.length;
    const withLength = first && (more || this.#lengthAlways);
    return buildTlsFrame(more ? TLS_FLAG_MORE : 0, this.#version, data, withLength ? this.#message.length : undefined);
  }
}
