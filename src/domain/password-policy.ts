// The internal-user password policy of Cisco ISE 3.x
// (Administration > Identity Management > Settings > User Authentication
// Settings > Password Policy), as a pure function over a configurable policy.
//
// Sources for the defaults and the wording:
//  - ISE's ERS error text, seen verbatim in CiscoISE/ciscoisesdk issue #74
//    (PUT /ers/config/internaluser, HTTP 400):
//      "\n\n Password must satisfy the following rules:\n At least one upper
//       case letter [A-Z].\n At least one digit [0-9].\n At least 15 characters
//       long.\n\n For languages with no upper/lower case, uncheck Lowercase,
//       Uppercase characters in password policy."
//    and, for history, "Cannot reuse password within 15 days".
//  - Cisco's password-policy form shared by ISE and its sibling products
//    (Cisco CDA guide): "Username (or reversed)", "'Cisco' (or reversed)",
//    "Custom word (or Reversed)", minimum length default 4.
//  - The ISE admin guide's Password Policy window (labels quoted in the fields
//    below); which boxes are ticked by default is from the ISE GUI, not from a
//    page found in the reference corpora, hence marked [unconfirmed].

/** ISE 3.x user password policy. Word checks are case-insensitive. */
export interface PasswordPolicy {
  /** "Minimum Length" — ISE default 4 (valid range 4–127). */
  readonly minLength: number;
  /** Longest password ISE stores for an internal user: 127. */
  readonly maxLength: number;
  /** "User name or its characters in reverse order" — on by default. */
  readonly disallowUserName: boolean;
  /** "\"cisco\" or its characters in reverse order" — on by default. */
  readonly disallowCisco: boolean;
  /** "This word or its characters in reverse order" — ISE has one box; a list here. Empty by default. */
  readonly disallowedWords: readonly string[];
  /** "Repeated characters four or more times consecutively" — off by default [unconfirmed]. */
  readonly disallowRepeatedCharacters: boolean;
  /**
   * "Dictionary words, their characters in reverse order or their letters
   * replaced with other characters" — off by default; ISE takes an uploaded
   * dictionary file, here `dictionary`.
   */
  readonly disallowDictionaryWords: boolean;
  readonly dictionary: readonly string[];
  /** "Password must contain at least one character of each of the selected types". */
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireNumeric: boolean;
  readonly requireNonAlphanumeric: boolean;
  /** "Password must be different from the previous n versions" (change only) [default unconfirmed]. */
  readonly historyVersions: number;
  /** "Cannot reuse password within n days" (change only; 0 = off). */
  readonly reuseWithinDays: number;
}

/** ISE 3.x factory default of the internal-user password policy. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = Object.freeze({
  minLength: 4,
  maxLength: 127,
  disallowUserName: true,
  disallowCisco: true,
  disallowedWords: Object.freeze([]) as readonly string[],
  disallowRepeatedCharacters: false,
  disallowDictionaryWords: false,
  dictionary: Object.freeze([]) as readonly string[],
  requireLowercase: true,
  requireUppercase: true,
  requireNumeric: true,
  requireNonAlphanumeric: false,
  historyVersions: 3,
  reuseWithinDays: 15,
});

/** ISE's closing hint, sent when a lower/upper case rule is among the failures. */
export const CASE_HINT = 'For languages with no upper/lower case, uncheck Lowercase, Uppercase characters in password policy.';

const reverse = (s: string): string => [...s].reverse().join('');

/** True when `text` contains `word` or `word` reversed, ignoring case. */
function containsWordOrReverse(text: string, word: string): boolean {
  const w = word.toLowerCase();
  if (w === '') return false;
  const t = text.toLowerCase();
  return t.includes(w) || t.includes(reverse(w));
}

// Common look-alike substitutions for the dictionary rule.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  a: 'a@4', b: 'b8', e: 'e3', g: 'g9', i: 'i1!|', l: 'l1|', o: 'o0', s: 's$5', t: 't7+', z: 'z2',
};
const escapeClass = (s: string): string => s.replace(/[\\\]\[^-]/g, '\\$&');
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function lookAlikePattern(word: string): RegExp {
  const parts = [...word.toLowerCase()].map((c) => {
    const alts = LOOK_ALIKES[c];
    return alts ? `[${escapeClass(alts)}]` : escapeRegExp(c);
  });
  return new RegExp(parts.join(''));
}

function containsDictionaryWord(password: string, dictionary: readonly string[]): boolean {
  const p = password.toLowerCase();
  for (const word of dictionary) {
    if (word.trim() === '') continue;
    if (lookAlikePattern(word).test(p) || lookAlikePattern(reverse(word)).test(p)) return true;
  }
  return false;
}

