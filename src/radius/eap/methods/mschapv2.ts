// EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2), the inner method of
// PEAP and EAP-TTLS: Challenge → Response → Success (with the RFC 2759
// authenticator response, acknowledged by the peer) or Failure (E=691,
// acknowledged, then the tunnel reports the failure). Password change is
// not offered. A success leaves the MPPE keys (RFC 3079) for PEAP's crypto
// binding.
import { createHash, randomBytes } from 'node:crypto';
import { md4Digest, ntPasswordHash, verifyMschapV2 } from '../../mschap.ts';
import { EAP_FAILURE, EAP_STEP } from '../codes.ts';
import { EapType } from '../packet.ts';
import { failed, request, type AuthKind, type EapMethod, type Failure, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';

export const MSCHAPV2_OP = { challenge: 1, response: 2, success: 3, failure: 4, changePassword: 7 } as const;

const CHALLENGE_LENGTH = 16;
const RESPONSE_LENGTH = 49;

type State = 'idle' | 'challenged' | 'succeeded' | 'failed' | 'done';

/** RFC 3079 §3.4 magic constants: master key, and the start keys of each direction. */
const MASTER_MAGIC = Buffer.from('This is the MPPE Master Key', 'ascii');
const CLIENT_SEND_MAGIC = Buffer.from('On the client side, this is the send key; on the server side, it is the receive key.', 'ascii');
const CLIENT_RECV_MAGIC = Buffer.from('On the client side, this is the receive key; on the server side, it is the send key.', 'ascii');
const SHS_PAD1 = Buffer.alloc(40, 0x00);
const SHS_PAD2 = Buffer.alloc(40, 0xf2);
const MPPE_KEY_LENGTH = 16;

/** GetMasterKey (RFC 3079 §3.4): SHA-1(MD4(NtPasswordHash) | NT-Response | magic), 16 octets. */
export function mppeMasterKey(passwordHash: Buffer, ntResponse: Buffer): Buffer {
  return createHash('sha1').update(md4Digest(passwordHash)).update(ntResponse).update(MASTER_MAGIC).digest().subarray(0, MPPE_KEY_LENGTH);
}

/** The server's 128-bit MPPE start keys (GetAsymmetricStartKey, IsServer true): Recv is the client's Send key. */
export function mppeServerKeys(masterKey: Buffer): { recv: Buffer; send: Buffer } {
  const start = (magic: Buffer) => createHash('sha1').update(masterKey).update(SHS_PAD1).update(magic).update(SHS_PAD2).digest().subarray(0, MPPE_KEY_LENGTH);
  return { recv: start(CLIENT_SEND_MAGIC), send: start(CLIENT_RECV_MAGIC) };
}

/** An MS-CHAPv2 packet: OpCode, MS-CHAPv2-ID, MS-Length (the whole packet) and the rest. */
function packet(op: number, msId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + body.length);
  out[0] = op;
  out[1] = msId & 0xff;
  out.writeUInt16BE(out.length, 2);
  body.copy(out, 4);
  return out;
}

export class MschapV2Method implements EapMethod {
  readonly type = EapType.MsChapV2;
  readonly name = 'EAP-MSCHAPv2' as const;
  readonly info: MethodInfo;
  readonly timeoutFailure: Failure;
  readonly #identity: string;
  readonly #serverName: Buffer;
  readonly #kind: AuthKind;
  #state: State = 'idle';
  #msId = 0;
  #challenge = Buffer.alloc(0);
  #failure: Failure | undefined;
  #masterKey: Buffer | undefined;
  #keys: { recv: Buffer; send: Buffer } | undefined;

  constructor(identity: string, serverName: string, tunnel: 'PEAP' | 'EAP-TTLS') {
    this.#identity = identity;
    this.#serverName = Buffer.from(serverName, 'utf8');
    this.#kind = { eapAuthentication: 'EAP-MSCHAPv2', eapTunnel: tunnel };
    this.info = { userName: identity, eapAuthentication: 'EAP-MSCHAPv2', eapTunnel: tunnel, protocol: `${tunnel} (EAP-MSCHAPv2)`, method: 'MSCHAPV2' };
    this.timeoutFailure = tunnel === 'PEAP' ? EAP_FAILURE.peapTimeout : EAP_FAILURE.supplicantTimeout;
  }

