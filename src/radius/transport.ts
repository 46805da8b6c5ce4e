// UDP listeners for RADIUS authentication and accounting. The transport
// receives datagrams, asks a resolver which network device sent them, and
// drops (counted, logged at most once per interval per source) what no
// configured device sent; accepted datagrams go to the packet handler.
import dgram, { type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from 'pino';

export interface RadiusClient {
  id: string;
  name: string;
  secret: Buffer;
  /** Drop Access-Requests without a valid Message-Authenticator (Blast-RADIUS defence). */
  requireMessageAuthenticator?: boolean;
  /** Network device groups, full `Root#…` names. */
  groups?: readonly string[];
  coaPort?: number;
  /** Network device profile (`Cisco` unless set). */
  profileName?: string;
}

export interface ClientResolver {
  /** The network device configured for this source address, if any. */
  resolve(address: string): RadiusClient | undefined;
}

export type PacketHandler = (msg: Buffer, from: RemoteInfo, client: RadiusClient, reply: (out: Buffer) => void, local: string) => void;

export interface DropCounters {
  unknownClient: number;
  [reason: string]: number;
}

const LOG_INTERVAL_MS = 60_000;
/**
 * Receive buffer asked for on every RADIUS socket: room for a few thousand
 * queued requests when a NAD or a controller sends a burst (after a reboot,
 * a WLC reconnecting its clients) while a thread is busy; Linux's default
 * (net.core.rmem_default, 208 KiB) holds little over a hundred. The kernel
 * caps it at net.core.rmem_max.
 */
export const RECV_BUFFER_BYTES = 4 << 20;

export class RadiusListener {
  readonly name: string;
  readonly drops: DropCounters = { unknownClient: 0 };
  received = 0;
  #socket?: Socket;
  #local = '';
  readonly #resolver: ClientResolver;
  readonly #handler: PacketHandler | undefined;
  readonly #log: Logger;
  readonly #lastLogged = new Map<string, number>();
  /** Called for every datagram from an address no network device matches. */
  onUnknownClient?: (address: string, msg: Buffer) => void;

  constructor(name: string, resolver: ClientResolver, handler: PacketHandler | undefined, log: Logger) {
    this.name = name;
    this.#resolver = resolver;
    this.#handler = handler;
    this.#log = log;
  }

  /** Binds; `0.0.0.0` listens on IPv4 and IPv6 where the host has IPv6. Resolves to the bound port. */
  async listen(bind: string, port: number, opts: { reusePort?: boolean } = {}): Promise<number> {
    const dual = bind === '0.0.0.0' || bind === '::';
    const reusePort = opts.reusePort === true;
    try {
      this.#socket = await this.#bind(dual || bind.includes(':') ? 'udp6' : 'udp4', dual ? '::' : bind, port, reusePort);
    } catch (err) {
      if (!dual || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
      this.#socket = await this.#bind('udp4', '0.0.0.0', port, reusePort); // no IPv6 on this host
    }
    this.#local = this.#socket.address().address;
    return this.#socket.address().port;
  }

  /** With `reusePort` several sockets (threads) share the port; the kernel keeps each source address and port on one of them. */
  #bind(type: 'udp4' | 'udp6', address: string, port: number, reusePort: boolean): Promise<Socket> {
    const socket = dgram.createSocket({ type, ipv6Only: false, reusePort, recvBufferSize: RECV_BUFFER_BYTES });
    socket.on('message', (msg, from) => this.#receive(socket, msg, from));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address }, () => {
        socket.off('error', reject);
        socket.on('error', (err) => this.#log.error({ err, listener: this.name }, 'radius socket error'));
        resolve(socket);
      });
    });
  }

  #receive(socket: Socket, msg: Buffer, from: RemoteInfo): void {
    this.received++;
    const address = from.address.startsWith('::ffff:') ? from.address.slice(7) : from.address;
    const client = this.#resolver.resolve(address);
    if (!client) {
      this.drop('unknownClient', address, `${this.name}: request from unknown client ${address} dropped (no network device matches)`);
      this.onUnknownClient?.(address, msg);
      return;
    }
    this.#handler?.(msg, from, client, (out) => socket.send(out, from.port, from.address), this.#local);
  }

  /** The socket's receive buffer as the kernel granted it (bytes; Linux reports twice what was set, its bookkeeping included). */
  get recvBufferSize(): number {
    return this.#socket?.getRecvBufferSize() ?? 0;
  }

  /** Counts a dropped datagram; logs it at most once per interval per reason and source. */
  drop(reason: string, source: string, message: string): void {
    this.drops[reason] = (this.drops[reason] ?? 0) + 1;
    const key = `${reason}|${source}`;
    const now = Date.now();
    if ((this.#lastLogged.get(key) ?? 0) + LOG_INTERVAL_MS > now) return;
    this.#lastLogged.set(key, now);
    if (this.#lastLogged.size > 10_000) this.#lastLogged.clear();
    this.#log.warn({ listener: this.name, reason, source, dropped: this.drops[reason] }, message);
  }

  async close(): Promise<void> {
    const s = this.#socket;
    this.#socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
