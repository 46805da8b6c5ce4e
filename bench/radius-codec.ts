// Decode/verify and encode rates of the RADIUS codec on typical packets.
// Run: node bench/radius-codec.ts [seconds per case]
import { attr, Code, createReply, decodePacket, encodePacket, RadiusPacket, verifyRequest } from '../src/radius/codec.ts';

const SECRET = Buffer.from('testing123');
const seconds = Number(process.argv[2] ?? 1);

// A MAB Access-Request from a Cisco switch with Message-Authenticator (~190 octets).
const request = new RadiusPacket(Code.AccessRequest, 1)
  .add('User-Name', '001122334455')
  .add('User-Password', '001122334455')
  .add('Service-Type', 'Call-Check')
  .add('Cisco-AVPair', 'service-type=Call Check')
  .add('Framed-MTU', 1500)
  .add('Calling-Station-Id', '00-11-22-33-44-55')
  .add('Called-Station-Id', '00-BE-75-B9-93-05')
  .add('Cisco-AVPair', 'audit-session-id=0A0000010000003858A1B2C3')
  .add('Cisco-AVPair', 'method=mab')
  .add('NAS-IP-Address', '10.0.0.1')
  .add('NAS-Port-Id', 'Gi1/0/5')
  .add('NAS-Port-Type', 'Ethernet')
  .add('NAS-Port', 50105);
const wire = encodePacket(request, SECRET, { messageAuthenticator: true });

// A PAP Access-Request of about 150 octets with Message-Authenticator.
const small = encodePacket(new RadiusPacket(Code.AccessRequest, 2)
  .add('User-Name', 'alice@example.com')
  .add('User-Password', 'correct horse')
  .add('NAS-IP-Address', '10.0.0.1')
  .add('NAS-Port', 50105)
  .add('Service-Type', 'Framed')
  .add('NAS-Port-Type', 'Ethernet')
  .add('Calling-Station-Id', '00-11-22-33-44-55')
  .add('Called-Station-Id', '00-BE-75-B9-93-05')
  .add('NAS-Identifier', 'sw-access-01'), SECRET, { messageAuthenticator: true });

const USER_NAME = attr('User-Name');
const SERVICE_TYPE = attr('Service-Type');
const CALLING = attr('Calling-Station-Id');
const NAS_PORT_TYPE = attr('NAS-Port-Type');
const NAS_IP = attr('NAS-IP-Address');

function run(name: string, fn: () => unknown): void {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  const us = ((performance.now() - start) * 1000) / n;
  console.log(`${name.padEnd(52)} ${(1e6 / us).toFixed(0).padStart(9)} ops/s  ${us.toFixed(2)} µs/op`);
}

console.log(`PAP Access-Request: ${small.length} octets`);
run('decode + verify + read 5 attributes + unhide password', () => {
  const p = decodePacket(small);
  verifyRequest(p, SECRET);
  return [p.getString(USER_NAME), p.getInt(SERVICE_TYPE), p.getString(CALLING), p.getInt(NAS_PORT_TYPE),
    p.getString(NAS_IP), p.getPassword(SECRET)];
});
console.log(`MAB Access-Request: ${wire.length} octets`);
run('decode', () => decodePacket(wire));
run('decode + verify Message-Authenticator', () => verifyRequest(decodePacket(wire), SECRET));
run('decode + verify + read 5 attributes', () => {
  const p = decodePacket(wire);
  verifyRequest(p, SECRET);
  return [p.getString(USER_NAME), p.getInt(SERVICE_TYPE), p.getString(CALLING), p.getInt(NAS_PORT_TYPE), p.getString(NAS_IP)];
});
run('decode + verify + 5 attributes by name + audit-session-id', () => {
  const p = decodePacket(wire);
  verifyRequest(p, SECRET);
  return [p.getString('User-Name'), p.getInt('Service-Type'), p.getString('Calling-Station-Id'),
    p.getInt('NAS-Port-Type'), p.getString('NAS-IP-Address'), p.getCiscoAvPair('audit-session-id')];
});
run('decode + verify + unhide User-Password', () => {
  const p = decodePacket(wire);
  verifyRequest(p, SECRET);
  return p.getPassword(SECRET);
});
const req = decodePacket(wire);
run('encode Access-Accept (MA first, VLAN, Class, 5 attributes)', () =>
  encodePacket(createReply(req, Code.AccessAccept)
    .add('Tunnel-Type', 'VLAN', { tag: 1 })
    .add('Tunnel-Medium-Type', 'IEEE-802', { tag: 1 })
    .add('Tunnel-Private-Group-Id', '100', { tag: 1 })
    .add('Class', 'CACS:0A0000010000003858A1B2C3:ise/1/2')
    .add('Session-Timeout', 28800), SECRET, { requestAuthenticator: req.authenticator }));
run('encode Access-Reject (MA only)', () =>
  encodePacket(createReply(req, Code.AccessReject), SECRET, { requestAuthenticator: req.authenticator }));
