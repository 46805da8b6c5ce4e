// EAP-MD5 (RFC 3748 §5.4, CHAP over EAP): a random 16-octet challenge; the
// peer answers MD5(Identifier | password | challenge).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EAP_FAILURE } from '../codes.ts';
import { EapType } from '../packet.ts';
import { failed, request, type AuthKind, type EapMethod, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';

const CHALLENGE_LENGTH = 16;

export class Md5Method implements EapMethod {
  readonly type = EapType.Md5;
  readonly name = 'EAP-MD5' as const;
  readonly info: MethodInfo;
  readonly timeoutFailure = EAP_FAILURE.supplicantTimeout;
  readonly #identity: string;
  readonly #serverName: Buffer;
  readonly #kind: AuthKind;
  #challenge: Buffer | undefined;

  /** `tunnel` when run inside EAP-TTLS. */
  constructor(identity: string, serverName: string, tunnel?: string) {
    this.#identity = identity;
    this.#serverName = Buffer.from(serverName, 'utf8');
    this.#kind = tunnel ? { eapAuthentication: 'EAP-MD5', eapTunnel: tunnel } : { eapAuthentication: 'EAP-MD5' };
    this.info = { userName: identity, eapAuthentication: 'EAP-MD5', protocol: 'EAP-MD5', method: 'MD5' };
  }

  start(): MethodStep {
    this.#challenge = randomBytes(CHALLENGE_LENGTH);
    return request(Buffer.concat([Buffer.of(CHALLENGE_LENGTH), this.#challenge, this.#serverName]));
  }

  process(data: Buffer, env: MethodEnv, id: number): MethodStep {
    const challenge = this.#challenge;
    if (!challenge || data.length < 1 || data[0] !== 16 || data.length < 17) return failed(EAP_FAILURE.invalidPayload);
    this.#challenge = undefined;
    const lookup = env.passwordOf(this.#identity, this.#kind);
    if (!lookup.ok) return failed(lookup.failure);
    const expected = createHash('md5').update(Buffer.of(id & 0xff)).update(lookup.password, 'utf8').update(challenge).digest();
    const ok = timingSafeEqual(expected, data.subarray(1, 17));
    const failure = env.passwordChecked(this.#identity, ok, this.#kind);
    if (!ok || failure) return failed(failure ?? EAP_FAILURE.wrongPassword);
    return { kind: 'success', auth: { info: this.info } };
  }

  close(): void {
    this.#challenge = undefined;
  }
}
