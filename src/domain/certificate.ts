// Internal-CA objects: certificate templates, the records of issued
// certificates, and the rules of ISE's endpoint certificate request
// (PUT /ers/config/endpointcert/certRequest): password policy, MAC SAN, CN,
// output formats. Pure data and checks; no keys, no clock.
import type { Entity } from './entity.ts';

export const KEY_TYPES = ['RSA', 'ECDSA'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Key sizes a template may name: RSA modulus bits, or the ECDSA curve size (P-256, P-384). */
export const KEY_SIZES: Readonly<Record<KeyType, readonly number[]>> = { RSA: [2048, 4096], ECDSA: [256, 384] };

export const EXTENDED_KEY_USAGES = ['clientAuth', 'serverAuth'] as const;
export type ExtendedKeyUsageName = (typeof EXTENDED_KEY_USAGES)[number];

/** Validity limits of a template, in days (ISE's template form). */
export const VALIDITY_MIN_DAYS = 21;
export const VALIDITY_MAX_DAYS = 3652;

/** ISE's SCEP RA profile of the internal CA. */
export const INTERNAL_RA_PROFILE = 'ISE Internal CA';

/** Optional subject attributes a template adds after CN=<request cn>. */
export interface TemplateSubject {
  ou?: string;
  o?: string;
  l?: string;
  st?: string;
  c?: string;
}

export interface CertificateTemplate extends Entity {
  keyType: KeyType;
  keySize: number;
  /** Days. */
  validityPeriod: number;
  raprofile: string;
  subject: TemplateSubject;
  extendedKeyUsages: ExtendedKeyUsageName[];
  /** Shipped with the product; cannot be changed or removed. */
  system: boolean;
}

type BuiltIn = Omit<CertificateTemplate, 'createdAt' | 'updatedAt'>;

/**
 * ISE's built-in templates (names exact). Cisco does not publish their ids;
 * these are Gatehouse's fixed ids so scripts may hard-code them.
 */
export const BUILT_IN_TEMPLATES: readonly BuiltIn[] = [
  {
    id: 'b4f5dbb4-3e6c-48d6-b044-b8eb8e98b703',
    name: 'EAP_Authentication_Certificate_Template',
    description: 'This template will be used to issue certificates for EAP Authentication',
    keyType: 'RSA', keySize: 2048, validityPeriod: 730, raprofile: INTERNAL_RA_PROFILE, subject: {},
    extendedKeyUsages: ['clientAuth'], system: true,
  },
  {
    id: '0fb5949d-3d35-4b9f-9af9-a05e728de352',
    name: 'pxGrid_Certificate_Template',
    description: 'This template will be used to issue certificates for pxGrid',
    keyType: 'RSA', keySize: 2048, validityPeriod: 730, raprofile: INTERNAL_RA_PROFILE, subject: {},
    extendedKeyUsages: ['clientAuth', 'serverAuth'], system: true,
  },
  {
    id: '3eb191ac-d559-498e-a97c-e9644c622bab',
    name: 'CA_SERVICE_Certificate_Template',
    description: 'This template will be used to issue certificates for ISE Certificate Authority Service',
    keyType: 'RSA', keySize: 2048, validityPeriod: 730, raprofile: INTERNAL_RA_PROFILE, subject: {},
    extendedKeyUsages: ['clientAuth', 'serverAuth'], system: true,
  },
];

export const DEFAULT_TEMPLATE_NAME = 'EAP_Authentication_Certificate_Template';

/** Why a template is not acceptable, or null. */
export function checkTemplate(t: Pick<CertificateTemplate, 'keyType' | 'keySize' | 'validityPeriod' | 'extendedKeyUsages' | 'subject'>): string | null {
  if (!KEY_TYPES.includes(t.keyType)) return `Invalid key type '${t.keyType}': must be one of ${KEY_TYPES.join(', ')}`;
  if (!KEY_SIZES[t.keyType].includes(t.keySize)) return `Invalid key size ${t.keySize} for ${t.keyType}: must be one of ${KEY_SIZES[t.keyType].join(', ')}`;
  if (!Number.isInteger(t.validityPeriod) || t.validityPeriod < VALIDITY_MIN_DAYS || t.validityPeriod > VALIDITY_MAX_DAYS) {
    return `Invalid validity period ${t.validityPeriod}: must be ${VALIDITY_MIN_DAYS} to ${VALIDITY_MAX_DAYS} days`;
  }
  if (t.extendedKeyUsages.length === 0 || t.extendedKeyUsages.some((u) => !EXTENDED_KEY_USAGES.includes(u))) {
    return `Invalid extended key usages: choose from ${EXTENDED_KEY_USAGES.join(', ')}`;
  }
  if (t.subject.c !== undefined && t.subject.c !== '' && !/^[A-Z]{2}$/.test(t.subject.c)) return `Invalid country '${t.subject.c}': use a two-letter code`;
  for (const [k, v] of Object.entries(t.subject)) {
    if (v !== undefined && (v.length > 64 || /[<>]/.test(v))) return `Invalid subject ${k.toUpperCase()}: at most 64 characters, no < or >`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// certRequest

export const CERT_FORMATS = ['PKCS12', 'PKCS12_CHAIN', 'PKCS8', 'PKCS8_CHAIN'] as const;
export type CertFormat = (typeof CERT_FORMATS)[number];

export const isCertFormat = (s: string): s is CertFormat => (CERT_FORMATS as readonly string[]).includes(s);

export const CERT_PASSWORD_RULE =
  'Invalid password: must be 9-14 characters long (more than 8 and less than 15), contain at least one upper-case letter [A-Z], one lower-case letter [a-z] and one digit [0-9], and use only the characters [A-Z][a-z][0-9]_#';

/** ISE's rule for the password that protects the issued key: 9–14 of [A-Za-z0-9_#], with upper, lower and digit. */
export function checkCertPassword(password: string): string | null {
  const ok = /^[A-Za-z0-9_#]{9,14}$/.test(password) && /[A-Z]/.test(password) && /[a-z]/.test(password) && /[0-9]/.test(password);
  return ok ? null : CERT_PASSWORD_RULE;
}

const DASH_MAC = /^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}$/;

/** The request SAN as the upper-case dash form written into the certificate, or null when it is not a dash-delimited MAC. */
export function parseSanMac(san: string): string | null {
  return DASH_MAC.test(san) ? san.toUpperCase() : null;
}

/** Longest CN X.520 allows (ub-common-name). */
export const CN_MAX = 64;

/** Why a requested CN is not acceptable, or null. */
export function checkCn(cn: string): string | null {
  if (cn.length > CN_MAX) return `Invalid CN: must not be longer than ${CN_MAX} characters`;
  if (cn.trim() !== cn) return 'Invalid CN: must not start or end with white space';
  if (/[\u0000-\u001f\u007f<>]/.test(cn)) return 'Invalid CN: contains characters that are not allowed (< > or control characters)';
  return null;
}

// ---------------------------------------------------------------------------
// Issued certificates

export type IssuedStatus = 'active' | 'revoked';

/** RFC 5280 CRLReason names accepted for revocation. */
export const REVOCATION_REASONS = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface IssuedCertificate {
  /** Lower-case hex, as in the certificate. */
  serial: string;
  /** Issuing CA subject DN. */
  issuer: string;
  /** Subject DN. */
  subject: string;
  cn: string;
  /** SAN as written into the certificate (MAC, dash form), or '' when none. */
  san: string;
  /** The MAC the certificate was issued to, `AA:BB:CC:DD:EE:FF`, or ''. */
  mac: string;
  template: string;
  /** Admin (or node) that requested it. */
  requestedBy: string;
  keyType: KeyType;
  keySize: number;
  /** ISO timestamps. */
  issuedAt: string;
  notBefore: string;
  notAfter: string;
  status: IssuedStatus;
  revokedAt?: string;
  revocationReason?: RevocationReason;
}

/** What the store returns for the CRL and the revocation index. */
export interface RevokedEntry {
  serial: string;
  revokedAt: string;
  reason: RevocationReason;
}
