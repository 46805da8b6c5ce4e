// HTTP Basic authentication of admins, with per-source throttling of
// failures so one client guessing passwords cannot lock out the others.
import type { FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import type { AdminService } from '../services/admins.ts';
import type { AdminUser } from '../domain/admin-user.ts';

export function parseBasic(header: string | undefined): { name: string; password: string } | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface LimiterOptions {
  /** Failures allowed per source within the window. */
  maxFailures: number;
  windowMs: number;
}

/** Counts failed logins per source address in a fixed window. */
export class LoginLimiter {
  readonly #opts: LimiterOptions;
  readonly #sources = new Map<string, { count: number; resetAt: number }>();

  constructor(opts: LimiterOptions) {
    this.#opts = opts;
  }

  /** Seconds the source must wait, or 0 when it may try. */
  retryAfter(source: string, now = Date.now()): number {
    const s = this.#sources.get(source);
    if (!s) return 0;
    if (now >= s.resetAt) {
      this.#sources.delete(source);
      return 0;
    }
    return s.count >= this.#opts.maxFailures ? Math.ceil((s.resetAt - now) / 1000) : 0;
  }

  failed(source: string, now = Date.now()): void {
    const s = this.#sources.get(source);
    if (!s || now >= s.resetAt) this.#sources.set(source, { count: 1, resetAt: now + this.#opts.windowMs });
    else s.count++;
    if (this.#sources.size > 100_000) this.#prune(now);
  }

  succeeded(source: string): void {
    this.#sources.delete(source);
  }

  #prune(now: number): void {
    for (const [k, v] of this.#sources) if (now >= v.resetAt) this.#sources.delete(k);
  }
}

export const WWW_AUTHENTICATE = 'Basic realm="ERS"';

/** Authenticates the request's Basic credentials or throws 401/429. */
export async function authenticateRequest(request: FastifyRequest, admins: AdminService, limiter: LoginLimiter): Promise<AdminUser> {
  const source = request.ip;
  const wait = limiter.retryAfter(source);
  if (wait > 0) fail('rateLimited', `Too many failed login attempts from ${source}; retry in ${wait} seconds`, { 'retry-after': String(wait) });
  const creds = parseBasic(request.headers.authorization);
  if (!creds) fail('unauthorized', 'Unauthorized: Basic authentication is required', { 'www-authenticate': WWW_AUTHENTICATE });
  const admin = await admins.authenticate(creds!.name, creds!.password);
  if (!admin) {
    limiter.failed(source);
    request.log.info({ user: creds!.name, source }, 'admin login failed');
    fail('unauthorized', 'Unauthorized', { 'www-authenticate': WWW_AUTHENTICATE });
  }
  limiter.succeeded(source);
  return admin!;
}
