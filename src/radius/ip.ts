// IPv4/IPv6 address text <-> octets, without allocation-heavy helpers.
// IPv6 text output follows RFC 5952 (lower case, longest zero run as "::").

export function formatIPv4(buf: Buffer, offset = 0): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Writes a dotted-quad address into `out` at `offset`; false when it is not one. */
export function writeIPv4(text: string, out: Buffer, offset: number): boolean {
  const m = IPV4.exec(text);
  if (!m) return false;
  for (let i = 0; i < 4; i++) {
    const n = Number(m[i + 1]);
    if (n > 255) return false;
    out[offset + i] = n;
  }
  return true;
}

export function parseIPv4(text: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(4);
  return writeIPv4(text, out, 0) ? out : undefined;
}

/** Formats 16 octets (fewer are zero-filled, as in an IPv6 prefix). */
export function formatIPv6(buf: Buffer): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (from: number, to: number) => words.slice(from, to).map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

const HEXWORD = /^[0-9a-fA-F]{1,4}$/;

/** Parses IPv6 text (with "::" and a trailing dotted quad allowed) into 16 octets. */
export function parseIPv6(text: string): Buffer | undefined {
  const out = Buffer.alloc(16);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseSide = (side: string): number[] | undefined => {
    if (side === '') return [];
    const words: number[] = [];
    const parts = side.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (!v4) return undefined;
        words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (HEXWORD.test(part)) {
        words.push(parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return words;
  };
  const head = parseSide(halves[0]);
  const tail = halves.length === 2 ? parseSide(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  head.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  tail.forEach((w, i) => out.writeUInt16BE(w, (8 - tail.length + i) * 2));
  return out;
}
