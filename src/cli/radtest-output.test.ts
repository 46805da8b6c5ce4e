import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeLines, replyAttributes, replyJson, summaryLine } from './radtest-output.ts';
import { Code, decodePacket, encodePacket, RadiusPacket } from '../radius/codec.ts';

const SECRET = 'testing123';
const REQUEST_AUTH = Buffer.alloc(16, 7);

/** An Access-Accept as it arrives: encoded with Message-Authenticator, then decoded. */
function accept(build: (p: RadiusPacket) => void, code: number = Code.AccessAccept): RadiusPacket {
  const p = new RadiusPacket(code, 17);
  build(p);
  return decodePacket(encodePacket(p, SECRET, { requestAuthenticator: REQUEST_AUTH }));
}

test('reply attributes: tags, enumerated names, vendor names, Class as text, hidden values as hex; no Message-Authenticator or User-Password line', () => {
  const reply = accept((p) => p
    .add('User-Name', 'alice')
    .add('User-Password', 'never-shown')
    .add('Class', 'CACS:0A000002000000051122AABB:gatehouse/1/5')
    .add('Tunnel-Type', 'VLAN', { tag: 1 })
    .add('Tunnel-Medium-Type', 'IEEE-802', { tag: 1 })
    .add('Tunnel-Private-Group-Id', '100', { tag: 1 })
    .add('Tunnel-Password', 's3cret', { tag: 1 })
    .add('Session-Timeout', 28800)
    .add('Termination-Action', 'RADIUS-Request')
    .add('State', Buffer.from([0, 1, 2, 0xff]))
    .add('Framed-IP-Address', '10.1.2.3')
    .add('Cisco-AVPair', 'device-traffic-class=voice')
    .add('Airespace-ACL-Name', 'BLACKHOLE'));
  const lines = attributeLines(reply);
  assert.deepEqual(lines.filter((l) => !l.startsWith('Tunnel-Password')), [
    'User-Name = "alice"',
    'Class = "CACS:0A000002000000051122AABB:gatehouse/1/5"',
    'Tunnel-Type:1 = VLAN',
    'Tunnel-Medium-Type:1 = IEEE-802',
    'Tunnel-Private-Group-Id:1 = "100"',
    'Session-Timeout = 28800',
    'Termination-Action = RADIUS-Request',
    'State = 0x000102ff',
    'Framed-IP-Address = 10.1.2.3',
    'Cisco-AVPair = "device-traffic-class=voice"',
    'Airespace-ACL-Name = "BLACKHOLE"',
  ]);
  const hidden = lines.find((l) => l.startsWith('Tunnel-Password'))!;
  assert.match(hidden, /^Tunnel-Password:1 = 0x[0-9a-f]+$/);
  assert.ok(!lines.join('\n').includes('s3cret') && !lines.join('\n').includes('never-shown'));

  const attrs = replyAttributes(reply);
  assert.deepEqual(attrs.find((a) => a.name === 'Tunnel-Private-Group-Id'), { name: 'Tunnel-Private-Group-Id', tag: 1, value: '100' });
  assert.deepEqual(attrs.find((a) => a.name === 'Cisco-AVPair'), { name: 'Cisco-AVPair', vendor: 'Cisco', value: 'device-traffic-class=voice' });
  assert.deepEqual(attrs.find((a) => a.name === 'Session-Timeout'), { name: 'Session-Timeout', value: 28800 });
  assert.equal(attrs.some((a) => a.name === 'Message-Authenticator' || a.name === 'User-Password'), false);
});

test('summary line and JSON document', () => {
  const reply = accept((p) => p.add('Reply-Message', 'try again'), Code.AccessReject);
  const s = { address: '127.0.0.1', port: 1812, reply, rttMs: 3.24, attempts: 1 };
  assert.equal(summaryLine(s), 'Access-Reject from 127.0.0.1:1812 (id 17, 3.2 ms)');
  assert.equal(summaryLine({ ...s, address: '2001:db8::5', attempts: 2 }), 'Access-Reject from [2001:db8::5]:1812 (id 17, 3.2 ms, attempt 2)');
  assert.deepEqual(replyJson(s), {
    code: 'Access-Reject', server: '127.0.0.1', port: 1812, id: 17, rttMs: 3.2, attempts: 1, messageAuthenticator: true,
    attributes: [{ name: 'Reply-Message', value: 'try again' }],
  });
});
