// PEAPv0 (MS-PEAP): a server-authenticated TLS tunnel, then inside it an
// EAP conversation whose packets travel without their four-octet EAP header
// (Identity, then EAP-MSCHAPv2), closed by the Extensions method: the
// Result TLV (full header) and, after a successful inner method, the
// Cryptobinding TLV ([MS-PEAP] §3.1.5.5), which the peer must confirm
// before the outer EAP-Success. A peer that answers the binding gets the
// MSK of the Compound Session Key; one that does not (allowed unless the
// allowed protocols require the binding) the TLS key material ("client
// EAP encryption").
import { randomBytes } from 'node:crypto';
import { EAP_FAILURE, EAP_STEP } from '../codes.ts';
import { failed, type Failure, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';
import { EapCode, EapType, encodeEap, identityOf, EapError } from '../packet.ts';
import { TlsTunnel, type TlsSettings } from '../tls-tunnel.ts';
import { MschapV2Method } from './mschapv2.ts';
import {
  BINDING_REQUEST, CRYPTOBINDING_TLV, TUNNEL_KEY_LENGTH, compoundKeys, compoundMsk, cryptobindingTlv, innerSessionKey, validBindingResponse,
  type CompoundKeys,
} from './peap-binding.ts';

/** Result TLV (MS-PEAP §2.2.8.1.2): mandatory, type 3, two octets of status. */
const RESULT_TLV = 3;
const TLV_MANDATORY = 0x8000;
const TLV_TYPE_MASK = 0x3fff;
export const RESULT_SUCCESS = 1;
export const RESULT_FAILURE = 2;
const KEY_LABEL = 'client EAP encryption';

export interface PeapOptions {
  serverName: string;
  /** Allowed protocols: PEAP with inner EAP-MSCHAPv2. */
  innerMschapV2: boolean;
  /** Allowed protocols: "Require cryptobinding TLV"; otherwise a peer that ignores the binding is accepted. */
  requireCryptobinding: boolean;
}

type Phase = 'tunnel' | 'identity' | 'inner' | 'result';

/** The Extensions Request: a mandatory Result TLV, then the Cryptobinding TLV when there is one. */
export function resultTlvRequest(id: number, status: number, binding?: Buffer): Buffer {
  const result = Buffer.from([0x80, RESULT_TLV, 0x00, 0x02, 0x00, status]);
  return encodeEap({ code: EapCode.Request, id, type: EapType.Tlv, data: binding ? Buffer.concat([result, binding]) : result });
}

export interface ExtensionsResponse {
  /** The Result TLV's status. */
  status?: number;
  /** The Cryptobinding TLV, header included. */
  binding?: Buffer;
}

/** The Result and Cryptobinding TLVs of an Extensions Response (in any order); unknown mandatory TLVs and repeats are refused. */
export function parseExtensions(tlvs: Buffer): ExtensionsResponse {
  const out: ExtensionsResponse = {};
  for (let off = 0; off < tlvs.length;) {
    if (off + 4 > tlvs.length) throw new EapError('truncated TLV');
    const head = tlvs.readUInt16BE(off);
    const length = tlvs.readUInt16BE(off + 2);
    if (off + 4 + length > tlvs.length) throw new EapError('TLV beyond the packet');
    const type = head & TLV_TYPE_MASK;
    if (type === RESULT_TLV) {
      if (length !== 2 || out.status !== undefined) throw new EapError('Result TLV of bad length or repeated');
      out.status = tlvs.readUInt16BE(off + 4);
    } else if (type === CRYPTOBINDING_TLV) {
      // Its length and content are judged with its MAC; a repeat is not.
      if (out.binding) throw new EapError('Cryptobinding TLV repeated');
      out.binding = tlvs.subarray(off, off + 4 + length);
    } else if ((head & TLV_MANDATORY) !== 0) {
      throw new EapError(`mandatory TLV ${type} not supported`);
    }
    off += 4 + length;
  }
  return out;
}

export class PeapMethod extends TlsTunnel {
  readonly type = EapType.Peap;
  readonly name = 'PEAP' as const;
  readonly info: MethodInfo = { eapTunnel: 'PEAP', protocol: 'PEAP' };
  readonly timeoutFailure = EAP_FAILURE.peapTimeout;
  readonly #options: PeapOptions;
  #phase: Phase = 'tunnel';
  #innerId = 0;
  #inner: MschapV2Method | undefined;
  /** What the inner method concluded, reported once the peer confirmed the Result TLV. */
  #outcome: { ok: true } | { ok: false; failure: Failure } | undefined;
  /** The keys of the crypto binding sent with a successful Result TLV. */
  #binding: CompoundKeys | undefined;

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
      return this.#innerStep(inner.process(typeData, env), env);
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
    this.#phase = 'result';
    this.#innerId = (this.#innerId + 1) & 0xff;
    if (step.kind !== 'success') return this.send(resultTlvRequest(this.#innerId, RESULT_FAILURE), env);
    env.step(EAP_STEP.peapInnerDone);
    // TK from the tunnel, ISK from the inner method's MPPE keys (the server's Recv | Send); a fresh nonce.
    this.#binding = compoundKeys(this.keyMaterial(KEY_LABEL).subarray(0, TUNNEL_KEY_LENGTH), innerSessionKey(inner.mppeKeys));
    const binding = cryptobindingTlv(this.#binding.cmk, BINDING_REQUEST, randomBytes(32));
    return this.send(resultTlvRequest(this.#innerId, RESULT_SUCCESS, binding), env);
  }

  /**
   * The peer's Extensions Response: success only when both sides said
   * success and the peer's Cryptobinding TLV, if any, is valid; without one
   * only when the binding is not required.
   */
  #result(data: Buffer): MethodStep {
    if (data.length < 5 || data[0] !== EapCode.Response || data[4] !== EapType.Tlv || data.readUInt16BE(2) !== data.length) {
      return failed(EAP_FAILURE.invalidPayload);
    }
    const { status, binding } = parseExtensions(data.subarray(5, data.readUInt16BE(2)));
    const outcome = this.#outcome;
    if (!outcome || !outcome.ok) return failed(outcome && !outcome.ok ? outcome.failure : EAP_FAILURE.invalidPayload);
    if (status !== RESULT_SUCCESS) return failed(EAP_FAILURE.peapResultFailure);
    const keys = this.#binding;
    if (!keys) return failed(EAP_FAILURE.invalidPayload);
    if (binding) {
      if (!validBindingResponse(keys.cmk, binding)) return failed(EAP_FAILURE.peapCryptobindingInvalid);
      return { kind: 'success', auth: { info: this.info, msk: compoundMsk(keys.ipmk) } };
    }
    if (this.#options.requireCryptobinding) return failed(EAP_FAILURE.peapCryptobindingMissing);
    return { kind: 'success', auth: { info: this.info, msk: this.msk(KEY_LABEL) } };
  }

  override close(): void {
    this.#inner?.close();
    super.close();
  }
}
