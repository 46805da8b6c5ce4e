// A tiny HTTPS server for CLI tests that need answers a real node does not
// give on demand (429 with Retry-After, ERS bulk): each test supplies the
// handler, and every request is recorded.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSelfSigned } from '../../src/http/tls.ts';

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type StubHandler = (req: StubRequest, res: ServerResponse) => void;

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

let tls: { cert: string; key: string } | undefined;

export async function startStub(handler: StubHandler): Promise<Stub> {
  tls ??= await generateSelfSigned(['127.0.0.1']);
  const requests: StubRequest[] = [];
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export function json(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export const ersError = (title: string) => ({ ERSResponse: { operation: 'x', messages: [{ title, type: 'ERROR', code: 'Application resource validation exception' }] } });

export const emptyList = { SearchResult: { total: 0, resources: [] } };
