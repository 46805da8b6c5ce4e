import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpEntry, IpEntryInput } from './ip.ts';
import {
  entriesConflict, entriesOverlap, entryContains, entryWithin, formatIpEntry, formatIpv4, formatIpv6,
  ipEntryText, parseIp, parseIpEntry, parseIpv4, parseIpv4Range, parseIpv6, parseSourceIp,
} from './ip.ts';

function entry(input: IpEntryInput): IpEntry {
  const r = parseIpEntry(input);
  if (!r.ok) throw new Error(`${JSON.stringify(input)}: ${r.error.field}: ${r.error.message}`);
  return r.value;
}
function error(input: IpEntryInput): { field: string; message: string } {
  const r = parseIpEntry(input);
  if (r.ok) throw new Error(`${JSON.stringify(input)} unexpectedly accepted`);
  return r.error;
}
const ip = (s: string) => { const a = parseIp(s); assert.ok(a, s); return a; };

test('IPv4 addresses', () => {
  assert.equal(parseIpv4('0.0.0.0'), 0);
  assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
  assert.equal(parseIpv4('10.1.2.3'), 0x0a010203);
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-4', '01.2.3.4', '1.2.3.04', '1..3.4', '1.2.3.4.', ' 1.2.3.4', '1.2.3.4/32', 'a.b.c.d', '1.2.3.1000']) {
    assert.equal(parseIpv4(bad), null, bad);
  }
  assert.equal(formatIpv4(0xc0a80101), '192.168.1.1');
});

