// The node's RADIUS worker threads: started once the node has bound the
// authentication port with SO_REUSEPORT, each binds it too and answers the
// Access-Requests the kernel gives it. The node forwards every committed
// configuration change to them and takes in their session outcomes, live-log
// rows and policy hit counts. A thread that dies is started again (after 1 s,
// doubling to 30 s while it keeps dying within a minute); meanwhile the
// kernel gives its share of requests to the sockets still bound.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Services } from '../../services/index.ts';
import { liveLogFromDoc, sessionFromDoc } from '../../domain/session-doc.ts';
import { RestartBackoff } from '../../restart-backoff.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.ts';

const STOP_LIMIT_MS = 3000;

export class AuthWorkerPool {
  readonly #workers: Worker[] = [];
  readonly #log: Logger;
  readonly #unsubscribe: () => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closing = false;
  #restarts = 0;

  private constructor(services: Services, log: Logger) {
    this.#log = log;
    this.#unsubscribe = services.bus.subscribe((event) => {
      for (const w of this.#workers) w.postMessage({ t: 'change', event } satisfies ToWorker);
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Threads started again after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The running threads. */
  get threads(): readonly Worker[] {
    return this.#workers;
  }

  /** Starts `count` threads on `authPort`; resolves once every one answers on it. */
  static async start(count: number, config: Config, authPort: number, ticketSecret: Buffer, services: Services, log: Logger): Promise<AuthWorkerPool> {
    const pool = new AuthWorkerPool(services, log);
    try {
      await Promise.all(Array.from({ length: count }, (_, i) => pool.#spawn(i + 1, { config, authPort, index: i + 1, ticketSecret }, services, new RestartBackoff(1000))));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  #spawn(index: number, setup: WorkerSetup, services: Services, backoff: RestartBackoff): Promise<void> {
    const started = Date.now();
    const worker = new Worker(new URL('./auth-worker.ts', import.meta.url), { workerData: setup });
    this.#workers.push(worker);
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'sessions':
            for (const [id, doc] of m.puts) services.sessions.putAuthentication(sessionFromDoc(id, '', doc), doc);
            for (const doc of m.logs) services.sessions.log(liveLogFromDoc(0, '', doc), doc);
            services.policy.addHits(m.hits);
            break;
          case 'ready':
            resolve();
            break;
          case 'failed':
            reject(new Error(`RADIUS thread ${index} did not start: ${m.error}`));
            void worker.terminate();
            break;
        }
      });
      worker.on('error', (err) => {
        this.#log.error({ err, radiusThread: index }, 'RADIUS thread failed');
        reject(err);
      });
      worker.on('exit', (code) => {
        const at = this.#workers.indexOf(worker);
        if (at >= 0) this.#workers.splice(at, 1);
        if (this.#closing) return;
        const delay = backoff.delay(started);
        this.#log.error({ radiusThread: index, code, restartInMs: delay }, 'RADIUS thread exited; the others take its share of requests until it is started again');
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (this.#closing) return;
          this.#restarts++;
          this.#spawn(index, setup, services, backoff)
            .then(() => this.#log.info({ radiusThread: index }, 'RADIUS thread started again'))
            .catch((err: unknown) => this.#log.error({ err, radiusThread: index }, 'RADIUS thread did not start again'));
        }, delay);
        this.#timers.add(timer);
      });
    });
  }

  /** Stops every thread: each closes its socket and hands over what it still holds. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#unsubscribe();
    await Promise.all([...this.#workers].map(async (w) => {
      const stopped = new Promise<void>((resolve) => {
        w.on('message', (m: FromWorker) => { if (m.t === 'stopped') resolve(); });
        w.once('exit', () => resolve());
      });
      w.postMessage({ t: 'stop' } satisfies ToWorker);
      await Promise.race([stopped, new Promise((r) => setTimeout(r, STOP_LIMIT_MS).unref())]);
      await w.terminate();
    }));
  }
}
