// ANC policies and endpoint assignments: entity tables that also load whole
// (the ANC service keeps both in memory for the RADIUS path).
import type { DatabaseSync } from 'node:sqlite';
import type { Entity } from '../../domain/entity.ts';
import type { AncEndpoint, AncPolicy } from '../../domain/anc.ts';
import type { LoadableTable } from '../store.ts';
import { SqliteEntityTable, type TableDef } from './entity-table.ts';

class SqliteLoadableTable<T extends Entity> extends SqliteEntityTable<T> implements LoadableTable<T> {
  constructor(db: DatabaseSync, def: TableDef<T>) {
    super(db, def);
  }

  async all(): Promise<T[]> {
    return (this.stmt(`SELECT doc FROM ${this.def.table} ORDER BY name`).all() as { doc: string }[]).map((r) => this.parse(r.doc));
  }
}

export const ancPolicyTable = (db: DatabaseSync): SqliteLoadableTable<AncPolicy> => new SqliteLoadableTable<AncPolicy>(db, {
  table: 'anc_policies',
  columns: [
    { field: 'name', column: 'name', value: (p) => p.name, nocase: true },
    { field: 'description', column: 'description', value: (p) => p.description, nocase: true },
  ],
});

export const ancEndpointTable = (db: DatabaseSync): SqliteLoadableTable<AncEndpoint> => new SqliteLoadableTable<AncEndpoint>(db, {
  table: 'anc_endpoints',
  columns: [
    { field: 'name', column: 'name', value: (e) => e.name },
    { field: 'policyName', column: 'policy_name', value: (e) => e.policyName, nocase: true },
  ],
});
