// ERS bulk jobs: accepted synchronously (structure and size checked,
// job and items committed), executed in the background item by item (each
// item its own transaction, many in flight so group commit batches them;
// outcomes are recorded together, whatever has finished while the previous
// record was committing), one job at a time, resumed after a restart. A
// submit while a job runs is refused (503, as ISE), unless the caller asks
// to queue and no job is queued yet: then it starts when the running one
// ends (the Gatehouse extension pipelines its bulks so). A job interrupted
// by a crash re-runs only the items not recorded as done; a create whose
// object already exists from this job's time is recorded as done, not
// repeated.
import { fail, GatehouseError, isGatehouseError } from '../errors.ts';
import { BULK_RETENTION_MS, DEFAULT_BULK_LIMITS, FULL_RESOURCE_OPERATIONS, type BulkItem, type BulkJob } from '../domain/bulk.ts';
import type { Store } from '../store/store.ts';
import type { Actor, Clock } from './context.ts';

/** What an executed item reports. */
export interface ItemResult {
  id: string;
  name: string;
  description: string;
}

export interface BulkOperation {
  run(payload: Record<string, unknown>, actor: Actor): Promise<ItemResult>;
  /** For creates: the object a payload would create, if it exists already (crash recovery). */
  existing?(payload: Record<string, unknown>): Promise<(ItemResult & { createdAt: string }) | undefined>;
}

/** Name and description shown for an item before it runs. */
export type Describe = (payload: Record<string, unknown>) => { name: string; description: string };

export interface BulkResource {
  operations: Record<string, BulkOperation>;
  describe: Describe;
}

/** Items executing at once; their transactions share commits. */
const IN_FLIGHT = 256;

