import { test } from 'node:test';
import assert from 'node:assert/strict';
import { el, escapeXml, renderJson, renderXml, typedBool } from './document.ts';

test('XML: declaration, order kept, typed booleans with inline namespaces, empty elements closed', () => {
  const xml = renderXml({
    tag: 'sessionParameters',
    children: [typedBool('passed', true), el('user_name', 'a<b&"c\''), el('posture_status', ''), { tag: 'framed_ipv6_address', children: [] }, el('n', 4)],
  });
  assert.equal(xml, [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<sessionParameters>',
    '  <passed xsi:type="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">true</passed>',
    '  <user_name>a&lt;b&amp;&quot;c&apos;</user_name>',
    '  <posture_status></posture_status>',
    '  <framed_ipv6_address></framed_ipv6_address>',
    '  <n>4</n>',
    '</sessionParameters>',
    '',
  ].join('\n'));
});

test('XML: attributes escaped; control characters XML cannot carry are dropped', () => {
  assert.equal(escapeXml('plain'), 'plain');
  assert.equal(escapeXml('a\u0001b\tc'), 'ab\tc');
  assert.match(renderXml({ tag: 'activeList', attrs: { noOfActiveSession: 0 }, children: [] }), /<activeList noOfActiveSession="0"><\/activeList>/);
});

test('JSON: same names; repeated elements are arrays, declared lists present when empty', () => {
  const row = (u: string) => ({ tag: 'activeSession', repeated: true, children: [el('user_name', u), { tag: 'framed_ipv6_address', children: [] }] });
  assert.deepEqual(JSON.parse(renderJson({ tag: 'activeList', attrs: { noOfActiveSession: 1 }, children: [row('alice')] }, ['activeSession'])), {
    activeList: { noOfActiveSession: 1, activeSession: [{ user_name: 'alice', framed_ipv6_address: {} }] },
  });
  assert.deepEqual(JSON.parse(renderJson({ tag: 'activeList', attrs: { noOfActiveSession: 0 }, children: [] }, ['activeSession'])), {
    activeList: { noOfActiveSession: 0, activeSession: [] },
  });
  assert.deepEqual(JSON.parse(renderJson({ tag: 'remoteCoA', attrs: { requestType: 'reauth' }, children: [el('results', false)] })), {
    remoteCoA: { requestType: 'reauth', results: false },
  });
  assert.deepEqual(JSON.parse(renderJson({ tag: 'sessionParameters', children: [typedBool('passed', true), el('acct_input_octets', 13742)] })), {
    sessionParameters: { passed: true, acct_input_octets: 13742 },
  });
});
