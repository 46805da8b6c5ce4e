// Bulk jobs: the job row, its items, sealed payloads cleared once executed.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { BulkItem, BulkJob } from '../../domain/bulk.ts';
import type { BulkTable } from '../store.ts';
import type { SecretBox } from '../secret-box.ts';

interface ItemRow { idx: number; status: string; resource_id: string; name: string; description: string; detail: string; payload: string | null }

export class SqliteBulkTable implements BulkTable {
  readonly #db: DatabaseSync;
  readonly #box: SecretBox;
  readonly #item: StatementSync;
  readonly #finish: StatementSync;

  constructor(db: DatabaseSync, box: SecretBox) {
    this.#db = db;
    this.#box = box;
    this.#item = db.prepare('INSERT INTO bulk_items (job_id, idx, status, resource_id, name, description, detail, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.#finish = db.prepare('UPDATE bulk_items SET status = ?, resource_id = ?, name = ?, description = ?, detail = ?, payload = NULL WHERE job_id = ? AND idx = ?');
  }

  async create(job: BulkJob, items: readonly BulkItem[]): Promise<void> {
    this.#db.prepare('INSERT INTO bulk_jobs (id, resource, status, started_at, doc) VALUES (?, ?, ?, ?, ?)').run(job.id, job.resource, job.status, job.startedAt, JSON.stringify(job));
    for (const it of items) {
      this.#item.run(job.id, it.index, it.status, it.resourceId, it.name, it.description, it.detail, it.payload === undefined ? null : this.#box.seal(JSON.stringify(it.payload)));
    }
  }

  async get(id: string, withPayloads = true): Promise<{ job: BulkJob; items: BulkItem[] } | undefined> {
    const row = this.#db.prepare('SELECT doc FROM bulk_jobs WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) return undefined;
    const items = (this.#db.prepare('SELECT idx, status, resource_id, name, description, detail, payload FROM bulk_items WHERE job_id = ? ORDER BY idx').all(id) as unknown as ItemRow[])
      .map((r): BulkItem => ({
        index: r.idx, status: r.status as BulkItem['status'], resourceId: r.resource_id, name: r.name, description: r.description,
        detail: r.detail, payload: withPayloads && r.payload ? (JSON.parse(this.#box.open(r.payload)) as Record<string, unknown>) : undefined,
      }));
    return { job: JSON.parse(row.doc) as BulkJob, items };
  }

  async finishItem(jobId: string, item: BulkItem): Promise<void> {
    this.#finish.run(item.status, item.resourceId, item.name, item.description, item.detail, jobId, item.index);
  }

  async updateJob(job: BulkJob): Promise<void> {
    this.#db.prepare('UPDATE bulk_jobs SET status = ?, doc = ? WHERE id = ?').run(job.status, JSON.stringify(job), job.id);
  }

  async unfinished(): Promise<BulkJob[]> {
    return (this.#db.prepare("SELECT doc FROM bulk_jobs WHERE status <> 'COMPLETED' ORDER BY id").all() as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }

  async deleteFinishedBefore(iso: string): Promise<number> {
    return Number(this.#db.prepare("DELETE FROM bulk_jobs WHERE status = 'COMPLETED' AND started_at < ?").run(iso).changes);
  }
}
