// Public revocation and trust data of the internal CA, without
// authentication, on every HTTPS listener:
//   GET  /ca/crl                 the Endpoint Sub CA's CRL (DER)
//   GET  /ca/root.crt            the root CA certificate (PEM), to trust elsewhere
//   POST /ocsp/                  OCSP (RFC 6960 A.1.1, application/ocsp-request)
//   GET  /ocsp/<base64 request>  OCSP by GET (RFC 6960 A.1.1)
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services/index.ts';

export const PKI_PATHS = { crl: '/ca/crl', root: '/ca/root.crt', ocsp: '/ocsp' } as const;

/** Largest OCSP request accepted; real ones are a few hundred bytes. */
const OCSP_BODY_LIMIT = 16 * 1024;

const ocspReply = (reply: FastifyReply, der: Uint8Array): FastifyReply =>
  reply.status(200).header('content-type', 'application/ocsp-response').header('cache-control', 'no-cache').send(Buffer.from(der));

export async function registerPkiRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: OCSP_BODY_LIMIT }, (_req, body, done) => done(null, body));
    const hidden = { schema: { hide: true } };
    scope.get(PKI_PATHS.crl, hidden, async (_request, reply) =>
      reply.status(200).header('content-type', 'application/pkix-crl').send(Buffer.from(await services.ca.crl())));
    scope.get(PKI_PATHS.root, hidden, async (_request, reply) =>
      reply.status(200).header('content-type', 'application/x-pem-file').send((await services.ca.caCertificates()).root));
    // The router ignores trailing slashes: this also serves /ocsp/.
    scope.post(PKI_PATHS.ocsp, hidden, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return ocspReply(reply, await services.ca.ocsp(new Uint8Array(body)));
    });
    scope.get(`${PKI_PATHS.ocsp}/*`, hidden, async (request, reply) => {
      const encoded = (request.params as { '*': string })['*'];
      let der: Buffer;
      try {
        der = Buffer.from(decodeURIComponent(encoded), 'base64');
      } catch {
        der = Buffer.alloc(0);
      }
      return ocspReply(reply, await services.ca.ocsp(new Uint8Array(der)));
    });
  });
}
