// In-memory index from network-device IP entries to device ids, consulted by
// the RADIUS listener for every packet (the NAD is found by the packet's
// source address; radius-policy.md §2).
//
// Most specific entry wins: the matching entry with the fewest addresses
// (a /32 beats a /24 beats a /16; a 10-address range beats the /24 around it).
// Writes keep the index free of conflicts (ip.ts `entriesConflict`), so the
// matches of one address always nest and the winner is unique.
//
// Layout:
// - IPv4 prefixes: one open-addressing hash table keyed by (network, length)
//   in typed arrays, probed from the longest length in use down. A string
//   lookup parses the address in place and allocates nothing.
// - IPv4 ranges and entries with exclusions: a short list scanned after the
//   prefix probe (rare in practice).
// - IPv6 prefixes: one Map per length keyed by the masked bigint.

import type { IpEntry, Ipv4Entry } from './ip.ts';
import { boxContains, entriesConflict, maskIpv6, parseSourceIp, scanIpv4 } from './ip.ts';

/** int32 netmask per length 0–32. */
const MASK4 = new Int32Array(33);
/** Addresses covered per length 0–32. */
const SIZE4 = new Float64Array(33);
for (let len = 0; len <= 32; len++) {
  MASK4[len] = len === 0 ? 0 : -1 << (32 - len);
  SIZE4[len] = 2 ** (32 - len);
}
const MASK6: bigint[] = [];
for (let len = 0; len <= 128; len++) MASK6.push(maskIpv6((1n << 128n) - 1n, len));

export interface NadConflict {
  /** The device already holding the clashing entry. */
  readonly deviceId: string;
  /** The offered entry. */
  readonly entry: IpEntry;
  /** The existing entry it clashes with. */
  readonly existing: IpEntry;
}

export class NadConflictError extends Error {
  readonly conflict: NadConflict;
  constructor(conflict: NadConflict) {
    super(`IP entry overlaps an entry of network device ${conflict.deviceId}`);
    this.name = 'NadConflictError';
    this.conflict = conflict;
  }
}

/** Open-addressing hash (linear probing, backward-shift delete) from (int32 network, length) to a device id. */
class V4PrefixTable {
  #nets = new Int32Array(16);
  #lens = new Int8Array(16).fill(-1);
  #ids: (string | undefined)[] = new Array<string | undefined>(16).fill(undefined);
  #mask = 15;
  #count = 0;

