import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpEntry, IpEntryInput } from './ip.ts';
import { parseIpEntry } from './ip.ts';
import { NadConflictError, NadIndex } from './nad-index.ts';

function entries(...inputs: Array<string | IpEntryInput>): IpEntry[] {
  return inputs.map((i) => {
    const input: IpEntryInput = typeof i === 'string' ? { ipaddress: i } : i;
    const r = parseIpEntry(input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
}

test('most specific IPv4 entry wins', () => {
  const idx = new NadIndex();
  idx.add('wide', entries('10.0.0.0/8'));
  idx.add('site', entries('10.1.0.0/16'));
  idx.add('floor', entries({ ipaddress: '10.1.1.0', mask: 24 }));
  idx.add('switch', entries('10.1.1.10'));
  idx.add('range', entries('10.1.2.1-10'));
  idx.add('all', entries('0.0.0.0/0'));
  assert.equal(idx.lookup('10.1.1.10'), 'switch');
  assert.equal(idx.lookup('10.1.1.11'), 'floor');
  assert.equal(idx.lookup('10.1.9.9'), 'site');
  assert.equal(idx.lookup('10.200.0.1'), 'wide');
  assert.equal(idx.lookup('10.1.2.5'), 'range', 'a 10-address range beats the /16 around it');
  assert.equal(idx.lookup('10.1.2.11'), 'site');
  assert.equal(idx.lookup('192.0.2.1'), 'all');
  idx.remove('all');
  assert.equal(idx.lookup('192.0.2.1'), undefined);
  assert.equal(idx.lookup('255.255.255.255'), undefined);
});

test('host bits and ranges that are prefixes', () => {
  const idx = new NadIndex();
  idx.add('a', entries({ ipaddress: '172.16.5.77', mask: 24 }));
  idx.add('b', entries('172.17.3.*'));
  idx.add('c', entries('200.1.1.1'));
  assert.equal(idx.lookup('172.16.5.1'), 'a');
  assert.equal(idx.lookup('172.17.3.250'), 'b');
  assert.equal(idx.lookup('200.1.1.1'), 'c', 'addresses above 2^31 (negative as int32)');
  assert.equal(idx.overlaps(entries('172.16.5.0/24')), 'a');
  assert.equal(idx.overlaps(entries('172.17.3.0/24')), 'b');
});

test('ranges with exclusions and wildcards', () => {
  const idx = new NadIndex();
  idx.add('campus', entries({ ipaddress: '10.10.1-255.*', exclude: '10.10.10-200.100-150' }));
  idx.add('lab', entries('10.10.50.100-150'));
  idx.add('wan', entries('10.*.0.1'));
  assert.equal(idx.lookup('10.10.50.99'), 'campus');
  assert.equal(idx.lookup('10.10.50.120'), 'lab');
  assert.equal(idx.lookup('10.10.201.120'), 'campus');
  assert.equal(idx.lookup('10.77.0.1'), 'wan');
  assert.equal(idx.lookup('10.10.0.1'), 'wan');
  assert.equal(idx.lookup('10.10.10.160'), 'campus');
  assert.equal(idx.lookup('10.11.1.1'), undefined);
  idx.remove('lab');
  assert.equal(idx.lookup('10.10.50.120'), undefined);
});

test('IPv6 lookups, zones, mapped addresses and byte forms', () => {
  const idx = new NadIndex();
  idx.add('v6net', entries({ ipaddress: '2001:db8::', mask: 32 }));
  idx.add('v6host', entries('2001:db8::10'));
  idx.add('ll', entries({ ipaddress: 'fe80::', mask: 64 }));
  idx.add('v4', entries('192.0.2.0/24'));
  assert.equal(idx.lookup('2001:db8::10'), 'v6host');
  assert.equal(idx.lookup('2001:DB8:0:0:0:0:0:10'), 'v6host');
  assert.equal(idx.lookup('2001:db8:1::1'), 'v6net');
  assert.equal(idx.lookup('2001:db9::1'), undefined);
  assert.equal(idx.lookup('fe80::1%eth0'), 'll');
  assert.equal(idx.lookup('::ffff:192.0.2.7'), 'v4');
  assert.equal(idx.lookup('::FFFF:c000:0207'), 'v4');
  assert.equal(idx.lookup(Uint8Array.of(192, 0, 2, 7)), 'v4');
  const v6bytes = new Uint8Array(16);
  v6bytes.set([0x20, 0x01, 0x0d, 0xb8]);
  v6bytes[15] = 0x10;
  assert.equal(idx.lookup(v6bytes), 'v6host');
  const mapped = new Uint8Array(16);
  mapped.set([0xff, 0xff, 192, 0, 2, 9], 10);
  assert.equal(idx.lookup(mapped), 'v4');
  assert.equal(idx.lookup(0xc0000207), 'v4');
  assert.equal(idx.lookup('not an ip'), undefined);
  assert.equal(idx.lookup(''), undefined);
  assert.equal(idx.lookup(Uint8Array.of(1, 2, 3)), undefined);
  assert.equal(idx.overlaps(entries({ ipaddress: '2001:db8::', mask: 32 })), 'v6net');
  assert.equal(idx.overlaps(entries({ ipaddress: '2001:db8:5::', mask: 48 })), null);
});

test('overlaps: identical or partial overlap conflicts, nesting does not', () => {
  const idx = new NadIndex();
  idx.add('a', entries('10.1.1.0/24', '10.9.9.9'));
  idx.add('r', entries('10.2.2.10-20'));
  assert.equal(idx.overlaps(entries('10.1.1.0/24')), 'a');
  assert.equal(idx.overlaps(entries({ ipaddress: '10.1.1.99', mask: 24 })), 'a');
  assert.equal(idx.overlaps(entries('10.9.9.9')), 'a');
  assert.equal(idx.overlaps(entries('10.1.1.5')), null);
  assert.equal(idx.overlaps(entries('10.0.0.0/8')), null);
  assert.equal(idx.overlaps(entries('10.1.1.0/24'), 'a'), null, 'a device never conflicts with itself');
  assert.equal(idx.overlaps(entries('10.2.2.15-30')), 'r');
  assert.equal(idx.overlaps(entries('10.2.2.12-14')), null);
  assert.equal(idx.overlaps(entries('10.2.2.16/30')), null, '10.2.2.16-19 lies inside the range');
  assert.equal(idx.overlaps(entries('10.2.2.8/29')), 'r', '10.2.2.8-15 straddles the range start');
  assert.equal(idx.overlaps(entries('10.1.1.100-200')), null, 'range inside a subnet');
  assert.equal(idx.overlaps(entries('10.1.1.0-255')), 'a', 'same set as the /24');
  assert.equal(idx.overlaps(entries('10.1.0-1.*')), null, 'strictly contains the /24');
  assert.equal(idx.overlaps(entries('10.1.1.128-255.*'.replace('.*', ''))), null, 'upper half of the /24');
  assert.equal(idx.overlaps(entries('10.1.1-2.0-127')), 'a', 'crosses the /24 edge');
  const c = idx.conflict(entries('10.5.5.5', '10.2.2.10-20'));
  assert.ok(c !== null);
  assert.equal(c.deviceId, 'r');
  assert.equal(c.existing.ipaddress, '10.2.2.10-20');
});

test('add replaces a device, refuses conflicts atomically; remove cleans up', () => {
  const idx = new NadIndex();
  idx.add('a', entries('10.1.1.1', '10.1.1.0/24', '2001:db8::1'));
  idx.add('b', entries('10.2.2.2'));
  assert.equal(idx.size, 2);
  idx.add('a', entries('10.3.3.3'));
  assert.equal(idx.lookup('10.1.1.1'), undefined);
  assert.equal(idx.lookup('2001:db8::1'), undefined);
  assert.equal(idx.lookup('10.3.3.3'), 'a');
  assert.throws(() => idx.add('c', entries('10.9.9.9', '10.2.2.2')), (err: unknown) => err instanceof NadConflictError && err.conflict.deviceId === 'b');
  assert.equal(idx.lookup('10.9.9.9'), undefined, 'nothing of the refused device was indexed');
  assert.equal(idx.entriesOf('c'), undefined);
  assert.equal(idx.remove('b'), true);
  assert.equal(idx.remove('b'), false);
  assert.equal(idx.lookup('10.2.2.2'), undefined);
  idx.add('c', entries('10.2.2.2'));
  assert.equal(idx.lookup('10.2.2.2'), 'c');
  idx.add('dup', entries('10.7.7.7', '10.7.7.7'));
  idx.remove('dup');
  assert.equal(idx.lookup('10.7.7.7'), undefined);
});

test('hash table survives heavy churn (growth and backward-shift deletes)', () => {
  const idx = new NadIndex();
  const n = 5000;
  const addr = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  for (let i = 0; i < n; i++) idx.add(`d${i}`, entries(addr(i)));
  for (let i = 0; i < n; i += 2) idx.remove(`d${i}`);
  for (let i = 0; i < n; i++) assert.equal(idx.lookup(addr(i)), i % 2 ? `d${i}` : undefined, addr(i));
  for (let i = 0; i < n; i += 2) idx.add(`e${i}`, entries(addr(i)));
  for (let i = 0; i < n; i++) assert.equal(idx.lookup(addr(i)), i % 2 ? `d${i}` : `e${i}`);
});

test('lookup speed with 10,000 devices (reported, not asserted)', () => {
  const idx = new NadIndex();
  const hosts: string[] = [];
  for (let i = 0; i < 9000; i++) {
    const a = `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}`;
    hosts.push(a);
    idx.add(`host${i}`, entries(a));
  }
  for (let i = 0; i < 990; i++) idx.add(`net${i}`, entries(`172.${16 + (i >> 8)}.${i & 255}.0/24`));
  for (let i = 0; i < 10; i++) idx.add(`range${i}`, entries(`192.168.${i}.10-50`));
  assert.equal(idx.size, 10000);
  const probes = [...hosts.slice(0, 500), '172.16.3.77', '172.18.200.1', '192.168.4.20', '8.8.8.8', '10.0.0.250'];
  let hits = 0;
  for (let i = 0; i < 200_000; i++) if (idx.lookup(probes[i % probes.length]) !== undefined) hits++; // warm-up
  const rounds = 2_000_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) if (idx.lookup(probes[i % probes.length]) !== undefined) hits++;
  const ns = Number(process.hrtime.bigint() - t0) / rounds;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) if (idx.lookupV4(0x0a000001 + (i & 0xffff)) !== undefined) hits++;
  const nsInt = Number(process.hrtime.bigint() - t1) / rounds;
  console.log(`nad-index: IPv4 string lookup ${ns.toFixed(0)} ns, uint32 lookup ${nsInt.toFixed(0)} ns (10,000 devices, 10 ranges)`);
  assert.ok(hits > 0);
});
