// The floor under any RADIUS server written on Node's dgram: answers every
// datagram at once with a 20-octet Access-Accept carrying the request's
// Identifier, without decoding, looking anything up or computing an
// authenticator (radload checks codes, not authenticators). bench/radius.ts
// measures it beside Gatehouse and FreeRADIUS with the same generator, so
// the run shows how much of the per-request cost is the runtime's UDP path.
//   node bench/udp-echo.ts PORT
import dgram from 'node:dgram';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node bench/udp-echo.ts PORT');
  process.exit(2);
}
const socket = dgram.createSocket('udp4');
socket.on('message', (msg, from) => {
  if (msg.length < 20) return;
  const reply = Buffer.allocUnsafe(20);
  msg.copy(reply, 0, 0, 20);
  reply[0] = 2;
  reply.writeUInt16BE(20, 2);
  socket.send(reply, from.port, from.address);
});
socket.bind(port, '127.0.0.1');
process.on('SIGTERM', () => socket.close(() => process.exit(0)));
