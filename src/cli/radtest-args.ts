// What `gatehouse radtest` reads from its command line: the server
// (`host`, `host:port`, `[v6]:port`), numbers within bounds, a MAC in any
// notation, the NAS address, and `--attr NAME[:tag]=VALUE` for any
// dictionary attribute. Every failure is an Error whose message names the
// flag and the value at fault.
import { isIP } from 'node:net';
import { macForms, type MacForms } from '../domain/mac.ts';
import { parseAttribute, RadiusPacket, Code, type ParsedAttribute } from '../radius/codec.ts';

export const METHODS = ['pap', 'chap', 'mab'] as const;
export type Method = (typeof METHODS)[number];

export interface ServerAddress {
  /** Name or IP literal (IPv6 without brackets). */
  host: string;
  /** When the argument carried one. */
  port?: number;
}

/** An integer flag value in [min, max]. */
export function parseIntOption(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag}: '${text}' is not an integer in ${min}..${max}`);
  return n;
}

/** `host`, `host:port`, `[ipv6]`, `[ipv6]:port`, or a bare IPv6 literal. */
export function parseServer(text: string): ServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6) throw new Error(`server: '${bracketed[1]}' in brackets is not an IPv6 address`);
    return bracketed[2] === undefined ? { host: bracketed[1] } : { host: bracketed[1], port: parseIntOption('server port', bracketed[2], 1, 65535) };
  }
  const colons = text.split(':').length - 1;
  if (colons > 1) {
    if (isIP(text) !== 6) throw new Error(`server: '${text}' is not an IPv6 address (write [address]:port to give a port)`);
    return { host: text };
  }
  const [host, port] = text.split(':');
  if (host === '' || /\s/.test(host)) throw new Error(`server: '${text}' is not a host name or address`);
  return port === undefined ? { host } : { host, port: parseIntOption('server port', port, 1, 65535) };
}

/** A MAC in any notation Cisco devices and ISE use, in all of its forms. */
export function parseMacOption(text: string): MacForms {
  const forms = macForms(text.trim());
  if (!forms) throw new Error(`--mac: '${text}' is not a MAC address (aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff)`);
  return forms;
}

/** The attribute that carries a NAS address: NAS-IP-Address or NAS-IPv6-Address. */
export function nasAddressAttribute(address: string): 'NAS-IP-Address' | 'NAS-IPv6-Address' {
  const family = isIP(address);
  if (family === 4) return 'NAS-IP-Address';
  if (family === 6) return 'NAS-IPv6-Address';
  throw new Error(`--nas-ip: '${address}' is not an IPv4 or IPv6 address`);
}

/**
 * `NAME[:tag]=VALUE` (spaces around `=` allowed): NAME any dictionary
 * attribute, vendor ones included (`Cisco-AVPair=audit-session-id=…`, the
 * value running to the end); VALUE a number or enumerated name for
 * integers, `"…"` for JSON-quoted text, `0x…` for octets, else text. The
 * value is checked against the attribute's type here, before any send.
 */
export function parseAttrOption(text: string): ParsedAttribute {
  let parsed: ParsedAttribute;
  try {
    parsed = parseAttribute(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? 'the quoted value is not a valid JSON string' : (e as Error).message.replace(/^unknown_attribute: /, 'unknown attribute ').replace(/^bad_value: /, '');
    throw new Error(`--attr '${text}': ${why}`);
  }
  if (parsed.def.vendor === 0 && parsed.def.type === 80) {
    throw new Error(`--attr '${text}': Message-Authenticator is always sent, as the first attribute`);
  }
  try {
    new RadiusPacket(Code.AccessRequest).add(parsed.def, parsed.value, { tag: parsed.tag });
  } catch (e) {
    throw new Error(`--attr '${text}': ${(e as Error).message.replace(/^bad_value: /, '')}`);
  }
  return parsed;
}
