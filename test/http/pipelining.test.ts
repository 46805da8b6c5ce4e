// HTTP/1.1 pipelining on one TLS keep-alive connection: a client may send
// the next request (even one with a large body) while the previous response
// is still being written; the node answers every request, in order, on the
// same connection, and does not reset it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type TLSSocket } from 'node:tls';
import { startServer, ADMIN_PASSWORD, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const AUTH = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
const UNKNOWN = 'aa0e8b20-8bff-11e6-996c-525400b48521';
const ENDPOINTS = 2000;
const mac = (i: number) => `02:00:00:${[(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`.toUpperCase();

before(async () => {
  server = await startServer({});
  // Enough endpoints (with long descriptions) that an export is megabytes.
  const description = 'x'.repeat(600);
  for (let start = 0; start < ENDPOINTS; start += 500) {
    const resourcesList = Array.from({ length: 500 }, (_, k) => ({ mac: mac(start + k), groupId: UNKNOWN, description }));
    const r = await server.request('PUT', '/ers/config/endpoint/bulk/submit', {
      body: { EndpointBulkRequest: { operationType: 'create', resourceMediaType: 'vnd.com.cisco.ise.identity.endpoint.1.0+xml', resourcesList } },
    });
    assert.equal(r.status, 202, r.body);
    const path = new URL(String(r.headers.location)).pathname;
    for (let i = 0; ; i++) {
      const s = await server.request('GET', path);
      if (s.status === 200 && s.json().BulkStatus.executionStatus === 'COMPLETED') break;
      assert.ok(i < 600, 'bulk did not complete');
      await new Promise((res) => setTimeout(res, 50));
    }
  }
});
after(async () => { await server.cleanup(); });

interface Parsed { status: number; headers: Record<string, string>; body: Buffer }

/** Parses complete HTTP/1.1 responses (Content-Length or chunked) from `buf`. */
function parseResponses(buf: Buffer): { responses: Parsed[]; rest: Buffer } {
  const responses: Parsed[] = [];
  let pos = 0;
  for (;;) {
    const headEnd = buf.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) break;
    const lines = buf.subarray(pos, headEnd).toString('latin1').split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
    let p = headEnd + 4;
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      let done = false;
      for (;;) {
        const le = buf.indexOf('\r\n', p);
        if (le < 0) break;
        const size = parseInt(buf.subarray(p, le).toString('latin1'), 16);
        if (buf.length < le + 2 + size + 2) break;
        if (size === 0) { p = le + 4; done = true; break; }
        parts.push(buf.subarray(le + 2, le + 2 + size));
        p = le + 2 + size + 2;
      }
      if (!done) break;
      body = Buffer.concat(parts);
    } else {
      const len = Number(headers['content-length'] ?? 0);
      if (buf.length < p + len) break;
      body = buf.subarray(p, p + len);
      p += len;
    }
    responses.push({ status, headers, body });
    pos = p;
  }
  return { responses, rest: buf.subarray(pos) };
}

/** Writes all `requests` at once on one TLS connection; resolves with `count` responses, or rejects when the connection ends first. */
function pipeline(requests: string[], count: number): Promise<{ responses: Parsed[]; socket: TLSSocket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.ports.ers, rejectUnauthorized: false });
    let buf: Buffer = Buffer.alloc(0);
    const all: Parsed[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`timed out after ${all.length} responses`)); }, 30_000);
    socket.on('secureConnect', () => { for (const r of requests) socket.write(r); });
    socket.on('data', (d: Buffer) => {
      const { responses, rest } = parseResponses(Buffer.concat([buf, d]));
      buf = rest;
      all.push(...responses);
      if (all.length >= count) { clearTimeout(timer); socket.off('end', onEnd); socket.off('close', onClose); resolve({ responses: all, socket }); }
    });
    const early = (why: string) => () => {
      clearTimeout(timer);
      reject(new Error(`connection ${why} after ${all.length} of ${count} responses (${buf.length} bytes pending)`));
    };
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    const onEnd = early('ended'), onClose = early('closed');
    socket.on('end', onEnd);
    socket.on('close', onClose);
  });
}

