// The internal CA service: certificate templates, certRequest issuance
// (key generation, records, the ZIP), revocation, the CRL and OCSP answers,
// the EAP server certificate, and client chain validation for EAP-TLS.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { GatehouseError, fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import {
  BUILT_IN_TEMPLATES, CERT_FORMATS, INTERNAL_RA_PROFILE, checkCertPassword, checkCn, checkTemplate, isCertFormat, parseSanMac,
  type CertFormat, type CertificateTemplate, type ExtendedKeyUsageName, type IssuedCertificate, type KeyType,
  type RevocationReason, type RevokedEntry, type TemplateSubject,
} from '../domain/certificate.ts';
import { checkName, checkText } from '../domain/names.ts';
import { loadOrCreateHierarchy, createHierarchy, chainOf, hierarchyPresent, type CaHierarchy } from '../ca/hierarchy.ts';
import { issueCertificate, type IssuedPair } from '../ca/issue.ts';
import { buildBundle, type Bundle } from '../ca/bundle.ts';
import { buildCrl } from '../ca/crl.ts';
import { ocspResponder, type OcspResponder, type OcspStatus } from '../ca/ocsp.ts';
import { validateClientChain, type ChainResult, type TrustStore } from '../ca/verify.ts';
import { x509, normalSerial, pem } from '../ca/x509.ts';
import { SYSTEM_ACTOR, type Actor, type Clock } from './context.ts';
import { write, type WriteDeps } from './writes.ts';
import type { IssuedCertificateFilter } from '../store/store.ts';

export interface CaOptions {
  /** Directory of the CA keys and certificates; without one the CA lives in memory for the life of the process. */
  dir?: string;
  /** Host name in the CA subjects (`Certificate Services Root CA - <host>`). */
  host?: string;
}

/** A certRequest body as the ERS adapter decoded it; everything optional until validated. */
export interface CertRequestInput {
  certTemplateName?: string;
  format?: string;
  password?: string;
  certificateRequest?: Record<string, string>;
}

export interface Requester {
  actor: Actor;
  /** ERS Admins may request any CN; anyone else only their own name. */
  anyCn: boolean;
}

export interface TemplateDraft {
  name?: string;
  description?: string;
  keyType?: KeyType;
  keySize?: number;
  validityPeriod?: number;
  subject?: TemplateSubject;
  extendedKeyUsages?: ExtendedKeyUsageName[];
}

/** PEM material for a TLS server (tls.createSecureContext). */
export interface ServerCredentials {
  /** Unencrypted PKCS#8. */
  key: string;
  cert: string;
  /** CA certificates above `cert`, nearest first. */
  chain: string[];
  notAfter: Date;
}

const TEMPLATE = 'certificatetemplate';
const CERT = 'certificate';
const CRL_FILE = 'endpoint-sub-ca.crl';
/** A CRL is reissued after a day even without revocations, and stays valid for a week. */
const CRL_REFRESH_MS = 24 * 3600_000;
const CRL_VALIDITY_MS = 7 * 24 * 3600_000;
/** The EAP server certificate is renewed when it has less than this left. */
const SERVER_RENEW_MS = 30 * 24 * 3600_000;
const SERVER_VALIDITY_DAYS = 730;

/** certificateRequest keys, matched case-insensitively. */
const REQUEST_KEYS = new Set(['cn', 'san']);

interface CheckedRequest {
  template: CertificateTemplate;
  format: CertFormat;
  password: string;
  cn: string;
  /** MAC, upper-case dash form. */
  san: string;
}

interface CaState {
  hierarchy: CaHierarchy;
  ocsp: OcspResponder;
}