test('IPv6 addresses: compression, embedded IPv4, RFC 5952 output', () => {
  const cases: Array<[string, string]> = [
    ['::', '::'],
    ['::1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::', '2001:db8::'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['fe80::0:0:1', 'fe80::1'],
    ['::ffff:10.1.1.1', '::ffff:10.1.1.1'],
    ['::FFFF:0a01:0101', '::ffff:10.1.1.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ];
  for (const [input, out] of cases) {
    const v = parseIpv6(input);
    assert.ok(v !== null, input);
    assert.equal(formatIpv6(v), out, input);
  }
  for (const bad of ['', ':', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1', '::1.2.3', '1.2.3.4::', '::1.2.3.4:5', 'fe80::1%eth0', '1:2:3:4:5:6:7::8', '::ffff:01.2.3.4']) {
    assert.equal(parseIpv6(bad), null, bad);
  }
});

test('parseIp and parseSourceIp', () => {
  assert.deepEqual(parseIp('10.0.0.1'), { family: 4, value: 0x0a000001 });
  assert.deepEqual(parseIp('::1'), { family: 6, value: 1n });
  assert.equal(parseIp('fe80::1%eth0'), null);
  assert.deepEqual(parseSourceIp('fe80::1%eth0'), { family: 6, value: (0xfe80n << 112n) | 1n });
  assert.deepEqual(parseSourceIp('::ffff:10.1.1.1'), { family: 4, value: 0x0a010101 });
  assert.equal(parseSourceIp('nonsense'), null);
});

test('entries: address + mask, host bits kept, mask as number or string', () => {
  const e = entry({ ipaddress: '10.1.1.5', mask: 24 });
  assert.equal(e.family, 4);
  assert.deepEqual(formatIpEntry(e), { ipaddress: '10.1.1.5', mask: 24 });
  assert.ok(e.family === 4 && e.prefix !== null && e.prefix.network === 0x0a010100 && e.prefix.length === 24);
  assert.equal(e.size, 256);
  assert.equal(entry({ ipaddress: '10.1.1.10', mask: '32' }).mask, 32);
  assert.equal(entry({ ipaddress: '10.1.1.10', mask: ' 16 ' }).mask, 16);
  assert.equal(entry({ ipaddress: '10.1.1.10' }).mask, 32);
  assert.equal(entry({ ipaddress: '10.1.1.10', mask: null }).mask, 32);
  assert.equal(entry({ ipaddress: '0.0.0.0', mask: 0 }).size, 2 ** 32);
  assert.equal(entry({ ipaddress: '10.1.1.0/24' }).mask, 24);
  assert.equal(entry({ ipaddress: '10.1.1.0/24', mask: 24 }).mask, 24);
  assert.equal(ipEntryText(entry({ ipaddress: '10.1.1.9', mask: 24 })), '10.1.1.9/24');
});

test('entries: IPv6 and IPv4-mapped', () => {
  const e = entry({ ipaddress: '2001:DB8::5', mask: 64 });
  assert.ok(e.family === 6);
  assert.equal(e.ipaddress, '2001:db8::5');
  assert.equal(e.network, 0x20010db8n << 96n);
  assert.equal(e.size, 1n << 64n);
  assert.equal(entry({ ipaddress: '2001:db8::1' }).mask, 128);
  assert.equal(ipEntryText(e), '2001:db8::5/64');
  const mapped = entry({ ipaddress: '::ffff:10.1.1.1', mask: 120 });
  assert.ok(mapped.family === 4);
  assert.deepEqual(formatIpEntry(mapped), { ipaddress: '10.1.1.1', mask: 24 });
  assert.equal(error({ ipaddress: '::ffff:10.1.1.1', mask: 64 }).field, 'mask');
});

test('entries: IPv4 octet ranges and exclusions', () => {
  const r = entry({ ipaddress: '10.1.1.1-10' });
  assert.ok(r.family === 4);
  assert.equal(r.prefix, null);
  assert.equal(r.size, 10);
  assert.deepEqual(formatIpEntry(r), { ipaddress: '10.1.1.1-10', mask: 32 });
  assert.equal(entry({ ipaddress: '10.*.1-20.10', mask: 32 }).size, 256 * 20);
  assert.equal(entry({ ipaddress: '192.1-23.*.100-150' }).size, 23 * 256 * 51);
  assert.equal(entry({ ipaddress: '10.1.0-255.5-5' }).ipaddress, '10.1.*.5');
  const wild = entry({ ipaddress: '10.1.1.*' });
  assert.ok(wild.family === 4 && wild.prefix !== null && wild.prefix.length === 24, 'a range that is a prefix is indexed as one');
  const ex = entry({ ipaddress: '10.10.1-255.*', exclude: '10.10.10-200.100-150' });
  assert.ok(ex.family === 4);
  assert.equal(ex.size, 255 * 256 - 191 * 51);
  assert.equal(ex.exclude, '10.10.10-200.100-150');
  assert.equal(ipEntryText(ex), '10.10.1-255.* exclude 10.10.10-200.100-150');
  assert.equal(entryContains(ex, ip('10.10.10.99')), true);
  assert.equal(entryContains(ex, ip('10.10.10.100')), false);
  assert.equal(entryContains(ex, ip('10.10.201.120')), true);
  assert.equal(entryContains(ex, ip('10.10.0.1')), false);
  const subnetEx = entry({ ipaddress: '10.2.0.0', mask: 16, exclude: '10.2.3.4' });
  assert.ok(subnetEx.family === 4 && subnetEx.prefix === null);
  assert.equal(subnetEx.size, 65535);
  assert.deepEqual(parseIpv4Range('1-5.*.7.9'), [1, 5, 0, 255, 7, 7, 9, 9]);
});

test('entries: rejected input names the field', () => {
  const cases: Array<[IpEntryInput, string]> = [
    [{}, 'ipaddress'],
    [{ ipaddress: '' }, 'ipaddress'],
    [{ ipaddress: 42 }, 'ipaddress'],
    [{ ipaddress: '10.1.1' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.256' }, 'ipaddress'],
    [{ ipaddress: 'switch.example.com' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.10-5' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.1-10.1.1.20' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.*/24' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.0/abc' }, 'ipaddress'],
    [{ ipaddress: '2001:db8::1-5' }, 'ipaddress'],
    [{ ipaddress: 'fe80::1%eth0' }, 'ipaddress'],
    [{ ipaddress: '10.1.1.1', mask: 33 }, 'mask'],
    [{ ipaddress: '10.1.1.1', mask: -1 }, 'mask'],
    [{ ipaddress: '10.1.1.1', mask: 24.5 }, 'mask'],
    [{ ipaddress: '10.1.1.1', mask: '24a' }, 'mask'],
    [{ ipaddress: '10.1.1.1', mask: true }, 'mask'],
    [{ ipaddress: '10.1.1.1-9', mask: 'x' }, 'mask'],
    [{ ipaddress: '2001:db8::', mask: 129 }, 'mask'],
    [{ ipaddress: '10.1.1.0/24', mask: 16 }, 'mask'],
    [{ ipaddress: '10.1.1.*', exclude: '10.1.2.1' }, 'exclude'],
    [{ ipaddress: '10.1.1.*', exclude: '10.1.1-2.1' }, 'exclude'],
    [{ ipaddress: '10.1.1.1-10', exclude: '10.1.1.*' }, 'exclude'],
    [{ ipaddress: '10.1.1.*', exclude: 'garbage' }, 'exclude'],
    [{ ipaddress: '10.1.1.*', exclude: 7 }, 'exclude'],
    [{ ipaddress: '2001:db8::', mask: 64, exclude: '10.1.1.1' }, 'exclude'],
  ];
  for (const [input, field] of cases) {
    const e = error(input);
    assert.equal(e.field, field, JSON.stringify(input));
    assert.ok(e.message.length > 0);
  }
});

test('containment', () => {
  const net = entry({ ipaddress: '10.1.1.0', mask: 24 });
  assert.equal(entryContains(net, ip('10.1.1.255')), true);
  assert.equal(entryContains(net, ip('10.1.2.0')), false);
  assert.equal(entryContains(net, ip('::ffff:10.1.1.1')), false, 'IPv6 text never matches an IPv4 entry; use parseSourceIp');
  const v6 = entry({ ipaddress: '2001:db8::', mask: 32 });
  assert.equal(entryContains(v6, ip('2001:db8:ffff::1')), true);
  assert.equal(entryContains(v6, ip('2001:db9::1')), false);
  assert.equal(entryContains(v6, ip('10.1.1.1')), false);
  assert.equal(entryContains(entry({ ipaddress: '::', mask: 0 }), ip('::1')), true);
});

test('overlap, nesting and conflict', () => {
  const e = (ipaddress: string, mask?: number, exclude?: string) => entry({ ipaddress, mask, exclude });
  const host = e('10.1.1.10'), net24 = e('10.1.1.0', 24), net16 = e('10.1.0.0', 16), other = e('10.2.0.0', 16);
  assert.equal(entriesOverlap(host, net24), true);
  assert.equal(entriesOverlap(net24, other), false);
  assert.equal(entryWithin(host, net24), true);
  assert.equal(entryWithin(net24, host), false);
  // nested prefixes may live on different devices; identical ones may not
  assert.equal(entriesConflict(host, net24), false);
  assert.equal(entriesConflict(net24, net16), false);
  assert.equal(entriesConflict(net24, e('10.1.1.77', 24)), true, 'host bits do not make a different subnet');
  assert.equal(entriesConflict(net24, other), false);
  // ranges: nested ok, identical or partial overlap not
  assert.equal(entriesConflict(e('10.1.1.1-10'), net24), false);
  assert.equal(entriesConflict(e('10.1.1.1-10'), e('10.1.1.5')), false);
  assert.equal(entriesConflict(e('10.1.1.1-10'), e('10.1.1.5-20')), true);
  assert.equal(entriesConflict(e('10.1.1.1-10'), e('10.1.1.1-10')), true);
  assert.equal(entriesConflict(e('10.1.1.1-10'), e('10.1.1.11-20')), false);
  assert.equal(entriesConflict(e('10.*.1.1'), e('10.1.*.*')), true, 'crossing wildcards');
  assert.equal(entriesConflict(e('10.1.1.*'), net24), true, 'same set written two ways');
  assert.equal(entriesConflict(e('10.1.1.0', 25), e('10.1.1.100-200')), true, 'range straddling a subnet edge');
  // exclusions: the excluded part belongs to nobody, so a device may take it
  const ex = e('10.10.1.*', 32, '10.10.1.100-150');
  assert.equal(entriesOverlap(ex, e('10.10.1.120')), false);
  assert.equal(entriesConflict(ex, e('10.10.1.100-150')), false);
  assert.equal(entriesConflict(ex, e('10.10.1.90-120')), true);
  assert.equal(entriesConflict(ex, e('10.10.1.50')), false);
  // IPv6
  const a = e('2001:db8::', 32), b = e('2001:db8:1::', 48), c = e('2001:db8::', 32);
  assert.equal(entriesOverlap(a, b), true);
  assert.equal(entriesConflict(a, b), false);
  assert.equal(entriesConflict(a, c), true);
  assert.equal(entriesOverlap(a, e('2001:db9::', 32)), false);
  assert.equal(entriesOverlap(a, net24), false, 'families never overlap');
});
