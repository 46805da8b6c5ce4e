import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_NDG_ROOTS, BUILTIN_NDGS, DEFAULT_DEVICE_NDGS, checkNdgName, isBuiltinNdg, ndgAncestors, ndgIsWithin,
  ndgLeaf, ndgNameFromUrl, ndgNameToUrl, ndgParent, ndgType, ndgWithoutType,
} from './ndg.ts';

test('built-ins', () => {
  assert.equal(BUILTIN_NDGS.length, 5);
  for (const g of BUILTIN_NDGS) {
    assert.equal(checkNdgName(g.name), null, g.name);
    assert.equal(ndgType(g.name), g.othername);
    assert.match(g.id, /^[0-9a-f]{8}-8bff-11e6-996c-525400b48521$/);
  }
  for (const n of [...BUILTIN_NDG_ROOTS, ...DEFAULT_DEVICE_NDGS]) assert.equal(isBuiltinNdg(n), true, n);
  assert.equal(isBuiltinNdg('Location#All Locations#SF'), false);
  assert.deepEqual(DEFAULT_DEVICE_NDGS, ['Location#All Locations', 'IPSEC#Is IPSEC Device#No', 'Device Type#All Device Types']);
});

test('valid names', () => {
  for (const n of ['Location#All Locations#Site-A', 'Device Type#All Device Types#Switches#Access', 'Deployment Stage#Deployment Stage', 'A#B#C#D#E#F#G', 'Location#All Locations#Bldg 5 (East)']) {
    assert.equal(checkNdgName(n), null, n);
  }
});

test('rejected names', () => {
  const bad = [
    '', 'Location', 'Location#', '#All Locations', 'Location##SF', 'Location#All Locations#',
    'Location# All Locations', 'Location#All Locations #SF', ' Location#All Locations',
    'Location#All Locations#Site:A', 'Location#All Locations#A<b>', 'Location#All Locations#a\tb',
    'A#B#C#D#E#F#G#H', `Location#${'x'.repeat(300)}`,
  ];
  for (const n of bad) assert.notEqual(checkNdgName(n), null, JSON.stringify(n));
});

test('parent, ancestors, leaf, type', () => {
  const n = 'Location#All Locations#EMEA#Paris';
  assert.equal(ndgType(n), 'Location');
  assert.equal(ndgParent(n), 'Location#All Locations#EMEA');
  assert.equal(ndgParent('Location#All Locations'), null);
  assert.equal(ndgParent('Location'), null);
  assert.deepEqual(ndgAncestors(n), ['Location#All Locations#EMEA', 'Location#All Locations']);
  assert.equal(ndgLeaf(n), 'Paris');
  assert.equal(ndgWithoutType(n), 'All Locations#EMEA#Paris');
  assert.equal(ndgIsWithin(n, 'Location#All Locations'), true);
  assert.equal(ndgIsWithin(n, n), true);
  assert.equal(ndgIsWithin('Location#All Locations#EMEA2', 'Location#All Locations#EMEA'), false);
});

test('URL form uses : for #', () => {
  assert.equal(ndgNameFromUrl('Device Type:All Device Types'), 'Device Type#All Device Types');
  assert.equal(ndgNameFromUrl('Device Type#All Device Types'), 'Device Type#All Device Types');
  assert.equal(ndgNameFromUrl(decodeURIComponent('Device%20Type%3AAll%20Device%20Types')), 'Device Type#All Device Types');
  assert.equal(ndgNameToUrl('IPSEC#Is IPSEC Device#No'), 'IPSEC:Is IPSEC Device:No');
});