export class CaService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  readonly #dir: string | undefined;
  readonly #host: string;
  #state: Promise<CaState> | undefined;
  /** Revoked serials of the issuing CA, kept in memory for the EAP-TLS path. */
  readonly #revoked = new Map<string, RevokedEntry>();
  #urls: { ocsp?: string; crl?: string } = {};
  #crl: { der: Uint8Array; number: number; thisUpdate: Date } | undefined;
  /** CRL regeneration runs one at a time. */
  #crlQueue: Promise<unknown> = Promise.resolve();

  constructor(deps: WriteDeps, clock: Clock, options: CaOptions = {}) {
    this.#deps = deps;
    this.#clock = clock;
    this.#dir = options.dir;
    this.#host = options.host ?? hostname().split('.')[0];
  }

  /**
   * Seeds the built-in templates. With a directory, loads the CA from it
   * (a broken one fails the start), or, on the first start, begins creating
   * it: key generation runs in the background and every CA operation waits
   * for it. Without a directory the CA is created on first use.
   */
  async start(): Promise<void> {
    const now = this.#clock().toISOString();
    await this.#deps.store.transaction(async (tx) => {
      for (const t of BUILT_IN_TEMPLATES) {
        if (!(await tx.certificateTemplates.get(t.id))) await tx.certificateTemplates.insert({ ...t, createdAt: now, updatedAt: now });
      }
    });
    if (!this.#dir) return;
    if (hierarchyPresent(this.#dir)) await this.#ca();
    else void this.#ca().catch(() => undefined);
  }

  /** Reads the revocations again (a replica following another thread's revoke). */
  async reloadRevoked(): Promise<void> {
    const { hierarchy } = await this.#ca();
    const revoked = await this.#deps.store.issuedCertificates.revoked(hierarchy.issuing.cert.subject);
    this.#revoked.clear();
    for (const r of revoked) this.#revoked.set(r.serial, r);
  }

  /** Resolves once the CA is loaded or created; rejects when it cannot be. */
  async ready(): Promise<void> {
    await this.#ca();
  }

  #ca(): Promise<CaState> {
    this.#state ??= (async () => {
      const now = this.#clock();
      const hierarchy = this.#dir
        ? (await loadOrCreateHierarchy(this.#dir, this.#host, now)).hierarchy
        : (await createHierarchy(this.#host, now)).hierarchy;
      for (const r of await this.#deps.store.issuedCertificates.revoked(hierarchy.issuing.cert.subject)) this.#revoked.set(r.serial, r);
      const ocsp = ocspResponder(hierarchy.issuing, (serial) => this.#status(hierarchy, serial));
      return { hierarchy, ocsp };
    })();
    this.#state.catch(() => { this.#state = undefined; });
    return this.#state;
  }

  /**
   * Where relying parties find revocation data: `base` is the node's HTTPS
   * URL (`https://host:port`); issued certificates carry `<base>/ocsp/` (AIA)
   * and `<base>/ca/crl` (CDP) from now on.
   */
  setPublicUrl(base: string): void {
    const b = base.replace(/\/+$/, '');
    this.#urls = { ocsp: `${b}/ocsp/`, crl: `${b}/ca/crl` };
  }

  // ---------------------------------------------------------------- templates

  searchTemplates(q: SearchQuery): Promise<SearchResult<CertificateTemplate>> {
    return this.#deps.store.certificateTemplates.search(q);
  }

  getTemplate(id: string): Promise<CertificateTemplate | undefined> {
    return this.#deps.store.certificateTemplates.get(id);
  }

  getTemplateByName(name: string): Promise<CertificateTemplate | undefined> {
    return this.#deps.store.certificateTemplates.getByName(name);
  }

  /** Adds a template (e.g. an ECDSA one); the ERS resource itself is read-only, as on ISE. */
  async createTemplate(draft: TemplateDraft, actor: Actor): Promise<CertificateTemplate> {
    const now = this.#clock().toISOString();
    const t: CertificateTemplate = {
      id: randomUUID(), name: draft.name ?? '', description: draft.description ?? '',
      keyType: draft.keyType ?? 'RSA', keySize: draft.keySize ?? 2048, validityPeriod: draft.validityPeriod ?? 730,
      raprofile: INTERNAL_RA_PROFILE, subject: draft.subject ?? {}, extendedKeyUsages: draft.extendedKeyUsages ?? ['clientAuth'],
      system: false, createdAt: now, updatedAt: now,
    };
    return write(this.#deps, actor, { action: 'create', objectType: TEMPLATE, objectName: t.name }, async (tx) => {
      for (const m of [checkName(t.name, 'Name'), checkText(t.description, 'description'), checkTemplate(t)]) if (m !== null) fail('validation', m);
      await tx.certificateTemplates.insert(t);
      return { result: t, audit: { objectId: t.id, after: t }, event: { type: TEMPLATE, op: 'create', id: t.id } };
    }, `Certificate template '${t.name}' already exists`);
  }

  // ---------------------------------------------------------------- issuance

  /** Validates a certRequest, or throws ISE's 400 (403 for someone else's CN). */
  async #checkRequest(input: CertRequestInput, requester: Requester): Promise<CheckedRequest> {
    const req: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.certificateRequest ?? {})) {
      const key = k.toLowerCase();
      if (!REQUEST_KEYS.has(key)) fail('validation', `Invalid certificateRequest field '${k}': only cn and san are supported`);
      if (key in req) fail('validation', `certificateRequest field '${key}' is given more than once`);
      req[key] = v;
    }
    const missing = [
      ['certTemplateName', input.certTemplateName], ['format', input.format], ['password', input.password],
      ['certificateRequest.cn', req.cn], ['certificateRequest.san', req.san],
    ].filter(([, v]) => v === undefined || v === '').map(([k]) => k);
    if (missing.length) fail('validation', `Validation Error - Mandatory fields missing: [${missing.join(', ')}]`);
    const template = (await this.getTemplateByName(input.certTemplateName!))
      ?? fail('validation', `Certificate template '${input.certTemplateName}' does not exist`);
    if (!isCertFormat(input.format!)) fail('validation', `Invalid format '${input.format}': must be one of ${CERT_FORMATS.join(', ')}`);
    const pw = checkCertPassword(input.password!);
    if (pw) fail('validation', pw);
    const cn = req.cn;
    const cnProblem = checkCn(cn);
    if (cnProblem) fail('validation', cnProblem);
    if (!requester.anyCn && cn !== requester.actor.name) {
      fail('forbidden', `CN '${cn}' does not match the requesting user '${requester.actor.name}'; only ERS Admins may request certificates for other names`);
    }
    const san = parseSanMac(req.san) ?? fail('validation', `Invalid SAN '${req.san}': must be a MAC address with '-' delimiters, e.g. 11-22-33-44-55-66`);
    return { template, format: input.format as CertFormat, password: input.password!, cn, san };
  }

  /**
   * PUT /ers/config/endpointcert/certRequest: generates the key pair, issues
   * the certificate from the template, records it, and returns the ZIP.
   */
  async requestCertificate(input: CertRequestInput, requester: Requester): Promise<Bundle> {
    const record = { action: 'issue', objectType: CERT, objectName: String(input.certificateRequest?.cn ?? input.certificateRequest?.CN ?? '') };
    let checked: CheckedRequest;
    try {
      checked = await this.#checkRequest(input, requester);
    } catch (e) {
      if (e instanceof GatehouseError) await this.#deps.audit.failure(requester.actor, record, e.message);
      throw e;
    }
    const { template, format, password, cn, san } = checked;
    const { hierarchy } = await this.#ca();
    const now = this.#clock();
    const issued = await issueCertificate(hierarchy.issuing, {
      cn, subject: template.subject, dnsNames: [san], key: { type: template.keyType, size: template.keySize },
      validityDays: template.validityPeriod, extendedKeyUsages: template.extendedKeyUsages, urls: this.#urls, now,
    });
    await this.#record(hierarchy, issued, { cn, san, mac: san.replaceAll('-', ':'), template: template.name, keyType: template.keyType, keySize: template.keySize }, requester.actor, now);
    return buildBundle({ format, cn, san, certificate: issued.certificate, key: issued.privateKey, chain: chainOf(hierarchy), password, now });
  }

  async #record(
    h: CaHierarchy, issued: IssuedPair, what: Pick<IssuedCertificate, 'cn' | 'san' | 'mac' | 'template' | 'keyType' | 'keySize'>, actor: Actor, now: Date,
  ): Promise<IssuedCertificate> {
    const rec: IssuedCertificate = {
      ...what,
      serial: normalSerial(issued.serial), issuer: h.issuing.cert.subject, subject: issued.certificate.subject, requestedBy: actor.name,
      issuedAt: now.toISOString(), notBefore: issued.certificate.notBefore.toISOString(), notAfter: issued.certificate.notAfter.toISOString(),
      status: 'active',
    };
    return write(this.#deps, actor, { action: 'issue', objectType: CERT, objectId: rec.serial, objectName: rec.cn }, async (tx) => {
      await tx.issuedCertificates.insert(rec);
      return { result: rec, audit: { after: rec }, event: { type: CERT, op: 'create', id: rec.serial } };
    });
  }

  /** Issued certificates by MAC (any notation ISE accepts is not parsed here: pass `AA:BB:CC:DD:EE:FF`) and/or CN. */
  findIssued(by: { mac?: string; cn?: string }, limit?: number): Promise<IssuedCertificate[]> {
    return this.#deps.store.issuedCertificates.find(by, limit);
  }

  /** One page of the issuing CA's certificates, newest first, and how many match (MAC as `AA:BB:CC:DD:EE:FF`). */
  async listIssued(by: IssuedCertificateFilter, page: { offset: number; limit: number }): Promise<{ items: IssuedCertificate[]; total: number }> {
    const { hierarchy } = await this.#ca();
    return this.#deps.store.issuedCertificates.list(hierarchy.issuing.cert.subject, by, page.offset, page.limit);
  }

  async getIssued(serial: string): Promise<IssuedCertificate | undefined> {
    const { hierarchy } = await this.#ca();
    return this.#deps.store.issuedCertificates.get(hierarchy.issuing.cert.subject, normalSerial(serial));
  }

  // ---------------------------------------------------------------- revocation

  /** Revokes a certificate of the issuing CA and reissues the CRL. */
  async revoke(serial: string, reason: RevocationReason, actor: Actor): Promise<IssuedCertificate> {
    const { hierarchy } = await this.#ca();
    const issuer = hierarchy.issuing.cert.subject;
    const s = normalSerial(serial);
    const at = this.#clock().toISOString();
    const after = await write(this.#deps, actor, { action: 'revoke', objectType: CERT, objectId: s }, async (tx) => {
      const before = (await tx.issuedCertificates.get(issuer, s)) ?? fail('notFound', `Certificate with serial '${s}' was not issued by this CA`);
      if (before.status === 'revoked') fail('validation', `Certificate with serial '${s}' is already revoked`);
      await tx.issuedCertificates.revoke(issuer, s, at, reason);
      const rec: IssuedCertificate = { ...before, status: 'revoked', revokedAt: at, revocationReason: reason };
      return { result: rec, audit: { objectName: rec.cn, before, after: rec }, event: { type: CERT, op: 'update', id: s } };
    });
    this.#revoked.set(s, { serial: s, revokedAt: at, reason });
    await this.#reissueCrl(true);
    return after;
  }

  // ---------------------------------------------------------------- CRL and OCSP

  /** The issuing CA's current CRL (DER), reissued when stale. */
  async crl(): Promise<Uint8Array> {
    const now = this.#clock();
    if (!this.#crl || now.getTime() - this.#crl.thisUpdate.getTime() > CRL_REFRESH_MS) await this.#reissueCrl(false);
    return this.#crl!.der;
  }

  #reissueCrl(force: boolean): Promise<void> {
    const run = this.#crlQueue.then(async () => {
      const now = this.#clock();
      if (!force && this.#crl && now.getTime() - this.#crl.thisUpdate.getTime() <= CRL_REFRESH_MS) return;
      const { hierarchy } = await this.#ca();
      const revoked = await this.#deps.store.issuedCertificates.revoked(hierarchy.issuing.cert.subject);
      const number = (this.#crl?.number ?? this.#storedCrlNumber()) + 1;
      const crl = await buildCrl(hierarchy.issuing, { revoked, number, thisUpdate: now, nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS) });
      const der = new Uint8Array(crl.rawData);
      if (this.#dir) {
        const path = join(this.#dir, CRL_FILE);
        writeFileSync(`${path}.tmp`, der, { mode: 0o644 });
        renameSync(`${path}.tmp`, path);
      }
      this.#crl = { der, number, thisUpdate: crl.thisUpdate };
    });
    this.#crlQueue = run.catch(() => undefined);
    return run;
  }

  /** The number of the CRL last written to the CA directory, or 0. */
  #storedCrlNumber(): number {
    if (!this.#dir || !existsSync(join(this.#dir, CRL_FILE))) return 0;
    try {
      const ext = new x509.X509Crl(readFileSync(join(this.#dir, CRL_FILE))).getExtension(id_ce_cRLNumber);
      return ext ? AsnConvert.parse(ext.value, CRLNumber).value : 0;
    } catch {
      return 0;
    }
  }

  async #status(h: CaHierarchy, serial: string): Promise<OcspStatus> {
    const rec = await this.#deps.store.issuedCertificates.get(h.issuing.cert.subject, serial);
    if (!rec) return { status: 'unknown' };
    if (rec.status === 'revoked') return { status: 'revoked', revokedAt: new Date(rec.revokedAt!), reason: rec.revocationReason ?? 'unspecified' };
    return { status: 'good' };
  }

  /** Answers a DER OCSP request with a DER OCSP response. */
  async ocsp(requestDer: Uint8Array): Promise<Uint8Array> {
    const { ocsp } = await this.#ca();
    return ocsp.answer(requestDer, this.#clock());
  }

  // ---------------------------------------------------------------- certificates for others

  /** Root, Node and Endpoint Sub CA certificates as PEM (for trust stores and `ca` of a TLS server). */
  async caCertificates(): Promise<{ root: string; node: string; issuing: string }> {
    const { hierarchy: h } = await this.#ca();
    return { root: pem('CERTIFICATE', h.root.cert.rawData), node: pem('CERTIFICATE', h.node.cert.rawData), issuing: pem('CERTIFICATE', h.issuing.cert.rawData) };
  }

  /**
   * The trust store for client certificates: the internal CA plus `extra`
   * trusted CAs (and their CRLs), with the internal CA's revocations.
   */
  async trustStore(extra: { anchors?: x509.X509Certificate[]; crls?: x509.X509Crl[] } = {}): Promise<TrustStore> {
    const { hierarchy: h } = await this.#ca();
    const issuer = h.issuing.cert.subject;
    return {
      anchors: [...chainOf(h), ...(extra.anchors ?? [])],
      crls: extra.crls ?? [],
      isRevoked: (cert) => cert.issuer === issuer && this.#revoked.has(normalSerial(cert.serialNumber)),
    };
  }

  /** Validates a client chain (leaf first) against the internal CA and `extra` trusted CAs; ISE failure codes on refusal. */
  async validateClientChain(
    presented: readonly (x509.X509Certificate | ArrayBuffer | ArrayBufferView | string)[],
    extra: { anchors?: x509.X509Certificate[]; crls?: x509.X509Crl[] } = {},
  ): Promise<ChainResult> {
    return validateClientChain(presented, await this.trustStore(extra), this.#clock());
  }

  /**
   * The node's EAP server certificate, issued by the internal CA (EKU
   * serverAuth, SAN DNS = `names`, CN = the first name, never a wildcard).
   * Kept in the CA directory and reissued when missing, renamed or within
   * 30 days of expiry.
   */
  async serverCertificate(names: string[]): Promise<ServerCredentials> {
    if (names.length === 0) throw new Error('the EAP server certificate needs at least one DNS name');
    if (names[0].includes('*')) throw new Error('the EAP server certificate CN must not be a wildcard');
    const { hierarchy: h } = await this.#ca();
    const chain = chainOf(h).map((c) => pem('CERTIFICATE', c.rawData));
    const now = this.#clock();
    const files = this.#dir ? { cert: join(this.#dir, 'eap-server.crt'), key: join(this.#dir, 'eap-server.key') } : undefined;
    if (files && existsSync(files.cert) && existsSync(files.key)) {
      const cert = new x509.X509Certificate(readFileSync(files.cert, 'utf8'));
      const san = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value) ?? [];
      const fresh = cert.notAfter.getTime() - now.getTime() > SERVER_RENEW_MS;
      if (fresh && cert.issuer === h.issuing.cert.subject && san.join('\n') === names.join('\n')) {
        return { key: readFileSync(files.key, 'utf8'), cert: pem('CERTIFICATE', cert.rawData), chain, notAfter: cert.notAfter };
      }
    }
    const issued = await issueCertificate(h.issuing, {
      cn: names[0], dnsNames: names, key: { type: 'RSA', size: 2048 }, validityDays: SERVER_VALIDITY_DAYS,
      extendedKeyUsages: ['serverAuth'], urls: this.#urls, now,
    });
    await this.#record(h, issued, { cn: names[0], san: names.join(','), mac: '', template: '', keyType: 'RSA', keySize: 2048 }, SYSTEM_ACTOR, now);
    const key = issued.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const cert = pem('CERTIFICATE', issued.certificate.rawData);
    if (files) {
      writeFileSync(`${files.key}.tmp`, key, { mode: 0o600 });
      renameSync(`${files.key}.tmp`, files.key);
      writeFileSync(`${files.cert}.tmp`, cert, { mode: 0o644 });
      renameSync(`${files.cert}.tmp`, files.cert);
    }
    return { key, cert, chain, notAfter: issued.certificate.notAfter };
  }
}
