// Definitions of the custom attributes internal users and endpoints may carry
// (ISE: Administration > Identity Management > Settings > User Custom
// Attributes / Endpoint Custom Attributes).

export const CUSTOM_ATTRIBUTE_TYPES = ['String', 'Integer', 'Long', 'Float', 'Boolean', 'Date', 'IP'] as const;
export type CustomAttributeType = (typeof CUSTOM_ATTRIBUTE_TYPES)[number];

export interface CustomAttributeDef {
  name: string;
  type: CustomAttributeType;
  /** Value given to users that do not set it. */
  defaultValue?: string;
  mandatory?: boolean;
}

const CHECKS: Record<CustomAttributeType, (v: string) => boolean> = {
  String: () => true,
  Integer: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31,
  Long: (v) => /^-?\d+$/.test(v),
  Float: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  Boolean: (v) => v === 'true' || v === 'false',
  Date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  IP: (v) => /^(\d{1,3}\.){3}\d{1,3}$/.test(v) || (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v)),
};

/** Checks the given attributes against the definitions; returns the completed map or an error text. */
export function checkCustomAttributes(
  values: Record<string, string>,
  defs: readonly CustomAttributeDef[],
  scope: 'user' | 'endpoint' = 'user',
): { ok: Record<string, string> } | { error: string } {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byName.get(key);
    if (!def) return { error: `customAttributes: attribute '${key}' is not defined in the ${scope} custom attributes` };
    if (value !== '' && !CHECKS[def.type](value)) return { error: `customAttributes: value '${value}' of '${key}' is not a valid ${def.type}` };
    out[key] = value;
  }
  for (const def of defs) {
    if (out[def.name] === undefined && def.defaultValue !== undefined) out[def.name] = def.defaultValue;
    if (def.mandatory && !out[def.name]) return { error: `customAttributes: attribute '${def.name}' is mandatory` };
  }
  return { ok: out };
}
