import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nasAddressAttribute, parseAttrOption, parseIntOption, parseMacOption, parseServer } from './radtest-args.ts';

test('server: name, IPv4, IPv6, with or without a port', () => {
  assert.deepEqual(parseServer('ise.example.com'), { host: 'ise.example.com' });
  assert.deepEqual(parseServer('10.0.0.5:1645'), { host: '10.0.0.5', port: 1645 });
  assert.deepEqual(parseServer('2001:db8::5'), { host: '2001:db8::5' });
  assert.deepEqual(parseServer('[2001:db8::5]'), { host: '2001:db8::5' });
  assert.deepEqual(parseServer('[::1]:18120'), { host: '::1', port: 18120 });
  for (const bad of ['', ':1812', '10.0.0.5:0', '10.0.0.5:65536', '10.0.0.5:x', '[10.0.0.5]:1812', '2001:db8::5::1', 'a b']) {
    assert.throws(() => parseServer(bad), /server/, bad);
  }
});

test('integers within bounds, the flag named in the error', () => {
  assert.equal(parseIntOption('--timeout', '2500', 1, 600000), 2500);
  assert.equal(parseIntOption('--retries', '0', 0, 20), 0);
  for (const bad of ['', '-1', '1.5', '1e3', '21', 'ten']) assert.throws(() => parseIntOption('--retries', bad, 0, 20), /^Error: --retries: /, bad);
});

test('MAC in the notations Cisco devices and ISE use, every form returned', () => {
  const expected = { colon: '00:11:22:AA:BB:CC', dash: '00-11-22-AA-BB-CC', dot: '0011.22aa.bbcc', bare: '001122aabbcc' };
  for (const mac of ['00:11:22:aa:bb:cc', '00-11-22-AA-BB-CC', '0011.22aa.bbcc', '001122AABBCC', ' 001122aabbcc ']) {
    assert.deepEqual(parseMacOption(mac), expected, mac);
  }
  for (const bad of ['00:11:22:aa:bb', '00:11-22:aa:bb:cc', '0011:22aa:bbcc', 'g01122aabbcc']) {
    assert.throws(() => parseMacOption(bad), /^Error: --mac: /, bad);
  }
});

test('NAS address: IPv4 to NAS-IP-Address, IPv6 to NAS-IPv6-Address', () => {
  assert.equal(nasAddressAttribute('10.0.0.2'), 'NAS-IP-Address');
  assert.equal(nasAddressAttribute('2001:db8::2'), 'NAS-IPv6-Address');
  assert.throws(() => nasAddressAttribute('switch1'), /--nas-ip/);
});

test('--attr NAME=VALUE: standard, enumerated, tagged and vendor attributes', () => {
  const a = parseAttrOption('Service-Type=Framed-User');
  assert.deepEqual([a.def.name, a.tag, a.value], ['Service-Type', 0, 'Framed-User']);
  const avpair = parseAttrOption('Cisco-AVPair=audit-session-id=0A0000020000002A11223344');
  assert.deepEqual([avpair.def.name, avpair.def.vendor, avpair.value], ['Cisco-AVPair', 9, 'audit-session-id=0A0000020000002A11223344']);
  assert.equal(parseAttrOption('cisco-av-pair = method=mab').value, 'method=mab');
  const vlan = parseAttrOption('Tunnel-Private-Group-Id:1=100');
  assert.deepEqual([vlan.def.name, vlan.tag, vlan.value], ['Tunnel-Private-Group-Id', 1, '100']);
  assert.equal(parseAttrOption('Reply-Message = "a \\"quoted\\" text"').value, 'a "quoted" text');
  assert.deepEqual(parseAttrOption('State=0x0102ff').value, Buffer.from('0102ff', 'hex'));
  assert.equal(parseAttrOption('Framed-IP-Address=10.1.2.3').value, '10.1.2.3');
  assert.equal(parseAttrOption('Vendor-311-Attr-99=0x00').def.vendor, 311);
});

test('--attr refusals name the option and the reason', () => {
  const cases: [string, RegExp][] = [
    ['Nonsense-Attribute=1', /unknown attribute Nonsense-Attribute/],
    ['NAS-Port=abc', /NAS-Port: abc is not an integer/],
    ['Service-Type=Bogus', /Service-Type/],
    ['Framed-IP-Address=10.1.2', /not an IPv4 address/],
    ['User-Name:1=alice', /bad tag 1/],
    ['Reply-Message="unterminated', /not a valid JSON string/],
    ['no-equals-sign', /cannot parse/],
    ['Message-Authenticator=0x00', /always sent/],
  ];
  for (const [text, why] of cases) {
    assert.throws(() => parseAttrOption(text), (e: Error) => e.message.startsWith(`--attr '${text}': `) && why.test(e.message), text);
  }
});
