// PEAPv0 (MS-PEAP): a server-authenticated TLS tunnel, then inside it an
// EAP conversation whose packets travel without their four-octet EAP header
// (Identity, then EAP-MSCHAPv2), closed by the Extensions method's Result
// TLV (full header) that the peer must confirm before the outer
// EAP-Success. The MSK is the TLS key material ("client EAP encryption").
import { EAP_FAILURE, EAP_STEP } from '../codes.ts';
import { failed, type EapMethod, type Failure, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';
import { EapCode, EapType, encodeEap, identityOf, EapError } from '../packet.ts';
import { TlsTunnel, type TlsSettings } from '../tls-tunnel.ts';
import { MschapV2Method } from './mschapv2.ts';

/** Result TLV (MS-PEAP §2.2.8.1.1): mandatory, type 3, two octets of status. */
const RESULT_TLV = 3;
const TLV_MANDATORY = 0x8000;
const TLV_TYPE_MASK = 0x3fff;
export const RESULT_SUCCESS = 1;
export const RESULT_FAILURE = 2;

export interface PeapOptions {
  serverName: string;
  /** Allowed protocols: PEAP with inner EAP-MSCHAPv2. */
  innerMschapV2: boolean;
}

type Phase = 'tunnel' | 'identity' | 'inner' | 'result';

/** The Extensions Request carrying one Result TLV. */
export function resultTlvRequest(id: number, status: number): Buffer {
  const tlv = Buffer.from([0x80, RESULT_TLV, 0x00, 0x02, 0x00, status]);
  return encodeEap({ code: EapCode.Request, id, type: EapType.Tlv, data: tlv });
}

/** The status of the Result TLV in an Extensions Response's TLVs; unknown mandatory TLVs are refused. */
export function resultTlvStatus(tlvs: Buffer): number | undefined {
  let status: number | undefined;
  for (let off = 0; off < tlvs.length;) {
    if (off + 4 > tlvs.length) throw new EapError('truncated TLV');
    const head = tlvs.readUInt16BE(off);
    const length = tlvs.readUInt16BE(off + 2);
    if (off + 4 + length > tlvs.length) throw new EapError('TLV beyond the packet');
    const type = head & TLV_TYPE_MASK;
    if (type === RESULT_TLV) {
      if (length !== 2) throw new EapError('Result TLV of bad length');
      status = tlvs.readUInt16BE(off + 4);
    } else if ((head & TLV_MANDATORY) !== 0 && type !== 12) {
      // Crypto-Binding (12) may be sent by peers that support it; other mandatory TLVs are not understood.
      throw new EapError(`mandatory TLV ${type} not supported`);
    }
    off += 4 + length;
  }
  return status;
}

export class PeapMethod extends TlsTunnel {
  readonly type = EapType.Peap;
  readonly name = 'PEAP' as const;
  readonly info: MethodInfo = { eapTunnel: 'PEAP', protocol: 'PEAP' };
  readonly timeoutFailure = EAP_FAILURE.peapTimeout;
  readonly #options: PeapOptions;
  #phase: Phase = 'tunnel';
  #innerId = 0;
  #inner: EapMethod | undefined;
  /** What the inner method concluded, reported once the peer confirmed the Result TLV. */
  #outcome: { ok: true } | { ok: false; failure: Failure } | undefined;

  constructor(settings: TlsSettings, options: PeapOptions) {
    super(settings, false);
    this.#options = options;
  }

  protected tlsFailure(clientRejected: boolean): Failure {
    return clientRejected ? EAP_FAILURE.peapClientRejected : EAP_FAILURE.peapHandshake;
  }

  protected async onEstablished(env: MethodEnv): Promise<MethodStep | undefined> {
    env.step(EAP_STEP.peapHandshakeDone);
    // TLS 1.3: the handshake ends with the peer's Finished, and what the server still has to
    // send (its session tickets) can carry the start of phase 2, instead of waiting for the
    // peer's empty acknowledgement of the tickets: one round trip fewer. (TLS 1.2 peers
    // acknowledge the server's Finished first, as before.)
    if (this.pump.protocol === 'TLSv1.3' && this.#phase === 'tunnel') return this.#startInner(env);
    return undefined;
  }

  protected async onAck(env: MethodEnv): Promise<MethodStep> {
    if (this.established && this.#phase === 'tunnel') return this.#startInner(env);
    return failed(this.established ? EAP_FAILURE.invalidPayload : EAP_FAILURE.emptyTls);
  }

  protected async onIdle(env: MethodEnv): Promise<MethodStep> {
    if (this.established && this.#phase === 'tunnel') return this.#startInner(env);
    return failed(this.established ? EAP_FAILURE.invalidPayload : EAP_FAILURE.peapHandshake);
  }

  /** Phase 2 begins with EAP-Request/Identity inside the tunnel. */
  #startInner(env: MethodEnv): Promise<MethodStep> {
    this.#phase = 'identity';
    env.step(EAP_STEP.peapInnerStarted);
    env.step(EAP_STEP.innerIdentityRequest);
    return this.#sendInner(Buffer.of(EapType.Identity), env);
  }

  /** A PEAPv0 inner packet: Type and type-data, header left out. */
  #sendInner(typeAndData: Buffer, env: MethodEnv): Promise<MethodStep> {
    this.#innerId = (this.#innerId + 1) & 0xff;
    return this.send(typeAndData, env);
  }

  protected async onApplicationData(data: Buffer, env: MethodEnv): Promise<MethodStep | undefined> {
    try {
      if (this.#phase === 'result') return this.#result(data);
      // Either compressed (Type first) or, from some peers, a whole EAP-Response.
      const whole = data.length >= 5 && data[0] === EapCode.Response && data.readUInt16BE(2) === data.length;
      const body = whole ? data.subarray(4) : data;
      if (body.length < 1) return failed(EAP_FAILURE.invalidPayload);
      const type = body[0];
      const typeData = body.subarray(1);
      if (this.#phase === 'identity') {
        if (type !== EapType.Identity) return failed(EAP_FAILURE.invalidPayload);
        const identity = identityOf(typeData);
        env.step(EAP_STEP.innerIdentityResponse);
        this.info.userName = identity;
        if (!this.#options.innerMschapV2) return failed(EAP_FAILURE.nakUnsupported);
        const inner = new MschapV2Method(identity, this.#options.serverName, 'PEAP');
        this.#inner = inner;
        Object.assign(this.info, { eapAuthentication: inner.info.eapAuthentication, protocol: inner.info.protocol, method: inner.info.method });
        this.#phase = 'inner';
        return this.#innerStep(inner.start(env), env);
      }
      const inner = this.#inner;
      if (this.#phase !== 'inner' || !inner) return failed(EAP_FAILURE.invalidPayload);
      if (type === EapType.Nak) return failed(EAP_FAILURE.nakUnsupported);
      if (type !== inner.type) return failed(EAP_FAILURE.invalidPayload);
      return this.#innerStep(await inner.process(typeData, env, this.#innerId), env);
    } catch (e) {
      if (e instanceof EapError) return failed(EAP_FAILURE.invalidPayload);
      throw e;
    }
  }

  async #innerStep(step: MethodStep, env: MethodEnv): Promise<MethodStep> {
    const inner = this.#inner!;
    if (step.kind === 'request') return this.#sendInner(Buffer.concat([Buffer.of(inner.type), step.data]), env);
    if (step.kind === 'failure' && step.failure.drop) return step;
    this.#outcome = step.kind === 'success' ? { ok: true } : { ok: false, failure: step.failure };
    if (step.kind === 'success') env.step(EAP_STEP.peapInnerDone);
    this.#phase = 'result';
    this.#innerId = (this.#innerId + 1) & 0xff;
    return this.send(resultTlvRequest(this.#innerId, step.kind === 'success' ? RESULT_SUCCESS : RESULT_FAILURE), env);
  }

  /** The peer's Extensions Response: success only when both sides said success. */
  #result(data: Buffer): MethodStep {
    if (data.length < 5 || data[0] !== EapCode.Response || data[4] !== EapType.Tlv || data.readUInt16BE(2) !== data.length) {
      return failed(EAP_FAILURE.invalidPayload);
    }
    const status = resultTlvStatus(data.subarray(5, data.readUInt16BE(2)));
    const outcome = this.#outcome;
    if (!outcome || !outcome.ok) return failed(outcome && !outcome.ok ? outcome.failure : EAP_FAILURE.invalidPayload);
    if (status !== RESULT_SUCCESS) return failed(EAP_FAILURE.peapResultFailure);
    return { kind: 'success', auth: { info: this.info, msk: this.msk('client EAP encryption') } };
  }

  override close(): void {
    this.#inner?.close();
    super.close();
  }
}
