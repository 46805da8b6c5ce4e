// Writes the audit trail. Successful writes are recorded in the same
// transaction as the change; refused writes are recorded on their own.
import type { AuditTable, Store } from '../store/store.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { Actor, Clock } from './context.ts';

export interface AuditRecord {
  action: string;
  objectType: string;
  objectId?: string;
  objectName?: string;
  before?: unknown;
  after?: unknown;
}

export class AuditService {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  entry(actor: Actor, r: AuditRecord, result: 'success' | 'failure', detail = ''): AuditEntry {
    return {
      at: this.#clock().toISOString(),
      actor: actor.name,
      source: actor.source,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId ?? '',
      objectName: r.objectName ?? '',
      before: r.before,
      after: r.after,
      result,
      detail,
    };
  }

  /** Records a committed change, inside the caller's transaction. */
  async success(tx: { audit: AuditTable }, actor: Actor, r: AuditRecord): Promise<void> {
    await tx.audit.append(this.entry(actor, r, 'success'));
  }

  /** Records a refused change (validation, conflict), in its own transaction. */
  async failure(actor: Actor, r: AuditRecord, reason: string): Promise<void> {
    await this.#store.transaction((tx) => tx.audit.append(this.entry(actor, r, 'failure', reason)));
  }

  since(from: string, limit = 10_000): Promise<AuditEntry[]> {
    return this.#store.audit.since(from, limit);
  }
}
