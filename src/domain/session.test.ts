import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySession, mergeAuthentication } from './session.ts';

test('an authentication from an older copy keeps what accounting learnt; an ended session starts afresh', () => {
  const current = { ...emptySession('S', ''), state: 'STARTED' as const, started: true, acctSessionId: '0001', acctInputOctets: 99, framedIpAddress: '10.1.1.1' };
  const auth = { ...emptySession('S', ''), state: 'AUTHENTICATED' as const, passed: true, userName: 'alice', selectedAznProfiles: ['PermitAccess'] };
  const m = mergeAuthentication(current, auth);
  assert.equal(m.state, 'STARTED');
  assert.equal(m.acctSessionId, '0001');
  assert.equal(m.acctInputOctets, 99);
  assert.equal(m.framedIpAddress, '10.1.1.1');
  assert.equal(m.userName, 'alice');
  assert.deepEqual(m.selectedAznProfiles, ['PermitAccess']);
  const ended = { ...current, state: 'DISCONNECTED' as const, stopped: true };
  assert.equal(mergeAuthentication(ended, auth), auth);
  assert.equal(mergeAuthentication(undefined, auth), auth);
});
