// The internal CA's issued certificates through the extension: ISE lists
// and revokes them only in its GUI (Administration > PKI > Issued
// Certificates) and its ERS has no call for either, so they live here and
// /ers stays as ISE has it.
//   GET  /gatehouse/v1/certificates[?mac=&cn=&status=&size=&page=]
//        the records of the Endpoint Sub CA, newest first: `mac` in any MAC
//        notation, `cn` exact (case-insensitive), `status` active|revoked;
//        `size` (1-100, default 20) and 1-based `page` as ERS lists, with
//        absolute nextPage/previousPage links
//   GET  /gatehouse/v1/certificates/{serial}           one record (hex serial, colons allowed)
//   POST /gatehouse/v1/certificates/{serial}/revoke    {"reason": RFC 5280 name}, default unspecified
// A revocation is audited and committed by the CA service, which reissues
// the CRL and answers OCSP from the record at once; its change event makes
// every RADIUS thread reload the revoked set used by EAP-TLS.
import type { FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { parseMac } from '../domain/mac.ts';
import { REVOCATION_REASONS, type IssuedCertificate, type IssuedStatus, type RevocationReason } from '../domain/certificate.ts';
import type { IssuedCertificateFilter } from '../store/store.ts';
import type { Services } from '../services/index.ts';
import { bodyFormat } from '../http/media.ts';
import { actorOf, baseUrl } from '../ers/context.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageHref } from '../ers/list.ts';
import { sendJson, type ExtRoute } from './routes.ts';

export const CERTIFICATE_STATUSES: readonly IssuedStatus[] = ['active', 'revoked'];
const LIST_PARAMS = new Set(['mac', 'cn', 'status', 'size', 'page']);

/** The JSON view of one issued-certificate record. */
export function certificateView(c: IssuedCertificate): Record<string, unknown> {
  return {
    serial: c.serial,
    subject: c.subject,
    cn: c.cn,
    san: c.san,
    mac: c.mac,
    template: c.template,
    requestedBy: c.requestedBy,
    issuer: c.issuer,
    keyType: c.keyType,
    keySize: c.keySize,
    issuedAt: c.issuedAt,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    status: c.status,
    revokedAt: c.revokedAt ?? null,
    reason: c.revocationReason ?? null,
  };
}

/** A serial as hex digits (upper or lower case, `:` separators allowed), or undefined when it cannot be one. */
function serialOf(raw: string): string | undefined {
  const hex = raw.replaceAll(':', '');
  return /^[0-9a-fA-F]{1,64}$/.test(hex) ? hex : undefined;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) fail('query', `Invalid ${name} '${value}': ${name} must be a whole number from ${min} to ${max}`);
  return n;
}

interface ListQuery {
  by: IssuedCertificateFilter;
  page: number;
  size: number;
}

function parseListQuery(query: unknown): ListQuery {
  const by: IssuedCertificateFilter = {};
  let page = 1;
  let size = DEFAULT_PAGE_SIZE;
  for (const [name, raw] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!LIST_PARAMS.has(name)) fail('query', `Unknown query parameter '${name}': use ${[...LIST_PARAMS].join(', ')}`);
    if (typeof raw !== 'string') fail('query', `Query parameter '${name}' is given more than once`);
    const value = raw as string;
    switch (name) {
      case 'mac':
        by.mac = parseMac(value) ?? fail('query', `Invalid mac '${value}': not a MAC address`);
        break;
      case 'cn':
        by.cn = value;
        break;
      case 'status':
        if (!(CERTIFICATE_STATUSES as readonly string[]).includes(value)) fail('query', `Invalid status '${value}': use ${CERTIFICATE_STATUSES.join(' or ')}`);
        by.status = value as IssuedStatus;
        break;
      case 'size':
        size = wholeNumber('size', value, 1, MAX_PAGE_SIZE);
        break;
      case 'page':
        page = wholeNumber('page', value, 1, Number.MAX_SAFE_INTEGER);
        break;
    }
  }
  return { by, page, size };
}

/** The revoke body: empty, or a JSON object with an optional `reason`. */
function parseRevokeBody(request: FastifyRequest): RevocationReason {
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw.trim() === '') return 'unspecified';
  if (bodyFormat(request.headers['content-type']) !== 'json') {
    fail('mediaType', `Unsupported Content-Type '${request.headers['content-type'] ?? ''}': use application/json`);
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    fail('invalidBody', 'Resource Initialization Failed: the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('invalidBody', 'The revoke body must be a JSON object, e.g. {"reason": "keyCompromise"}');
  const fields = body as Record<string, unknown>;
  for (const k of Object.keys(fields)) if (k !== 'reason') fail('invalidBody', `Unknown field '${k}': the revoke body has only 'reason'`);
  const reason = fields.reason ?? 'unspecified';
  if (typeof reason !== 'string' || !(REVOCATION_REASONS as readonly string[]).includes(reason)) {
    fail('validation', `Invalid reason '${String(reason)}': use one of ${REVOCATION_REASONS.join(', ')}`);
  }
  return reason as RevocationReason;
}

const notIssued = (serial: string): never => fail('notFound', `Certificate with serial '${serial}' was not issued by this CA`);

export function certificateRoutes(services: Services): ExtRoute[] {
  const ca = services.ca;
  return [
    {
      method: 'GET', path: '/certificates', summary: 'certificates issued by the internal CA (filter by mac, cn, status; paged by size and page)',
      handler: async (request, reply) => {
        const { by, page, size } = parseListQuery(request.query);
        const { items, total } = await ca.listIssued(by, { offset: (page - 1) * size, limit: size });
        const base = baseUrl(request);
        return sendJson(reply, 200, {
          total, page, size,
          certificates: items.map(certificateView),
          ...(page * size < total && { nextPage: pageHref(base, request.url, size, page + 1) }),
          ...(page > 1 && total > 0 && { previousPage: pageHref(base, request.url, size, Math.min(page - 1, Math.ceil(total / size))) }),
        });
      },
    },
    {
      method: 'GET', path: '/certificates/:serial', summary: 'one certificate issued by the internal CA, by serial (hex)',
      handler: async (request, reply) => {
        const raw = (request.params as { serial: string }).serial;
        const serial = serialOf(raw) ?? notIssued(raw);
        const rec = (await ca.getIssued(serial)) ?? notIssued(raw);
        return sendJson(reply, 200, certificateView(rec));
      },
    },
    {
      method: 'POST', path: '/certificates/:serial/revoke', summary: 'revoke a certificate of the internal CA (CRL, OCSP and EAP-TLS at once)',
      handler: async (request, reply) => {
        const raw = (request.params as { serial: string }).serial;
        const reason = parseRevokeBody(request);
        const serial = serialOf(raw) ?? notIssued(raw);
        return sendJson(reply, 200, certificateView(await ca.revoke(serial, reason, actorOf(request))));
      },
    },
  ];
}
