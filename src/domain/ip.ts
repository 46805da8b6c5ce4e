// IP addresses and network-device IP entries (`NetworkDeviceIPList` items).
//
// Representation: an IPv4 address is its unsigned 32-bit value (a number), an
// IPv6 address is its 128-bit value (a bigint). Text output follows RFC 5952
// for IPv6 (lower case, longest zero run compressed, `::ffff:a.b.c.d` for
// IPv4-mapped) and plain dotted quads for IPv4.
//
// Entry forms accepted (ISE's network device definition):
// - address + mask: `{ipaddress:"10.1.1.0", mask:24}`; the mask may be a
//   number or a numeric string, and defaults to a host mask (32/128) when
//   absent. `ipaddress` may also carry the prefix itself (`10.1.1.0/24`).
// - IPv4 octet ranges: each octet is `n`, `a-b` or `*` (`10.1.1.1-10`,
//   `10.*.1-20.10`, `192.1-23.*.100-150`); the mask is ignored and reported as 32.
//   ISE supports ranges for IPv4 only.
// - an optional IPv4 exclusion (ERS `getIpaddressExclude`), a single address
//   or an octet range lying inside the entry, e.g. `10.10.1-255.*` excluding
//   `10.10.10-200.100-150`.
//
// Host bits (`10.1.1.5` with mask 24): ISE stores the address as entered and
// matches the whole subnet, so the entry is accepted, echoed as entered, and
// matched and compared as its network 10.1.1.0/24. (Spec is silent; this is
// the lenient reading of ISE's "IP address and subnet mask" field.)
//
// IPv4-mapped IPv6 entries (`::ffff:10.1.1.1`, mask 96–128) are stored as the
// IPv4 entry they stand for, since packets from such peers are looked up as IPv4.
//
// Sets of IPv4 addresses are kept as lists of disjoint "boxes": one inclusive
// [low, high] interval per octet. A prefix, an octet range and a range minus
// an exclusion are all such lists, so containment, overlap and subset tests
// share one implementation.

export type IpAddress = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

/** Per-octet inclusive bounds: [lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3]. */
export type Box = readonly number[];

export interface Ipv4Entry {
  readonly family: 4;
  /** Canonical text of the address or range, host bits kept as entered. */
  readonly ipaddress: string;
  /** Mask length; 32 for ranges. */
  readonly mask: number;
  /** Canonical text of the exclusion, if any. */
  readonly exclude?: string;
  /** The network when the entry is exactly one prefix (no range, no exclusion). */
  readonly prefix: { readonly network: number; readonly length: number } | null;
  /** The matched addresses as disjoint boxes. */
  readonly boxes: readonly Box[];
  /** Number of matched addresses. */
  readonly size: number;
}

export interface Ipv6Entry {
  readonly family: 6;
  readonly ipaddress: string;
  readonly mask: number;
  readonly network: bigint;
  readonly size: bigint;
}

export type IpEntry = Ipv4Entry | Ipv6Entry;

export interface IpEntryInput {
  ipaddress?: unknown;
  mask?: unknown;
  exclude?: unknown;
}

/** Which input field an error is about; the ERS adapter maps `exclude` to its wire name. */
export interface IpError {
  readonly field: 'ipaddress' | 'mask' | 'exclude';
  readonly message: string;
}

export type IpResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpError };

const V6_ALL = (1n << 128n) - 1n;
const V4_MAPPED_PREFIX = 0xffffn << 32n;

// ---------------------------------------------------------------- IPv4 text

/**
 * Scans a dotted quad in `s[start, end)`; returns the unsigned value or -1.
 * Decimal octets 0–255 without leading zeros (`010` is refused: some parsers
 * read it as octal). Allocation-free, for the RADIUS hot path.
 */
export function scanIpv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (leadingZero) return -1;
      if (digits === 0 && c === 48) leadingZero = true;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0; digits = 0; dots++; leadingZero = false;
    } else return -1;
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + octet;
}

export function parseIpv4(s: string): number | null {
  const v = scanIpv4(s);
  return v < 0 ? null : v;
}

export function formatIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

// ---------------------------------------------------------------- IPv6 text

