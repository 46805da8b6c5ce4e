// A plain Python `requests` script, written as for real ISE, against Gatehouse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, ADMIN_PASSWORD, type TestServer } from '../helpers/server.ts';

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import requests, urllib3'], { stdio: 'ignore' }).status === 0);
let server: TestServer;

before(async () => { if (python) server = await startServer(); });
after(async () => { await server?.cleanup(); });

test('python requests: create, search, page, update, delete internal users', { skip: python ? false : 'no python3 with requests (apt-get install python3-requests)' }, () => {
  const r = spawnSync(python!, [join(import.meta.dirname, 'ise_requests.py'), `https://127.0.0.1:${server.ports.ers}`, 'admin', ADMIN_PASSWORD], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok$/m);
});
