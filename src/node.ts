// A running Gatehouse node: store, services, HTTPS listeners (ERS port and
// main HTTPS port), RADIUS listeners; ports.json and the `ready` line once
// everything listens; orderly shutdown.
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { SqliteStore } from './store/sqlite/index.ts';
import { createServices, type Services } from './services/index.ts';
import { buildApp } from './http/server.ts';
import { LoginLimiter } from './http/auth.ts';
import { CsrfGuard } from './http/csrf.ts';
import { loadTls } from './http/tls.ts';
import { RadiusServer } from './radius/server.ts';
import { AccessService } from './radius/access.ts';
import { nodeEapDeps } from './radius/eap/node-eap.ts';
import { UserIndex } from './services/user-index.ts';
import { EndpointIndex } from './services/endpoint-index.ts';
import { ThreadedHotStore } from './store/sqlite/threaded-hot.ts';
import { CoaClient } from './radius/coa-client.ts';
import { AuthWorkerPool } from './radius/worker/auth-pool.ts';
import { SYSTEM_ACTOR } from './services/context.ts';

export interface Ports {
  ers: number;
  https: number;
  radiusAuth: number;
  radiusAcct: number;
}

export interface RunningNode {
  ports: Ports;
  services: Services;
  /** The RADIUS worker threads, when the node runs more than one. */
  radiusThreads?: AuthWorkerPool;
  stop(): Promise<void>;
}

/** Creates the bootstrap `admin` on first start; returns the generated password, if one was generated. */
async function bootstrapAdmin(services: Services, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if ((await services.admins.list()).length > 0) return undefined;
  const given = env.GATEHOUSE_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : randomBytes(12).toString('base64url');
  await services.admins.add('admin', 'super-admin', password, SYSTEM_ACTOR, 'Default Admin User');
  return given ? undefined : password;
}

export async function startNode(config: Config, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<RunningNode> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = SqliteStore.open(config.dataDir);
  const hot = ThreadedHotStore.open(config.dataDir);
  hot.onWriterExit = (err) => log.error({ err }, 'the sessions writer thread died; it is started again, the writes it had in hand failed');
  const coaClient = new CoaClient({
    source: config.coaSource || (config.bind === '0.0.0.0' || config.bind === '::' ? undefined : config.bind),
    timeoutMs: config.coaTimeoutMs,
    retries: config.coaRetries,
  });
  const services = await createServices(store, {
    coa: coaClient,
    hot,
    onHotError: (err) => log.error({ err }, 'writing sessions or live log failed'),
    retention: {
      liveLogMaxRows: config.liveLogMaxRows, liveLogMaxAgeMs: config.liveLogMaxAgeHours * 3600_000, endedSessionMs: config.endedSessionHours * 3600_000,
    },
    onBulkError: (err) => log.error({ err }, 'bulk job failed'),
    bulkLimits: { fullResource: config.bulkLimit, idOnly: Math.max(config.bulkLimit, 5000) },
    userCustomAttributes: config.userCustomAttributes,
    endpointCustomAttributes: config.endpointCustomAttributes,
    ca: { dir: join(config.dataDir, 'ca') },
  });
  const generated = await bootstrapAdmin(services, env);
  if (generated) {
    // Shown once on the console, never written to the log.
    process.stderr.write(`\nGatehouse bootstrap admin created: user 'admin', password '${generated}'\nChange it with: gatehouse admin passwd --data-dir ${config.dataDir} --name admin --password-stdin\n\n`);
  }
  const tls = await loadTls(config.dataDir, config.tlsCert, config.tlsKey);
  if (tls.generated) log.info({ cert: join(config.dataDir, 'server.crt') }, 'generated a self-signed TLS certificate');

  const httpOpts = { tls, bodyLimit: config.bodyLimit, csrf: config.csrf, loginFailures: config.loginFailures, loginWindowSeconds: config.loginWindowSeconds, nodeName: config.nodeName,
    openApi: config.openApi, openApiWrapLookups: config.openApiWrapLookups };
  const shared = { limiter: new LoginLimiter({ maxFailures: config.loginFailures, windowMs: config.loginWindowSeconds * 1000 }), csrf: new CsrfGuard(config.csrf) };
  const apps: FastifyInstance[] = [];
  const listen = async (port: number): Promise<number> => {
    const app = await buildApp(services, httpOpts, log, shared);
    apps.push(app);
    await app.listen({ host: config.bind, port });
    const addr = app.server.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  };
  // RADIUS clients are the configured network devices, looked up in memory by source address.
  const ticketSecret = randomBytes(32);
  const access = new AccessService({
    users: await UserIndex.load(services.store, services.bus),
    endpoints: await EndpointIndex.load(services.store, services.bus),
    policy: () => services.policy.current(),
    sessions: services.sessions,
    ancPolicyFor: (mac) => services.anc.policyFor(mac),
    nodeName: config.nodeName,
    eap: nodeEapDeps(config, services.ca, ticketSecret),
  });
  const radius = new RadiusServer({ resolver: services.networkDevices.radiusClients, sessions: services.sessions, accounting: services.sessions, access, log });
  const ers = await listen(config.ersPort);
  const https = await listen(config.httpsPort);
  const threads = Math.max(1, config.radiusThreads);
  const radiusPorts = await radius.listen(config.bind, config.radiusAuthPort, config.radiusAcctPort, { reusePort: threads > 1 });
  const ports: Ports = { ers, https, radiusAuth: radiusPorts.auth, radiusAcct: radiusPorts.acct };
  // Issued certificates point relying parties at this node's OCSP responder and CRL.
  services.ca.setPublicUrl(`https://${hostname()}${ports.https === 443 ? '' : `:${ports.https}`}`);
  let pool: AuthWorkerPool | undefined;
  if (threads > 1) {
    // The EAP server certificate is issued here once, so the threads all present the same one.
    await services.ca.serverCertificate([config.nodeName]).catch((err: unknown) => log.warn({ err }, 'no EAP server certificate yet'));
    pool = await AuthWorkerPool.start(threads - 1, config, radiusPorts.auth, ticketSecret, services, log);
  }
  const portsFile = join(config.dataDir, 'ports.json');
  writeFileSync(`${portsFile}.tmp`, JSON.stringify(ports) + '\n');
  renameSync(`${portsFile}.tmp`, portsFile);
  log.info({ ports, dataDir: config.dataDir }, 'ready');
  // Bulk jobs a stop or crash interrupted go on where they were.
  void services.bulk.resume();

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    await Promise.all([...apps.map((a) => a.close()), radius.close(), coaClient.close(), pool?.close()]);
    access.close();
    await services.sessions.close();
    await hot.close();
    await store.close();
  })());
  return { ports, services, radiusThreads: pool, stop };
}
