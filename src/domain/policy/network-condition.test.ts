import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateNetworkCondition } from './network-condition.ts';

const o = { id: 'n', siblings: [{ id: 'x', name: 'Taken' }] };
const message = (input: unknown): string => {
  const r = validateNetworkCondition(input, o);
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error.message.replace('Failed to handle API request - Network Access Network Condition : ', '');
};

test('network conditions: entries per type, trimmed; bad entries name the list', () => {
  const r = validateNetworkCondition({ name: 'Lab', conditionType: 'DeviceCondition', ipAddrList: [' 10.0.0.0/8 ', '2001:db8::/32'], deviceGroupList: ['Location#All Locations'] }, o);
  assert.deepEqual(r.ok && r.value, {
    id: 'n', name: 'Lab', description: '', conditionType: 'DeviceCondition', ipAddrList: ['10.0.0.0/8', '2001:db8::/32'], deviceGroupList: ['Location#All Locations'],
  });
  const ports = validateNetworkCondition({ name: 'P', conditionType: 'DevicePortCondition', ipAddrList: ['10.0.0.1,-ANY-'], deviceGroupList: ['Location#All Locations,Gi1/0/1'] }, o);
  assert.ok(ports.ok);
  const stations = validateNetworkCondition({ name: 'S', conditionType: 'EndstationCondition', macAddrList: ['0011.2233.4455'], cliDnisList: ['5551000,-ANY-'] }, o);
  assert.ok(stations.ok);
  assert.equal(message({ name: 'Taken', conditionType: 'DeviceCondition', deviceList: ['a'] }), "Condition name 'Taken' already exists");
  assert.equal(message({ name: 'X', conditionType: 'DeviceCondition', ipAddrList: ['10.0.0.300'] }), "ipAddrList: '10.0.0.300' is not an IP address or prefix");
  assert.equal(message({ name: 'X', conditionType: 'DeviceCondition', deviceGroupList: ['Lab'] }), "deviceGroupList: 'Lab' is not a device group path (Root#Group)");
  assert.equal(message({ name: 'X', conditionType: 'DevicePortCondition', deviceList: ['sw1,'] }), "deviceList: 'sw1,' has an empty port");
  assert.equal(message({ name: 'X', conditionType: 'EndstationCondition', cliDnisList: ['5551000'] }), "cliDnisList: '5551000' must be '<calling>,<called>' (either may be -ANY-)");
  assert.equal(message({ name: 'X', conditionType: 'EndstationCondition', deviceList: ['sw1'] }), 'deviceList does not apply to EndstationCondition');
  assert.equal(message({ name: 'X', conditionType: 'DeviceCondition', deviceList: [7] }), 'deviceList entries must be strings');
  assert.equal(message({ name: 'X' }), 'Validation Error - Mandatory fields missing: [conditionType]');
});
