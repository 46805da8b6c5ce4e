import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedEapMethods, checkMethod } from './allowed-protocols.ts';
import type { DownloadableAcl } from './dacl.ts';
import {
  daclAclName, daclAvPair, daclDownload, daclEntries, daclReplyOctets, isDaclRequest, nextDaclVersion, parseDaclRequestName,
} from './dacl.ts';
import { factoryAllowedProtocols, factoryDacls } from './factory-elements.ts';

const guest: DownloadableAcl = {
  id: 'd1', name: 'Guest_Internet_Only', daclType: 'IPV4', version: 0x5f8a1b2c,
  dacl: 'permit udp any eq bootpc any eq bootps\n deny ip any 10.0.0.0 0.255.255.255\n\n permit ip any any ',
};
const all = [...factoryDacls(), guest];
const find = (n: string) => all.find((d) => d.name === n);
const ACL_DOWNLOAD = ['aaa:service=ip_admission', 'aaa:event=acl-download'];

test('DACL names and AV-pair', () => {
  assert.equal(daclAclName(guest), '#ACSACL#-IP-Guest_Internet_Only-5f8a1b2c');
  assert.equal(daclAvPair(find('PERMIT_ALL_IPV6_TRAFFIC')!), 'ACS:CiscoSecure-Defined-ACL=#ACSACL#-IPV6-PERMIT_ALL_IPV6_TRAFFIC-5ef6daf2');
  assert.deepEqual(parseDaclRequestName('#ACSACL#-IP-Guest_Internet_Only-5f8a1b2c'), { family: 'IP', name: 'Guest_Internet_Only', version: 0x5f8a1b2c });
  assert.deepEqual(parseDaclRequestName('#ACSACL#-IPV6-A-B-0000000a'), { family: 'IPV6', name: 'A-B', version: 10 });
  assert.equal(parseDaclRequestName('#ACSACL#-IP-noversion'), null);
  assert.equal(isDaclRequest('#ACSACL#-IP-x-00000001'), true);
  assert.equal(isDaclRequest('alice'), false);
});

test('versions move forward with the clock, and stay monotonic', () => {
  const at = new Date('2020-10-16T22:21:32.700Z');
  assert.equal(nextDaclVersion(0, at), Math.floor(at.getTime() / 1000));
  assert.equal(nextDaclVersion(0x5f8a1cec, at), 0x5f8a1ced);
  assert.equal(nextDaclVersion(0x5f8a1ced, at), 0x5f8a1cee);
  assert.equal(nextDaclVersion(0x7fffffff, new Date('2020-01-01T00:00:00Z')), 0x80000000);
});

test('download reply: ip:inacl#n per trimmed line', () => {
  const r = daclDownload({ userName: daclAclName(guest), hasMessageAuthenticator: true, avPairs: ACL_DOWNLOAD }, find);
  assert.ok(r.ok);
  assert.deepEqual(r.attributes, [
    { name: 'Cisco-AVPair', value: 'ip:inacl#1=permit udp any eq bootpc any eq bootps' },
    { name: 'Cisco-AVPair', value: 'ip:inacl#2=deny ip any 10.0.0.0 0.255.255.255' },
    { name: 'Cisco-AVPair', value: 'ip:inacl#3=permit ip any any' },
  ]);
  assert.deepEqual(daclEntries(find('DENY_ALL_IPV6_TRAFFIC')!), ['ipv6:inacl#1=deny ipv6 any any']);
  assert.deepEqual(daclEntries({ daclType: 'IP_AGNOSTIC', dacl: 'permit ip any any\npermit ipv6 any any\ndeny tcp any host 2001:db8::1 eq 22' }), [
    'ip:inacl#1=permit ip any any', 'ipv6:inacl#1=permit ipv6 any any', 'ipv6:inacl#2=deny tcp any host 2001:db8::1 eq 22',
  ]);
  assert.equal(daclReplyOctets(guest), 3 * 8 + 'ip:inacl#1=permit udp any eq bootpc any eq bootps'.length + 'ip:inacl#2=deny ip any 10.0.0.0 0.255.255.255'.length + 'ip:inacl#3=permit ip any any'.length);
});

test('download failures: 11024, 11025, 11023, 11026', () => {
  const name = daclAclName(guest);
  const code = (userName: string, mac = true, avPairs = ACL_DOWNLOAD) => {
    const r = daclDownload({ userName, hasMessageAuthenticator: mac, avPairs }, find);
    return r.ok ? 0 : r.code;
  };
  assert.equal(code(name, false), 11024);
  assert.equal(code(name, true, ['aaa:service=ip_admission']), 11025);
  assert.equal(code('#ACSACL#-IP-Nope-00000001'), 11023);
  assert.equal(code('#ACSACL#-IPV6-Guest_Internet_Only-5f8a1b2c'), 11023);
  assert.equal(code('#ACSACL#-IP-Guest_Internet_Only-5f8a1b2b'), 11026);
  assert.equal(code(name), 0);
});

test('allowed protocols: method checks and refusal codes', () => {
  const [dna, admin] = factoryAllowedProtocols();
  for (const m of ['HostLookup', 'PAP', 'CHAP', 'MSCHAPv1', 'MSCHAPv2', 'EAP-MD5', 'EAP-TLS', 'LEAP', 'PEAP', 'EAP-FAST', 'EAP-TTLS', 'TEAP'] as const) {
    assert.equal(checkMethod(dna, m), null, m);
  }
  assert.equal(checkMethod({ ...dna, allowPapAscii: false }, 'PAP')?.code, 15024);
  assert.equal(checkMethod({ ...dna, allowChap: false }, 'CHAP')?.code, 15045);
  assert.equal(checkMethod({ ...dna, processHostLookup: false }, 'HostLookup')?.code, 11034);
  assert.equal(checkMethod({ ...dna, allowPeap: false }, 'PEAP')?.code, 12303);
  assert.equal(checkMethod({ ...dna, allowEapTls: false }, 'EAP-TLS')?.code, 12503);
  assert.equal(checkMethod(admin, 'PEAP')?.code, 11509);
  assert.deepEqual(allowedEapMethods({ ...dna, allowPreferredEapProtocol: true, preferredEapProtocol: 'EAP_TLS' }).slice(0, 2), ['EAP-TLS', 'PEAP']);
});
