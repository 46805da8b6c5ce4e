// MnT path arguments: MACs in any notation (normalised to AA:BB:CC:DD:EE:FF),
// time bounds of AuthList, and the numeric windows of AuthStatus/AcctStatus.
import { fail } from '../errors.ts';
import { parseMac } from '../domain/mac.ts';

/** Canonical MAC, or null when the argument is no MAC (the lookup then finds nothing). */
export const macArg = (raw: string): string | null => parseMac(raw.trim());

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)$/;

/**
 * An AuthList bound as an ISO timestamp: `null` (open), ISO-8601,
 * `YYYY-MM-DD HH:MM:SS` (read as UTC) or epoch milliseconds.
 */
export function timeArg(raw: string, label: string): string | undefined {
  const v = raw.trim();
  if (v === '' || v.toLowerCase() === 'null') return undefined;
  let ms: number;
  if (/^\d{10,15}$/.test(v)) ms = Number(v);
  else {
    const local = LOCAL_TIME.exec(v);
    ms = Date.parse(local ? `${local[1]}T${local[2]}Z` : v);
  }
  if (!Number.isFinite(ms)) {
    fail('validation', `${label}: '${raw}' is not a time (use ISO-8601, 'YYYY-MM-DD HH:MM:SS' or epoch milliseconds)`);
  }
  return new Date(ms).toISOString();
}

/** A whole number in [0, max]; 0 means the default. */
export function windowArg(raw: string, label: string, max: number, fallback: number): number {
  if (!/^\d{1,9}$/.test(raw)) fail('validation', `${label}: '${raw}' must be a whole number from 0 to ${max}`);
  const n = Number(raw);
  if (n > max) fail('validation', `${label}: ${n} is larger than ${max}`);
  return n === 0 ? fallback : n;
}
