import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordPolicy } from './password-policy.ts';
import {
  CASE_HINT,
  DEFAULT_PASSWORD_POLICY,
  checkEnablePassword,
  checkPassword,
  checkPasswordHistory,
  formatIsePasswordError,
  passwordViolations,
} from './password-policy.ts';

const D = DEFAULT_PASSWORD_POLICY;
const with_ = (over: Partial<PasswordPolicy>): PasswordPolicy => ({ ...D, ...over });
const prefix = 'Password must satisfy the following rules: ';

test('defaults equal the ISE 3.x factory policy', () => {
  assert.equal(D.minLength, 4);
  assert.equal(D.maxLength, 127);
  assert.equal(D.disallowUserName, true);
  assert.equal(D.disallowCisco, true);
  assert.deepEqual(D.disallowedWords, []);
  assert.equal(D.disallowRepeatedCharacters, false);
  assert.equal(D.disallowDictionaryWords, false);
  assert.equal(D.requireLowercase, true);
  assert.equal(D.requireUppercase, true);
  assert.equal(D.requireNumeric, true);
  assert.equal(D.requireNonAlphanumeric, false);
  assert.ok(Object.isFrozen(D));
  assert.ok(Object.isFrozen(D.disallowedWords));
});

test('acceptable passwords give null; the policy argument is optional', () => {
  assert.equal(checkPassword('Ab12', 'jdoe'), null);
  assert.equal(checkPassword('C1sco12345', 'jdoe'), null); // the classic lab password: "C1sco" is not "cisco"
  assert.equal(checkPassword('Passw0rd', 'jdoe', D), null);
  assert.deepEqual(passwordViolations('Passw0rd', 'jdoe'), []);
});

test('minimum length: 4 accepted, 3 refused; configurable', () => {
  assert.equal(checkPassword('Ab1', 'jdoe'), `${prefix}At least 4 characters long.`);
  assert.equal(checkPassword('Ab1x', 'jdoe'), null);
  const p = with_({ minLength: 15 });
  assert.equal(checkPassword('Abcdefghijk123', 'jdoe', p), `${prefix}At least 15 characters long.`); // 14
  assert.equal(checkPassword('Abcdefghijk1234', 'jdoe', p), null); // 15
  assert.equal(checkPassword('', 'jdoe', with_({ requireLowercase: false, requireUppercase: false, requireNumeric: false })),
    `${prefix}At least 4 characters long.`);
});

test('maximum length: 127 accepted, 128 refused', () => {
  const base = 'Ab1';
  assert.equal(checkPassword(base + 'x'.repeat(124), 'jdoe'), null);
  assert.equal(checkPassword(base + 'x'.repeat(125), 'jdoe'), `${prefix}At most 127 characters long.`);
});

test('lowercase required by default', () => {
  assert.equal(checkPassword('ABC123', 'jdoe'), `${prefix}At least one lower case letter [a-z].`);
  assert.equal(checkPassword('aBC123', 'jdoe'), null);
  assert.equal(checkPassword('ABC123', 'jdoe', with_({ requireLowercase: false })), null);
});

test('uppercase required by default (ISE wording)', () => {
  assert.equal(checkPassword('abc123', 'jdoe'), `${prefix}At least one upper case letter [A-Z].`);
  assert.equal(checkPassword('abc12Z', 'jdoe'), null);
  assert.equal(checkPassword('abc123', 'jdoe', with_({ requireUppercase: false })), null);
  // Only ASCII letters count, as ISE's "[A-Z]" says.
  assert.equal(checkPassword('abcÉ123', 'jdoe'), `${prefix}At least one upper case letter [A-Z].`);
});

test('digit required by default (ISE wording)', () => {
  assert.equal(checkPassword('Abcdef', 'jdoe'), `${prefix}At least one digit [0-9].`);
  assert.equal(checkPassword('Abcde9', 'jdoe'), null);
  assert.equal(checkPassword('Abcdef', 'jdoe', with_({ requireNumeric: false })), null);
});

test('non-alphanumeric not required by default; when selected', () => {
  assert.equal(checkPassword('Abc123', 'jdoe'), null);
  const p = with_({ requireNonAlphanumeric: true });
  assert.equal(checkPassword('Abc123', 'jdoe', p), `${prefix}At least one non-alphanumeric character.`);
  assert.equal(checkPassword('Abc123!', 'jdoe', p), null);
  assert.equal(checkPassword('Abc 123', 'jdoe', p), null); // a space counts
  assert.equal(checkPassword('Abc123é', 'jdoe', p), `${prefix}At least one non-alphanumeric character.`); // a letter does not
});

