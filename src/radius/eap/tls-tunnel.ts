// What EAP-TLS, PEAP and EAP-TTLS share: the Start message, reassembly of
// the peer's fragments (each acknowledged), fragmentation of ours (each
// released by the peer's acknowledgement), the TLS handshake on Node's TLS
// stack, the keys from the TLS exporter, and the hooks through which each
// method handles the finished handshake, application data and the peer's
// acknowledgements.
import type { SecureContext } from 'node:tls';
import { EAP_FAILURE, EAP_STEP } from './codes.ts';
import { failed, request, type EapMethod, type Failure, type MethodEnv, type MethodInfo, type MethodName, type MethodStep } from './method.ts';
import { EapError } from './packet.ts';
import { Fragmenter, Reassembly, TLS_FLAG_MORE, TLS_FLAG_START, buildTlsFrame, parseTlsFrame, tlsAck } from './tls-framing.ts';
import { TlsPump } from './tls-pump.ts';

export interface TlsSettings {
  context: SecureContext;
  /** Most TLS octets in one EAP message (lowered to fit Framed-MTU). */
  fragmentSize: number;
  /** TLS Message Length in every message, not only in the first of several fragments. */
  lengthAlways: boolean;
  /** Largest TLS message accepted from the peer. */
  maxMessage: number;
}

/** EAP-Type + Flags + TLS Message Length: what an EAP packet adds to the TLS data. */
const EAP_TLS_OVERHEAD = 10;
const MIN_FRAGMENT = 64;

/** Alerts a supplicant sends when it does not accept the server certificate. */
const CERTIFICATE_ALERTS = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED)$/;

export abstract class TlsTunnel implements EapMethod {
  abstract readonly type: number;
  abstract readonly name: MethodName;
  abstract readonly info: MethodInfo;
  abstract readonly timeoutFailure: Failure;
  protected readonly pump: TlsPump;
  readonly #settings: TlsSettings;
  readonly #rx: Reassembly;
  #tx: Fragmenter | undefined;
  #established = false;
  /** PEAP/TTLS version in use (0). */
  protected readonly version = 0;

  constructor(settings: TlsSettings, requestCert: boolean) {
    this.#settings = settings;
    this.#rx = new Reassembly(settings.maxMessage);
    this.pump = new TlsPump({ secureContext: settings.context, requestCert });
  }

  /** Failure when the TLS layer fails; `clientRejected` when the peer refused the server certificate. */
  protected abstract tlsFailure(clientRejected: boolean): Failure;
  /** The handshake just finished; a step ends the method, undefined sends what TLS has to send. */
  protected abstract onEstablished(env: MethodEnv): Promise<MethodStep | undefined>;
  /** Decrypted application data from the peer. */
  protected abstract onApplicationData(data: Buffer, env: MethodEnv): Promise<MethodStep | undefined>;
  /** The peer acknowledged our last message and has nothing to send. */
  protected abstract onAck(env: MethodEnv): Promise<MethodStep>;
  /** The peer's message left TLS with nothing to send back. */
  protected abstract onIdle(env: MethodEnv): Promise<MethodStep>;

  protected get established(): boolean {
    return this.#established;
  }

  start(env: MethodEnv): MethodStep {
    env.step(EAP_STEP.tlsStarted);
    return request(buildTlsFrame(TLS_FLAG_START, this.version, Buffer.alloc(0)));
  }

  async process(data: Buffer, env: MethodEnv): Promise<MethodStep> {
    let message: Buffer | undefined;
    try {
      const frame = parseTlsFrame(data);
      if ((frame.flags & TLS_FLAG_START) !== 0) return failed(EAP_FAILURE.invalidPayload);
      if (this.#tx?.pending) {
        // Only an acknowledgement may come while our fragments are outstanding.
        if (frame.data.length !== 0 || (frame.flags & TLS_FLAG_MORE) !== 0) return failed(EAP_FAILURE.invalidPayload);
        return request(this.#tx.next());
      }
      message = this.#rx.add(frame);
    } catch (e) {
      if (e instanceof EapError) return failed(EAP_FAILURE.invalidPayload);
      throw e;
    }
    if (message === undefined) return request(tlsAck(this.version));
    if (message.length === 0) return this.onAck(env);
    await this.pump.feed(message);
    return this.afterTls(env);
  }

  /** Checks the TLS state after input, runs the hooks, and sends what TLS produced. */
  protected async afterTls(env: MethodEnv): Promise<MethodStep> {
    const err = this.pump.error;
    if (err) return failed(this.tlsFailure(CERTIFICATE_ALERTS.test(String((err as NodeJS.ErrnoException).code ?? ''))));
    if (!this.#established && this.pump.established) {
      this.#established = true;
      env.step(EAP_STEP.tlsHandshakeSucceeded);
      this.info.tls = { version: this.pump.protocol ?? '', cipher: this.pump.cipher, resumed: this.pump.resumed };
      const step = await this.onEstablished(env);
      if (step) return step;
    }
    if (this.#established) {
      const app = this.pump.takeApplicationData();
      if (app.length > 0) {
        const step = await this.onApplicationData(app, env);
        if (step) return step;
      }
    }
    return this.flush(env);
  }

  /** Sends what TLS has produced (first fragment), or asks the method what to do when there is nothing. */
  protected async flush(env: MethodEnv): Promise<MethodStep> {
    if (this.pump.error) return failed(this.tlsFailure(false));
    const out = this.pump.takeOutput();
    if (out.length === 0) return this.onIdle(env);
    const size = Math.max(MIN_FRAGMENT, Math.min(this.#settings.fragmentSize, env.mtu ? env.mtu - EAP_TLS_OVERHEAD : Infinity));
    this.#tx = new Fragmenter(out, size, this.version, this.#settings.lengthAlways);
    return request(this.#tx.next());
  }

  /** Encrypts application data for the peer and sends the records. */
  protected async send(data: Buffer, env: MethodEnv): Promise<MethodStep> {
    await this.pump.write(data);
    return this.flush(env);
  }

  /**
   * The 128 octets of TLS keying material: TLS 1.2 exports `label` (RFC
   * 5216 §2.3, RFC 5281 §8); TLS 1.3 exports "EXPORTER_EAP_TLS_Key_Material"
   * with the EAP type as context (RFC 9190 §2.3, RFC 9427 §2.1). TLS 1.3
   * exports depend on the length asked for: always 128, as peers do.
   */
  protected keyMaterial(label: string): Buffer {
    return this.pump.protocol === 'TLSv1.3'
      ? this.pump.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', Buffer.of(this.type))
      : this.pump.exportKeyingMaterial(128, label);
  }

  /** The 64-octet MSK: the first half of the keying material. */
  protected msk(label: string): Buffer {
    return Buffer.from(this.keyMaterial(label).subarray(0, 64));
  }

  close(): void {
    this.pump.close();
  }
}