/** Parses 1–4 hex digits; -1 when not. */
function hexGroup(g: string): number {
  if (g.length < 1 || g.length > 4) return -1;
  let v = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** 16-bit groups of one side of `::`, the last may be a dotted IPv4 tail; null when invalid. */
function v6Groups(part: string, allowV4Tail: boolean): number[] | null {
  if (part === '') return [];
  const texts = part.split(':');
  const out: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (allowV4Tail && i === texts.length - 1 && t.includes('.')) {
      const v4 = scanIpv4(t);
      if (v4 < 0) return null;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else {
      const g = hexGroup(t);
      if (g < 0) return null;
      out.push(g);
    }
  }
  return out;
}

/** Parses IPv6 text (with `::` and an optional dotted IPv4 tail); no zone id. */
export function parseIpv6(s: string): bigint | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  let groups: number[];
  if (halves.length === 2) {
    const head = v6Groups(halves[0], false);
    const tail = v6Groups(halves[1], true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = v6Groups(s, true);
    if (all === null || all.length !== 8) return null;
    groups = all;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

export function isIpv4Mapped(v: bigint): boolean {
  return v >> 32n === 0xffffn;
}

/** RFC 5952 text: lower case, longest run (≥ 2) of zero groups as `::`, leftmost on ties. */
export function formatIpv6(v: bigint): string {
  if (isIpv4Mapped(v)) return `::ffff:${formatIpv4(Number(v & 0xffffffffn))}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestAt = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

// ---------------------------------------------------------------- either family

/** Parses an address of either family. `%zone` suffixes are refused (see `parseSourceIp`). */
export function parseIp(s: string): IpAddress | null {
  if (s.includes(':')) {
    const v = parseIpv6(s);
    return v === null ? null : { family: 6, value: v };
  }
  const v = scanIpv4(s);
  return v < 0 ? null : { family: 4, value: v };
}

/**
 * Parses a packet source address as a socket reports it: drops an IPv6 zone
 * (`fe80::1%eth0`) and turns IPv4-mapped IPv6 (`::ffff:10.1.1.1`, from
 * dual-stack sockets) into IPv4.
 */
export function parseSourceIp(s: string): IpAddress | null {
  const pct = s.indexOf('%');
  const a = parseIp(pct >= 0 ? s.slice(0, pct) : s);
  if (a !== null && a.family === 6 && isIpv4Mapped(a.value)) return { family: 4, value: Number(a.value & 0xffffffffn) };
  return a;
}

export function formatIp(a: IpAddress): string {
  return a.family === 4 ? formatIpv4(a.value) : formatIpv6(a.value);
}

// ---------------------------------------------------------------- prefixes

/** Network part of an IPv4 address for a mask length 0–32 (unsigned). */
export function maskIpv4(v: number, length: number): number {
  return length === 0 ? 0 : (v & (-1 << (32 - length))) >>> 0;
}

export function maskIpv6(v: bigint, length: number): bigint {
  return v & (V6_ALL ^ ((1n << BigInt(128 - length)) - 1n));
}

// ---------------------------------------------------------------- boxes (IPv4 sets)

function octetsOf(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

export function boxOfPrefix(network: number, length: number): Box {
  const box: number[] = [];
  const o = octetsOf(network);
  for (let k = 0; k < 4; k++) {
    const fixed = Math.min(8, Math.max(0, length - 8 * k));
    const free = (1 << (8 - fixed)) - 1;
    const lo = o[k] & (255 ^ free);
    box.push(lo, lo | free);
  }
  return box;
}

export function boxSize(b: Box): number {
  return (b[1] - b[0] + 1) * (b[3] - b[2] + 1) * (b[5] - b[4] + 1) * (b[7] - b[6] + 1);
}

/** True when the unsigned IPv4 value lies in the box. */
export function boxContains(b: Box, v: number): boolean {
  const o0 = v >>> 24, o1 = (v >>> 16) & 255, o2 = (v >>> 8) & 255, o3 = v & 255;
  return o0 >= b[0] && o0 <= b[1] && o1 >= b[2] && o1 <= b[3] && o2 >= b[4] && o2 <= b[5] && o3 >= b[6] && o3 <= b[7];
}

function boxIntersect(a: Box, b: Box): Box | null {
  const out: number[] = [];
  for (let k = 0; k < 8; k += 2) {
    const lo = Math.max(a[k], b[k]), hi = Math.min(a[k + 1], b[k + 1]);
    if (lo > hi) return null;
    out.push(lo, hi);
  }
  return out;
}

/** `a` minus `b` as at most 8 disjoint boxes. */
function boxSubtract(a: Box, b: Box): Box[] {
  const cut = boxIntersect(a, b);
  if (cut === null) return [a];
  const out: Box[] = [];
  const cur = [...a];
  for (let k = 0; k < 8; k += 2) {
    if (cur[k] < cut[k]) { const p = [...cur]; p[k + 1] = cut[k] - 1; out.push(p); }
    if (cut[k + 1] < cur[k + 1]) { const p = [...cur]; p[k] = cut[k + 1] + 1; out.push(p); }
    cur[k] = cut[k]; cur[k + 1] = cut[k + 1];
  }
  return out;
}

function setSubtract(set: readonly Box[], minus: readonly Box[]): Box[] {
  let rest = [...set];
  for (const m of minus) rest = rest.flatMap((b) => boxSubtract(b, m));
  return rest;
}

function setsIntersect(a: readonly Box[], b: readonly Box[]): boolean {
  return a.some((x) => b.some((y) => boxIntersect(x, y) !== null));
}

function setSize(set: readonly Box[]): number {
  let n = 0;
  for (const b of set) n += boxSize(b);
  return n;
}

/** The prefix a single box spans exactly, or null. */
function boxAsPrefix(b: Box): { network: number; length: number } | null {
  const size = boxSize(b);
  const lo = ((b[0] << 24) | (b[2] << 16) | (b[4] << 8) | b[6]) >>> 0;
  const hi = ((b[1] << 24) | (b[3] << 16) | (b[5] << 8) | b[7]) >>> 0;
  const bits = Math.log2(size);
  if (hi - lo + 1 !== size || !Number.isInteger(bits) || lo % size !== 0) return null;
  return { network: lo, length: 32 - bits };
}

// ---------------------------------------------------------------- octet ranges

/** Parses `n`, `a-b` or `*` for one octet into [lo, hi]; null when invalid. */
function octetRange(t: string): [number, number] | null {
  if (t === '*') return [0, 255];
  const dash = t.indexOf('-');
  const lo = scanOctet(dash < 0 ? t : t.slice(0, dash));
  const hi = dash < 0 ? lo : scanOctet(t.slice(dash + 1));
  if (lo < 0 || hi < 0 || lo > hi) return null;
  return [lo, hi];
}

function scanOctet(t: string): number {
  if (!/^(0|[1-9][0-9]{0,2})$/.test(t)) return -1;
  const n = Number(t);
  return n > 255 ? -1 : n;
}

/** Parses an IPv4 octet range (`10.1.1.1-10`, `10.*.1-20.10`) into one box. */
export function parseIpv4Range(s: string): Box | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const box: number[] = [];
  for (const p of parts) {
    const r = octetRange(p);
    if (r === null) return null;
    box.push(r[0], r[1]);
  }
  return box;
}

export function formatIpv4Range(b: Box): string {
  const parts: string[] = [];
  for (let k = 0; k < 8; k += 2) {
    parts.push(b[k] === 0 && b[k + 1] === 255 ? '*' : b[k] === b[k + 1] ? `${b[k]}` : `${b[k]}-${b[k + 1]}`);
  }
  return parts.join('.');
}

// ---------------------------------------------------------------- entries

const fail = (field: IpError['field'], message: string): IpResult<never> => ({ ok: false, error: { field, message } });

/** Reads a mask given as number or numeric string; undefined when absent. */
function readMask(raw: unknown, max: number): IpResult<number | undefined> {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max) return fail('mask', `mask '${String(raw)}' must be an integer from 0 to ${max}`);
  return { ok: true, value: n };
}

function v4Entry(ipaddress: string, mask: number, include: Box, exclude?: Box): IpResult<Ipv4Entry> {
  if (exclude === undefined) {
    const prefix = boxAsPrefix(include);
    return { ok: true, value: { family: 4, ipaddress, mask, prefix, boxes: [include], size: boxSize(include) } };
  }
  if (setSubtract([exclude], [include]).length > 0) return fail('exclude', `exclusion '${formatIpv4Range(exclude)}' must lie inside '${ipaddress}'`);
  const boxes = setSubtract([include], [exclude]);
  if (boxes.length === 0) return fail('exclude', `exclusion '${formatIpv4Range(exclude)}' removes every address of '${ipaddress}'`);
  return { ok: true, value: { family: 4, ipaddress, mask, exclude: formatIpv4Range(exclude), prefix: null, boxes, size: setSize(boxes) } };
}

/**
 * Validates one `NetworkDeviceIPList` item. Errors name the field and say why,
 * ready for an ERS 400 message.
 */
export function parseIpEntry(input: IpEntryInput): IpResult<IpEntry> {
  const { ipaddress: rawIp, mask: rawMask, exclude: rawExclude } = input;
  if (typeof rawIp !== 'string' || rawIp.trim() === '') return fail('ipaddress', 'ipaddress is required');
  let text = rawIp.trim();
  let exclude: Box | undefined;
  if (rawExclude !== undefined && rawExclude !== null && rawExclude !== '') {
    if (typeof rawExclude !== 'string') return fail('exclude', 'exclusion must be a string');
    const parsed = parseIpv4Range(rawExclude.trim());
    if (parsed === null) return fail('exclude', `'${rawExclude}' is not an IPv4 address or range`);
    exclude = parsed;
  }
  let maskText: unknown = rawMask;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const inline = text.slice(slash + 1);
    text = text.slice(0, slash);
    if (!/^\d+$/.test(inline)) return fail('ipaddress', `'${rawIp}' has an invalid prefix length`);
    const given = readMask(rawMask, 128);
    if (!given.ok) return given;
    if (given.value !== undefined && given.value !== Number(inline)) return fail('mask', `mask ${given.value} contradicts '${rawIp}'`);
    maskText = inline;
  }

  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (v6 === null) return fail('ipaddress', `'${rawIp}' is not a valid IPv6 address`);
    const mask = readMask(maskText, 128);
    if (!mask.ok) return mask;
    const len = mask.value ?? 128;
    if (isIpv4Mapped(v6)) {
      if (len < 96) return fail('mask', `mask ${len} is too short for the IPv4-mapped address '${rawIp}' (96–128)`);
      const v4 = Number(v6 & 0xffffffffn);
      return v4Entry(formatIpv4(v4), len - 96, boxOfPrefix(maskIpv4(v4, len - 96), len - 96), exclude);
    }
    if (exclude !== undefined) return fail('exclude', 'exclusions apply to IPv4 entries only');
    return { ok: true, value: { family: 6, ipaddress: formatIpv6(v6), mask: len, network: maskIpv6(v6, len), size: 1n << BigInt(128 - len) } };
  }

  const v4 = scanIpv4(text);
  if (v4 >= 0) {
    const mask = readMask(maskText, 32);
    if (!mask.ok) return mask;
    const len = mask.value ?? 32;
    return v4Entry(formatIpv4(v4), len, boxOfPrefix(maskIpv4(v4, len), len), exclude);
  }
  const range = parseIpv4Range(text);
  if (range === null) return fail('ipaddress', `'${rawIp}' is not a valid IP address or IPv4 range (octets: n, a-b or *)`);
  if (slash >= 0) return fail('ipaddress', `'${rawIp}': an IPv4 range takes no prefix length`);
  const mask = readMask(maskText, 32); // ignored for ranges, but must still be well-formed
  if (!mask.ok) return mask;
  return v4Entry(formatIpv4Range(range), 32, range, exclude);
}

/** The entry as ERS renders it. */
export function formatIpEntry(e: IpEntry): { ipaddress: string; mask: number; exclude?: string } {
  return e.family === 4 && e.exclude !== undefined
    ? { ipaddress: e.ipaddress, mask: e.mask, exclude: e.exclude }
    : { ipaddress: e.ipaddress, mask: e.mask };
}

/** Canonical one-line text: `10.1.1.0/24`, `10.1.1.1-10`, `10.1.*.* exclude 10.1.2.*`. */
export function ipEntryText(e: IpEntry): string {
  if (e.family === 6) return `${e.ipaddress}/${e.mask}`;
  const main = /[-*]/.test(e.ipaddress) ? e.ipaddress : `${e.ipaddress}/${e.mask}`;
  return e.exclude === undefined ? main : `${main} exclude ${e.exclude}`;
}

export function entryContains(e: IpEntry, a: IpAddress): boolean {
  if (e.family === 6) return a.family === 6 && maskIpv6(a.value, e.mask) === e.network;
  if (a.family !== 4) return false;
  for (const b of e.boxes) if (boxContains(b, a.value)) return true;
  return false;
}

/** True when some address matches both entries. */
export function entriesOverlap(a: IpEntry, b: IpEntry): boolean {
  if (a.family === 6 || b.family === 6) {
    if (a.family !== 6 || b.family !== 6) return false;
    const len = Math.min(a.mask, b.mask);
    return maskIpv6(a.network, len) === maskIpv6(b.network, len);
  }
  return setsIntersect(a.boxes, b.boxes);
}

/** True when every address of `a` matches `b`. */
export function entryWithin(a: IpEntry, b: IpEntry): boolean {
  if (a.family === 6 || b.family === 6) {
    return a.family === 6 && b.family === 6 && a.mask >= b.mask && maskIpv6(a.network, b.mask) === b.network;
  }
  return setSubtract(a.boxes, b.boxes).length === 0;
}

/**
 * True when two entries of different devices cannot coexist: they share an
 * address and neither is strictly inside the other, so "most specific wins"
 * cannot choose. Nested entries (a /32 inside a /24, a range inside a subnet)
 * are allowed; identical or partly overlapping ones are not. This extends
 * ISE's rule that entries of equal specificity must not overlap.
 */
export function entriesConflict(a: IpEntry, b: IpEntry): boolean {
  if (!entriesOverlap(a, b)) return false;
  const aInB = entryWithin(a, b), bInA = entryWithin(b, a);
  return aInB === bInA; // identical (both) or partial overlap (neither)
}
