// ERS CSRF protection as ISE clients use it: a GET with `X-CSRF-Token: fetch`
// returns a token bound to the admin and an APPSESSIONID cookie; writes then
// carry the token. The check itself is off unless configured.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';

const COOKIE = 'APPSESSIONID';
const LIFETIME_MS = 30 * 60 * 1000;
const MAX_TOKENS = 10_000;

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class CsrfGuard {
  readonly enabled: boolean;
  readonly #tokens = new Map<string, { token: Buffer; expires: number }>();

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /** Answers a token fetch (always, so clients that fetch keep working when the check is off). */
  handleFetch(request: FastifyRequest, reply: FastifyReply, user: string): void {
    const header = request.headers['x-csrf-token'];
    if (request.method !== 'GET' || typeof header !== 'string' || header.toLowerCase() !== 'fetch') return;
    let session = cookie(request, COOKIE);
    if (!session || !/^[A-Za-z0-9_-]{16,64}$/.test(session)) {
      session = randomBytes(24).toString('base64url');
      reply.header('set-cookie', `${COOKIE}=${session}; Path=/; Secure; HttpOnly; SameSite=Strict`);
    }
    const token = randomBytes(24).toString('base64url');
    if (this.#tokens.size >= MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value as string);
    this.#tokens.set(`${user}\u0000${session}`, { token: Buffer.from(token), expires: Date.now() + LIFETIME_MS });
    reply.header('x-csrf-token', token);
  }

  /** Refuses POST/PUT/DELETE without a valid token while the check is on. */
  verify(request: FastifyRequest, user: string): void {
    if (!this.enabled || !['POST', 'PUT', 'DELETE'].includes(request.method)) return;
    const given = request.headers['x-csrf-token'];
    const session = cookie(request, COOKIE);
    const entry = session ? this.#tokens.get(`${user}\u0000${session}`) : undefined;
    const now = Date.now();
    if (typeof given !== 'string' || !entry || entry.expires < now) fail('forbidden', 'CSRF nonce validation failed');
    const g = Buffer.from(given as string);
    if (g.length !== entry!.token.length || !timingSafeEqual(g, entry!.token)) fail('forbidden', 'CSRF nonce validation failed');
    entry!.expires = now + LIFETIME_MS; // sliding lifetime
  }
}
