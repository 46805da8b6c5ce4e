// Shapes of the attribute dictionary: data types, flags and the helper that
// turns the compact tables in the sibling files into attribute definitions.

/** Wire data types (names as in RFC 8044 and the FreeRADIUS dictionaries). */
export type DataType =
  | 'string'     // UTF-8 text
  | 'octets'     // opaque bytes
  | 'ipaddr'     // 4-octet IPv4 address
  | 'ipv6addr'   // 16-octet IPv6 address
  | 'ipv6prefix' // reserved octet, prefix length, 0-16 prefix octets (RFC 3162)
  | 'integer'    // 32-bit unsigned
  | 'date'       // 32-bit seconds since 1970-01-01 UTC
  | 'ifid'       // 8-octet interface identifier (RFC 3162)
  | 'integer64'  // 64-bit unsigned
  | 'byte'       // 8-bit unsigned (some VSAs)
  | 'short';     // 16-bit unsigned (some VSAs)

/**
 * Value hiding: 0 none, 1 User-Password style (RFC 2865 §5.2),
 * 2 salted Tunnel-Password style (RFC 2868 §3.5, RFC 2548 MS-MPPE keys).
 */
export type Encrypt = 0 | 1 | 2;

export interface AttrDef {
  readonly name: string;
  /** 0 for standard attributes, else the SMI vendor number. */
  readonly vendor: number;
  readonly type: number;
  readonly dataType: DataType;
  /** RFC 2868 tag octet in front of the value. */
  readonly tagged: boolean;
  readonly encrypt: Encrypt;
  /** Long values are split over several attributes and joined on read. */
  readonly concat: boolean;
  /** Exact value length on the wire (tag included), 0 when variable. */
  readonly size: number;
  /** Enumerated values: name (and aliases) to number, number to canonical name. */
  readonly values: ReadonlyMap<string, number> | undefined;
  readonly valueNames: ReadonlyMap<number, string> | undefined;
  /** Other names this attribute answers to. */
  readonly aliases: readonly string[];
}

export interface AttrOptions {
  tagged?: boolean;
  encrypt?: Encrypt;
  concat?: boolean;
  /** Fixed length for octets attributes (e.g. Message-Authenticator 16). */
  size?: number;
  /** Enumerated values, canonical names first; later names for a number are aliases. */
  values?: Readonly<Record<string, number>>;
  aliases?: readonly string[];
}

/** One table row: type number, name, data type and options. */
export type AttrRow = readonly [type: number, name: string, dataType: DataType, options?: AttrOptions];

export interface VendorDef {
  readonly id: number;
  readonly name: string;
  readonly attributes: readonly AttrRow[];
}

const FIXED_SIZE: Partial<Record<DataType, number>> = {
  ipaddr: 4, ipv6addr: 16, integer: 4, date: 4, ifid: 8, integer64: 8, byte: 1, short: 2,
};

/** Builds the definition of one table row. */
export function defineAttr(vendor: number, row: AttrRow): AttrDef {
  const [type, name, dataType, opts = {}] = row;
  let values: Map<string, number> | undefined;
  let valueNames: Map<number, string> | undefined;
  if (opts.values) {
    values = new Map();
    valueNames = new Map();
    for (const [valueName, n] of Object.entries(opts.values)) {
      values.set(valueName, n);
      values.set(valueName.toLowerCase(), n);
      // Numeric-looking names (e.g. "802") come first in object key order; never canonical.
      if (!valueNames.has(n) || /^\d+$/.test(valueNames.get(n) as string)) valueNames.set(n, valueName);
    }
  }
  const tagged = opts.tagged ?? false;
  // A tagged integer keeps its tag in the high octet, so its size stays 4.
  const size = opts.size ?? (FIXED_SIZE[dataType] ?? 0);
  return {
    name, vendor, type, dataType, tagged,
    encrypt: opts.encrypt ?? 0,
    concat: opts.concat ?? false,
    size,
    values, valueNames,
    aliases: opts.aliases ?? [],
  };
}
