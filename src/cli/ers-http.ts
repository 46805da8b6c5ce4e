// The CLI's HTTPS client for ERS (Gatehouse or ISE): Basic credentials on
// every call, one keep-alive agent, an optional CSRF token, the run's rate
// limit, and retries per retry.ts. A call whose reused keep-alive connection
// is reset before any answer is sent again at once on a fresh connection
// (the server closed or dropped that connection; it has not answered the
// call). `--insecure` turns certificate checks off for this agent only.
// `lines` reads a long answer (NDJSON) line by line as it arrives.
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { RateLimiter } from './rate-limiter.ts';
import { DEFAULT_RETRY, backoffMs, parseRetryAfter, retryableError, retryableStatus, type RetryPolicy } from './retry.ts';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface ErsHttpOptions {
  url: string;
  user: string;
  password: string;
  insecure?: boolean;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Requests per second; 0 = unlimited. */
  rate?: number;
  /** Sockets kept open (normally the run's concurrency). */
  sockets?: number;
  /** Told about each retry: status (0 for a transport error) and the wait. */
  onRetry?: (status: number, waitMs: number) => void;
}

/** A transport failure that outlasted the retries (no HTTP status). */
export class TransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ErsHttp {
  readonly origin: string;
  readonly #host: string;
  readonly #port: number;
  readonly #agent: Agent;
  readonly #auth: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #limiter: RateLimiter;
  readonly #onRetry?: (status: number, waitMs: number) => void;
  #csrf: { token: string; cookie: string } | undefined;
  /** Set while the server is unreachable: further calls get one attempt until one succeeds. */
  #unreachable = false;
  requests = 0;
  retries = 0;

  constructor(o: ErsHttpOptions) {
    const u = new URL(o.url);
    if (u.protocol !== 'https:') throw new Error(`--url must be an https:// URL (got ${o.url})`);
    this.origin = u.origin;
    this.#host = u.hostname.replace(/^\[|\]$/g, '');
    this.#port = Number(u.port || 443);
    this.#agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, o.sockets ?? 8), rejectUnauthorized: !o.insecure });
    this.#auth = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString('base64')}`;
    this.#timeoutMs = o.timeoutMs ?? 30_000;
    this.#retry = o.retry ?? DEFAULT_RETRY;
    this.#limiter = new RateLimiter(o.rate ?? 0);
    this.#onRetry = o.onRetry;
  }

  close(): void {
    this.#agent.destroy();
  }

