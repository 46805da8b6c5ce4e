// One Access-Request exchange as a NAS makes it (`test aaa`, radtest):
// a UDP socket connected to the server, so that only its answers arrive
// and an ICMP port-unreachable is seen; the same datagram (identifier and
// Request Authenticator unchanged, RFC 5080 §2.2.1) sent again after each
// timeout; the first reply with the request's identifier whose Response
// Authenticator and Message-Authenticator verify ends the exchange. Replies
// that do not verify are discarded as RFC 2865 §3 says, and counted.
import dgram, { type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { isAccessReply } from './codes.ts';
import { decodePacket, verifyResponse } from './decode.ts';
import { encodePacket } from './encode.ts';
import { RadiusError } from './errors.ts';
import type { RadiusPacket } from './packet.ts';

export interface LocalAddress {
  /** The address the server sees the request come from. */
  address: string;
  family: 4 | 6;
}

export interface AccessExchangeOptions {
  /** Server IP address (a literal, not a name). */
  address: string;
  port: number;
  /** Local address to send from; the system's choice when absent. */
  source?: string;
  secret: Buffer;
  /** Wait per transmission. */
  timeoutMs: number;
  /** Transmissions after the first. */
  retries: number;
  /** Builds the Access-Request once the local address is known (for NAS-IP-Address). */
  build: (local: LocalAddress) => RadiusPacket;
}

export type AccessExchange =
  | {
    outcome: 'reply';
    request: RadiusPacket;
    /** Decoded and verified. */
    reply: RadiusPacket;
    /** From the last transmission to the reply. */
    rttMs: number;
    attempts: number;
    invalidReplies: number;
  }
  | {
    outcome: 'timeout';
    attempts: number;
    invalidReplies: number;
    /** Why the last discarded reply was discarded. */
    detail?: string;
  }
  | { outcome: 'error'; attempts: number; invalidReplies: number; detail: string };

function connect(socket: Socket, port: number, address: string, source: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    const connectTo = (): void => {
      socket.connect(port, address, () => {
        socket.off('error', reject);
        resolve();
      });
    };
    if (source === undefined) connectTo();
    else socket.bind({ address: source, port: 0 }, connectTo);
  });
}

function whyDiscarded(e: Error): string {
  if (e instanceof RadiusError) {
    if (e.reason === 'bad_response_authenticator') return 'its Response Authenticator does not verify (wrong shared secret?)';
    if (e.reason === 'bad_message_authenticator') return 'its Message-Authenticator does not verify (wrong shared secret?)';
    return `it is malformed (${e.message})`;
  }
  return e.message;
}

/** Sends one Access-Request and waits, bounded, for its verified reply. */
export async function exchangeAccessRequest(o: AccessExchangeOptions): Promise<AccessExchange> {
  const family = isIP(o.address);
  if (family !== 4 && family !== 6) return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: `'${o.address}' is not an IP address` };
  if (o.source !== undefined && isIP(o.source) !== family) {
    return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: `source '${o.source}' is not an IPv${family} address like the server's` };
  }
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    await connect(socket, o.port, o.address, o.source);
  } catch (e) {
    socket.close();
    return { outcome: 'error', attempts: 0, invalidReplies: 0, detail: `cannot reach ${o.address}:${o.port}: ${(e as Error).message}` };
  }
  const local = socket.address();
  let request: RadiusPacket;
  let datagram: Buffer;
  try {
    request = o.build({ address: local.address, family });
    datagram = encodePacket(request, o.secret, { messageAuthenticator: true });
  } catch (e) {
    socket.close();
    throw e;
  }
  const requestAuthenticator = request.authenticator!;

  return new Promise<AccessExchange>((resolve) => {
    let attempts = 0;
    let invalidReplies = 0;
    let lastInvalid: string | undefined;
    let sentAt = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;

    const finish = (result: AccessExchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const transmit = (): void => {
      attempts++;
      sentAt = performance.now();
      socket.send(datagram, (err) => {
        if (err) finish({ outcome: 'error', attempts, invalidReplies, detail: `send to ${o.address}:${o.port} failed: ${err.message}` });
      });
      timer = setTimeout(() => {
        if (attempts <= o.retries) transmit();
        else finish({ outcome: 'timeout', attempts, invalidReplies, ...(lastInvalid !== undefined && { detail: lastInvalid }) });
      }, o.timeoutMs);
    };

    socket.on('error', (err: NodeJS.ErrnoException) => {
      const detail = err.code === 'ECONNREFUSED'
        ? `${o.address}:${o.port} answered ICMP port unreachable: nothing listens there`
        : `${o.address}:${o.port}: ${err.message}`;
      finish({ outcome: 'error', attempts, invalidReplies, detail });
    });
    socket.on('message', (msg) => {
      const rttMs = performance.now() - sentAt;
      if (msg.length < 20 || msg[1] !== request.identifier) return; // an answer to some other request
      try {
        const reply = decodePacket(msg);
        if (!isAccessReply(reply.code)) throw new Error(`code ${reply.code} does not answer an Access-Request`);
        verifyResponse(reply, o.secret, requestAuthenticator);
        finish({ outcome: 'reply', request, reply, rttMs, attempts, invalidReplies });
      } catch (e) {
        invalidReplies++;
        lastInvalid = whyDiscarded(e as Error);
      }
    });
    transmit();
  });
}
