// EAP-TTLSv0 (RFC 5281): a server-authenticated TLS tunnel carrying
// Diameter AVPs. The peer opens phase 2 with User-Name and its credentials:
// PAP (User-Password), CHAP and MS-CHAP-V2 (answering the implicit
// challenge exported from the tunnel, "ttls challenge"), or an inner EAP
// conversation in EAP-Message AVPs (EAP-MD5, EAP-MSCHAPv2). MS-CHAP-V2 ends
// with MS-CHAP2-Success, acknowledged by the peer. The MSK is the TLS key
// material "ttls keying material".
import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyMschapV2 } from '../../mschap.ts';
import { EAP_FAILURE } from '../codes.ts';
import { decodeAvps, encodeAvp, findAvp, type Avp } from '../diameter.ts';
import { failed, type AuthKind, type EapMethod, type Failure, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';
import { EapCode, EapError, EapType, decodeEap, eapRequest, identityOf } from '../packet.ts';
import { tlsAck } from '../tls-framing.ts';
import { TlsTunnel, type TlsSettings } from '../tls-tunnel.ts';
import { Md5Method } from './md5.ts';
import { MschapV2Method } from './mschapv2.ts';

const MICROSOFT = 311;
const AVP = {
  userName: 1, userPassword: 2, chapPassword: 3, chapChallenge: 60, eapMessage: 79,
  msChapResponse: 1, msChapChallenge: 11, msChap2Response: 25, msChap2Success: 26,
} as const;

export interface TtlsOptions {
  serverName: string;
  pap: boolean;
  chap: boolean;
  mschapV2: boolean;
  eapMd5: boolean;
  eapMschapV2: boolean;
}

type Phase = 'tunnel' | 'solicited' | 'mschapSuccessSent' | 'eap';

const TUNNEL = 'EAP-TTLS';

export class TtlsMethod extends TlsTunnel {
  readonly type = EapType.Ttls;
  readonly name = 'EAP-TTLS' as const;
  readonly info: MethodInfo = { eapTunnel: TUNNEL, protocol: TUNNEL };
  readonly timeoutFailure = EAP_FAILURE.peapTimeout;
  readonly #options: TtlsOptions;
  #phase: Phase = 'tunnel';
  #inner: EapMethod | undefined;
  #innerId = 0;
  #innerNakUsed = false;
  #identity = '';

  constructor(settings: TlsSettings, options: TtlsOptions) {
    super(settings, false);
    this.#options = options;
  }

  protected tlsFailure(clientRejected: boolean): Failure {
    return clientRejected ? EAP_FAILURE.peapClientRejected : EAP_FAILURE.peapHandshake;
  }

  protected async onEstablished(): Promise<MethodStep | undefined> {
    return undefined;
  }

  protected async onAck(): Promise<MethodStep> {
    if (this.#phase === 'mschapSuccessSent') return this.#success();
    return this.#solicit();
  }

  protected async onIdle(): Promise<MethodStep> {
    return this.#solicit();
  }

  /** The tunnel is up and the peer has not spoken: an empty message gives it the turn, once. */
  #solicit(): MethodStep {
    if (!this.established) return failed(EAP_FAILURE.emptyTls);
    if (this.#phase !== 'tunnel') return failed(EAP_FAILURE.invalidPayload);
    this.#phase = 'solicited';
    return { kind: 'request', data: tlsAck(this.version) };
  }

  #describe(eapAuthentication: string, method: string, inner: string): void {
    Object.assign(this.info, { eapAuthentication, method, protocol: `${TUNNEL} (${inner})` });
  }

  #success(): MethodStep {
    return { kind: 'success', auth: { info: this.info, msk: this.msk('ttls keying material') } };
  }

  /** The implicit challenge: 16 octets of challenge and the identifier (RFC 5281 §11.2.2). */
  #implicitChallenge(): Buffer {
    return this.pump.exportKeyingMaterial(17, 'ttls challenge');
  }

  protected async onApplicationData(data: Buffer, env: MethodEnv): Promise<MethodStep | undefined> {
    let avps: Avp[];
    try {
      avps = decodeAvps(data);
    } catch {
      return failed(EAP_FAILURE.invalidPayload);
    }
    const userName = findAvp(avps, AVP.userName);
    if (userName) {
      this.#identity = userName.data.toString('utf8');
      this.info.userName = this.#identity;
    }
    const eap = findAvp(avps, AVP.eapMessage);
    if (eap || this.#phase === 'eap') return eap ? this.#innerEap(eap.data, env) : failed(EAP_FAILURE.invalidPayload);
    if (this.#phase !== 'tunnel' && this.#phase !== 'solicited') return failed(EAP_FAILURE.invalidPayload);
    const password = findAvp(avps, AVP.userPassword);
    if (password) return this.#pap(password.data, env);
    const chap = findAvp(avps, AVP.chapPassword);
    if (chap) return this.#chap(chap.data, findAvp(avps, AVP.chapChallenge)?.data, env);
    const ms2 = findAvp(avps, AVP.msChap2Response, MICROSOFT);
    if (ms2) return this.#mschapV2(ms2.data, findAvp(avps, AVP.msChapChallenge, MICROSOFT)?.data, env);
    if (findAvp(avps, AVP.msChapResponse, MICROSOFT)) {
      this.#describe('MSCHAPV1', 'MSCHAPV1', 'MSCHAPV1');
      return failed(EAP_FAILURE.nakUnsupported);
    }
    return failed(EAP_FAILURE.invalidPayload);
  }

  /** Checks a password method's outcome with the policy: the success, or the failure to answer with. */
  #checked(ok: boolean, kind: AuthKind, env: MethodEnv): MethodStep {
    const failure = env.passwordChecked(this.#identity, ok, kind);
    if (!ok || failure) return failed(failure ?? EAP_FAILURE.wrongPassword);
    return this.#success();
  }

  #pap(hidden: Buffer, env: MethodEnv): MethodStep {
    this.#describe('PAP_ASCII', 'PAP_ASCII', 'PAP_ASCII');
    const kind: AuthKind = { eapAuthentication: 'PAP_ASCII', eapTunnel: TUNNEL };
    if (!this.#options.pap) return failed(EAP_FAILURE.nakUnsupported);
    const lookup = env.passwordOf(this.#identity, kind);
    if (!lookup.ok) return failed(lookup.failure);
    let end = hidden.length;
    while (end > 0 && hidden[end - 1] === 0) end--;
    const given = hidden.subarray(0, end);
    const stored = Buffer.from(lookup.password, 'utf8');
    return this.#checked(given.length === stored.length && timingSafeEqual(given, stored), kind, env);
  }

  #chap(chapPassword: Buffer, challenge: Buffer | undefined, env: MethodEnv): MethodStep {
    this.#describe('CHAP', 'CHAP', 'CHAP');
    const kind: AuthKind = { eapAuthentication: 'CHAP', eapTunnel: TUNNEL };
    if (!this.#options.chap) return failed(EAP_FAILURE.nakUnsupported);
    const implicit = this.#implicitChallenge();
    if (chapPassword.length !== 17 || !challenge || !challenge.equals(implicit.subarray(0, 16)) || chapPassword[0] !== implicit[16]) {
      return failed(EAP_FAILURE.invalidPayload);
    }
    const lookup = env.passwordOf(this.#identity, kind);
    if (!lookup.ok) return failed(lookup.failure);
    const expected = createHash('md5').update(chapPassword.subarray(0, 1)).update(lookup.password, 'utf8').update(challenge).digest();
    return this.#checked(timingSafeEqual(expected, chapPassword.subarray(1)), kind, env);
  }

  async #mschapV2(response: Buffer, challenge: Buffer | undefined, env: MethodEnv): Promise<MethodStep> {
    this.#describe('MSCHAPV2', 'MSCHAPV2', 'MSCHAPV2');
    const kind: AuthKind = { eapAuthentication: 'MSCHAPV2', eapTunnel: TUNNEL };
    if (!this.#options.mschapV2) return failed(EAP_FAILURE.nakUnsupported);
    const implicit = this.#implicitChallenge();
    // Ident, Flags, Peer-Challenge (16), Reserved (8), NT-Response (24).
    if (response.length !== 50 || !challenge || !challenge.equals(implicit.subarray(0, 16)) || response[0] !== implicit[16]) {
      return failed(EAP_FAILURE.invalidPayload);
    }
    const lookup = env.passwordOf(this.#identity, kind);
    if (!lookup.ok) return failed(lookup.failure);
    const check = verifyMschapV2(lookup.password, challenge, response.subarray(2, 18), this.#identity, response.subarray(26, 50));
    const failure = env.passwordChecked(this.#identity, check.ok, kind);
    if (!check.ok || failure || !check.authenticatorResponse) return failed(failure ?? EAP_FAILURE.wrongPassword);
    this.#phase = 'mschapSuccessSent';
    const success = Buffer.concat([response.subarray(0, 1), Buffer.from(check.authenticatorResponse, 'ascii')]);
    return this.send(encodeAvp(AVP.msChap2Success, success, MICROSOFT), env);
  }

  /** One inner EAP-Response from an EAP-Message AVP. */
  async #innerEap(message: Buffer, env: MethodEnv): Promise<MethodStep> {
    let packet;
    try {
      packet = decodeEap(message);
    } catch {
      return failed(EAP_FAILURE.invalidPayload);
    }
    if (packet.code !== EapCode.Response || packet.type === undefined) return failed(EAP_FAILURE.invalidPayload);
    try {
      if (this.#phase !== 'eap') {
        if (packet.type !== EapType.Identity) return failed(EAP_FAILURE.invalidPayload);
        this.#phase = 'eap';
        if (!this.#identity) this.#identity = identityOf(packet.data);
        this.info.userName = this.#identity;
        const first = this.#options.eapMschapV2 ? EapType.MsChapV2 : this.#options.eapMd5 ? EapType.Md5 : undefined;
        if (first === undefined) return failed(EAP_FAILURE.nakUnsupported);
        return this.#startInner(first, env);
      }
      const inner = this.#inner;
      if (!inner || packet.id !== this.#innerId) return failed(EAP_FAILURE.invalidPayload);
      if (packet.type === EapType.Nak && !this.#innerNakUsed) {
        this.#innerNakUsed = true;
        inner.close();
        const wanted = [...packet.data].find((t) => (t === EapType.Md5 && this.#options.eapMd5) || (t === EapType.MsChapV2 && this.#options.eapMschapV2));
        if (wanted === undefined || wanted === inner.type) return failed(EAP_FAILURE.nakUnsupported);
        return this.#startInner(wanted, env);
      }
      if (packet.type !== inner.type) return failed(EAP_FAILURE.invalidPayload);
      return this.#innerStep(await inner.process(packet.data, env, packet.id), env);
    } catch (e) {
      if (e instanceof EapError) return failed(EAP_FAILURE.invalidPayload);
      throw e;
    }
  }

  #startInner(type: number, env: MethodEnv): Promise<MethodStep> {
    const inner = type === EapType.Md5
      ? new Md5Method(this.#identity, this.#options.serverName, TUNNEL)
      : new MschapV2Method(this.#identity, this.#options.serverName, 'EAP-TTLS');
    this.#inner = inner;
    this.#describe(inner.info.eapAuthentication ?? '', inner.info.method ?? '', inner.info.eapAuthentication ?? '');
    return this.#innerStep(inner.start(env), env);
  }

  async #innerStep(step: MethodStep, env: MethodEnv): Promise<MethodStep> {
    if (step.kind === 'failure') return step;
    if (step.kind === 'success') return this.#success();
    this.#innerId = (this.#innerId + 1) & 0xff;
    return this.send(encodeAvp(AVP.eapMessage, eapRequest(this.#innerId, this.#inner!.type, step.data)), env);
  }

  override close(): void {
    this.#inner?.close();
    super.close();
  }
}
