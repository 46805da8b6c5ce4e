import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from './dictionary/index.ts';
import { RadiusError } from './errors.ts';
import { formatIPv6, parseIPv6 } from './ip.ts';
import { decodeValue, encodeValue } from './values.ts';

const bad = (e: unknown) => e instanceof RadiusError && e.reason === 'bad_value';

test('IPv6 text follows RFC 5952', () => {
  const cases: [string, string][] = [
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8:0:1:1:1:1:1', '20010db8000000010001000100010001'],
    ['2001:db8::1:0:0:1', '20010db8000000000001000000000001'],
    ['2001:0:0:1::1', '20010000000000010000000000000001'],
    ['fe80::211:22ff:fe33:4455', 'fe80000000000000021122fffe334455'],
    ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
  ];
  for (const [text, hex] of cases) {
    assert.equal(formatIPv6(Buffer.from(hex, 'hex')), text.replace('::ffff:10.0.0.1', '::ffff:a00:1'));
    assert.equal(parseIPv6(text)?.toString('hex'), hex, text);
  }
  assert.equal(parseIPv6('2001:DB8::1')?.toString('hex'), '20010db8000000000000000000000001');
  for (const badText of ['1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::', '1:2:3:4:5:6:7:8:9', '::1.2.3']) {
    assert.equal(parseIPv6(badText), undefined, badText);
  }
});

test('integers, enumerated names, dates and tags', () => {
  const st = attr('Service-Type');
  assert.equal(encodeValue(st, 'Call-Check').toString('hex'), '0000000a');
  assert.equal(encodeValue(st, 10).toString('hex'), '0000000a');
  assert.equal(encodeValue(st, '10').toString('hex'), '0000000a');
  assert.equal(decodeValue(st, Buffer.from('0000000a', 'hex')), 10);
  assert.throws(() => encodeValue(st, 'No-Such-Value'), bad);
  assert.throws(() => encodeValue(st, -1), bad);
  assert.throws(() => encodeValue(st, 2 ** 32), bad);
  assert.throws(() => encodeValue(st, 1.5), bad);
  assert.equal(encodeValue(attr('Session-Timeout'), 0xffffffff).toString('hex'), 'ffffffff');
  assert.equal(encodeValue(attr('Event-Timestamp'), new Date(1700000000_000)).readUInt32BE(0), 1700000000);
  // Tagged integers are 24 bits; the tag octet is added by the packet.
  assert.throws(() => encodeValue(attr('Tunnel-Type'), 0x1000000), bad);
  assert.equal(decodeValue(attr('Tunnel-Type'), Buffer.from('0100000d', 'hex')), 13);
});

test('addresses, prefixes, interface ids and 64-bit integers', () => {
  assert.equal(encodeValue(attr('NAS-IP-Address'), '10.0.0.1').toString('hex'), '0a000001');
  assert.equal(decodeValue(attr('NAS-IP-Address'), Buffer.from('c0a80110', 'hex')), '192.168.1.16');
  assert.throws(() => encodeValue(attr('NAS-IP-Address'), '10.0.0.256'), bad);
  assert.throws(() => encodeValue(attr('NAS-IP-Address'), '10.0.0'), bad);
  assert.equal(encodeValue(attr('NAS-IPv6-Address'), '2001:db8::1').toString('hex'), '20010db8000000000000000000000001');
  assert.throws(() => encodeValue(attr('NAS-IPv6-Address'), '10.0.0.1'), bad);
  const pfx = attr('Framed-IPv6-Prefix');
  assert.equal(encodeValue(pfx, '2001:db8:1:2::/64').toString('hex'), '004020010db800010002');
  assert.equal(encodeValue(pfx, '2001:db8:ff00::/40').toString('hex'), '002820010db8ff');
  assert.equal(encodeValue(pfx, '2001:db8:ffff::/36').toString('hex'), '002420010db8f0', 'bits past the length are cleared');
  assert.equal(encodeValue(pfx, '::/0').toString('hex'), '0000');
  assert.equal(decodeValue(pfx, Buffer.from('004020010db800010002', 'hex')), '2001:db8:1:2::/64');
  assert.equal(decodeValue(pfx, Buffer.from('004020010db80001000200000000000000000000', 'hex').subarray(0, 18)), '2001:db8:1:2::/64');
  assert.throws(() => encodeValue(pfx, '2001:db8::/129'), bad);
  assert.throws(() => encodeValue(pfx, '2001:db8::'), bad);
  const ifid = attr('Framed-Interface-Id');
  assert.equal(encodeValue(ifid, '0211:22ff:fe33:4455').toString('hex'), '021122fffe334455');
  assert.equal(decodeValue(ifid, Buffer.from('021122fffe334455', 'hex')), '0211:22ff:fe33:4455');
  assert.throws(() => encodeValue(ifid, '0211:22ff'), bad);
});

test('strings and octets', () => {
  assert.equal(encodeValue(attr('User-Name'), 'jöe').toString('hex'), '6ac3b665');
  assert.equal(decodeValue(attr('User-Name'), Buffer.from('6ac3b665', 'hex')), 'jöe');
  const cls = attr('Class');
  assert.deepEqual(encodeValue(cls, 'CACS:x'), Buffer.from('CACS:x'));
  const raw = Buffer.from([0, 1, 2]);
  assert.equal(encodeValue(cls, raw), raw);
  assert.equal(decodeValue(cls, raw), raw);
  assert.throws(() => encodeValue(attr('User-Name'), 5), bad);
});

test('64-bit integers, bytes and shorts (vendor data types)', async () => {
  const { defineAttr } = await import('./dictionary/types.ts');
  const i64 = defineAttr(0, [250, 'Test-Integer64', 'integer64']);
  assert.equal(encodeValue(i64, 0xffffffffffn + 1n).toString('hex'), '0000010000000000');
  assert.equal(encodeValue(i64, '18446744073709551615').toString('hex'), 'ffffffffffffffff');
  assert.equal(decodeValue(i64, Buffer.from('0000010000000000', 'hex')), 0x10000000000n);
  assert.throws(() => encodeValue(i64, -1n), bad);
  assert.throws(() => encodeValue(i64, 'x'), bad);
  const b = defineAttr(0, [251, 'Test-Byte', 'byte']);
  const s = defineAttr(0, [252, 'Test-Short', 'short']);
  assert.equal(encodeValue(b, 255).toString('hex'), 'ff');
  assert.equal(encodeValue(s, 65535).toString('hex'), 'ffff');
  assert.equal(decodeValue(s, Buffer.from('0102', 'hex')), 258);
  assert.throws(() => encodeValue(b, 256), bad);
});