  /** The failure kept after an E=691 answer, reported once the peer acknowledged it. */
  get failure(): Failure | undefined {
    return this.#failure;
  }

  /** The server's MPPE keys once the peer authenticated (the ISK of PEAP's crypto binding). */
  get mppeKeys(): { recv: Buffer; send: Buffer } | undefined {
    return this.#keys;
  }

  start(env: MethodEnv): MethodStep {
    this.#challenge = randomBytes(CHALLENGE_LENGTH);
    this.#msId = randomBytes(1)[0];
    this.#state = 'challenged';
    env.step(EAP_STEP.mschapProposed);
    return request(packet(MSCHAPV2_OP.challenge, this.#msId, Buffer.concat([Buffer.of(CHALLENGE_LENGTH), this.#challenge, this.#serverName])));
  }

  process(data: Buffer, env: MethodEnv): MethodStep {
    if (data.length < 1) return failed(EAP_FAILURE.invalidPayload);
    const op = data[0];
    switch (this.#state) {
      case 'challenged':
        if (op !== MSCHAPV2_OP.response) return failed(EAP_FAILURE.invalidPayload);
        return this.#response(data, env);
      case 'succeeded':
        if (op !== MSCHAPV2_OP.success) return failed(EAP_FAILURE.invalidPayload);
        this.#state = 'done';
        if (this.#masterKey) this.#keys = mppeServerKeys(this.#masterKey);
        env.step(EAP_STEP.mschapPassed);
        return { kind: 'success', auth: { info: this.info } };
      case 'failed':
        this.#state = 'done';
        return failed(this.#failure ?? EAP_FAILURE.wrongPassword);
      default:
        return failed(EAP_FAILURE.invalidPayload);
    }
  }

  #response(data: Buffer, env: MethodEnv): MethodStep {
    // OpCode, MS-CHAPv2-ID, MS-Length, Value-Size (49), Peer-Challenge 16, Reserved 8, NT-Response 24, Flags, Name.
    if (data.length < 5 + RESPONSE_LENGTH || data[1] !== this.#msId || data[4] !== RESPONSE_LENGTH) return failed(EAP_FAILURE.invalidPayload);
    const msLength = data.readUInt16BE(2);
    if (msLength < 5 + RESPONSE_LENGTH || msLength > data.length) return failed(EAP_FAILURE.invalidPayload);
    env.step(EAP_STEP.mschapResponse);
    const value = data.subarray(5, 5 + RESPONSE_LENGTH);
    const peerChallenge = value.subarray(0, 16);
    const nt = value.subarray(24, 48);
    const name = data.subarray(5 + RESPONSE_LENGTH, msLength).toString('utf8');
    const lookup = env.passwordOf(this.#identity, this.#kind);
    if (!lookup.ok) return failed(lookup.failure);
    const check = verifyMschapV2(lookup.password, this.#challenge, peerChallenge, name, nt);
    const failure = env.passwordChecked(this.#identity, check.ok, this.#kind);
    if (check.ok && !failure && check.authenticatorResponse) {
      this.#state = 'succeeded';
      this.#masterKey = mppeMasterKey(ntPasswordHash(lookup.password), nt);
      return request(packet(MSCHAPV2_OP.success, this.#msId, Buffer.from(`${check.authenticatorResponse} M=Authentication succeeded`, 'utf8')));
    }
    env.step(EAP_STEP.mschapFailed);
    this.#failure = failure ?? EAP_FAILURE.wrongPassword;
    if (this.#failure.drop) return failed(this.#failure);
    this.#state = 'failed';
    // E=691 (authentication failure), no retry, a fresh challenge as RFC 2759 asks, version 3.
    const text = `E=691 R=0 C=${randomBytes(CHALLENGE_LENGTH).toString('hex').toUpperCase()} V=3 M=Authentication failed`;
    return request(packet(MSCHAPV2_OP.failure, this.#msId, Buffer.from(text, 'utf8')));
  }

  close(): void {
    this.#state = 'done';
  }
}
