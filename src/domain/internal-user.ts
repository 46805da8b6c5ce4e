import type { Entity } from './entity.ts';

export const INTERNAL_USERS_STORE = 'Internal Users';

/** A network-access user of the internal identity store. */
export interface InternalUser extends Entity {
  enabled: boolean;
  email: string;
  firstName: string;
  lastName: string;
  changePassword: boolean;
  /** Identity group ids, in the order given. */
  identityGroups: string[];
  expiryDateEnabled: boolean;
  /** YYYY-MM-DD, or '' when unset. */
  expiryDate: string;
  customAttributes: Record<string, string>;
  passwordIDStore: string;
  passwordNeverExpires: boolean;
  accountNameAlias: string;
  /** Set when a password is stored (internal store); the secret itself is kept apart. */
  hasPassword: boolean;
  hasEnablePassword: boolean;
  passwordChangedAt: string;
}

/** Secrets of a user, handled only by the service and the store. */
export interface UserSecrets {
  password?: string;
  enablePassword?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkExpiryDate(value: string): string | null {
  const m = DATE.exec(value);
  if (!m) return `expiryDate '${value}' is invalid: the format is YYYY-MM-DD`;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    return `expiryDate '${value}' is not a valid date`;
  }
  return null;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
export const checkEmail = (value: string): string | null =>
  value === '' || EMAIL.test(value) ? null : `email '${value}' is not a valid e-mail address`;

/** True when the account may authenticate at `now` (enabled, not expired). */
export function userCanAuthenticate(user: InternalUser, now: Date): boolean {
  if (!user.enabled) return false;
  if (user.expiryDateEnabled && user.expiryDate) {
    // The account is valid through the whole expiry day.
    const end = Date.parse(`${user.expiryDate}T23:59:59.999Z`);
    if (now.getTime() > end) return false;
  }
  return true;
}
