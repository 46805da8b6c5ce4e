import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMacLike, macForms, parseMac, sameMac } from './mac.ts';

test('parseMac accepts the four ISE notations in any case', () => {
  for (const s of ['11:22:33:44:55:66', '11-22-33-44-55-66', '1122.3344.5566', '112233445566']) {
    assert.equal(parseMac(s), '11:22:33:44:55:66', s);
  }
  for (const s of ['aa:bb:cc:dd:ee:ff', 'AA-bb-CC-dd-EE-ff', 'aabb.CCDD.eeff', 'AaBbCcDdEeFf']) {
    assert.equal(parseMac(s), 'AA:BB:CC:DD:EE:FF', s);
  }
});

test('parseMac refuses other forms', () => {
  const bad = [
    '', '11:22:33:44:55', '11:22:33:44:55:66:77', '11223344556', '1122334455667',
    '11:22:33:44:55:6G', 'zz2233445566', '11:22-33:44:55:66', '11-22-33-44-55:66',
    '1122:3344:5566', '112233-445566', '1122-3344-5566', '11.22.33.44.55.66', '1122.3344:5566',
    ' 11:22:33:44:55:66', '11:22:33:44:55:66 ', '1:22:33:44:55:666', '11::22:33:44:55:6',
    '11:22:33:44:55:66\0', '１１:22:33:44:55:66',
  ];
  for (const s of bad) assert.equal(parseMac(s), null, JSON.stringify(s));
});

test('isMacLike detects MAB user names', () => {
  assert.equal(isMacLike('001122aabbcc'), true);
  assert.equal(isMacLike('00-11-22-AA-BB-CC'), true);
  assert.equal(isMacLike('0011.22aa.bbcc'), true);
  assert.equal(isMacLike('alice'), false);
  assert.equal(isMacLike('host/pc1.example.com'), false);
  assert.equal(isMacLike('001122aabbc'), false);
});

test('sameMac compares across notations', () => {
  assert.equal(sameMac('001122aabbcc', '00-11-22-AA-BB-CC'), true);
  assert.equal(sameMac('001122aabbcc', '00-11-22-AA-BB-CD'), false);
  assert.equal(sameMac('bogus', 'bogus'), false);
});

test('macForms gives every notation', () => {
  assert.deepEqual(macForms('00-11-22-aa-bb-cc'), {
    colon: '00:11:22:AA:BB:CC',
    dash: '00-11-22-AA-BB-CC',
    dot: '0011.22aa.bbcc',
    bare: '001122aabbcc',
  });
  assert.equal(macForms('nope'), null);
});