  static slot(net: number, len: number, mask: number): number {
    let h = Math.imul(net ^ Math.imul(len + 1, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & mask;
  }

  get(net: number, len: number): string | undefined {
    const lens = this.#lens, nets = this.#nets, mask = this.#mask;
    for (let i = V4PrefixTable.slot(net, len, mask); ; i = (i + 1) & mask) {
      const l = lens[i];
      if (l < 0) return undefined;
      if (l === len && nets[i] === net) return this.#ids[i];
    }
  }

  /** Inserts or replaces; returns false when the key was already present. */
  set(net: number, len: number, id: string): boolean {
    if ((this.#count + 1) * 2 > this.#lens.length) this.#grow();
    const lens = this.#lens, nets = this.#nets, mask = this.#mask;
    let i = V4PrefixTable.slot(net, len, mask);
    for (; lens[i] >= 0; i = (i + 1) & mask) {
      if (lens[i] === len && nets[i] === net) { this.#ids[i] = id; return false; }
    }
    lens[i] = len; nets[i] = net; this.#ids[i] = id;
    this.#count++;
    return true;
  }

  delete(net: number, len: number): boolean {
    const lens = this.#lens, nets = this.#nets, ids = this.#ids, mask = this.#mask;
    let i = V4PrefixTable.slot(net, len, mask);
    for (; ; i = (i + 1) & mask) {
      if (lens[i] < 0) return false;
      if (lens[i] === len && nets[i] === net) break;
    }
    // Pull later members of the probe chain back into the hole.
    for (let j = (i + 1) & mask; lens[j] >= 0; j = (j + 1) & mask) {
      const home = V4PrefixTable.slot(nets[j], lens[j], mask);
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      lens[i] = lens[j]; nets[i] = nets[j]; ids[i] = ids[j];
      i = j;
    }
    lens[i] = -1; ids[i] = undefined;
    this.#count--;
    return true;
  }

  #grow(): void {
    const oldLens = this.#lens, oldNets = this.#nets, oldIds = this.#ids;
    const cap = oldLens.length * 2;
    this.#lens = new Int8Array(cap).fill(-1);
    this.#nets = new Int32Array(cap);
    this.#ids = new Array<string | undefined>(cap).fill(undefined);
    this.#mask = cap - 1;
    this.#count = 0;
    for (let i = 0; i < oldLens.length; i++) if (oldLens[i] >= 0) this.set(oldNets[i], oldLens[i], oldIds[i] as string);
  }
}

interface SetRef {
  readonly deviceId: string;
  readonly entry: Ipv4Entry;
}

export class NadIndex {
  #devices = new Map<string, readonly IpEntry[]>();
  #v4 = new V4PrefixTable();
  /** Prefix lengths in use, longest first, and how many keys each has. */
  #v4Lens: number[] = [];
  #v4LenCount = new Int32Array(33);
  #v4Sets: SetRef[] = [];
  #v6: Map<bigint, string>[] = Array.from({ length: 129 }, () => new Map<bigint, string>());
  #v6Lens: number[] = [];

  /** Number of devices indexed. */
  get size(): number {
    return this.#devices.size;
  }

  entriesOf(deviceId: string): readonly IpEntry[] | undefined {
    return this.#devices.get(deviceId);
  }

  /**
   * Indexes a device's entries, replacing any it had. Throws
   * NadConflictError, leaving the index unchanged, when an entry conflicts
   * with another device (callers check `conflict` first to answer 400).
   */
  add(deviceId: string, entries: readonly IpEntry[]): void {
    const clash = this.conflict(entries, deviceId);
    if (clash !== null) throw new NadConflictError(clash);
    this.remove(deviceId);
    this.#devices.set(deviceId, [...entries]);
    for (const e of entries) {
      if (e.family === 6) {
        const m = this.#v6[e.mask];
        if (m.size === 0) this.#v6Lens = insertDesc(this.#v6Lens, e.mask);
        m.set(e.network, deviceId);
      } else if (e.prefix !== null) {
        const { network, length } = e.prefix;
        if (this.#v4.set(network | 0, length, deviceId) && this.#v4LenCount[length]++ === 0) {
          this.#v4Lens = insertDesc(this.#v4Lens, length);
        }
      } else {
        this.#v4Sets.push({ deviceId, entry: e });
      }
    }
  }

  /** Drops a device; false when it was not indexed. */
  remove(deviceId: string): boolean {
    const entries = this.#devices.get(deviceId);
    if (entries === undefined) return false;
    this.#devices.delete(deviceId);
    for (const e of entries) {
      if (e.family === 6) {
        const m = this.#v6[e.mask];
        if (m.get(e.network) === deviceId && m.delete(e.network) && m.size === 0) {
          this.#v6Lens = this.#v6Lens.filter((l) => l !== e.mask);
        }
      } else if (e.prefix !== null) {
        const { network, length } = e.prefix;
        if (this.#v4.get(network | 0, length) === deviceId && this.#v4.delete(network | 0, length) && --this.#v4LenCount[length] === 0) {
          this.#v4Lens = this.#v4Lens.filter((l) => l !== length);
        }
      }
    }
    if (entries.some((e) => e.family === 4 && e.prefix === null)) {
      this.#v4Sets = this.#v4Sets.filter((s) => s.deviceId !== deviceId);
    }
    return true;
  }

  /** The first conflict of `entries` with a device other than `exceptDeviceId`, or null. */
  conflict(entries: readonly IpEntry[], exceptDeviceId?: string): NadConflict | null {
    for (const entry of entries) {
      const found = this.#conflictOf(entry, exceptDeviceId);
      if (found !== null) return found;
    }
    return null;
  }

  /** Id of a device (other than `exceptDeviceId`) whose entries conflict with `entries`, or null. */
  overlaps(entries: readonly IpEntry[], exceptDeviceId?: string): string | null {
    return this.conflict(entries, exceptDeviceId)?.deviceId ?? null;
  }

  #conflictOf(entry: IpEntry, except: string | undefined): NadConflict | null {
    // Prefixes nest or are disjoint, so prefix against prefix clashes only when identical: one probe.
    // Anything involving a range or an exclusion is checked by set comparison.
    const scanAll = entry.family === 4 && entry.prefix === null;
    if (!scanAll) {
      const owner = entry.family === 6 ? this.#v6[entry.mask].get(entry.network) : this.#v4.get(entry.prefix!.network | 0, entry.prefix!.length);
      if (owner !== undefined && owner !== except) return this.#clashWith(owner, entry);
      if (entry.family === 6) return null;
      for (const s of this.#v4Sets) {
        if (s.deviceId !== except && entriesConflict(entry, s.entry)) return { deviceId: s.deviceId, entry, existing: s.entry };
      }
      return null;
    }
    for (const [deviceId, list] of this.#devices) {
      if (deviceId === except) continue;
      for (const existing of list) if (entriesConflict(entry, existing)) return { deviceId, entry, existing };
    }
    return null;
  }

  #clashWith(deviceId: string, entry: IpEntry): NadConflict {
    const existing = this.#devices.get(deviceId)!.find((e) => entriesConflict(entry, e))!;
    return { deviceId, entry, existing };
  }

  /**
   * The device for a packet source: a dotted quad, IPv6 text (zone ids
   * dropped, `::ffff:a.b.c.d` treated as IPv4), 4 or 16 address bytes, or an
   * unsigned 32-bit IPv4 value. Undefined when no entry matches or the input
   * is not an address.
   */
  lookup(source: string | Uint8Array | number): string | undefined {
    if (typeof source === 'number') return this.lookupV4(source);
    if (typeof source !== 'string') return this.#lookupBytes(source);
    const v4 = scanIpv4(source);
    if (v4 >= 0) return this.lookupV4(v4);
    if (isMappedPrefix(source)) {
      const inner = scanIpv4(source, 7);
      if (inner >= 0) return this.lookupV4(inner);
    }
    const a = parseSourceIp(source);
    if (a === null) return undefined;
    return a.family === 4 ? this.lookupV4(a.value) : this.lookupV6(a.value);
  }

  /** Lookup by an IPv4 address as a 32-bit value (signed or unsigned). */
  lookupV4(address: number): string | undefined {
    const ip = address | 0;
    let best: string | undefined;
    let bestSize = Infinity;
    const lens = this.#v4Lens;
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i];
      const id = this.#v4.get(ip & MASK4[len], len);
      if (id !== undefined) { best = id; bestSize = SIZE4[len]; break; }
    }
    const sets = this.#v4Sets;
    for (let i = 0; i < sets.length; i++) {
      const s = sets[i];
      if (s.entry.size < bestSize && setContains(s.entry, ip)) { best = s.deviceId; bestSize = s.entry.size; }
    }
    return best;
  }

