// The Access-Request exchange against a scripted server on a local UDP
// socket: verified replies end it, replies that do not verify or answer
// another identifier are discarded, the same datagram is sent again after
// a timeout, an ICMP port-unreachable ends it at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { exchangeAccessRequest, type AccessExchangeOptions } from './access-client.ts';
import { Code } from './codes.ts';
import { packetDigest } from './crypto.ts';
import { decodeRequest } from './decode.ts';
import { encodePacket } from './encode.ts';
import { createReply, RadiusPacket } from './packet.ts';

const SECRET = 'testing123';

/** Answers each received request with the datagrams `answer` returns. */
async function server(answer: (req: RadiusPacket, n: number) => Buffer[]): Promise<{ port: number; received: Buffer[]; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  const received: Buffer[] = [];
  socket.on('message', (msg, from) => {
    received.push(msg);
    const req = decodeRequest(msg, SECRET, { requireMessageAuthenticator: true });
    for (const out of answer(req, received.length)) socket.send(out, from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { port: socket.address().port, received, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

const reply = (req: RadiusPacket, code: number, opts: { secret?: string; identifier?: number; ma?: boolean } = {}): Buffer => {
  const p = createReply(req, code).add('Reply-Message', 'hello');
  if (opts.identifier !== undefined) p.identifier = opts.identifier;
  return encodePacket(p, opts.secret ?? SECRET, { requestAuthenticator: req.authenticator, messageAuthenticator: opts.ma ?? true });
};

const options = (port: number, more: Partial<AccessExchangeOptions> = {}): AccessExchangeOptions => ({
  address: '127.0.0.1', port, secret: Buffer.from(SECRET), timeoutMs: 400, retries: 1,
  build: (local) => new RadiusPacket(Code.AccessRequest, 42).add('User-Name', 'alice').add('User-Password', 'pw').add('NAS-IP-Address', local.address),
  ...more,
});

test('a verified Access-Accept ends the exchange; the request went out with Message-Authenticator first and the local address', async () => {
  const s = await server((req) => [reply(req, Code.AccessAccept)]);
  try {
    const r = await exchangeAccessRequest(options(s.port));
    assert.equal(r.outcome, 'reply');
    if (r.outcome !== 'reply') return;
    assert.equal(r.reply.code, Code.AccessAccept);
    assert.equal(r.reply.getString('Reply-Message'), 'hello');
    assert.equal(r.attempts, 1);
    assert.ok(r.rttMs >= 0);
    const sent = s.received[0];
    assert.equal(sent[20], 80, 'Message-Authenticator is the first attribute');
    assert.equal(r.request.getString('NAS-IP-Address'), '127.0.0.1');
  } finally {
    await s.close();
  }
});

test('replies signed with another secret, or for another identifier, are discarded and reported at the timeout', async () => {
  const s = await server((req) => [reply(req, Code.AccessAccept, { secret: 'not-the-secret' }), reply(req, Code.AccessAccept, { identifier: (req.identifier + 1) & 0xff })]);
  try {
    const t0 = performance.now();
    const r = await exchangeAccessRequest(options(s.port));
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.attempts, 2);
    assert.equal(r.invalidReplies, 2, 'one per transmission; other identifiers are not counted');
    assert.match(r.outcome === 'timeout' ? r.detail ?? '' : '', /Response Authenticator does not verify/);
    const ms = performance.now() - t0;
    assert.ok(ms >= 790 && ms < 4000, `two transmissions of 400 ms took ${ms} ms`);
  } finally {
    await s.close();
  }
});

test('a bad Message-Authenticator with a good Response Authenticator is discarded', async () => {
  const s = await server((req) => {
    const wire = reply(req, Code.AccessReject);
    wire[22] ^= 1; // inside the Message-Authenticator value, the first attribute
    packetDigest(wire, req.authenticator!, Buffer.from(SECRET), wire, 4); // the Response Authenticator still verifies
    return [wire];
  });
  try {
    const r = await exchangeAccessRequest(options(s.port, { retries: 0 }));
    assert.equal(r.outcome, 'timeout');
    assert.match(r.outcome === 'timeout' ? r.detail ?? '' : '', /Message-Authenticator does not verify/);
  } finally {
    await s.close();
  }
});

test('the same datagram is sent again after a timeout, and the answer to it is taken', async () => {
  const s = await server((req, n) => (n === 1 ? [] : [reply(req, Code.AccessReject, { ma: false })]));
  try {
    const r = await exchangeAccessRequest(options(s.port, { retries: 2 }));
    assert.equal(r.outcome, 'reply');
    if (r.outcome !== 'reply') return;
    assert.equal(r.attempts, 2);
    assert.equal(r.reply.code, Code.AccessReject);
    assert.equal(r.reply.messageAuthenticatorOffset, -1, 'a reply without Message-Authenticator is still valid; the caller warns');
    assert.deepEqual(s.received[0], s.received[1]);
  } finally {
    await s.close();
  }
});

test('a reply that is not an access reply is discarded', async () => {
  const s = await server((req) => [reply(req, Code.AccountingResponse)]);
  try {
    const r = await exchangeAccessRequest(options(s.port, { retries: 0 }));
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.invalidReplies, 1);
  } finally {
    await s.close();
  }
});

test('ICMP port unreachable ends the exchange at once', async () => {
  const s = await server(() => []);
  const port = s.port;
  await s.close();
  const t0 = performance.now();
  const r = await exchangeAccessRequest(options(port, { timeoutMs: 5000 }));
  assert.equal(r.outcome, 'error');
  assert.match(r.outcome === 'error' ? r.detail : '', /port unreachable/);
  assert.ok(performance.now() - t0 < 4000);
});

test('a source address of the other family is refused before any send', async () => {
  const r = await exchangeAccessRequest(options(1812, { source: '::1' }));
  assert.equal(r.outcome, 'error');
  assert.equal(r.attempts, 0);
});
