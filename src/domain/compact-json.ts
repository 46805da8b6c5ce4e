// Row documents for the hot store: JSON of the fields that differ from the
// record's defaults (an empty array or object counts as equal to an empty
// default); a reader lays the document over fresh defaults. A session or
// live-log row shrinks to a third, and with it the pages each batch writes.

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object') {
    for (const _ in v as object) return false;
    return true;
  }
  return false;
}

/** JSON of the object's top-level fields that differ from `defaults`, leaving out `omit` (fields stored as columns). */
export function compactJson(obj: object, defaults: object, omit?: ReadonlySet<string>): string {
  const out: Record<string, unknown> = {};
  const rec = obj as Record<string, unknown>;
  const def = defaults as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (v === undefined || v === def[k] || omit?.has(k) || (isEmptyCollection(v) && isEmptyCollection(def[k]))) continue;
    out[k] = v;
  }
  return JSON.stringify(out);
}

/** The record from its compact JSON laid over (fresh) defaults. */
export function fromCompactJson<T extends object>(json: string, defaults: T): T {
  return Object.assign(defaults, JSON.parse(json) as Partial<T>);
}
