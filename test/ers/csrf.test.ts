// ERS with the CSRF check enabled, as ciscoisesdk and pyise-ers use it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => { server = await startServer({ args: ['--csrf'] }); });
after(async () => { await server.cleanup(); });

test('writes need the fetched token and its session cookie; reads and PATCH do not', async () => {
  const body = { IdentityGroup: { name: 'CsrfGroup' } };
  const without = await server.request('POST', '/ers/config/identitygroup', { body });
  assert.equal(without.status, 403);
  assert.match(without.json().ERSResponse.messages[0].title, /CSRF/);
  const fetch = await server.request('GET', '/ers/config/endpoint/versioninfo'.replace('endpoint', 'identitygroup'), { headers: { 'X-CSRF-Token': 'fetch' } });
  const token = String(fetch.headers['x-csrf-token']);
  const cookie = String(fetch.headers['set-cookie']).split(';')[0];
  const wrong = await server.request('POST', '/ers/config/identitygroup', { body, headers: { 'x-csrf-token': 'bogus', cookie } });
  assert.equal(wrong.status, 403);
  const noCookie = await server.request('POST', '/ers/config/identitygroup', { body, headers: { 'x-csrf-token': token } });
  assert.equal(noCookie.status, 403);
  const ok = await server.request('POST', '/ers/config/identitygroup', { body, headers: { 'x-csrf-token': token, cookie } });
  assert.equal(ok.status, 201, ok.body);
  const id = String(ok.headers.location).split('/').pop();
  const patch = await server.request('PATCH', `/ers/config/identitygroup/${id}`, { body: { IdentityGroup: { description: 'p' } } });
  assert.equal(patch.status, 200);
  assert.equal((await server.request('GET', '/ers/config/identitygroup')).status, 200);
});