test('user name or its reverse, case-insensitive, anywhere in the password', () => {
  const msg = `${prefix}Must not contain the user name or its characters in reverse order.`;
  assert.equal(checkPassword('Jdoe1234', 'jdoe'), msg);
  assert.equal(checkPassword('X1eodJ', 'jdoe'), msg);
  assert.equal(checkPassword('X1JDOEy', 'jdoe'), msg);
  assert.equal(checkPassword('Jdo1e234', 'jdoe'), null); // not contiguous
  assert.equal(checkPassword('Jdoe1234', 'jdoe', with_({ disallowUserName: false })), null);
  assert.equal(checkPassword('Abc123', ''), null); // no user name, nothing to compare
});

test('"cisco" or its reverse, case-insensitive', () => {
  const msg = `${prefix}Must not contain "cisco" or its characters in reverse order.`;
  assert.equal(checkPassword('Cisco123', 'jdoe'), msg);
  assert.equal(checkPassword('xCISCOy1', 'jdoe'), msg);
  assert.equal(checkPassword('Ocsic123', 'jdoe'), msg);
  assert.equal(checkPassword('Cisc0123', 'jdoe'), null);
  assert.equal(checkPassword('Cisco123', 'jdoe', with_({ disallowCisco: false })), null);
});

test('configured words or their reverse, case-insensitive; none by default', () => {
  assert.equal(checkPassword('Acme2024', 'jdoe'), null);
  const p = with_({ disallowedWords: ['acme', '', 'Gatehouse'] });
  assert.equal(checkPassword('Acme2024', 'jdoe', p), `${prefix}Must not contain "acme" or its characters in reverse order.`);
  assert.equal(checkPassword('x1EMCA', 'jdoe', p), `${prefix}Must not contain "acme" or its characters in reverse order.`);
  assert.equal(checkPassword('GATEHOUSE1x', 'jdoe', p), `${prefix}Must not contain "Gatehouse" or its characters in reverse order.`);
  assert.equal(checkPassword('Acm3x2024', 'jdoe', p), null);
});

test('repeated characters: off by default; when on, four refused, three accepted', () => {
  assert.equal(checkPassword('Aaaaa1', 'jdoe'), null);
  const p = with_({ disallowRepeatedCharacters: true });
  const msg = `${prefix}Must not contain repeated characters four or more times consecutively.`;
  assert.equal(checkPassword('Ab1111x', 'jdoe', p), msg);
  assert.equal(checkPassword('Ab111x1', 'jdoe', p), null);
  assert.equal(checkPassword('Ab1!!!!', 'jdoe', p), msg);
  assert.equal(checkPassword('AbaAAA1', 'jdoe', p), null); // aAAA: case differs, only three equal
  assert.equal(checkPassword('Ab1😀😀😀😀', 'jdoe', p), msg); // code points, not UTF-16 halves
  assert.equal(checkPassword('Ab1😀😀😀', 'jdoe', p), null);
});

test('dictionary words: off by default; reverse and look-alike letters when on', () => {
  const dictionary = ['monkey', 'dragon'];
  assert.equal(checkPassword('Monkey12', 'jdoe', with_({ dictionary })), null); // rule off
  const p = with_({ disallowDictionaryWords: true, dictionary });
  const msg = `${prefix}Must not contain dictionary words, their characters in reverse order or their letters replaced with other characters.`;
  assert.equal(checkPassword('Monkey12', 'jdoe', p), msg);
  assert.equal(checkPassword('Yeknom12', 'jdoe', p), msg);
  assert.equal(checkPassword('XM0nk3y1', 'jdoe', p), msg);
  assert.equal(checkPassword('Dr4g0n!9', 'jdoe', p), msg);
  assert.equal(checkPassword('Monk3x12', 'jdoe', p), null);
  assert.equal(checkPassword('Abc123', 'jdoe', with_({ disallowDictionaryWords: true, dictionary: ['', '  '] })), null);
  // Regex metacharacters in a word are literal.
  assert.equal(checkPassword('Ab1a.b', 'jdoe', with_({ disallowDictionaryWords: true, dictionary: ['a.b'] })), msg);
  assert.equal(checkPassword('Ab1axb', 'jdoe', with_({ disallowDictionaryWords: true, dictionary: ['a.b'] })), null);
});

test('first violated rule wins, in a fixed order; all are listed by passwordViolations', () => {
  // "cisco": has lower case and 5 characters; lacks upper case and a digit, and is "cisco".
  assert.equal(checkPassword('cisco', 'jdoe'), `${prefix}At least one upper case letter [A-Z].`);
  assert.deepEqual(passwordViolations('cisco', 'jdoe'), [
    'At least one upper case letter [A-Z].',
    'At least one digit [0-9].',
    'Must not contain "cisco" or its characters in reverse order.',
  ]);
  assert.deepEqual(passwordViolations('', 'jdoe'), [
    'At least one lower case letter [a-z].',
    'At least one upper case letter [A-Z].',
    'At least one digit [0-9].',
    'At least 4 characters long.',
  ]);
  assert.deepEqual(passwordViolations('Jdoe', 'jdoe', with_({ requireNumeric: false })), [
    'Must not contain the user name or its characters in reverse order.',
  ]);
});

