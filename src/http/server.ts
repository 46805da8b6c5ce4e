// The HTTPS listeners: the ERS port (9060) and the main HTTPS port (443),
// both serving the same API tree, with TLS 1.2+ and one error path.
import { hostname } from 'node:os';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import { GatehouseError, isGatehouseError } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { registerErs, isErsPath, sendErsError, ersNotFound } from '../ers/index.ts';
import { registerMnt, isMntPath, sendMntError, mntNotFound } from '../mnt/index.ts';
import { registerPolicyApi, isOpenApiPath, sendApiError, apiNotFound } from '../api/index.ts';
import { registerGatehouseApi, isGatehousePath, sendGatehouseError, gatehouseNotFound } from '../ext/index.ts';
import { registerOpenApi } from './openapi.ts';
import { registerPkiRoutes } from './pki.ts';
import { LoginLimiter } from './auth.ts';
import { CsrfGuard } from './csrf.ts';
import type { TlsFiles } from './tls.ts';

export interface HttpOptions {
  tls: TlsFiles;
  bodyLimit: number;
  csrf: boolean;
  loginFailures: number;
  loginWindowSeconds: number;
  /** Short node name MnT reports; the host name when absent. */
  nodeName?: string;
  /** The network-access policy OpenAPI under /api/v1 (on unless false). */
  openApi?: boolean;
  /** Answer the OpenAPI lookup lists wrapped instead of as bare arrays. */
  openApiWrapLookups?: boolean;
}

/**
 * HTTP/1.1 pipelining over TLS. Node's HTTP server hands a plain socket's
 * handle to its native parser ("consumed"), and Node does the same for a
 * TLS socket. When a client pipelines the next request while a large
 * response is still being written, the server pauses the socket and the
 * parser until the response drains; but the TLS layer keeps delivering the
 * cleartext of a record it already received (up to 16 KB) straight into the
 * paused parser, which fails it with HPE_PAUSED, and the server then drops
 * the connection with the pipelined request unanswered. Reading the TLS
 * socket through its stream instead (what Node itself does once anything
 * listens for 'data') makes that pause real: bytes received meanwhile wait
 * in the socket's buffer and are parsed after the response, so every
 * pipelined request is answered, in order, on the same connection.
 */
function parseThroughStream(socket: TLSSocket): void {
  // Node's server wraps socket.on: adding a 'data' listener unconsumes the
  // parser; the server's own 'data' listener then feeds it.
  const probe = (): void => {};
  socket.on('data', probe);
  socket.removeListener('data', probe);
}

const CLIENT_ERROR_STATUS: Record<string, number> = { ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_HEADER_OVERFLOW: 431 };

/**
 * A request the server cannot parse (or one too slow to arrive) ends the
 * connection. It is answered with a bare error status and Connection: close
 * only when no byte of an earlier response is on the wire yet; otherwise the
 * connection is closed as it is, since writing a status line into the middle
 * of a response being sent would corrupt it. A request that was never
 * answered that way is one the client may retry on a new connection.
 */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy(err);
}

/** Maps framework errors (body too large, bad content) into the catalog. */
function toGatehouseError(err: FastifyError | Error): GatehouseError {
  if (isGatehouseError(err)) return err;
  const code = (err as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new GatehouseError('payloadTooLarge', 'Request body is larger than the allowed limit');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new GatehouseError('mediaType', 'Unsupported Content-Type');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new GatehouseError('invalidBody', 'Resource Initialization Failed: invalid request body');
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new GatehouseError('invalidBody', err.message);
  return new GatehouseError('internal', 'Internal error');
}

export async function buildApp(
  services: Services, opts: HttpOptions, logger: Logger, shared?: { limiter: LoginLimiter; csrf: CsrfGuard },
): Promise<FastifyInstance> {
  const app = fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // Requests are not logged one by one: the ERS path is hot.
    logController: new LogController({ disableRequestLogging: true }),
    https: { key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' },
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 },
    bodyLimit: opts.bodyLimit,
    forceCloseConnections: 'idle',
    keepAliveTimeout: 65_000,
    clientErrorHandler: onClientError,
  });
  app.server.on('secureConnection', parseThroughStream);
  // Bodies are read as text; each API parses JSON/XML itself to answer in its own error format.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body));

  const limiter = shared?.limiter ?? new LoginLimiter({ maxFailures: opts.loginFailures, windowMs: opts.loginWindowSeconds * 1000 });
  const csrf = shared?.csrf ?? new CsrfGuard(opts.csrf);

  app.setErrorHandler((error, request, reply) => {
    const err = toGatehouseError(error as Error);
    if (err.kind === 'internal') request.log.error({ err: error, url: request.url.split('?')[0] }, 'request failed');
    if (isErsPath(request.url)) return sendErsError(request, reply, err);
    if (isMntPath(request.url)) return sendMntError(request, reply, err);
    if (isOpenApiPath(request.url)) return sendApiError(reply, err);
    if (isGatehousePath(request.url)) return sendGatehouseError(reply, err);
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return reply.status(err.status).send({ error: err.code, message: err.message });
  });
  app.setNotFoundHandler((request, reply) => {
    if (isErsPath(request.url)) return sendErsError(request, reply, ersNotFound(request));
    if (isMntPath(request.url)) return sendMntError(request, reply, mntNotFound(request));
    if (isOpenApiPath(request.url)) return sendApiError(reply, apiNotFound(request));
    if (isGatehousePath(request.url)) return sendGatehouseError(reply, gatehouseNotFound(request));
    return reply.status(404).send({ error: 'Not found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('server', '');
  });

  await registerOpenApi(app);
  registerErs(app, { services, limiter, csrf });
  registerMnt(app, { services, limiter, nodeName: opts.nodeName ?? hostname().split('.')[0] });
  if (opts.openApi !== false) registerPolicyApi(app, { services, limiter, wrapLookups: opts.openApiWrapLookups ?? false });
  registerGatehouseApi(app, { services, limiter, csrf });
  await registerPkiRoutes(app, services);
  return app;
}
