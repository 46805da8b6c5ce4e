// EAP-TLS (RFC 5216; RFC 9190 for TLS 1.3): mutual TLS. The client chain
// is validated by the CA service when the handshake completes (a resumed
// session brings the leaf kept in the session and is validated again, so a
// revocation since takes effect). TLS 1.3 ends with the one-octet 0x00
// application-data commitment; the MSK comes from the TLS exporter.
import { EAP_FAILURE, EAP_STEP } from '../codes.ts';
import { failed, type AuthKind, type Failure, type MethodEnv, type MethodInfo, type MethodStep } from '../method.ts';
import { EapType } from '../packet.ts';
import { TlsTunnel, type TlsSettings } from '../tls-tunnel.ts';

const KIND: AuthKind = { eapAuthentication: 'EAP-TLS' };

export class EapTlsMethod extends TlsTunnel {
  readonly type = EapType.Tls;
  readonly name = 'EAP-TLS' as const;
  readonly info: MethodInfo = { eapAuthentication: 'EAP-TLS', protocol: 'EAP-TLS', method: 'x509_PKI' };
  readonly timeoutFailure = EAP_FAILURE.tlsTimeout;
  #validated = false;

  constructor(settings: TlsSettings) {
    super(settings, true);
  }

  protected tlsFailure(clientRejected: boolean): Failure {
    return clientRejected ? EAP_FAILURE.tlsClientRejected : EAP_FAILURE.tlsHandshake;
  }

  protected async onEstablished(env: MethodEnv): Promise<MethodStep | undefined> {
    env.step(EAP_STEP.tlsHandshakeDone);
    const leaf = this.pump.peerLeaf();
    if (!leaf) return failed(EAP_FAILURE.tlsNoCertificate);
    const check = await env.certificate({ leaf, chain: () => this.pump.peerCertificates() }, KIND);
    if (check.fields) this.info.certificate = check.fields;
    if (!check.ok) return failed(check.failure);
    this.info.certificate = check.fields;
    this.info.userName = check.identity;
    this.#validated = true;
    // RFC 9190 §2.5: the server's protected success indication.
    if (this.pump.protocol === 'TLSv1.3') await this.pump.write(Buffer.of(0));
    return undefined;
  }

  protected async onApplicationData(): Promise<MethodStep | undefined> {
    return failed(EAP_FAILURE.invalidPayload);
  }

  /** The peer acknowledged the server's last flight: done. */
  protected async onAck(): Promise<MethodStep> {
    return this.#done();
  }

  /** Nothing left to send after the peer's Finished (a resumed TLS 1.2 session): done. */
  protected async onIdle(): Promise<MethodStep> {
    return this.#done();
  }

  #done(): MethodStep {
    if (!this.established || !this.#validated) return failed(this.established ? EAP_FAILURE.tlsHandshake : EAP_FAILURE.emptyTls);
    return { kind: 'success', auth: { info: this.info, msk: this.msk('client EAP encryption') } };
  }
}
