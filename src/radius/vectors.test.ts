// Runs every packet vector in test/vectors/*.txt: decode, authenticate with
// the secret, compare the attributes as text, write back byte for byte, and
// rebuild the packet from the text lines and encode it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authenticatorKind } from './codes.ts';
import { decodePacket, verifyRequest, verifyResponse } from './decode.ts';
import { encodePacket, encodeRaw } from './encode.ts';
import { RadiusError } from './errors.ts';
import { F_JOINED, RadiusPacket } from './packet.ts';
import { formatAttributes, parseAttribute } from './text.ts';
import { parseVectorFile } from './vector-file.ts';
import type { PacketVector } from './vector-file.ts';

const DIR = join(import.meta.dirname, '../../test/vectors');

function requestAuthenticatorOf(v: PacketVector, byName: Map<string, PacketVector>): Buffer | undefined {
  if (v.requestAuthenticator) return v.requestAuthenticator;
  if (v.request === undefined) return undefined;
  const req = byName.get(v.request);
  assert.ok(req, `request "${v.request}" not found before "${v.name}"`);
  return req.bytes.subarray(4, 20);
}

function check(v: PacketVector, byName: Map<string, PacketVector>): void {
  const requestAuthenticator = requestAuthenticatorOf(v, byName);
  const options = { requireMessageAuthenticator: v.requireMessageAuthenticator };
  if (v.error !== undefined) {
    assert.throws(() => {
      const p = decodePacket(v.bytes);
      if (v.secret === undefined) return;
      if (authenticatorKind(p.code) === 'response') {
        assert.ok(requestAuthenticator, 'a reply vector with an error needs its request');
        verifyResponse(p, v.secret, requestAuthenticator, options);
      } else {
        verifyRequest(p, v.secret, options);
      }
    }, (e: unknown) => e instanceof RadiusError && e.reason === v.error);
    return;
  }

  const packet = decodePacket(v.bytes);
  const length = v.bytes.readUInt16BE(2);
  const kind = authenticatorKind(packet.code);

  // Authentication with the secret.
  if (v.secret !== undefined) {
    if (kind !== 'response') verifyRequest(packet, v.secret, options);
    else if (requestAuthenticator) verifyResponse(packet, v.secret, requestAuthenticator, options);
  }

  // Attributes as text.
  assert.deepEqual(formatAttributes(packet, { secret: v.secret, requestAuthenticator }), v.attributes);

  // Written back as stored.
  assert.ok(encodeRaw(packet).equals(v.bytes.subarray(0, length)), 'raw re-encode differs');

  // Rebuilt from the text lines and encoded with the secret (salted values,
  // being random, are carried over as received).
  // Several vendor sub-attributes in one Vendor-Specific cannot be told apart in text.
  if (packet.flags.some((f) => (f & F_JOINED) !== 0)) return;
  if (v.secret === undefined || (kind === 'response' && !requestAuthenticator)) return;
  const rebuilt = new RadiusPacket(packet.code, packet.identifier, kind === 'random' ? packet.authenticator : undefined);
  let entry = 0;
  for (const line of v.attributes) {
    const { def, tag, value } = parseAttribute(line);
    if (def.encrypt === 2) rebuilt.addRaw(def.type, def.vendor, packet.value(entry));
    else rebuilt.add(def, value, { tag });
    // Advance past every fragment of a concat attribute.
    entry++;
    while (def.concat && entry < packet.count && packet.types[entry] === def.type && packet.vendors[entry] === def.vendor) entry++;
  }
  const out = encodePacket(rebuilt, v.secret, { keepOrder: true, requestAuthenticator });
  assert.equal(out.toString('hex'), v.bytes.subarray(0, length).toString('hex'), 'encode from text differs');
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

test('vector files exist', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  const vectors = parseVectorFile(readFileSync(join(DIR, file), 'utf8'), file);
  const byName = new Map<string, PacketVector>();
  for (const v of vectors) {
    test(`${file}: ${v.name}`, () => check(v, byName));
    byName.set(v.name, v);
  }
}
