// Shared shape of a configuration write: one transaction that also writes
// the audit entry; a refusal is audited on its own and re-thrown.
import { GatehouseError, fail } from '../errors.ts';
import { StoreConflict, type Store, type StoreTables } from '../store/store.ts';
import type { AuditRecord, AuditService } from './audit.ts';
import type { Actor } from './context.ts';
import type { ChangeBus, ChangeEvent } from './events.ts';

export interface WriteDeps {
  store: Store;
  audit: AuditService;
  bus: ChangeBus;
}

export async function write<T>(
  deps: WriteDeps,
  actor: Actor,
  record: AuditRecord,
  fn: (tx: StoreTables) => Promise<{ result: T; audit: Partial<AuditRecord>; event?: ChangeEvent | null }>,
  conflictTitle?: string,
): Promise<T> {
  let event: ChangeEvent | null | undefined;
  try {
    const result = await deps.store.transaction(async (tx) => {
      const out = await fn(tx);
      await deps.audit.success(tx, actor, { ...record, ...out.audit });
      event = out.event;
      return out.result;
    });
    // Every committed change is announced (unless the caller does it itself: null), so replicas (RADIUS worker threads) can follow it.
    if (event !== null) deps.bus.publish(event ?? { type: record.objectType, op: changeOp(record.action), id: record.objectId ?? record.objectName ?? '' });
    return result;
  } catch (e) {
    const err = e instanceof StoreConflict && conflictTitle ? new GatehouseError('validation', conflictTitle) : e;
    if (err instanceof GatehouseError) {
      await deps.audit.failure(actor, record, err.message);
    }
    throw err;
  }
}

const changeOp = (action: string): ChangeEvent['op'] => (action === 'create' || action === 'delete' ? action : 'update');

/** Throws ISE's validation error when a rule check returned a message. */
export function check(message: string | null, kind: 'validation' | 'schema' = 'validation'): void {
  if (message !== null) fail(kind, message);
}
