// ERS bulk requests: XML (both root spellings), JSON extension, status in
// JSON and XML, one bulk at a time, limits, and a job that survives a kill.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const UNKNOWN = 'aa0e8b20-8bff-11e6-996c-525400b48521';
const mac = (i: number) => `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`.toUpperCase();

const endpointXml = (op: string, macs: string[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ns4:endpointBulkRequest operationType="${op}" resourceMediaType="vnd.com.cisco.ise.identity.endpoint.1.0+xml" xmlns:ns4="identity.ers.ise.cisco.com" xmlns:ers="ers.ise.cisco.com">
  <ns4:resourcesList>${macs.map((m) => `<ns4:endpoint description="printer ${m}"><groupId>${UNKNOWN}</groupId><mac>${m}</mac><staticGroupAssignment>true</staticGroupAssignment></ns4:endpoint>`).join('')}</ns4:resourcesList>
</ns4:endpointBulkRequest>`;

async function waitCompleted(srv: TestServer, location: string, format: 'json' | 'xml' = 'json') {
  const path = new URL(location).pathname;
  for (let i = 0; i < 400; i++) {
    const r = await srv.request('GET', path, { format });
    if (r.status === 200 && (format === 'json' ? r.json().BulkStatus.executionStatus === 'COMPLETED' : /executionStatus="COMPLETED"/.test(r.body))) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('bulk did not complete');
}

test('XML create: 202 + Location, per-item results, status in JSON and XML', async () => {
  const macs = [mac(1), mac(2), 'not-a-mac'];
  const r = await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('create', macs) });
  assert.equal(r.status, 202, r.body);
  assert.equal(r.body, '');
  assert.match(String(r.headers.location), new RegExp(`^https://127\\.0\\.0\\.1:${server.ports.ers}/ers/config/endpoint/bulk/\\d{13,}$`));
  const status = (await waitCompleted(server, String(r.headers.location))).json().BulkStatus;
  assert.equal(status.executionStatus, 'COMPLETED');
  assert.equal(status.operationType, 'create');
  assert.equal(status.resourcesCount, 3);
  assert.equal(status.successCount, 2);
  assert.equal(status.failCount, 1);
  assert.match(status.startTime, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
  const failed = status.resourcesStatus.find((s: { status: string }) => s.status === 'FAIL');
  assert.equal(failed.description, 'printer not-a-mac');
  assert.match(failed.errorMessage, /mac/i);
  const ok = status.resourcesStatus.filter((s: { status: string }) => s.status === 'SUCCESS');
  assert.deepEqual(ok.map((s: { name: string }) => s.name).sort(), [mac(1), mac(2)]);
  for (const s of ok) assert.equal((await server.request('GET', `/ers/config/endpoint/${s.id}`)).json().ERSEndPoint.mac, s.name);
  const xml = await server.request('GET', new URL(String(r.headers.location)).pathname, { format: 'xml' });
  assert.match(xml.body, /<ns3:bulkStatus bulkId="\d+" executionStatus="COMPLETED" failCount="1"[^>]* operationType="create" resourcesCount="3"[^>]* successCount="2"/);
  assert.match(xml.body, /<resourceStatus id="[0-9a-f-]{36}" name="02:00:00:00:00:01" description="printer 02:00:00:00:00:01" resourceExecutionStatus="COMPLETED" status="SUCCESS"\/>/);
});

test('bulkRequest with xsi:type deletes by id list at /bulk', async () => {
  const ids: string[] = [];
  for (const m of [mac(10), mac(11)]) {
    const c = await server.request('POST', '/ers/config/endpoint', { body: { ERSEndPoint: { mac: m, groupId: UNKNOWN } } });
    ids.push(String(c.headers.location).split('/').pop()!);
  }
  const body = `<ns2:bulkRequest xsi:type="ns5:endpointBulkRequest" operationType="delete" resourceMediaType="vnd.com.cisco.ise.identity.endpoint.1.0+xml" xmlns:ns2="ers.ise.cisco.com" xmlns:ns5="identity.ers.ise.cisco.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><idList>${ids.map((i) => `<id>${i}</id>`).join('')}</idList></ns2:bulkRequest>`;
  const r = await server.request('PUT', '/ers/config/endpoint/bulk', { format: 'xml', body, headers: { 'content-type': 'application/vnd.com.cisco.ise.identity.endpointbulkrequest.1.0+xml' } });
  assert.equal(r.status, 202, r.body);
  const status = (await waitCompleted(server, String(r.headers.location))).json().BulkStatus;
  assert.equal(status.successCount, 2);
  for (const id of ids) assert.equal((await server.request('GET', `/ers/config/endpoint/${id}`)).status, 404);
});

test('JSON bulk (Gatehouse extension) for network devices', async () => {
  const r = await server.request('PUT', '/ers/config/networkdevice/bulk/submit', {
    body: {
      NetworkDeviceBulkRequest: {
        operationType: 'create', resourceMediaType: 'vnd.com.cisco.ise.network.networkdevice.1.1+xml',
        resourcesList: [
          { name: 'bulk-sw-1', NetworkDeviceIPList: [{ ipaddress: '10.50.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: 'bulk-secret-1' } },
          { name: 'bulk-sw-2', NetworkDeviceIPList: [{ ipaddress: '10.50.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: 'bulk-secret-2' } },
        ],
      },
    },
  });
  assert.equal(r.status, 202, r.body);
  const status = (await waitCompleted(server, String(r.headers.location))).json().BulkStatus;
  assert.equal(status.successCount, 1);
  assert.equal(status.failCount, 1, 'the second overlaps the first address');
  const empty = await server.request('PUT', '/ers/config/networkdevice/bulk/submit', { body: { NetworkDeviceBulkRequest: { operationType: 'create' } } });
  assert.equal(empty.status, 400);
});

test('limits, bad operations, unknown ids, resources without bulk', async () => {
  const tooMany = await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('create', Array.from({ length: 501 }, (_, i) => mac(1000 + i))) });
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body, /maximum/);
  const op = await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('explode', [mac(3)]) });
  assert.equal(op.status, 400);
  assert.equal((await server.request('GET', '/ers/config/endpoint/bulk/123')).status, 404);
  assert.equal((await server.request('PUT', '/ers/config/internaluser/bulk/submit', { format: 'xml', body: '<x/>' })).status, 404);
  assert.equal((await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: '<ns4:internaluser/>' })).status, 400);
});

