import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_TEMPLATES, checkCertPassword, checkCn, checkTemplate, isCertFormat, parseSanMac } from './certificate.ts';

test('certRequest password: 9-14 characters of [A-Za-z0-9_#] with upper, lower and digit', () => {
  for (const ok of ['Printer_42a', 'Cisco_123', 'Abcdefgh1', 'Abcdefghijkl1#', 'aB3#_aB3#_']) assert.equal(checkCertPassword(ok), null, ok);
  const bad = {
    'Abcdefg1': 'eight characters',
    'Abcdefghijklm1': null,
    'Abcdefghijklmn1': 'fifteen characters',
    'abcdefgh1': 'no upper-case letter',
    'ABCDEFGH1': 'no lower-case letter',
    'Abcdefghi': 'no digit',
    'Abcdefgh1!': '! is not allowed',
    'Abcd efgh1': 'space is not allowed',
    'Abcdéfgh1': 'non-ASCII letter',
    '': 'empty',
  } as Record<string, string | null>;
  for (const [pw, why] of Object.entries(bad)) {
    if (why === null) assert.equal(checkCertPassword(pw), null, pw);
    else assert.match(checkCertPassword(pw) ?? '', /^Invalid password: must be 9-14 characters/, `${pw}: ${why}`);
  }
});

test('certRequest SAN: a MAC with dash delimiters, returned upper-case', () => {
  assert.equal(parseSanMac('11-22-33-44-55-66'), '11-22-33-44-55-66');
  assert.equal(parseSanMac('aa-bb-cc-dd-ee-ff'), 'AA-BB-CC-DD-EE-FF');
  for (const bad of ['11:22:33:44:55:66', '1122.3344.5566', '112233445566', '11-22-33-44-55', '11-22-33-44-55-6G', ' 11-22-33-44-55-66', 'printer']) {
    assert.equal(parseSanMac(bad), null, bad);
  }
});

test('certRequest CN: at most 64 characters, no control characters or angle brackets, no outer white space', () => {
  assert.equal(checkCn('printer-floor3'), null);
  assert.equal(checkCn('jdoe@example.com'), null);
  assert.equal(checkCn('x'.repeat(64)), null);
  assert.match(checkCn('x'.repeat(65)) ?? '', /longer than 64/);
  assert.match(checkCn(' jdoe') ?? '', /white space/);
  assert.match(checkCn('a<b>') ?? '', /not allowed/);
  assert.match(checkCn('a\nb') ?? '', /not allowed/);
});

test('formats are the four ISE lists', () => {
  for (const f of ['PKCS12', 'PKCS12_CHAIN', 'PKCS8', 'PKCS8_CHAIN']) assert.ok(isCertFormat(f));
  for (const f of ['pkcs12', 'PEM', 'DER', '']) assert.ok(!isCertFormat(f));
});

test('built-in templates are valid and named as on ISE', () => {
  assert.deepEqual(BUILT_IN_TEMPLATES.map((t) => t.name).sort(), ['CA_SERVICE_Certificate_Template', 'EAP_Authentication_Certificate_Template', 'pxGrid_Certificate_Template']);
  for (const t of BUILT_IN_TEMPLATES) assert.equal(checkTemplate(t), null, t.name);
  const eap = BUILT_IN_TEMPLATES.find((t) => t.name === 'EAP_Authentication_Certificate_Template')!;
  assert.deepEqual([eap.keyType, eap.keySize, eap.validityPeriod, eap.raprofile], ['RSA', 2048, 730, 'ISE Internal CA']);
  assert.deepEqual(eap.extendedKeyUsages, ['clientAuth']);
});

test('template checks: key sizes per type, validity 21-3652 days, EKUs, country code', () => {
  const base = { keyType: 'ECDSA' as const, keySize: 384, validityPeriod: 365, extendedKeyUsages: ['clientAuth' as const], subject: {} };
  assert.equal(checkTemplate(base), null);
  assert.equal(checkTemplate({ ...base, keyType: 'RSA', keySize: 4096 }), null);
  assert.match(checkTemplate({ ...base, keySize: 2048 }) ?? '', /key size 2048 for ECDSA/);
  assert.match(checkTemplate({ ...base, keyType: 'RSA', keySize: 1024 }) ?? '', /key size 1024 for RSA/);
  assert.match(checkTemplate({ ...base, validityPeriod: 20 }) ?? '', /21 to 3652/);
  assert.match(checkTemplate({ ...base, validityPeriod: 3653 }) ?? '', /21 to 3652/);
  assert.match(checkTemplate({ ...base, extendedKeyUsages: [] }) ?? '', /extended key usages/);
  assert.match(checkTemplate({ ...base, subject: { c: 'USA' } }) ?? '', /country/);
  assert.equal(checkTemplate({ ...base, subject: { c: 'US', o: 'Example' } }), null);
});
