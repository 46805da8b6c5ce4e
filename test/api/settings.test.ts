// OpenAPI settings: the lookup lists wrapped on request, and the whole
// /api/v1 tree switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.ts';

const API = '/api/v1/policy/network-access';

test('GATEHOUSE_OPEN_API_WRAP_LOOKUPS wraps the lookup lists like every other body', async () => {
  const server = await startServer({ env: { GATEHOUSE_OPEN_API_WRAP_LOOKUPS: 'true' } });
  try {
    const r = (await server.request('GET', `${API}/security-groups`, { port: 'https' })).json();
    assert.equal(r.version, '1.0.0');
    assert.ok(r.response.some((g: { name: string }) => g.name === 'BYOD'));
  } finally {
    await server.cleanup();
  }
});

test('GATEHOUSE_OPEN_API=false turns the policy API off; ERS stays on', async () => {
  const server = await startServer({ env: { GATEHOUSE_OPEN_API: 'false' } });
  try {
    const r = await server.request('GET', `${API}/policy-set`, { port: 'https' });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { code: '404', message: `Failed to handle API request - No resource at GET ${API}/policy-set` });
    assert.equal((await server.request('GET', '/ers/config/authorizationprofile')).status, 200);
  } finally {
    await server.cleanup();
  }
});
