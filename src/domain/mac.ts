// MAC addresses: parsing the notations ISE accepts and producing the forms
// network devices send.
//
// Accepted (any letter case), with one separator used throughout:
//   11:22:33:44:55:66   colon, pairs        (ISE's stored form)
//   11-22-33-44-55-66   dash, pairs         (IOS Calling-Station-Id default)
//   1122.3344.5566      dot, quads          (Cisco IOS/NX-OS notation)
//   112233445566        bare                (IOS MAB User-Name default)
// Anything else is refused: wrong length, non-hex digits, mixed separators
// (`11:22-33:44:55:66`), separators in the wrong places (`1122:3344:5566`,
// `112233-445566`), surrounding white space. These are the notations Cisco
// devices and ISE use; accepting only them (rather than stripping any
// separators) is our decision where the spec marks dash/dot/bare input as
// unconfirmed (ers-resources.md §3).

export interface MacForms {
  /** `AA:BB:CC:DD:EE:FF`: ISE's stored form, MnT user_name for MAB. */
  colon: string;
  /** `AA-BB-CC-DD-EE-FF`: IOS Calling-Station-Id default, MnT EndPointMACAddress. */
  dash: string;
  /** `aabb.ccdd.eeff`: Cisco dotted notation. */
  dot: string;
  /** `aabbccddeeff`: IOS MAB User-Name default. */
  bare: string;
}

const HEX_UPPER = '0123456789ABCDEF';

/** Value 0–15 of a hex digit char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/** Layout of each accepted notation: total length, separator, digits between separators. */
const LAYOUTS: ReadonlyArray<{ length: number; sep: number; group: number }> = [
  { length: 17, sep: 0x3a, group: 2 }, // ':'
  { length: 17, sep: 0x2d, group: 2 }, // '-'
  { length: 14, sep: 0x2e, group: 4 }, // '.'
  { length: 12, sep: -1, group: 12 },
];

/** Reads `input` against one layout; returns the 12 upper-case hex digits or null. */
function readDigits(input: string, sep: number, group: number): string | null {
  let digits = '';
  let inGroup = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (inGroup === group) {
      if (c !== sep) return null;
      inGroup = 0;
      continue;
    }
    const v = hexValue(c);
    if (v < 0) return null;
    digits += HEX_UPPER[v];
    inGroup++;
  }
  return digits.length === 12 ? digits : null;
}

/** The 12 upper-case hex digits of a MAC in any accepted notation, or null. */
function macDigits(input: string): string | null {
  for (const layout of LAYOUTS) {
    if (input.length !== layout.length) continue;
    if (layout.sep >= 0 && input.charCodeAt(layout.group) !== layout.sep) continue;
    return readDigits(input, layout.sep, layout.group);
  }
  return null;
}

function joinGroups(digits: string, size: number, sep: string): string {
  const parts: string[] = [];
  for (let i = 0; i < digits.length; i += size) parts.push(digits.slice(i, i + size));
  return parts.join(sep);
}

/** Normalises a MAC to ISE's form `AA:BB:CC:DD:EE:FF`; null when not an accepted notation. */
export function parseMac(input: string): string | null {
  const digits = macDigits(input);
  return digits === null ? null : joinGroups(digits, 2, ':');
}

/** True when `value` (e.g. a RADIUS User-Name) is a MAC in any accepted notation. */
export function isMacLike(value: string): boolean {
  return macDigits(value) !== null;
}

/** True when both strings are MACs in accepted notations and name the same address. */
export function sameMac(a: string, b: string): boolean {
  const da = macDigits(a);
  return da !== null && da === macDigits(b);
}

/** Every common notation of a MAC; null when `mac` is not an accepted notation. */
export function macForms(mac: string): MacForms | null {
  const digits = macDigits(mac);
  if (digits === null) return null;
  const lower = digits.toLowerCase();
  return {
    colon: joinGroups(digits, 2, ':'),
    dash: joinGroups(digits, 2, '-'),
    dot: joinGroups(lower, 4, '.'),
    bare: lower,
  };
}
