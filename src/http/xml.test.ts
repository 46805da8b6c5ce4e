import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildXml, parseXml } from './xml.ts';

test('parses any namespace prefix to local names, entities decoded', () => {
  const doc = parseXml('<?xml version="1.0"?><ns0:internaluser xmlns:ns0="identity.ers.ise.cisco.com" name="a&amp;b"><enabled>true</enabled></ns0:internaluser>');
  assert.equal(doc.root, 'internaluser');
  assert.equal(doc.element['@_name'], 'a&b');
  assert.equal(doc.element.enabled, 'true');
});

test('refuses DOCTYPE and ENTITY declarations before parsing', () => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
  assert.throws(() => parseXml(xxe), /DOCTYPE or ENTITY/);
  assert.throws(() => parseXml('<!doctype x><x/>'), /DOCTYPE/);
});

test('refuses malformed XML', () => {
  assert.throws(() => parseXml('<a><b></a>'), /Invalid XML/);
  assert.throws(() => parseXml('not xml'), /Invalid XML/);
});

test('renders declaration, attributes, escaped text and empty elements', () => {
  const xml = buildXml({ 'ns4:x': { '@_name': 'a<b', text: 'x&y', empty: '' } });
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>/);
  assert.match(xml, /name="a&lt;b"/);
  assert.match(xml, /<text>x&amp;y<\/text>/);
  assert.match(xml, /<empty\/>/);
});
