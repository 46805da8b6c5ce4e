// EAP packets (RFC 3748 §4): Code, Identifier, Length, and for Request and
// Response a Type and its data. Octets beyond Length are padding and are
// ignored; anything shorter than its header or its Length is refused.

export const EapCode = { Request: 1, Response: 2, Success: 3, Failure: 4 } as const;

/** Method types this server knows by name (IANA EAP registry). */
export const EapType = {
  Identity: 1, Notification: 2, Nak: 3, Md5: 4, Otp: 5, Gtc: 6, Tls: 13, Leap: 17, Ttls: 21, Peap: 25,
  MsChapV2: 26, Tlv: 33, Fast: 43, Teap: 55, Expanded: 254,
} as const;

/** Largest EAP packet accepted: what fits in one RADIUS packet. */
export const MAX_EAP_LENGTH = 4096;

export class EapError extends Error {
  override readonly name = 'EapError';
}

export interface EapPacket {
  code: number;
  id: number;
  /** Method type of a Request or Response. */
  type?: number;
  /** Type-data of a Request or Response (empty for Success and Failure). */
  data: Buffer;
}

export function decodeEap(buf: Buffer): EapPacket {
  if (buf.length < 4) throw new EapError(`EAP packet of ${buf.length} octets`);
  const code = buf[0];
  const id = buf[1];
  const length = buf.readUInt16BE(2);
  if (length < 4 || length > buf.length) throw new EapError(`EAP Length ${length} with ${buf.length} octets present`);
  if (length > MAX_EAP_LENGTH) throw new EapError(`EAP Length ${length} exceeds ${MAX_EAP_LENGTH}`);
  if (code === EapCode.Success || code === EapCode.Failure) {
    if (length !== 4) throw new EapError(`EAP ${code === EapCode.Success ? 'Success' : 'Failure'} of length ${length}`);
    return { code, id, data: Buffer.alloc(0) };
  }
  if (code !== EapCode.Request && code !== EapCode.Response) throw new EapError(`EAP Code ${code}`);
  if (length < 5) throw new EapError('EAP Request/Response without a Type');
  return { code, id, type: buf[4], data: buf.subarray(5, length) };
}

export function encodeEap(p: EapPacket): Buffer {
  const withType = p.code === EapCode.Request || p.code === EapCode.Response;
  const length = 4 + (withType ? 1 + p.data.length : 0);
  if (length > MAX_EAP_LENGTH) throw new EapError(`EAP packet of ${length} octets`);
  const out = Buffer.allocUnsafe(length);
  out[0] = p.code;
  out[1] = p.id & 0xff;
  out.writeUInt16BE(length, 2);
  if (withType) {
    if (p.type === undefined) throw new EapError('EAP Request/Response needs a Type');
    out[4] = p.type;
    p.data.copy(out, 5);
  }
  return out;
}

export const eapRequest = (id: number, type: number, data: Buffer = Buffer.alloc(0)): Buffer =>
  encodeEap({ code: EapCode.Request, id, type, data });

export const eapSuccess = (id: number): Buffer => encodeEap({ code: EapCode.Success, id, data: Buffer.alloc(0) });
export const eapFailure = (id: number): Buffer => encodeEap({ code: EapCode.Failure, id, data: Buffer.alloc(0) });

/**
 * The identity of an EAP-Response/Identity: UTF-8 text up to the first NUL
 * (what follows a NUL is options, RFC 4284), control characters refused.
 */
export function identityOf(data: Buffer): string {
  const nul = data.indexOf(0);
  const text = (nul >= 0 ? data.subarray(0, nul) : data).toString('utf8');
  if (/[\u0000-\u001f\u007f]/.test(text) || text.length > 253) throw new EapError('EAP identity with control characters or too long');
  return text;
}