  /**
   * Checks the credentials with a cheap authenticated GET and fetches a CSRF
   * token (ISE with CSRF enabled needs it on writes; servers without the
   * check simply send none).
   */
  async login(resource: string): Promise<void> {
    const r = await this.request('GET', `/ers/config/${resource}/versioninfo`, undefined, { 'x-csrf-token': 'fetch' });
    if (r.status === 401) throw new Error(`${this.origin}: authentication failed (401); check GATEHOUSE_USER/GATEHOUSE_PASSWORD`);
    if (r.status === 403) throw new Error(`${this.origin}: the account may not use ERS (403): ${ersMessage(r)}`);
    if (r.status === 404) throw new Error(`${this.origin}: this server does not serve /ers/config/${resource} (404)`);
    if (r.status >= 400) throw new Error(`${this.origin}: ${r.status} ${ersMessage(r)}`);
    const token = r.headers['x-csrf-token'];
    if (typeof token === 'string' && token !== '' && token.toLowerCase() !== 'required') {
      const cookie = (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
      this.#csrf = { token, cookie };
    }
  }

  /** A JSON call; `target` is a path or an absolute URL on any host (only its path and query are used). */
  async request(method: string, target: string, body?: unknown, extra: Record<string, string> = {}): Promise<HttpResult> {
    const path = target.startsWith('https://') || target.startsWith('http://') ? pathOf(target) : target;
    const headers: Record<string, string> = { accept: 'application/json', authorization: this.#auth, ...extra };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (this.#csrf && method !== 'GET') {
      headers['x-csrf-token'] = this.#csrf.token;
      if (this.#csrf.cookie) headers.cookie = this.#csrf.cookie;
    }
    return this.#withRetries(method, path, () => this.#once(method, path, headers, payload));
  }

  /**
   * A GET whose 200 answer is handed over line by line as it arrives (the
   * final line without a newline too); other answers are read whole and
   * returned (text empty for 200). A connection lost in the middle of a 200
   * answer throws TransportError: the lines so far were delivered, so the
   * call is not repeated.
   */
  async lines(path: string, onLine: (line: string) => void, accept = 'application/x-ndjson'): Promise<HttpResult> {
    const headers: Record<string, string> = { accept, authorization: this.#auth };
    return this.#withRetries('GET', path, () => this.#once('GET', path, headers, undefined, onLine));
  }

  async #withRetries(method: string, path: string, once: () => Promise<HttpResult>): Promise<HttpResult> {
    let resent = false;
    for (let attempt = 0; ; attempt++) {
      await this.#limiter.take();
      this.requests++;
      const maxRetries = this.#unreachable ? 0 : this.#retry.retries;
      try {
        const r = await once();
        this.#unreachable = false;
        if (!retryableStatus(r.status) || attempt >= maxRetries) return r;
        const wait = backoffMs(this.#retry, attempt + 1, parseRetryAfter(r.headers['retry-after']));
        this.retries++;
        this.#onRetry?.(r.status, wait);
        await sleep(wait);
      } catch (e) {
        if (e instanceof StreamBroken) throw new TransportError(`${method} ${path}: ${e.message}`, e.code);
        if (!retryableError(e)) throw e;
        if (!resent && (e as { reusedSocket?: boolean }).reusedSocket) {
          resent = true;
          attempt--;
          continue;
        }
        if (attempt >= maxRetries) {
          this.#unreachable = true;
          const err = e as NodeJS.ErrnoException;
          throw new TransportError(`${method} ${path}: ${err.message}`, err.code ?? 'ERROR');
        }
        const wait = backoffMs(this.#retry, attempt + 1);
        this.retries++;
        this.#onRetry?.(0, wait);
        await sleep(wait);
      }
    }
  }

  #once(method: string, path: string, headers: Record<string, string>, payload: string | undefined, onLine?: (line: string) => void): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest({ host: this.#host, port: this.#port, method, path, headers, agent: this.#agent, timeout: this.#timeoutMs }, (res) => {
        if (onLine && res.statusCode === 200) return readLines(res, onLine, resolve, reject);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.#timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  }
}

/** A 200 answer that broke off after some of it was delivered. */
class StreamBroken extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

function readLines(res: IncomingMessage, onLine: (line: string) => void, resolve: (r: HttpResult) => void, reject: (e: unknown) => void): void {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let failed = false;
  const fail = (e: unknown) => {
    if (failed) return;
    failed = true;
    res.destroy();
    reject(e);
  };
  const deliver = (text: string) => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line.trim() !== '') onLine(line);
    }
    rest = text.slice(start);
  };
  res.on('data', (c: Buffer) => {
    if (failed) return;
    try {
      deliver(rest + decoder.write(c));
    } catch (e) {
      fail(e);
    }
  });
  res.on('end', () => {
    if (failed) return;
    try {
      const last = rest + decoder.end();
      if (last.trim() !== '') onLine(last);
      resolve({ status: 200, headers: res.headers, text: '' });
    } catch (e) {
      fail(e);
    }
  });
  // A stream cut off before its end (reset, server stopped) must not pass for a complete one.
  res.on('close', () => {
    if (!res.complete) fail(new StreamBroken('the answer broke off before its end', 'ECONNRESET'));
  });
  res.on('error', (e: NodeJS.ErrnoException) => fail(new StreamBroken(`the answer broke off before its end (${e.message})`, e.code ?? 'ECONNRESET')));
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** Parses a JSON body, or undefined when it is not JSON. */
export function jsonOf<T = any>(r: HttpResult): T | undefined {
  try {
    return JSON.parse(r.text) as T;
  } catch {
    return undefined;
  }
}

/** ISE's error text: ERSResponse.messages[0].title (or code), the Gatehouse extension's `message`, else the body or the status. */
export function ersMessage(r: HttpResult): string {
  const j = jsonOf<{ ERSResponse?: { messages?: { title?: string; code?: string }[] } }>(r);
  const m = j?.ERSResponse?.messages?.[0];
  if (m?.title || m?.code) return (m.title || m.code) as string;
  const ext = (j as { message?: unknown } | undefined)?.message;
  if (typeof ext === 'string' && ext !== '') return ext;
  const xml = /<title>([^<]*)<\/title>/.exec(r.text);
  if (xml) return xml[1];
  const text = r.text.replace(/\s+/g, ' ').trim();
  return text && text.length <= 300 ? text : `HTTP ${r.status}`;
}

/** The id at the end of a Location header. */
export function idFromLocation(r: HttpResult): string | undefined {
  const loc = r.headers.location;
  return typeof loc === 'string' ? loc.split('?')[0].split('/').pop() : undefined;
}