  lookupV6(address: bigint): string | undefined {
    for (const len of this.#v6Lens) {
      const id = this.#v6[len].get(address & MASK6[len]);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  #lookupBytes(b: Uint8Array): string | undefined {
    if (b.length === 4) return this.lookupV4((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
    if (b.length !== 16) return undefined;
    let v = 0n;
    for (const byte of b) v = (v << 8n) | BigInt(byte);
    if (v >> 32n === 0xffffn) return this.lookupV4(Number(v & 0xffffffffn));
    return this.lookupV6(v);
  }
}

function setContains(e: Ipv4Entry, ip: number): boolean {
  const boxes = e.boxes;
  for (let i = 0; i < boxes.length; i++) if (boxContains(boxes[i], ip)) return true;
  return false;
}

/** True when `s` starts with `::ffff:` (any case). */
function isMappedPrefix(s: string): boolean {
  if (s.length < 8 || s.charCodeAt(0) !== 58 || s.charCodeAt(1) !== 58 || s.charCodeAt(6) !== 58) return false;
  for (let i = 2; i < 6; i++) if ((s.charCodeAt(i) | 0x20) !== 102) return false; // 'f'
  return true;
}

function insertDesc(list: readonly number[], value: number): number[] {
  return [...list, value].sort((a, b) => b - a);
}
