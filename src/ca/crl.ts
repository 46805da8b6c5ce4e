// The issuing CA's certificate revocation list (RFC 5280 §5): v2, signed by
// the issuing CA, with CRL number and authority key identifier, one entry
// per revoked certificate with its reason code.
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import type { RevocationReason, RevokedEntry } from '../domain/certificate.ts';
import type { CaCert } from './hierarchy.ts';
import { x509, signingAlgorithm } from './x509.ts';

export const REASON_CODES: Record<RevocationReason, x509.X509CrlReason> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
};

export interface CrlParams {
  revoked: readonly RevokedEntry[];
  /** Monotonic CRL number. */
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** Whole seconds: X.509 times carry no fractions. */
export const wholeSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

export async function buildCrl(ca: CaCert, p: CrlParams): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName.toJSON(),
    thisUpdate: wholeSeconds(p.thisUpdate),
    nextUpdate: wholeSeconds(p.nextUpdate),
    signingKey: ca.key,
    signingAlgorithm: signingAlgorithm(ca.key),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
      new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(p.number))),
    ],
    entries: p.revoked.map((r) => ({
      serialNumber: r.serial,
      revocationDate: wholeSeconds(new Date(r.revokedAt)),
      // RFC 5280 §5.3.1: the reason code is omitted rather than given as unspecified.
      ...(r.reason !== 'unspecified' && { reason: REASON_CODES[r.reason] }),
    })),
  });
}
