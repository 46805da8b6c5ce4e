// EAP-TLS/PEAP/TTLS framing: L/M/S flags, fragmentation of our messages,
// reassembly of the peer's, and the bounds on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EapError } from './packet.ts';
import { Fragmenter, Reassembly, TLS_FLAG_LENGTH, TLS_FLAG_MORE, TLS_FLAG_START, buildTlsFrame, parseTlsFrame, tlsAck } from './tls-framing.ts';

const message = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i & 0xff));

test('a Start carries S and the version bits; an acknowledgement is the version alone', () => {
  assert.deepEqual(buildTlsFrame(TLS_FLAG_START, 0, Buffer.alloc(0)), Buffer.of(0x20));
  assert.deepEqual(buildTlsFrame(TLS_FLAG_START, 1, Buffer.alloc(0)), Buffer.of(0x21));
  assert.deepEqual(tlsAck(0), Buffer.of(0));
  const f = parseTlsFrame(Buffer.of(0x21));
  assert.equal(f.version, 1);
  assert.equal(f.flags & TLS_FLAG_START, TLS_FLAG_START);
});

test('fragmentation: L and the total length on the first of several, M on all but the last, sizes bounded', () => {
  const msg = message(2500);
  const f = new Fragmenter(msg, 1000, 0);
  const frames: Buffer[] = [];
  while (f.pending) frames.push(f.next());
  assert.equal(frames.length, 3);
  const parsed = frames.map(parseTlsFrame);
  assert.equal(parsed[0].flags, TLS_FLAG_LENGTH | TLS_FLAG_MORE);
  assert.equal(parsed[0].totalLength, 2500);
  assert.equal(parsed[1].flags, TLS_FLAG_MORE);
  assert.equal(parsed[1].totalLength, undefined);
  assert.equal(parsed[2].flags, 0);
  assert.deepEqual(parsed.map((p) => p.data.length), [1000, 1000, 500]);
  assert.deepEqual(Buffer.concat(parsed.map((p) => p.data)), msg);
});

test('a message that fits goes out whole, with the length only when L is always wanted', () => {
  const plain = new Fragmenter(message(300), 1000, 0);
  assert.equal(plain.next()[0], 0);
  assert.equal(plain.pending, false);
  const withL = parseTlsFrame(new Fragmenter(message(300), 1000, 0, true).next());
  assert.equal(withL.flags, TLS_FLAG_LENGTH);
  assert.equal(withL.totalLength, 300);
  assert.throws(() => new Fragmenter(message(3), 0, 0), RangeError);
});

test('reassembly joins the peer fragments and checks the announced length', () => {
  const msg = message(2500);
  const f = new Fragmenter(msg, 700, 0);
  const r = new Reassembly(64 * 1024);
  let out: Buffer | undefined;
  let acks = 0;
  while (f.pending) {
    out = r.add(parseTlsFrame(f.next()));
    if (out === undefined) acks++;
  }
  assert.equal(acks, 3);
  assert.deepEqual(out, msg);
  assert.equal(r.active, false);
  // The next message starts afresh.
  assert.deepEqual(r.add(parseTlsFrame(buildTlsFrame(0, 0, message(10)))), message(10));
});

test('reassembly refuses inconsistent or oversized messages and endless fragments', () => {
  const frame = (flags: number, data: Buffer, total?: number) => parseTlsFrame(buildTlsFrame(flags, 0, data, total));
  // Announced length above the bound.
  assert.throws(() => new Reassembly(1000).add(frame(TLS_FLAG_MORE, message(10), 5000)), EapError);
  // More octets than announced.
  const over = new Reassembly(10_000);
  over.add(frame(TLS_FLAG_MORE, message(600), 1000));
  assert.throws(() => over.add(frame(TLS_FLAG_MORE, message(600))), EapError);
  // Fewer octets than announced when the last fragment comes.
  const under = new Reassembly(10_000);
  under.add(frame(TLS_FLAG_MORE, message(600), 1000));
  assert.throws(() => under.add(frame(0, message(100))), EapError);
  // Fragments without a length that never end: refused once past the bound.
  const endless = new Reassembly(4096);
  assert.throws(() => { for (let i = 0; i < 100; i++) endless.add(frame(TLS_FLAG_MORE, message(1000))); }, EapError);
  // An empty fragment that claims more is refused.
  assert.throws(() => new Reassembly(4096).add(frame(TLS_FLAG_MORE, Buffer.alloc(0))), EapError);
  // L without its four octets.
  assert.throws(() => parseTlsFrame(Buffer.of(TLS_FLAG_LENGTH, 0, 0)), EapError);
  assert.throws(() => parseTlsFrame(Buffer.alloc(0)), EapError);
});