test('every rule can fire, and every message contains "Password"', () => {
  const all = with_({
    requireNonAlphanumeric: true, disallowRepeatedCharacters: true, disallowDictionaryWords: true,
    dictionary: ['aaaa'], disallowedWords: ['aaaa'], minLength: 200, maxLength: 1,
  });
  // Upper- and lower-case letters: one of them is always present when "cisco" is,
  // so two passwords cover the 11 rules between them, 10 each.
  const upper = passwordViolations('AAAACISCO', 'aaaa', all);
  const lower = passwordViolations('aaaacisco', 'aaaa', all);
  assert.equal(upper.length, 10);
  assert.equal(lower.length, 10);
  const rules = new Set([...upper, ...lower]);
  assert.equal(rules.size, 11);
  for (const rule of rules) assert.ok(`${prefix}${rule}`.includes('Password'));
  assert.ok(checkPassword('aaaa', 'aaaa', all)!.startsWith('Password '));
  assert.ok(checkEnablePassword('a', 'jdoe')!.includes('Password'));
  const now = new Date('2025-01-02T00:00:00Z');
  assert.ok(checkPasswordHistory('Ab12', [{ password: 'Ab12', setAt: '2025-01-01T00:00:00Z' }], now)!.includes('Password'));
  assert.ok(checkPasswordHistory('Ab12', [{ password: 'Ab12', setAt: '2020-01-01T00:00:00Z' }], now)!.includes('Password'));
});

test('formatIsePasswordError reproduces ISE\'s multi-line title', () => {
  assert.equal(
    formatIsePasswordError(['At least one upper case letter [A-Z].', 'At least one digit [0-9].', 'At least 15 characters long.']),
    '\n\n Password must satisfy the following rules:\n At least one upper case letter [A-Z].\n At least one digit [0-9].\n At least 15 characters long.\n\n ' + CASE_HINT,
  );
  assert.equal(formatIsePasswordError(['At least 4 characters long.']), '\n\n Password must satisfy the following rules:\n At least 4 characters long.\n');
  assert.ok(formatIsePasswordError(['At least 4 characters long.'], 'Enable Password').includes('Enable Password must satisfy'));
});

test('enable password: empty or absent accepted, otherwise the same policy', () => {
  assert.equal(checkEnablePassword('', 'jdoe'), null);
  assert.equal(checkEnablePassword(undefined, 'jdoe'), null);
  assert.equal(checkEnablePassword('En4ble', 'jdoe'), null);
  assert.equal(checkEnablePassword('en4ble', 'jdoe'), 'Enable Password must satisfy the following rules: At least one upper case letter [A-Z].');
  assert.equal(checkEnablePassword('Ab1', 'jdoe'), 'Enable Password must satisfy the following rules: At least 4 characters long.');
  assert.equal(checkEnablePassword('Jdoe99', 'jdoe'), 'Enable Password must satisfy the following rules: Must not contain the user name or its characters in reverse order.');
  assert.equal(checkEnablePassword('en4ble', 'jdoe', with_({ requireUppercase: false })), null);
});

test('history: reuse within 15 days, then the previous 3 versions', () => {
  const now = new Date('2025-03-20T12:00:00Z');
  const history = [
    { password: 'Current1', setAt: '2025-03-10T00:00:00Z' }, // 10 days ago
    { password: 'Second22', setAt: '2025-02-01T00:00:00Z' },
    { password: 'Third333', setAt: '2025-01-01T00:00:00Z' },
    { password: 'Fourth44', setAt: '2024-12-01T00:00:00Z' },
  ];
  assert.equal(checkPasswordHistory('Current1', history, now), 'Password history: Cannot reuse password within 15 days');
  assert.equal(checkPasswordHistory('Second22', history, now), 'Password must be different from the previous 3 versions.');
  assert.equal(checkPasswordHistory('Third333', history, now), 'Password must be different from the previous 3 versions.');
  assert.equal(checkPasswordHistory('Fourth44', history, now), null); // fourth back: allowed
  assert.equal(checkPasswordHistory('Brand9New', history, now), null);
  assert.equal(checkPasswordHistory('Anything1', [], now), null); // a create has no history
  // Day boundary: set exactly 15 days ago is outside the window.
  const edge = [{ password: 'Edge1234', setAt: '2025-03-05T12:00:00Z' }];
  assert.equal(checkPasswordHistory('Edge1234', edge, now, with_({ historyVersions: 0 })), null);
  assert.equal(checkPasswordHistory('Edge1234', [{ password: 'Edge1234', setAt: '2025-03-05T12:00:01Z' }], now, with_({ historyVersions: 0 })),
    'Password history: Cannot reuse password within 15 days');
  assert.equal(checkPasswordHistory('Current1', history, now, with_({ reuseWithinDays: 0, historyVersions: 0 })), null);
});
