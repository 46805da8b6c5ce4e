// ISE's update semantics for nested settings: the fields sent replace the
// stored ones, nested objects are merged field by field, lists and maps
// given are taken whole.

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `base` with `patch` laid over it; undefined in `patch` keeps the base value. */
export function overlay<T>(base: T, patch: unknown, mapKeys: ReadonlySet<string> = new Set()): T {
  if (!isPlainObject(patch) || !isPlainObject(base)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = !mapKeys.has(key) && isPlainObject(value) && isPlainObject(out[key]) ? overlay(out[key], value, mapKeys) : value;
  }
  return out as T;
}
