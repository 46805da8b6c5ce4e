// Shared pieces of the policy validators: the error they return, reading
// typed fields from a decoded JSON body, and the texts.
//
// Network-access OpenAPI objects (policy sets, rules, conditions) fail with
// `{"code":"400","message":"Failed to handle API request - <object kind> :
// <reason>"}` (policy-api.md §1): `message` here is that full text. ERS
// objects (authorization profiles, DACLs, allowed protocols) fail with an
// ERSResponse whose title is `message`. `kind` names the error-catalog entry
// (src/errors.ts) the ERS adapter raises.

export interface PolicyError {
  readonly status: 400 | 404 | 409;
  readonly kind: 'validation' | 'schema' | 'notFound' | 'inUse' | 'conflict';
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PolicyError };

/** Object kinds as they appear in OpenAPI error messages. */
export const OBJECT_KINDS = {
  policySet: 'Network Access Policy Set',
  authenticationRule: 'Network Access Authentication Rule',
  authorizationRule: 'Network Access Authorization Rule',
  localException: 'Network Access Local Exception Rule',
  globalException: 'Network Access Global Exception Rule',
  condition: 'Network Access Condition',
  timeCondition: 'Network Access Time And Date Condition',
  networkCondition: 'Network Access Network Condition',
  dictionary: 'Network Access Dictionary',
  dictionaryAttribute: 'Network Access Dictionary Attribute',
} as const;
export type ObjectKind = (typeof OBJECT_KINDS)[keyof typeof OBJECT_KINDS];

/** The OpenAPI error body (`code` is the status as a string). */
export const apiErrorBody = (e: PolicyError): { code: string; message: string } => ({ code: String(e.status), message: e.message });

/** The OpenAPI error text. */
export const apiMessage = (kind: ObjectKind, reason: string): string => `Failed to handle API request - ${kind} : ${reason}`;

/** Thrown inside a validator, turned into `{ok:false}` by `checked`. */
class Invalid extends Error {
  readonly error: PolicyError;
  constructor(error: PolicyError) {
    super(error.message);
    this.error = error;
  }
}

/** Raises a validation failure inside `checked`. */
export function invalid(message: string, kind: PolicyError['kind'] = 'validation', status: PolicyError['status'] = 400): never {
  throw new Invalid({ status, kind, message });
}

/** Runs a validator body, turning a raised failure into its result. */
export function checked<T>(body: () => T): Checked<T> {
  try {
    return { ok: true, value: body() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.error };
    throw e;
  }
}

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Typed reads from a decoded body. `say` turns a reason into the message
 * (the OpenAPI prefix, or nothing for ERS titles). Absent and `null` read as
 * undefined.
 */
export class Fields {
  readonly obj: Json;
  readonly say: (reason: string) => string;
  readonly path: string;

  constructor(obj: unknown, say: (reason: string) => string, path = '') {
    this.say = say;
    this.path = path;
    if (!isObject(obj)) invalid(say(`${path || 'body'} must be a JSON object`));
    this.obj = obj;
  }

  name(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(reason: string, kind: PolicyError['kind'] = 'validation'): never {
    return invalid(this.say(reason), kind);
  }

  missing(key: string): never {
    return this.fail(`Validation Error - Mandatory fields missing: [${this.name(key)}]`, 'schema');
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  str(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(`${this.name(key)} must be a string`);
  }

  reqStr(key: string): string {
    const v = this.str(key);
    return v === undefined || v === '' ? this.missing(key) : v;
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return this.fail(`${this.name(key)} must be true or false`);
  }

  int(key: string, min: number, max: number): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) return this.fail(`${this.name(key)} must be an integer between ${min} and ${max}`);
    return n;
  }

  /** An enum value; `fold` accepts any letter case and returns the canonical spelling. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fold = false): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    const hit = allowed.find((a) => (fold ? a.toLowerCase() === v.toLowerCase() : a === v));
    return hit ?? this.fail(`${this.name(key)} '${v}' is invalid: expected one of [${allowed.join(', ')}]`);
  }

  sub(key: string): Fields | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    return new Fields(v, this.say, this.name(key));
  }

  list(key: string): unknown[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.fail(`${this.name(key)} must be a list`);
    return v;
  }
}

/** Names of policy sets and rules: letters, digits, `_ - . ( )` and spaces (policy-api.md §1). */
const POLICY_NAME = /^[A-Za-z0-9_\-.() ]+$/;
/** Names of library and time conditions (as the shipped ones): letters, digits, `_ - .`. */
const CONDITION_NAME = /^[A-Za-z0-9_\-.]+$/;

export const MAX_NAME = 255;

export function checkPolicyName(name: string, condition = false): string | null {
  if (name.length > MAX_NAME) return `name must not be longer than ${MAX_NAME} characters`;
  if (name.trim() !== name) return 'name must not start or end with white space';
  const re = condition ? CONDITION_NAME : POLICY_NAME;
  if (!re.test(name)) {
    return condition
      ? `name '${name}' may contain only letters, digits, underscore, hyphen and period`
      : `name '${name}' may contain only letters, digits, underscore, hyphen, space, period and parentheses`;
  }
  return null;
}

/** Case-insensitive name clash among siblings other than `selfId`. */
export function nameTaken(name: string, siblings: Iterable<{ id: string; name: string }>, selfId?: string): boolean {
  const lower = name.toLowerCase();
  for (const s of siblings) if (s.id !== selfId && s.name.toLowerCase() === lower) return true;
  return false;
}