test('a second bulk while one runs gets 503; the first completes', async () => {
  const first = await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('create', Array.from({ length: 500 }, (_, i) => mac(2000 + i))) });
  assert.equal(first.status, 202);
  const second = await server.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('create', [mac(5000)]) });
  assert.equal(second.status, 503);
  assert.match(second.body, /<ns3:ersResponse[\s\S]*code="Service unavailable exception"/);
  const status = (await waitCompleted(server, String(first.headers.location))).json().BulkStatus;
  assert.equal(status.successCount, 500);
});

test('a bulk interrupted by SIGKILL resumes after restart: nothing lost, nothing twice', async () => {
  const own = await startServer();
  try {
    const macs = Array.from({ length: 500 }, (_, i) => mac(10_000 + i));
    const r = await own.request('PUT', '/ers/config/endpoint/bulk/submit', { format: 'xml', body: endpointXml('create', macs) });
    assert.equal(r.status, 202);
    await new Promise((res) => setTimeout(res, 150));
    own.process.kill('SIGKILL');
    await own.stop();
    const again = await startServer({ dataDir: own.dataDir });
    try {
      const status = (await waitCompleted(again, String(r.headers.location).replace(`:${own.ports.ers}`, `:${again.ports.ers}`))).json().BulkStatus;
      assert.equal(status.resourcesCount, 500);
      assert.equal(status.successCount, 500, JSON.stringify(status.resourcesStatus.filter((s: { status: string }) => s.status !== 'SUCCESS').slice(0, 3)));
      const total = (await again.request('GET', '/ers/config/endpoint?size=1&filter=mac.STARTSW.02:00:00:00:2')).json().SearchResult.total;
      assert.equal(total, 500);
    } finally {
      await again.stop();
    }
  } finally {
    await own.cleanup();
  }
});