const get = (path: string, accept: string) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH}\r\nAccept: ${accept}\r\n\r\n`;
const post = (path: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH}\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('a large POST pipelined behind a large export is answered after it, on the same connection', async () => {
  // Valid JSON, but not an endpoint: the node reads all 300 KB and answers 400.
  const big = JSON.stringify({ ERSEndPoint: { mac: 'not-a-mac', groupId: UNKNOWN, description: 'y'.repeat(300 * 1024) } });
  const { responses, socket } = await pipeline([
    get('/gatehouse/v1/export/endpoint', 'application/x-ndjson'),
    post('/ers/config/endpoint', big),
    post('/ers/config/endpoint', big),
    get('/ers/config/endpoint?size=1', 'application/json'),
  ], 4);
  socket.destroy();
  const [exp, bad, bad2, list] = responses;
  assert.equal(exp.status, 200);
  const lines = exp.body.toString('utf8').trimEnd().split('\n');
  assert.equal(lines.length, ENDPOINTS);
  assert.ok(exp.body.length > 1024 * 1024, `export is ${exp.body.length} bytes`);
  assert.equal(JSON.parse(lines[0]).mac, mac(0));
  assert.equal(JSON.parse(lines.at(-1)!).mac, mac(ENDPOINTS - 1));
  assert.equal(bad.status, 400, bad.body.toString());
  assert.match(bad.body.toString(), /mac/i);
  assert.equal(bad2.status, 400, bad2.body.toString());
  assert.equal(list.status, 200);
  assert.equal(JSON.parse(list.body.toString()).SearchResult.total, ENDPOINTS);
});

test('several large POSTs pipelined behind large responses all get their answers in order, on parallel connections', async () => {
  const big = (n: number) => JSON.stringify({ ERSEndPoint: { mac: `bad-${n}`, groupId: UNKNOWN, description: String(n).repeat(200 * 1024) } });
  const exportAll = get('/gatehouse/v1/export/endpoint', 'application/x-ndjson');
  // Whether the node pauses reading exactly while a pipelined body is
  // arriving depends on timing; several connections at once make it likely.
  const runs = await Promise.all(Array.from({ length: 6 }, async (_, c) => {
    const { responses, socket } = await pipeline([
      exportAll, post('/ers/config/endpoint', big(1)), exportAll, post('/ers/config/endpoint', big(2)),
      post('/ers/config/endpoint', big(3)), exportAll, post('/ers/config/endpoint', big(4)), get(`/ers/config/endpoint?size=${c + 1}`, 'application/json'),
    ], 8);
    socket.destroy();
    return responses;
  }));
  runs.forEach((responses, c) => {
    assert.deepEqual(responses.map((r) => r.status), [200, 400, 200, 400, 400, 200, 400, 200]);
    for (const i of [0, 2, 5]) assert.equal(responses[i].body.toString().trimEnd().split('\n').length, ENDPOINTS);
    assert.equal(JSON.parse(responses[7].body.toString()).SearchResult.resources.length, c + 1);
  });
});

test('small pipelined requests are answered in order', async () => {
  const { responses, socket } = await pipeline([
    get('/ers/config/endpoint?size=1&page=1', 'application/json'),
    get('/ers/config/endpoint?size=2&page=1', 'application/json'),
    get('/ers/config/endpoint/not-an-id-at-all', 'application/json'),
    get('/ers/config/endpoint?size=3&page=1', 'application/json'),
  ], 4);
  socket.destroy();
  assert.deepEqual(responses.map((r) => r.status), [200, 200, 404, 200]);
  assert.deepEqual([0, 1, 3].map((i) => JSON.parse(responses[i].body.toString()).SearchResult.resources.length), [1, 2, 3]);
});

test('a request the node cannot parse, after an answered one, gets 400 and a close', async () => {
  const { responses, socket } = await pipeline([get('/ers/config/endpoint?size=1', 'application/json'), 'NOT HTTP AT ALL\r\n\r\n'], 2);
  const closed = new Promise((r) => socket.once('close', r));
  assert.deepEqual(responses.map((r) => r.status), [200, 400]);
  assert.equal(responses[1].headers.connection, 'close');
  await closed;
});