export class BulkService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #resources = new Map<string, BulkResource>();
  readonly limits: { fullResource: number; idOnly: number };
  /** The last job started or queued; settles when it has finished. */
  #running: Promise<void> | undefined;
  /** Id of the job waiting for the running one, if any. */
  #queued: string | undefined;
  /** Jobs running or queued in this process, by id. */
  readonly #jobs = new Map<string, Promise<void>>();
  #lastId = 0;
  #onError: (err: unknown) => void;

  constructor(store: Store, clock: Clock, limits = DEFAULT_BULK_LIMITS, onError: (err: unknown) => void = () => undefined) {
    this.#store = store;
    this.#clock = clock;
    this.limits = limits;
    this.#onError = onError;
  }

  register(resource: string, r: BulkResource): void {
    this.#resources.set(resource, r);
  }

  supports(resource: string): boolean {
    return this.#resources.has(resource);
  }

  operations(resource: string): string[] {
    return Object.keys(this.#resources.get(resource)?.operations ?? {});
  }

  /** True while a job runs or waits (a second submit gets 503). */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Checks and stores a job, starts it (or queues it behind the running one
   * when `queue` is set and none is queued yet), and returns it.
   */
  async submit(
    resource: string, operationType: string, mediaType: string, payloads: Record<string, unknown>[], actor: Actor, options: { queue?: boolean } = {},
  ): Promise<BulkJob> {
    const r = this.#resources.get(resource) ?? fail('validation', `Bulk requests are not supported for '${resource}'`);
    const operation = operationType.toLowerCase();
    if (!r.operations[operation]) {
      fail('validation', `Bulk operation '${operationType}' is not supported for ${resource}. Supported: ${Object.keys(r.operations).join(', ')}`);
    }
    if (payloads.length === 0) fail('validation', 'Bulk request contains no resources');
    const limit = FULL_RESOURCE_OPERATIONS.has(operation) ? this.limits.fullResource : this.limits.idOnly;
    if (payloads.length > limit) fail('validation', `Bulk request contains ${payloads.length} resources; the maximum for ${operationType} is ${limit}`);
    if (this.busy && !(options.queue && this.#queued === undefined)) {
      fail('unavailable', 'Another bulk request is being processed. Please try again later.', { 'retry-after': '5' });
    }
    const now = this.#clock();
    const id = String(Math.max(now.getTime(), this.#lastId + 1));
    this.#lastId = Number(id);
    const job: BulkJob = {
      id, resource, operation, operationType, mediaType, status: 'IN_PROGRESS', startedAt: now.toISOString(), finishedAt: '',
      actor: actor.name, source: actor.source,
    };
    const items: BulkItem[] = payloads.map((payload, index) => ({
      index, status: 'PENDING', resourceId: '', ...r.describe(payload), detail: '', payload,
    }));
    const stored = this.#store.transaction(async (tx) => {
      await tx.bulk.create(job, items);
      await tx.audit.append({
        at: job.startedAt, actor: actor.name, source: actor.source, action: `bulk ${operation}`, objectType: resource,
        objectId: id, objectName: `${items.length} items`, before: undefined, after: undefined, result: 'success', detail: '',
      });
    });
    // The slot is taken before the job is stored, so a submit arriving meanwhile sees it.
    this.#start(job, stored);
    await stored;
    return job;
  }

  /** A job and its items' outcomes (without their payloads). */
  status(id: string): Promise<{ job: BulkJob; items: BulkItem[] } | undefined> {
    return this.#store.bulk.get(id, false);
  }

  /** Resumes jobs left unfinished by a stop or crash, and prunes old ones. */
  async resume(): Promise<void> {
    await this.#store.transaction((tx) => tx.bulk.deleteFinishedBefore(new Date(this.#clock().getTime() - BULK_RETENTION_MS).toISOString()));
    for (const job of await this.#store.bulk.unfinished()) {
      this.#lastId = Math.max(this.#lastId, Number(job.id));
      this.#start(job);
      await this.#running;
    }
  }

  /** Resolves when the current job (and the queued one, if any) has finished. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Settles when the job has finished, if it runs or waits in this process. */
  finished(id: string): Promise<void> | undefined {
    return this.#jobs.get(id);
  }

  /** Runs the job once `ready` (its storing) has succeeded and the job before it has finished. */
  #start(job: BulkJob, ready: Promise<unknown> = Promise.resolve()): void {
    const before = this.#running;
    if (before) this.#queued = job.id;
    const dequeue = () => { if (this.#queued === job.id) this.#queued = undefined; };
    const current: Promise<void> = ready.then(
      async () => {
        if (before) await before;
        dequeue();
        await this.#run(job);
      },
      // Not stored: the submitter reports the failure; the slot is held until the job before ends.
      async () => {
        dequeue();
        if (before) await before;
      },
    ).catch((err) => this.#onError(err)).finally(() => {
      this.#jobs.delete(job.id);
      if (this.#running === current) this.#running = undefined;
    });
    this.#running = current;
    this.#jobs.set(job.id, current);
  }

  async #run(job: BulkJob): Promise<void> {
    const r = this.#resources.get(job.resource);
    const stored = await this.#store.bulk.get(job.id);
    if (!r || !stored) return;
    const op = r.operations[job.operation];
    const actor: Actor = { name: job.actor, source: job.source };
    const pending = stored.items.filter((i) => i.status === 'PENDING');
    // Finished items wait here until one transaction records them all.
    const finished: BulkItem[] = [];
    let recording: Promise<void> | undefined;
    let recordFailure: { error: unknown } | undefined;
    const record = (): void => {
      if (recording || finished.length === 0) return;
      const batch = finished.splice(0);
      recording = this.#store.transaction(async (tx) => { for (const o of batch) await tx.bulk.finishItem(job.id, o); })
        .catch((error: unknown) => { recordFailure ??= { error }; })
        .finally(() => { recording = undefined; record(); });
    };
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const item = pending[next++];
        finished.push(await this.#runItem(job, op, item, actor));
        record();
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, pending.length) }, worker));
    record();
    while (recording) await recording;
    if (recordFailure) throw recordFailure.error;
    const done: BulkJob = { ...job, status: 'COMPLETED', finishedAt: this.#clock().toISOString() };
    await this.#store.transaction((tx) => tx.bulk.updateJob(done));
  }

  /** Executes one item and returns its outcome (not yet recorded). */
  async #runItem(job: BulkJob, op: BulkOperation, item: BulkItem, actor: Actor): Promise<BulkItem> {
    const payload = item.payload ?? {};
    let outcome: BulkItem;
    try {
      const res = await op.run(payload, actor);
      outcome = { ...item, status: 'SUCCESS', resourceId: res.id, name: res.name || item.name, description: res.description || item.description, payload: undefined };
    } catch (e) {
      // A create that a crash interrupted after its commit: the object exists since the job started.
      const prior = op.existing ? await op.existing(payload).catch(() => undefined) : undefined;
      if (prior && prior.createdAt >= job.startedAt && isDuplicate(e)) {
        outcome = { ...item, status: 'SUCCESS', resourceId: prior.id, name: prior.name, description: prior.description, payload: undefined };
      } else {
        if (!isGatehouseError(e)) this.#onError(e);
        outcome = { ...item, status: 'FAIL', detail: e instanceof Error ? e.message : String(e), payload: undefined };
      }
    }
    return outcome;
  }
}

const isDuplicate = (e: unknown): boolean => e instanceof GatehouseError && /already exist/i.test(e.message);
