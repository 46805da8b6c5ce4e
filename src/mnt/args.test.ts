import { test } from 'node:test';
import assert from 'node:assert/strict';
import { macArg, timeArg, windowArg } from './args.ts';
import { GatehouseError } from '../errors.ts';

test('MAC arguments in every notation become AA:BB:CC:DD:EE:FF', () => {
  for (const m of ['00:11:22:aa:bb:cc', '00-11-22-AA-BB-CC', '0011.22aa.bbcc', '001122aabbcc']) assert.equal(macArg(m), '00:11:22:AA:BB:CC');
  assert.equal(macArg('00:11:22:AA:BB'), null);
  assert.equal(macArg('not-a-mac'), null);
});

test('AuthList bounds: null, ISO-8601, "YYYY-MM-DD HH:MM:SS" (UTC), epoch milliseconds', () => {
  assert.equal(timeArg('null', 'start'), undefined);
  assert.equal(timeArg('NULL', 'start'), undefined);
  assert.equal(timeArg('2024-05-01T10:00:00Z', 'start'), '2024-05-01T10:00:00.000Z');
  assert.equal(timeArg('2024-05-01 10:00:00', 'start'), '2024-05-01T10:00:00.000Z');
  assert.equal(timeArg('1714557600000', 'start'), '2024-05-01T10:00:00.000Z');
  assert.throws(() => timeArg('yesterday', 'start'), (e: GatehouseError) => e.kind === 'validation' && /start: 'yesterday' is not a time/.test(e.message));
});

test('AuthStatus windows: 0 means the default, out of range is refused', () => {
  assert.equal(windowArg('0', 'seconds', 864000, 864000), 864000);
  assert.equal(windowArg('3600', 'seconds', 864000, 864000), 3600);
  assert.throws(() => windowArg('864001', 'seconds', 864000, 864000), /larger than 864000/);
  assert.throws(() => windowArg('-1', 'records', 500, 200), /whole number/);
  assert.throws(() => windowArg('ten', 'records', 500, 200), /whole number/);
});