const REPEATED_4 = /(.)\1{3}/su;
const NON_ALPHANUMERIC = /[^\p{L}\p{N}]/u;

/**
 * Every rule `password` breaks, in a fixed order, each as ISE words one line
 * of its error (e.g. "At least one upper case letter [A-Z]."). Empty when
 * acceptable. Character classes come first, then length — the order ISE's
 * own message lists them in — then the "must not contain" rules.
 * Lengths count UTF-16 units, as ISE (Java) does.
 */
export function passwordViolations(password: string, userName: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string[] {
  const out: string[] = [];
  if (policy.requireLowercase && !/[a-z]/.test(password)) out.push('At least one lower case letter [a-z].');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) out.push('At least one upper case letter [A-Z].');
  if (policy.requireNumeric && !/[0-9]/.test(password)) out.push('At least one digit [0-9].');
  if (policy.requireNonAlphanumeric && !NON_ALPHANUMERIC.test(password)) out.push('At least one non-alphanumeric character.');
  if (password.length < policy.minLength) out.push(`At least ${policy.minLength} characters long.`);
  if (password.length > policy.maxLength) out.push(`At most ${policy.maxLength} characters long.`);
  if (policy.disallowUserName && containsWordOrReverse(password, userName)) {
    out.push('Must not contain the user name or its characters in reverse order.');
  }
  if (policy.disallowCisco && containsWordOrReverse(password, 'cisco')) {
    out.push('Must not contain "cisco" or its characters in reverse order.');
  }
  for (const word of policy.disallowedWords) {
    if (containsWordOrReverse(password, word)) out.push(`Must not contain "${word}" or its characters in reverse order.`);
  }
  if (policy.disallowRepeatedCharacters && REPEATED_4.test(password)) {
    out.push('Must not contain repeated characters four or more times consecutively.');
  }
  if (policy.disallowDictionaryWords && containsDictionaryWord(password, policy.dictionary)) {
    out.push('Must not contain dictionary words, their characters in reverse order or their letters replaced with other characters.');
  }
  return out;
}

/**
 * The full ERS title in ISE's own layout, listing every broken rule:
 * "\n\n Password must satisfy the following rules:\n <rule>\n ...". `label`
 * is "Password" or "Enable Password".
 */
export function formatIsePasswordError(rules: readonly string[], label = 'Password'): string {
  let text = `\n\n ${label} must satisfy the following rules:\n` + rules.map((r) => ` ${r}\n`).join('');
  if (rules.some((r) => r.includes('case letter'))) text += `\n ${CASE_HINT}`;
  return text;
}

/**
 * Checks a login password against the policy. Returns null when acceptable,
 * else one line naming the first broken rule, e.g.
 * "Password must satisfy the following rules: At least one digit [0-9]."
 * (ERS answers it as HTTP 400; the title contains "Password").
 */
export function checkPassword(password: string, userName: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string | null {
  const first = passwordViolations(password, userName, policy)[0];
  return first === undefined ? null : `Password must satisfy the following rules: ${first}`;
}

/**
 * Checks a TACACS+ enable password. ISE has no separate policy for it: the
 * internal-user page sets it beside the login password under the same user
 * password policy [unconfirmed]. An empty or absent enable password means
 * "none" and is accepted (`""` is accepted on create [seen]).
 */
export function checkEnablePassword(enablePassword: string | undefined, userName: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string | null {
  if (enablePassword === undefined || enablePassword === '') return null;
  const first = passwordViolations(enablePassword, userName, policy)[0];
  return first === undefined ? null : `Enable Password must satisfy the following rules: ${first}`;
}

/** A password the user had, with when it was set (ISO 8601). */
export interface PasswordHistoryEntry {
  readonly password: string;
  readonly setAt: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The history rules, for a password *change* only (a create has no history).
 * `history` is most recent first and includes the current password. Returns
 * null when the new password may be used.
 */
export function checkPasswordHistory(
  password: string,
  history: readonly PasswordHistoryEntry[],
  now: Date,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | null {
  if (policy.reuseWithinDays > 0) {
    const since = now.getTime() - policy.reuseWithinDays * DAY_MS;
    for (const h of history) {
      const at = Date.parse(h.setAt);
      if (h.password === password && !Number.isNaN(at) && at > since) {
        // ISE's text is "Cannot reuse password within 15 days"; prefixed so the title contains "Password".
        return `Password history: Cannot reuse password within ${policy.reuseWithinDays} days`;
      }
    }
  }
  if (policy.historyVersions > 0 && history.slice(0, policy.historyVersions).some((h) => h.password === password)) {
    return `Password must be different from the previous ${policy.historyVersions} versions.`;
  }
  return null;
}
