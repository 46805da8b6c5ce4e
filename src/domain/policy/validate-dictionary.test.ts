import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dictionary } from './dictionary.ts';
import { usableBeforeAuthorization } from './dictionary.ts';
import { checkDeleteDictionary, checkDeleteDictionaryAttribute, validateDictionary, validateDictionaryAttribute } from './validate-dictionary.ts';
import type { Checked } from './validation.ts';

const builtin: Dictionary = { id: 'r', name: 'Radius', description: '', version: '1.0', dictionaryAttrType: 'MSG_ATTR', builtin: true, attributes: [] };
const corp: Dictionary = {
  id: 'c', name: 'Corp', description: '', version: '1.0', dictionaryAttrType: 'ENTITY_ATTR', builtin: false,
  attributes: [{ id: 'a', name: 'Floor', internalName: 'floor', description: '', dataType: 'INT', directionType: 'IN', dictionaryName: 'Corp', allowedValues: [] }],
};

function failure<T>(r: Checked<T>): { status: number; message: string } {
  assert.equal(r.ok, false);
  return r.ok ? { status: 0, message: '' } : { status: r.error.status, message: r.error.message };
}

test('dictionaries: required fields, reserved and clashing names, built-ins read only, attributes kept on update', () => {
  const all = [builtin, corp];
  const ok = validateDictionary({ name: 'Site', version: '2', dictionaryAttrType: 'PIP_ATTR' }, { id: 'n', dictionaries: all });
  assert.deepEqual(ok, { ok: true, value: { id: 'n', name: 'Site', description: '', version: '2', dictionaryAttrType: 'PIP_ATTR', builtin: false, attributes: [] } });
  assert.deepEqual(failure(validateDictionary({ name: 'radius', version: '1', dictionaryAttrType: 'MSG_ATTR' }, { id: 'n', dictionaries: all })),
    { status: 409, message: "Failed to handle API request - Network Access Dictionary : Dictionary 'radius' already exists" });
  assert.match(failure(validateDictionary({ name: 'authorization', version: '1', dictionaryAttrType: 'MSG_ATTR' }, { id: 'n', dictionaries: all })).message, /reserved/);
  assert.match(failure(validateDictionary({ name: 'X', dictionaryAttrType: 'MSG_ATTR' }, { id: 'n', dictionaries: all })).message, /Mandatory fields missing: \[version\]/);
  assert.match(failure(validateDictionary({ name: 'Radius', version: '2', dictionaryAttrType: 'MSG_ATTR' }, { id: 'r', existing: builtin, dictionaries: all })).message, /system dictionary/);
  const renamed = validateDictionary({ name: 'Corp2', version: '2', dictionaryAttrType: 'ENTITY_ATTR' }, { id: 'c', existing: corp, dictionaries: all });
  assert.ok(renamed.ok);
  assert.deepEqual(renamed.ok && renamed.value.attributes.map((a) => a.dictionaryName), ['Corp2']);
  assert.match(failure(checkDeleteDictionary(corp, ["condition 'X'"])).message, /in use by condition 'X'/);
  assert.ok(checkDeleteDictionary(corp, []).ok);
});

test('dictionary attributes: enums are case-sensitive, one default value, unique keys and names', () => {
  const ok = validateDictionaryAttribute({ name: 'Wing', internalName: 'wing', dataType: 'STRING', allowedValues: [{ key: 'E', value: 'East', isDefault: 'true' }] }, { id: 'w', dictionary: corp });
  assert.deepEqual(ok.ok && ok.value, {
    id: 'w', name: 'Wing', internalName: 'wing', description: '', dataType: 'STRING', directionType: 'BOTH', dictionaryName: 'Corp',
    allowedValues: [{ key: 'E', value: 'East', isDefault: true }],
  });
  assert.match(failure(validateDictionaryAttribute({ name: 'X', internalName: 'x', dataType: 'string' }, { id: 'x', dictionary: corp })).message, /dataType 'string' is invalid/);
  assert.match(failure(validateDictionaryAttribute({ name: 'X', internalName: 'x', dataType: 'INT', directionType: 'in' }, { id: 'x', dictionary: corp })).message, /directionType 'in' is invalid/);
  assert.equal(failure(validateDictionaryAttribute({ name: 'floor', internalName: 'x', dataType: 'INT' }, { id: 'x', dictionary: corp })).status, 409);
  assert.match(failure(validateDictionaryAttribute({ name: 'X', internalName: 'x', dataType: 'INT', allowedValues: [{ key: 'a', value: '1', isDefault: true }, { key: 'b', value: '2', isDefault: true }] }, { id: 'x', dictionary: corp })).message, /only one value may be the default/);
  assert.match(failure(validateDictionaryAttribute({ name: 'X', internalName: 'x', dataType: 'INT', dictionaryName: 'Other' }, { id: 'x', dictionary: corp })).message, /does not match the dictionary 'Corp'/);
  assert.match(failure(validateDictionaryAttribute({ name: 'X', internalName: 'x', dataType: 'INT' }, { id: 'x', dictionary: builtin })).message, /system dictionary/);
  assert.match(failure(checkDeleteDictionaryAttribute(corp, corp.attributes[0], ["rule 'R'"])).message, /Attribute 'Floor' is in use by rule 'R'/);
});

test('levels: authorization-only dictionaries and the authentication status', () => {
  assert.equal(usableBeforeAuthorization('Radius', 'User-Name'), true);
  assert.equal(usableBeforeAuthorization('Session', 'PostureStatus'), false);
  assert.equal(usableBeforeAuthorization('Network Access', 'AuthenticationStatus'), false);
  assert.equal(usableBeforeAuthorization('Network Access', 'UserName'), true);
});
