import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyFormat, requestedVersion, responseFormat } from './media.ts';

test('response format: JSON or XML from Accept; XML when absent or wildcard; null otherwise', () => {
  assert.equal(responseFormat('application/json'), 'json');
  assert.equal(responseFormat('application/json;charset=utf-8'), 'json');
  assert.equal(responseFormat('application/xml'), 'xml');
  assert.equal(responseFormat('application/vnd.com.cisco.ise.identity.internaluser.1.1+xml, application/vnd.com.cisco.ise.ers.searchresult.2.0+xml'), 'xml');
  assert.equal(responseFormat(undefined), 'xml');
  assert.equal(responseFormat('*/*'), 'xml');
  assert.equal(responseFormat('text/html'), null);
});

test('body format from Content-Type, parameters and case ignored', () => {
  assert.equal(bodyFormat('Application/JSON; charset=utf-8'), 'json');
  assert.equal(bodyFormat('application/vnd.com.cisco.ise.identity.endpointbulkrequest.1.0+xml'), 'xml');
  assert.equal(bodyFormat('text/plain'), null);
  assert.equal(bodyFormat(undefined), null);
});

test('versions from ERS-Media-Type and vendor media types', () => {
  assert.deepEqual(requestedVersion({ ersMediaType: 'identity.internaluser.1.2' }), { resource: 'internaluser', version: '1.2' });
  assert.deepEqual(requestedVersion({ accept: 'application/vnd.com.cisco.ise.identity.internaluser.1.1+xml' }), { resource: 'internaluser', version: '1.1' });
  assert.equal(requestedVersion({ accept: 'application/vnd.com.cisco.ise.ers.searchresult.2.0+xml' }), null);
  assert.equal(requestedVersion({ accept: 'application/json' }), null);
});
