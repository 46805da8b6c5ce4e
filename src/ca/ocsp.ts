// OCSP responder for the issuing CA (RFC 6960): parses an OCSPRequest,
// answers each CertID good / revoked / unknown in a BasicOCSPResponse signed
// by the issuing CA itself (§4.2.2.2: the CA may sign its own responses),
// responder id by key hash, request nonce echoed (RFC 8954).
import { createHash, webcrypto } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, CRLReason, Extension } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse, CertStatus, KeyHash, OCSPRequest, OCSPResponse, OCSPResponseStatus, ResponderID, ResponseBytes,
  ResponseData, RevokedInfo, SingleResponse, id_pkix_ocsp_basic, id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import type { RevocationReason } from '../domain/certificate.ts';
import type { CaCert } from './hierarchy.ts';
import { REASON_CODES, wholeSeconds } from './crl.ts';
import { normalSerial, publicKeyBits, sha1, signingAlgorithm } from './x509.ts';

export type OcspStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason }
  | { status: 'unknown' };

/** Status of a serial (lower-case hex) issued by the issuing CA. */
export type StatusLookup = (serial: string) => OcspStatus | Promise<OcspStatus>;

/** Hash algorithms accepted in CertIDs, by OID. */
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** How long a response may be cached by the client. */
export const OCSP_VALIDITY_MS = 3600_000;

const bytes = (b: ArrayBuffer | ArrayBufferView): Buffer =>
  b instanceof ArrayBuffer ? Buffer.from(b) : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const statusOnly = (status: OCSPResponseStatus): Uint8Array => new Uint8Array(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));

export interface OcspResponder {
  /** Answers a DER OCSPRequest with a DER OCSPResponse (never throws). */
  answer(requestDer: Uint8Array, now: Date): Promise<Uint8Array>;
}

export function ocspResponder(ca: CaCert, lookup: StatusLookup): OcspResponder {
  const nameDer = bytes(ca.cert.subjectName.toArrayBuffer());
  const keyBits = publicKeyBits(ca.cert);
  const keyHashes = new Map<string, { name: Buffer; key: Buffer }>();
  for (const [oid, alg] of Object.entries(HASHES)) {
    keyHashes.set(oid, { name: createHash(alg).update(nameDer).digest(), key: createHash(alg).update(keyBits).digest() });
  }
  const sigAlg = signingAlgorithm(ca.key);
  if (sigAlg.name !== 'RSASSA-PKCS1-v1_5') throw new Error('the OCSP responder signs with an RSA issuing CA key');

  return {
    async answer(requestDer, now) {
      let request: OCSPRequest;
      try {
        request = AsnConvert.parse(requestDer, OCSPRequest);
      } catch {
        return statusOnly(OCSPResponseStatus.malformedRequest);
      }
      const list = request.tbsRequest.requestList;
      if (list.length === 0) return statusOnly(OCSPResponseStatus.malformedRequest);
      const at = wholeSeconds(now);
      // Only the issuing CA's certificates are answered for.
      for (const r of list) {
        const id = r.reqCert;
        const ours = keyHashes.get(id.hashAlgorithm.algorithm);
        if (!ours || !ours.name.equals(bytes(id.issuerNameHash)) || !ours.key.equals(bytes(id.issuerKeyHash))) {
          return statusOnly(OCSPResponseStatus.unauthorized);
        }
      }
      try {
        const responses: SingleResponse[] = [];
        for (const { reqCert: id } of list) {
          const s = await lookup(normalSerial(bytes(id.serialNumber).toString('hex')));
          const certStatus = s.status === 'good' ? new CertStatus({ good: null })
            : s.status === 'revoked'
              ? new CertStatus({
                revoked: new RevokedInfo({
                  revocationTime: wholeSeconds(s.revokedAt),
                  ...(s.reason !== 'unspecified' && { revocationReason: new CRLReason(REASON_CODES[s.reason] as number) }),
                }),
              })
              : new CertStatus({ unknown: null });
          responses.push(new SingleResponse({ certID: id, certStatus, thisUpdate: at, nextUpdate: new Date(at.getTime() + OCSP_VALIDITY_MS) }));
        }
        const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
        const data = new ResponseData({
          responderID: new ResponderID({ byKey: new KeyHash(sha1(keyBits)) }),
          producedAt: at,
          responses,
          ...(nonce && { responseExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: nonce.extnValue })] }),
        });
        const tbs = AsnConvert.serialize(data);
        const basic = new BasicOCSPResponse({
          tbsResponseData: data,
          signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
          signature: await webcrypto.subtle.sign(sigAlg, ca.key, tbs),
        });
        return new Uint8Array(AsnConvert.serialize(new OCSPResponse({
          responseStatus: OCSPResponseStatus.successful,
          responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
        })));
      } catch {
        return statusOnly(OCSPResponseStatus.internalError);
      }
    },
  };
}
