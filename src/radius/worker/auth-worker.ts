// A RADIUS worker thread: serves Access-Requests on the node's
// authentication port (SO_REUSEPORT: the kernel keeps each source address
// and port on one thread, so an EAP conversation stays here). It reads the
// configuration store on a connection of its own, keeps its own in-memory
// indexes current from the node's change events, and hands every session
// outcome, live-log row and policy hit count to the node.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { SqliteStore } from '../../store/sqlite/index.ts';
import { createServices } from '../../services/index.ts';
import { UserIndex } from '../../services/user-index.ts';
import { EndpointIndex } from '../../services/endpoint-index.ts';
import { createLogger } from '../../log.ts';
import { RadiusServer } from '../server.ts';
import { AccessService } from '../access.ts';
import { nodeEapDeps } from '../eap/node-eap.ts';
import { RemoteSessions } from './remote-sessions.ts';
import { followChanges } from './follow-changes.ts';
import type { ChangeEvent } from '../../services/events.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.ts';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (m: FromWorker) => port.postMessage(m);
const log = createLogger(setup.config.logLevel).child({ radiusThread: setup.index });

// Changes made while this thread loads are replayed once it has loaded.
const early: ChangeEvent[] = [];
let apply: ((e: ChangeEvent) => void) | undefined;
let stop: (() => Promise<void>) | undefined;
port.on('message', (m: ToWorker) => {
  if (m.t === 'change') {
    if (apply) apply(m.event);
    else early.push(m.event);
  } else if (m.t === 'stop') {
    void (stop ?? (async () => undefined))().then(() => post({ t: 'stopped' }));
  }
});

try {
  const { config } = setup;
  const store = SqliteStore.open(config.dataDir);
  const services = await createServices(store, {
    userCustomAttributes: config.userCustomAttributes,
    endpointCustomAttributes: config.endpointCustomAttributes,
    ca: { dir: join(config.dataDir, 'ca') },
  });
  const sessions = new RemoteSessions(post, () => services.policy.takeHits());
  const access = new AccessService({
    users: await UserIndex.load(services.store, services.bus),
    endpoints: await EndpointIndex.load(services.store, services.bus),
    policy: () => services.policy.current(),
    sessions,
    ancPolicyFor: (mac) => services.anc.policyFor(mac),
    nodeName: config.nodeName,
    eap: nodeEapDeps(config, services.ca, Buffer.from(setup.ticketSecret)),
  });
  const radius = new RadiusServer({ resolver: services.networkDevices.radiusClients, sessions, access, log });
  apply = followChanges(services, (err) => log.error({ err }, 'following a configuration change failed'));
  for (const e of early.splice(0)) apply(e);
  await radius.auth.listen(config.bind, setup.authPort, { reusePort: true });
  stop = async () => {
    await radius.close();
    access.close();
    sessions.flush();
    await services.sessions.close();
    await store.close();
  };
  post({ t: 'ready' });
} catch (err) {
  post({ t: 'failed', error: (err as Error).stack ?? String(err) });
}
