// Enumerated RADIUS values as ISE's `Radius` dictionary shows them
// (`Call Check`, `Wireless - IEEE 802.11`): conditions are written with
// these names, requests carry numbers. Both sides are brought to the
// display name so that `Call Check`, `Call-Check`, `call check` and `10`
// all name the same value.

/** Service-Type (RFC 2865 §5.6) display names. */
export const SERVICE_TYPES: Readonly<Record<number, string>> = {
  1: 'Login', 2: 'Framed', 3: 'Callback Login', 4: 'Callback Framed', 5: 'Outbound', 6: 'Administrative',
  7: 'NAS Prompt', 8: 'Authenticate Only', 9: 'Callback NAS Prompt', 10: 'Call Check', 11: 'Callback Administrative',
  12: 'Voice', 13: 'Fax', 14: 'Modem Relay', 15: 'IAPP-Register', 16: 'IAPP-AP-Check', 17: 'Authorize Only',
};

/** NAS-Port-Type (RFC 2865 §5.41, RFC 4603) display names. */
export const NAS_PORT_TYPES: Readonly<Record<number, string>> = {
  0: 'Async', 1: 'Sync', 2: 'ISDN Sync', 3: 'ISDN Async V.120', 4: 'ISDN Async V.110', 5: 'Virtual', 6: 'PIAFS',
  7: 'HDLC Clear Channel', 8: 'X.25', 9: 'X.75', 10: 'G.3 Fax', 11: 'SDSL - Symmetric DSL',
  12: 'ADSL-CAP - Asymmetric DSL, Carrierless Amplitude Phase Modulation',
  13: 'ADSL-DMT - Asymmetric DSL, Discrete Multi-Tone', 14: 'IDSL - ISDN Digital Subscriber Line', 15: 'Ethernet',
  16: 'xDSL - Digital Subscriber Line of unknown type', 17: 'Cable', 18: 'Wireless - Other',
  19: 'Wireless - IEEE 802.11', 20: 'Token-Ring', 21: 'FDDI', 22: 'Wireless - CDMA2000', 23: 'Wireless - UMTS',
  24: 'Wireless - 1X-EV', 25: 'IAPP', 26: 'FTTP', 27: 'Wireless - IEEE 802.16', 28: 'Wireless - IEEE 802.20',
  29: 'Wireless - IEEE 802.22', 30: 'PPPoA', 31: 'PPPoEoA', 32: 'PPPoEoE', 33: 'PPPoEoVLAN', 34: 'PPPoEoQinQ',
  35: 'xPON', 36: 'Wireless - XGP', 37: 'WiMAX Pre-Release 8 IWK Function', 38: 'WIMAX-WIFI-IWK', 39: 'WIMAX-SFF',
  40: 'WIMAX-HA-LMA', 41: 'WIMAX-DHCP', 42: 'WIMAX-LBS', 43: 'WIMAX-WVS',
};

export const SERVICE_TYPE = { LOGIN: 1, FRAMED: 2, OUTBOUND: 5, CALL_CHECK: 10 } as const;
export const NAS_PORT_TYPE = { VIRTUAL: 5, ETHERNET: 15, WIRELESS_80211: 19 } as const;

/** Folding for alias lookup: lower case, letters and digits only. */
const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function aliasTable(names: Readonly<Record<number, string>>, extra: Readonly<Record<string, number>>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [n, name] of Object.entries(names)) {
    m.set(name, name);
    m.set(fold(name), name);
    m.set(n, name);
  }
  // Dictionary spellings (FreeRADIUS / RFC text) that fold differently from the display name.
  for (const [alias, n] of Object.entries(extra)) m.set(fold(alias), names[n]);
  return m;
}

const SERVICE_ALIASES = aliasTable(SERVICE_TYPES, {
  'Login-User': 1, 'Framed-User': 2, 'Callback-Login-User': 3, 'Callback-Framed-User': 4, 'Outbound-User': 5,
  'Administrative-User': 6, 'NAS-Prompt-User': 7, 'Authenticate-Only': 8, 'Callback-NAS-Prompt': 9,
  'Call-Check': 10, 'Callback-Administrative': 11, 'Authorize-Only': 17,
});

const PORT_ALIASES = aliasTable(NAS_PORT_TYPES, {
  'ISDN': 2, 'ISDN-V120': 3, 'ISDN-V110': 4, 'SDSL': 11, 'ADSL-CAP': 12, 'ADSL-DMT': 13, 'IDSL': 14, 'xDSL': 16,
  'Wireless-Other': 18, 'Wireless-802.11': 19, 'Wireless-IEEE-802.11': 19, 'Token-Ring': 20,
  'Wireless-CDMA2000': 22, 'Wireless-UMTS': 23, 'Wireless-1X-EV': 24, 'Wireless-802.16': 27,
  'Wireless-802.20': 28, 'Wireless-802.22': 29,
});

/** Alias tables by lower-case request key. */
const ENUMERATED: ReadonlyMap<string, Map<string, string>> = new Map([
  ['radius:service-type', SERVICE_ALIASES],
  ['radius:nas-port-type', PORT_ALIASES],
]);

/** True when the attribute's values are brought to display names. */
export const isEnumerated = (key: string): boolean => ENUMERATED.has(key);

/**
 * The display name of an enumerated value (`10`, `Call-Check` → `Call Check`);
 * other attributes and unknown values come back as text unchanged.
 */
export function displayValue(key: string, value: string | number): string {
  const table = ENUMERATED.get(key);
  const text = typeof value === 'number' ? String(value) : value;
  if (table === undefined) return text;
  return table.get(text) ?? table.get(fold(text)) ?? text;
}

const NUMBERS: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map([
  ['radius:service-type', new Map(Object.entries(SERVICE_TYPES).map(([n, name]) => [name, Number(n)]))],
  ['radius:nas-port-type', new Map(Object.entries(NAS_PORT_TYPES).map(([n, name]) => [name, Number(n)]))],
]);

/** The number of an enumerated value given by number or any accepted name; undefined when unknown. */
export function enumNumber(key: string, value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  return NUMBERS.get(key)?.get(displayValue(key, value));
}
