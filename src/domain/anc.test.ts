import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancActionKind, checkAncActions, coaActionForPolicy, ERS_ACTION, PXGRID_ACTION } from './anc.ts';

test('every ERS and pxGrid spelling is accepted and means the same action', () => {
  for (const [kind, spelling] of Object.entries(ERS_ACTION)) assert.equal(ancActionKind(spelling), kind);
  for (const [kind, spelling] of Object.entries(PXGRID_ACTION)) assert.equal(ancActionKind(spelling), kind);
  assert.equal(ancActionKind('REAUTHENTICATE'), 'reauth');
  assert.equal(ancActionKind('quarantine'), 'quarantine');
  assert.equal(ancActionKind('BLOCK'), undefined);
});

test('actions keep the spelling received, in upper case', () => {
  assert.deepEqual(checkAncActions(['quarantine', 'RE_AUTHENTICATE']), { ok: true, actions: ['QUARANTINE', 'RE_AUTHENTICATE'] });
  assert.deepEqual(checkAncActions(['PORT_BOUNCE']), { ok: true, actions: ['PORT_BOUNCE'] });
  assert.deepEqual(checkAncActions(['SHUTDOWN']), { ok: true, actions: ['SHUTDOWN'] });
});

test('SHUTDOWN and PORTBOUNCE stand alone; unknown, duplicate and empty lists are refused', () => {
  const refused = (actions: string[], pattern: RegExp) => {
    const r = checkAncActions(actions);
    assert.equal(r.ok, false, actions.join(','));
    assert.match((r as { error: string }).error, pattern);
  };
  refused(['SHUTDOWN', 'QUARANTINE'], /SHUTDOWN cannot be combined/);
  refused(['QUARANTINE', 'SHUT_DOWN'], /SHUT_DOWN cannot be combined/);
  refused(['PORTBOUNCE', 'RE_AUTHENTICATE'], /PORTBOUNCE cannot be combined/);
  refused(['PORT_BOUNCE', 'SHUTDOWN'], /cannot be combined/);
  refused(['QUARANTINE', 'quarantine'], /more than once/);
  refused(['BLOCK'], /'BLOCK' is not an ANC action/);
  refused([], /at least one action/);
});

test('the CoA a policy sends', () => {
  assert.equal(coaActionForPolicy(['QUARANTINE']), 'reauth');
  assert.equal(coaActionForPolicy(['RE_AUTHENTICATE', 'QUARANTINE']), 'reauth');
  assert.equal(coaActionForPolicy(['PORTBOUNCE']), 'portBounce');
  assert.equal(coaActionForPolicy(['SHUT_DOWN']), 'portShutdown');
});
