// What an EAP method is to the conversation that runs it, and what the
// conversation offers a method: the identity stores (through the
// authentication policy), client certificate validation, and the live-log
// steps.
import type { CertificateFields } from '../../ca/verify.ts';

/** EAP methods Gatehouse runs, named as allowed protocols name them. */
export type MethodName = 'EAP-MD5' | 'PEAP' | 'EAP-TLS' | 'EAP-TTLS';

/** A live-log failure: ISE's code and text; `drop` when the policy says to answer nothing. */
export interface Failure {
  code: number;
  text: string;
  drop?: boolean;
}

/** What the authentication policy sees of the method while choosing the identity source. */
export interface AuthKind {
  /** `Network Access:EapAuthentication`: `EAP-MSCHAPv2`, `EAP-MD5`, `EAP-TLS`, `PAP_ASCII` … */
  eapAuthentication: string;
  /** `Network Access:EapTunnel`: `PEAP`, `EAP-TTLS`. */
  eapTunnel?: string;
}

export type PasswordLookup = { ok: true; password: string } | { ok: false; failure: Failure };

export type CertificateCheck =
  | { ok: true; identity: string; fields: CertificateFields }
  | { ok: false; failure: Failure; fields?: CertificateFields };

/** The client's certificates: the leaf, and on demand the whole chain it sent (leaf first, DER). */
export interface PeerCertificates {
  leaf: Buffer;
  chain(): Buffer[];
}

export interface TlsDetails {
  version: string;
  cipher: string;
  resumed: boolean;
}

/** What a method has learnt so far; reported in the live log whatever the outcome. */
export interface MethodInfo {
  /** The identity authenticated (inner identity in a tunnel, certificate identity for EAP-TLS). */
  userName?: string;
  /** `EapAuthentication` of the inner or only method. */
  eapAuthentication?: string;
  eapTunnel?: string;
  /** ISE's authentication protocol: `PEAP (EAP-MSCHAPv2)`, `EAP-TLS`, `EAP-TTLS (PAP_ASCII)` … */
  protocol: string;
  /** ISE's authentication method: `MSCHAPV2`, `x509_PKI`, `PAP_ASCII`, `MD5` … */
  method?: string;
  tls?: TlsDetails;
  certificate?: CertificateFields;
}

export interface MethodEnv {
  now: Date;
  /** Largest EAP packet the NAD carries (Framed-MTU), if it said. */
  mtu?: number;
  /** The clear-text password of an internal user, after the authentication policy chose the store. */
  passwordOf(name: string, kind: AuthKind): PasswordLookup;
  /** Reports a password check; a wrong password yields the failure to answer with. */
  passwordChecked(name: string, ok: boolean, kind: AuthKind): Failure | undefined;
  /** Validates the client's certificate and maps it to an identity. */
  certificate(peer: PeerCertificates, kind: AuthKind): Promise<CertificateCheck>;
  /** Appends an execution step to the live log. */
  step(code: number): void;
}

export interface Authenticated {
  info: MethodInfo;
  /** Master Session Key (64 octets) for MS-MPPE-Recv-Key / Send-Key; absent for EAP-MD5. */
  msk?: Buffer;
}

export type MethodStep =
  | { kind: 'request'; data: Buffer }
  | { kind: 'success'; auth: Authenticated }
  | { kind: 'failure'; failure: Failure };

export interface EapMethod {
  /** EAP Type number. */
  readonly type: number;
  readonly name: MethodName | 'EAP-MSCHAPv2';
  readonly info: MethodInfo;
  /** ISE's failure when the supplicant stops answering while this method runs. */
  readonly timeoutFailure: Failure;
  /** The type-data of the method's first Request. */
  start(env: MethodEnv): MethodStep;
  /** Handles the type-data of a Response with identifier `id`. */
  process(data: Buffer, env: MethodEnv, id: number): Promise<MethodStep> | MethodStep;
  /** Releases what the method holds (a TLS connection). */
  close(): void;
}

export const request = (data: Buffer): MethodStep => ({ kind: 'request', data });
export const failed = (failure: Failure): MethodStep => ({ kind: 'failure', failure });
