// Cisco-AVPair text: "name=value" for mandatory and "name*value" for
// optional attributes; the name ends at the first '=' or '*'.

export interface AvPair {
  key: string;
  value: string;
  /** True for the "name*value" form. */
  optional: boolean;
}

export function parseAvPair(text: string): AvPair {
  const eq = text.indexOf('=');
  const star = text.indexOf('*');
  const at = eq < 0 ? star : star < 0 ? eq : Math.min(eq, star);
  if (at < 0) return { key: text, value: '', optional: false };
  return { key: text.slice(0, at), value: text.slice(at + 1), optional: text[at] === '*' };
}

export function formatAvPair(key: string, value: string, optional = false): string {
  return `${key}${optional ? '*' : '='}${value}`;
}
