// The CoA client against a scripted DAS on a local UDP socket (the test
// against FreeRADIUS is in test/mnt/coa-freeradius.test.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { CoaClient } from './coa-client.ts';
import { decodeRequest } from './decode.ts';
import { encodePacket } from './encode.ts';
import { createReply, type RadiusPacket } from './packet.ts';
import { Code } from './codes.ts';
import type { CoaRequest } from '../domain/coa.ts';

type Answer = (req: RadiusPacket) => { code: number; cause?: number; secret?: string } | null;

async function das(answer: Answer): Promise<{ port: number; received: RadiusPacket[]; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  const received: RadiusPacket[] = [];
  socket.on('message', (msg, from) => {
    const req = decodeRequest(msg, 'testing123');
    received.push(req);
    const a = answer(req);
    if (!a) return;
    const reply = createReply(req, a.code);
    if (a.cause !== undefined) reply.add('Error-Cause', a.cause);
    socket.send(encodePacket(reply, a.secret ?? 'testing123', { requestAuthenticator: req.authenticator }), from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { port: socket.address().port, received, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

const client = new CoaClient({ source: '127.0.0.1', timeoutMs: 150, retries: 1 });
after(() => client.close());

const request = (port: number, action: CoaRequest['action'] = 'reauth'): CoaRequest => ({
  action, cisco: true, address: '127.0.0.1', port, secret: Buffer.from('testing123'),
  session: { nasIpAddress: '10.0.0.2', callingStationId: '00-11-22-33-44-55', acctSessionId: '1A', auditSessionId: '0A000002' },
});

test('ACK and NAK with Error-Cause are reported; the right reply code is expected per request', async () => {
  const d = await das((req) => (req.getCiscoAvPair('subscriber:command') === 'reauthenticate' ? { code: Code.CoAAck } : { code: Code.CoANak, cause: 405 }));
  try {
    const ack = await client.send(request(d.port));
    assert.equal(ack.outcome, 'ack');
    assert.equal(ack.attempts, 1);
    assert.ok((ack.rttMs ?? -1) >= 0);
    const nak = await client.send(request(d.port, 'portBounce'));
    assert.deepEqual({ outcome: nak.outcome, cause: nak.errorCause }, { outcome: 'nak', cause: 405 });
    assert.equal(d.received.length, 2);
    assert.notEqual(d.received[0].identifier, d.received[1].identifier);
  } finally {
    await d.close();
  }
});

test('Disconnect-Request is answered by Disconnect-ACK; a CoA-ACK to it is not an answer', async () => {
  const d = await das((req) => ({ code: req.code === Code.DisconnectRequest ? Code.CoAAck : Code.CoAAck }));
  try {
    const r = await client.send(request(d.port, 'disconnect'));
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.invalidReplies, 2);
  } finally {
    await d.close();
  }
  const ok = await das(() => ({ code: Code.DisconnectAck }));
  try {
    assert.equal((await client.send(request(ok.port, 'disconnect'))).outcome, 'ack');
  } finally {
    await ok.close();
  }
});

test('no answer: retransmitted once with the same identifier and authenticator, then a timeout', async () => {
  const d = await das(() => null);
  try {
    const t0 = Date.now();
    const r = await client.send(request(d.port));
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.attempts, 2);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(d.received.length, 2);
    assert.equal(d.received[0].identifier, d.received[1].identifier);
    assert.deepEqual(d.received[0].authenticator, d.received[1].authenticator);
    assert.equal(client.inFlight, 0);
  } finally {
    await d.close();
  }
});

test('a reply signed with another secret is counted, not accepted', async () => {
  const d = await das(() => ({ code: Code.CoAAck, secret: 'not-the-secret' }));
  try {
    const r = await client.send(request(d.port));
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.invalidReplies, 2);
    assert.match(r.detail ?? '', /failed authentication/);
  } finally {
    await d.close();
  }
});

test('bounded: requests beyond the in-flight limit are refused at once; bad destinations are errors', async () => {
  const small = new CoaClient({ source: '127.0.0.1', timeoutMs: 100, retries: 0, maxInFlight: 2 });
  const d = await das(() => null);
  try {
    const pending = [small.send(request(d.port)), small.send(request(d.port))];
    const third = await small.send(request(d.port));
    assert.equal(third.outcome, 'busy');
    assert.deepEqual((await Promise.all(pending)).map((r) => r.outcome), ['timeout', 'timeout']);
    assert.equal((await small.send({ ...request(d.port), address: 'switch.example' })).outcome, 'error');
    assert.equal((await small.send({ ...request(0) })).outcome, 'error');
  } finally {
    await d.close();
    await small.close();
  }
});
