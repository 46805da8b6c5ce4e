// RADIUS over real UDP for tests: one PAP Access-Request from a socket of
// its own (so a new source port, which SO_REUSEPORT may give to any of the
// node's RADIUS threads), and the sockets bound to a port.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { Code, decodeResponse, encodePacket, RadiusPacket } from '../../src/radius/codec.ts';

export interface PapRequest {
  port: number;
  secret: string;
  user: string;
  password: string;
  /** Identifier (low byte) and the audit-session-id suffix, when `auditSessionId` is set. */
  k?: number;
  nasIp?: string;
  /** Adds `audit-session-id=` + this prefix + k (12 digits). */
  auditSessionId?: string;
  timeoutMs?: number;
}

/** The verified reply's code, or 'timeout'. */
export async function papOnce(r: PapRequest): Promise<number | 'timeout'> {
  const k = r.k ?? 0;
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const p = new RadiusPacket(Code.AccessRequest, k & 0xff)
      .add('User-Name', r.user).add('User-Password', r.password).add('NAS-IP-Address', r.nasIp ?? '10.0.0.9');
    if (r.auditSessionId !== undefined) p.add('Cisco-AVPair', `audit-session-id=${r.auditSessionId}${String(k).padStart(12, '0')}`);
    const wire = encodePacket(p, r.secret, { messageAuthenticator: true });
    const reply = new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), r.timeoutMs ?? 1500);
      socket.once('message', (m) => { clearTimeout(timer); resolve(m); });
    });
    socket.send(wire, r.port, '127.0.0.1');
    const m = await reply;
    return m ? decodeResponse(m, r.secret, wire.subarray(4, 20)).code : 'timeout';
  } finally {
    socket.close();
  }
}

/** UDP sockets bound to `port` on this host (/proc/net/udp and udp6, port in hex). */
export function socketsOnPort(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const lines = ['/proc/net/udp', '/proc/net/udp6'].flatMap((f) => { try { return readFileSync(f, 'utf8').split('\n'); } catch { return []; } });
  return lines.filter((l) => /^\s*\d+:\s+[0-9A-F]+:([0-9A-F]{4})\s/.exec(l)?.[1] === hex).length;
}
