import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coaFailureReason, coaSteps, errorCauseText, genericAction, isCiscoProfile, MNT_DISCONNECT_TYPES, MNT_REAUTH_TYPES, type CoaResult,
} from './coa.ts';

const result = (r: Partial<CoaResult>): CoaResult => ({
  ok: false, outcome: 'ack', requested: 'reauth', sessionId: 's', mac: 'AA:BB:CC:DD:EE:FF', nasIpAddress: '10.0.0.2', deviceName: 'sw',
  attempts: 1, invalidReplies: 0, detail: '', ...r,
});

test('MnT type numbers map to the documented actions', () => {
  assert.deepEqual(MNT_REAUTH_TYPES, { 0: 'reauth', 1: 'reauthLast', 2: 'reauthRerun' });
  assert.deepEqual(MNT_DISCONNECT_TYPES, { 0: 'disconnect', 1: 'portBounce', 2: 'portShutdown' });
});

test('non-Cisco profiles: re-authentication becomes a Disconnect, port commands have no form', () => {
  assert.equal(genericAction('reauthRerun'), 'disconnect');
  assert.equal(genericAction('disconnect'), 'disconnect');
  assert.equal(genericAction('portBounce'), null);
  assert.ok(isCiscoProfile('Cisco'));
  assert.ok(!isCiscoProfile('HPWired'));
});

test('execution steps and failure reasons of each outcome', () => {
  assert.deepEqual(coaSteps(result({ ok: true, sent: 'reauth' })), [11204, 11220, 11100, 11101, 11223]);
  assert.deepEqual(coaSteps(result({ outcome: 'nak', sent: 'reauthLast', errorCause: 503 })), [11204, 11220, 11100, 11101, 11224]);
  assert.deepEqual(coaSteps(result({ requested: 'disconnect', outcome: 'ack', sent: 'disconnect' })), [11217, 11100, 11101, 11221]);
  assert.deepEqual(coaSteps(result({ requested: 'portBounce', outcome: 'timeout', sent: 'portBounce' })), [11219, 11100, 11213]);
  assert.deepEqual(coaSteps(result({ outcome: 'noDevice' })), [11204]);
  assert.match(coaFailureReason(result({ outcome: 'timeout', sent: 'reauth' })), /^11213 No response received from Network Access Device/);
  assert.match(coaFailureReason(result({ outcome: 'nak', sent: 'disconnect', requested: 'disconnect' })), /^11222 /);
  assert.match(coaFailureReason(result({ outcome: 'nak', sent: 'portShutdown', requested: 'portShutdown' })), /^11224 /);
  assert.equal(coaFailureReason(result({ outcome: 'noDevice' })), '11007 Could not locate Network Device or AAA Client');
  assert.equal(coaFailureReason(result({ outcome: 'busy' })), '');
  assert.equal(errorCauseText(503), 'Session Context Not Found');
  assert.equal(errorCauseText(999), 'Error-Cause 999');
});
