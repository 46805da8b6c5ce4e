// A server-side TLS connection run by EAP instead of a socket: Node's
// tls.TLSSocket over an in-memory duplex. TLS records from the peer are
// pushed in; the records OpenSSL writes back, and the decrypted
// application data, are collected until the connection has nothing more
// to say for now (no event for two turns of the event loop).
import { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';

/** Turns of the event loop without any TLS activity after which a step is over. */
const QUIET_TURNS = 2;
/** Bound on the turns one step may take, whatever the TLS engine does. */
const MAX_TURNS = 500;

export interface TlsPumpOptions {
  secureContext: SecureContext;
  /** Ask the peer for a certificate (EAP-TLS). */
  requestCert: boolean;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TlsPump {
  readonly #raw: Duplex;
  readonly #socket: TLSSocket;
  #out: Buffer[] = [];
  #app: Buffer[] = [];
  #events = 0;
  #established = false;
  #error: Error | undefined;
  #closed = false;

  constructor(options: TlsPumpOptions) {
    this.#raw = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _encoding, callback) => {
        this.#out.push(chunk);
        this.#events++;
        callback();
      },
    });
    this.#raw.on('error', () => undefined);
    this.#socket = new TLSSocket(this.#raw, {
      isServer: true,
      secureContext: options.secureContext,
      requestCert: options.requestCert,
      // The chain is checked by Gatehouse's own validation, which knows ISE's failure codes.
      rejectUnauthorized: false,
    });
    this.#socket.on('secure', () => {
      this.#established = true;
      this.#events++;
    });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#app.push(chunk);
      this.#events++;
    });
    this.#socket.on('error', (err: Error) => {
      this.#error ??= err;
      this.#events++;
    });
    this.#socket.on('close', () => {
      this.#closed = true;
      this.#events++;
    });
  }

  /** Handshake finished (a resumed one included). */
  get established(): boolean {
    return this.#established;
  }

  /** The first TLS error (alert from the peer, bad record, …), if any. */
  get error(): Error | undefined {
    return this.#error;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** `TLSv1.2` or `TLSv1.3` once negotiated. */
  get protocol(): string | null {
    return this.#socket.getProtocol();
  }

  get resumed(): boolean {
    return this.#socket.isSessionReused();
  }

  get cipher(): string {
    const c = this.#socket.getCipher();
    return c ? (c.standardName ?? c.name) : '';
  }

  /** Hands records from the peer to TLS and waits for its answer. */
  async feed(records: Buffer): Promise<void> {
    if (this.#closed || this.#error) return;
    this.#raw.push(records);
    await this.#settle();
  }

  /** Encrypts application data for the peer and waits for the records. */
  async write(data: Buffer): Promise<void> {
    if (this.#closed || this.#error) return;
    this.#socket.write(data);
    await this.#settle();
  }

  /** Records to send to the peer, emptied. */
  takeOutput(): Buffer {
    const out = this.#out.length === 1 ? this.#out[0] : Buffer.concat(this.#out);
    this.#out = [];
    return out;
  }

  /** Application data received from the peer, emptied. */
  takeApplicationData(): Buffer {
    const app = this.#app.length === 1 ? this.#app[0] : Buffer.concat(this.#app);
    this.#app = [];
    return app;
  }

  /** RFC 5705 exporter (the TLS PRF for 1.2, HKDF-based for 1.3). */
  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer {
    // Without a context argument OpenSSL exports with no context at all, which for TLS 1.2 differs from an empty one.
    const exporter = this.#socket.exportKeyingMaterial as (length: number, label: string, context?: Buffer) => Buffer;
    return exporter.call(this.#socket, length, label, context);
  }

  /** The peer's certificate (DER), kept in the session when it was resumed. */
  peerLeaf(): Buffer | undefined {
    return this.#socket.getPeerX509Certificate()?.raw;
  }

  /**
   * The peer's certificates as DER, leaf first: the chain it sent, as far
   * as OpenSSL keeps it (a resumed session keeps the leaf only). Costlier
   * than the leaf alone: every certificate is converted to an object.
   */
  peerCertificates(): Buffer[] {
    const out: Buffer[] = [];
    let cert = this.#socket.getPeerCertificate(true);
    while (cert && cert.raw && !out.some((c) => c.equals(cert.raw))) {
      out.push(cert.raw);
      cert = cert.issuerCertificate;
    }
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
    this.#raw.destroy();
  }

  async #settle(): Promise<void> {
    let quiet = 0;
    let seen = this.#events;
    for (let i = 0; i < MAX_TURNS && quiet < QUIET_TURNS; i++) {
      await turn();
      if (this.#events === seen) quiet++;
      else {
        quiet = 0;
        seen = this.#events;
      }
    }
  }
}
