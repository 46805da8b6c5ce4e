// ERS bulk jobs: accepted synchronously (structure and size checked,
// job and items committed), executed in the background item by item (each
// item its own transaction, several in flight so group commit batches
// them), one job at a time, resumed after a restart. A job interrupted by a
// crash re-runs only the items not recorded as done; a create whose object
// already exists from this job's time is recorded as done, not repeated.
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

const IN_FLIGHT = 16;

export class BulkService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #resources = new Map<string, BulkResource>();
  readonly limits: { fullResource: number; idOnly: number };
  #running: Promise<void> | undefined;
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

  /** True while a job runs (a second submit gets 503). */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Checks and stores a job, starts it, and returns it. */
  async submit(resource: string, operationType: string, mediaType: string, payloads: Record<string, unknown>[], actor: Actor): Promise<BulkJob> {
    const r = this.#resources.get(resource) ?? fail('validation', `Bulk requests are not supported for '${resource}'`);
    const operation = operationType.toLowerCase();
    if (!r.operations[operation]) {
      fail('validation', `Bulk operation '${operationType}' is not supported for ${resource}. Supported: ${Object.keys(r.operations).join(', ')}`);
    }
    if (payloads.length === 0) fail('validation', 'Bulk request contains no resources');
    const limit = FULL_RESOURCE_OPERATIONS.has(operation) ? this.limits.fullResource : this.limits.idOnly;
    if (payloads.length > limit) fail('validation', `Bulk request contains ${payloads.length} resources; the maximum for ${operationType} is ${limit}`);
    if (this.busy) fail('unavailable', 'Another bulk request is being processed. Please try again later.', { 'retry-after': '5' });
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
    await this.#store.transaction(async (tx) => {
      await tx.bulk.create(job, items);
      await tx.audit.append({
        at: job.startedAt, actor: actor.name, source: actor.source, action: `bulk ${operation}`, objectType: resource,
        objectId: id, objectName: `${items.length} items`, before: undefined, after: undefined, result: 'success', detail: '',
      });
    });
    this.#start(job);
    return job;
  }

  status(id: string): Promise<{ job: BulkJob; items: BulkItem[] } | undefined> {
    return this.#store.bulk.get(id);
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

  /** Resolves when the current job (if any) has finished. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #start(job: BulkJob): void {
    this.#running = this.#run(job)
      .catch((err) => this.#onError(err))
      .finally(() => { this.#running = undefined; });
  }

  async #run(job: BulkJob): Promise<void> {
    const r = this.#resources.get(job.resource);
    const stored = await this.#store.bulk.get(job.id);
    if (!r || !stored) return;
    const op = r.operations[job.operation];
    const actor: Actor = { name: job.actor, source: job.source };
    const pending = stored.items.filter((i) => i.status === 'PENDING');
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const item = pending[next++];
        await this.#runItem(job, op, item, actor);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, pending.length) }, worker));
    const done: BulkJob = { ...job, status: 'COMPLETED', finishedAt: this.#clock().toISOString() };
    await this.#store.transaction((tx) => tx.bulk.updateJob(done));
  }

  async #runItem(job: BulkJob, op: BulkOperation, item: BulkItem, actor: Actor): Promise<void> {
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
    await this.#store.transaction((tx) => tx.bulk.finishItem(job.id, outcome));
  }
}

const isDuplicate = (e: unknown): boolean => e instanceof GatehouseError && /already exist/i.test(e.message);
