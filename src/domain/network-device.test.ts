import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RADIUS_DEFAULTS, SECRET_MAX_LENGTH, SECRET_MIN_LENGTH, checkCoaPort, checkRadiusSettings, checkSnmpSettings, checkTacacsSettings,
  checkTrustsecSettings, mapDeviceSecrets, SNMP_DEFAULTS, type NetworkDevice,
} from './network-device.ts';

const radius = (over: Partial<typeof RADIUS_DEFAULTS>) => ({ ...RADIUS_DEFAULTS, radiusSharedSecret: 'good-secret', ...over });

test('shared secrets: length limits, control characters, second secret when multi-secret is on', () => {
  assert.equal(checkRadiusSettings(radius({})), null);
  assert.equal(checkRadiusSettings(radius({ radiusSharedSecret: 'x'.repeat(SECRET_MIN_LENGTH) })), null);
  assert.equal(checkRadiusSettings(radius({ radiusSharedSecret: 'x'.repeat(SECRET_MAX_LENGTH) })), null);
  assert.match(checkRadiusSettings(radius({ radiusSharedSecret: 'x'.repeat(SECRET_MIN_LENGTH - 1) }))!, /^authenticationSettings\.radiusSharedSecret is too short/);
  assert.match(checkRadiusSettings(radius({ radiusSharedSecret: '' }))!, /too short/);
  assert.match(checkRadiusSettings(radius({ radiusSharedSecret: 'x'.repeat(SECRET_MAX_LENGTH + 1) }))!, /too long/);
  assert.match(checkRadiusSettings(radius({ radiusSharedSecret: 'bad\nsecret' }))!, /control characters/);
  assert.match(checkRadiusSettings(radius({ enableMultiSecret: true }))!, /^authenticationSettings\.secondRadiusSharedSecret is too short/);
  assert.equal(checkRadiusSettings(radius({ enableMultiSecret: true, secondRadiusSharedSecret: 'second-one' })), null);
  assert.match(checkRadiusSettings(radius({ networkProtocol: 'TACACS' as 'RADIUS' }))!, /networkProtocol: 'TACACS' is not one of RADIUS, TACACS_PLUS/);
});

test('KeyWrap keys: 16/20 ASCII characters or 32/40 hex digits, only when KeyWrap is on', () => {
  const kek = '0123456789abcdef', mack = '0123456789abcdefghij';
  assert.equal(checkRadiusSettings(radius({ keyEncryptionKey: 'short' })), null, 'ignored while KeyWrap is off');
  assert.equal(checkRadiusSettings(radius({ enableKeyWrap: true, keyEncryptionKey: kek, messageAuthenticatorCodeKey: mack })), null);
  assert.match(checkRadiusSettings(radius({ enableKeyWrap: true, keyEncryptionKey: kek + 'x', messageAuthenticatorCodeKey: mack }))!, /keyEncryptionKey must be 16 ASCII/);
  assert.match(checkRadiusSettings(radius({ enableKeyWrap: true, keyEncryptionKey: kek, messageAuthenticatorCodeKey: 'x' }))!, /messageAuthenticatorCodeKey must be 20 ASCII/);
  const hex = { enableKeyWrap: true, keyInputFormat: 'HEXADECIMAL' as const };
  assert.equal(checkRadiusSettings(radius({ ...hex, keyEncryptionKey: 'ab'.repeat(16), messageAuthenticatorCodeKey: 'CD'.repeat(20) })), null);
  assert.match(checkRadiusSettings(radius({ ...hex, keyEncryptionKey: kek, messageAuthenticatorCodeKey: 'CD'.repeat(20) }))!, /32 hexadecimal digits/);
  assert.match(checkRadiusSettings(radius({ ...hex, keyEncryptionKey: 'zz'.repeat(16), messageAuthenticatorCodeKey: 'CD'.repeat(20) }))!, /32 hexadecimal digits/);
});

test('TACACS+, SNMP, TrustSec and CoA port rules', () => {
  assert.equal(checkTacacsSettings({ sharedSecret: 'tacacs-key', connectModeOptions: 'OFF' }), null);
  assert.match(checkTacacsSettings({ sharedSecret: 'k', connectModeOptions: 'OFF' })!, /^tacacsSettings\.sharedSecret is too short/);
  assert.match(checkTacacsSettings({ sharedSecret: 'tacacs-key', connectModeOptions: 'ALWAYS' as 'OFF' })!, /connectModeOptions/);
  assert.equal(checkSnmpSettings(SNMP_DEFAULTS), null);
  assert.match(checkSnmpSettings({ ...SNMP_DEFAULTS, pollingInterval: 60 })!, /pollingInterval/);
  assert.match(checkSnmpSettings({ ...SNMP_DEFAULTS, version: 'FOUR' as 'ONE' })!, /version/);
  assert.equal(checkTrustsecSettings({ sgaNotificationAndUpdates: { downlaodEnvironmentDataEveryXSeconds: 86400 } }), null);
  assert.match(checkTrustsecSettings({ sgaNotificationAndUpdates: { reAuthenticationEveryXSeconds: 0 } })!, /reAuthenticationEveryXSeconds/);
  assert.equal(checkCoaPort(0), null);
  assert.equal(checkCoaPort(1700), null);
  assert.match(checkCoaPort(65536)!, /^coaPort: /);
});

test('mapDeviceSecrets transforms every non-empty secret and nothing else, on a copy', () => {
  const d: NetworkDevice = {
    id: 'i', name: 'n', description: 'secret-looking description', createdAt: '', updatedAt: '', ipList: [], groups: [],
    profileName: 'Cisco', coaPort: 1700, dtlsDnsName: '', modelName: '', softwareVersion: '',
    authenticationSettings: radius({ secondRadiusSharedSecret: '', keyEncryptionKey: 'kek-value-000000' }),
    tacacsSettings: { sharedSecret: 'tac', connectModeOptions: 'OFF' },
    trustsecsettings: { deviceAuthenticationSettings: { sgaDeviceId: 'dev', restApiPassword: 'rest' }, deviceConfigurationDeployment: { execModePassword: 'exec' } },
  };
  const out = mapDeviceSecrets(d, (s) => `<${s}>`);
  assert.equal(out.authenticationSettings!.radiusSharedSecret, '<good-secret>');
  assert.equal(out.authenticationSettings!.secondRadiusSharedSecret, '', 'empty secrets stay empty');
  assert.equal(out.authenticationSettings!.keyEncryptionKey, '<kek-value-000000>');
  assert.equal(out.tacacsSettings!.sharedSecret, '<tac>');
  assert.equal(out.trustsecsettings!.deviceAuthenticationSettings!.restApiPassword, '<rest>');
  assert.equal(out.trustsecsettings!.deviceAuthenticationSettings!.sgaDeviceId, 'dev');
  assert.equal(out.trustsecsettings!.deviceConfigurationDeployment!.execModePassword, '<exec>');
  assert.equal(out.description, d.description);
  assert.equal(d.authenticationSettings!.radiusSharedSecret, 'good-secret', 'the original is not modified');
  assert.equal(out.snmpsettings, undefined, 'absent settings stay absent');
});
