// The embedded SQLite store: one connection, WAL, transactions serialised.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import type { IdentityGroup } from '../../domain/identity-group.ts';
import type { Endpoint } from '../../domain/endpoint.ts';
import type { EndpointGroup } from '../../domain/endpoint-group.ts';
import type { NetworkDeviceGroup } from '../../domain/ndg.ts';
import type { CertificateTemplate } from '../../domain/certificate.ts';
import type { Store, StoreTables } from '../store.ts';
import { SecretBox } from '../secret-box.ts';
import { migrate } from './migrate.ts';
import { SqliteEntityTable } from './entity-table.ts';
import { SqliteUserTable } from './users.ts';
import { SqliteAdminTable } from './admins.ts';
import { SqliteAuditTable } from './audit.ts';
import { SqliteNetworkDeviceTable } from './network-devices.ts';
import { SqliteIssuedCertificateTable } from './issued-certificates.ts';
import { SqlitePolicyTable } from './policy.ts';
import { SqliteBulkTable } from './bulk.ts';
import { ancEndpointTable, ancPolicyTable } from './anc.ts';

/** Most transactions one COMMIT covers. */
const MAX_BATCH = 256;

export class SqliteStore implements Store {
  readonly db: DatabaseSync;
  readonly users: SqliteUserTable;
  readonly identityGroups: SqliteEntityTable<IdentityGroup>;
  readonly endpoints: SqliteEntityTable<Endpoint>;
  readonly endpointGroups: SqliteEntityTable<EndpointGroup>;
  readonly networkDevices: SqliteNetworkDeviceTable;
  readonly networkDeviceGroups: SqliteEntityTable<NetworkDeviceGroup>;
  readonly admins: SqliteAdminTable;
  readonly audit: SqliteAuditTable;
  readonly ancPolicies: ReturnType<typeof ancPolicyTable>;
  readonly ancEndpoints: ReturnType<typeof ancEndpointTable>;
  readonly certificateTemplates: SqliteEntityTable<CertificateTemplate>;
  readonly issuedCertificates: SqliteIssuedCertificateTable;
  readonly policy: SqlitePolicyTable;
  readonly bulk: SqliteBulkTable;
  readonly #pending: { fn: (tx: StoreTables) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  #draining = false;
  #inTransaction = false;

  constructor(path: string, box: SecretBox) {
    this.db = new DatabaseSync(path, { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL');
    // Configuration writes are durable on commit.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    migrate(this.db);
    this.users = new SqliteUserTable(this.db, box);
    this.identityGroups = new SqliteEntityTable<IdentityGroup>(this.db, {
      table: 'identity_groups',
      columns: [
        { field: 'name', column: 'name', value: (g) => g.name, nocase: true },
        { field: 'description', column: 'description', value: (g) => g.description, nocase: true },
      ],
    });
    this.endpointGroups = new SqliteEntityTable<EndpointGroup>(this.db, {
      table: 'endpoint_groups',
      columns: [
        { field: 'name', column: 'name', value: (g) => g.name, nocase: true },
        { field: 'description', column: 'description', value: (g) => g.description, nocase: true },
        { field: 'parentId', column: 'parent_id', value: (g) => g.parentId },
      ],
    });
    this.endpoints = new SqliteEntityTable<Endpoint>(this.db, {
      table: 'endpoints',
      columns: [
        // The MAC, stored upper-case; filter values are normalised the same way.
        { field: 'name', column: 'name', value: (e) => e.name },
        { field: 'description', column: 'description', value: (e) => e.description, nocase: true },
        { field: 'groupId', column: 'group_id', value: (e) => e.groupId },
        { field: 'staticGroupAssignment', column: 'static_group', value: (e) => (e.staticGroupAssignment ? 1 : 0) },
        { field: 'profileId', column: 'profile_id', value: (e) => e.profileId },
        { field: 'staticProfileAssignment', column: 'static_profile', value: (e) => (e.staticProfileAssignment ? 1 : 0) },
        { field: 'portalUser', column: 'portal_user', value: (e) => e.portalUser, nocase: true },
      ],
    });
    this.networkDeviceGroups = new SqliteEntityTable<NetworkDeviceGroup>(this.db, {
      table: 'network_device_groups',
      columns: [
        { field: 'name', column: 'name', value: (g) => g.name, nocase: true },
        { field: 'description', column: 'description', value: (g) => g.description, nocase: true },
        { field: 'othername', column: 'othername', value: (g) => g.othername, nocase: true },
      ],
    });
    this.networkDevices = new SqliteNetworkDeviceTable(this.db, box);
    this.admins = new SqliteAdminTable(this.db);
    this.audit = new SqliteAuditTable(this.db);
    this.ancPolicies = ancPolicyTable(this.db);
    this.ancEndpoints = ancEndpointTable(this.db);
    this.certificateTemplates = new SqliteEntityTable<CertificateTemplate>(this.db, {
      table: 'certificate_templates',
      columns: [
        { field: 'name', column: 'name', value: (t) => t.name, nocase: true },
        { field: 'description', column: 'description', value: (t) => t.description, nocase: true },
      ],
    });
    this.issuedCertificates = new SqliteIssuedCertificateTable(this.db);
    this.policy = new SqlitePolicyTable(this.db);
    this.bulk = new SqliteBulkTable(this.db, box);
  }

  /** Opens `<dataDir>/gatehouse.db` with the data directory's secret key. */
  static open(dataDir: string): SqliteStore {
    return new SqliteStore(join(dataDir, 'gatehouse.db'), SecretBox.fromFile(join(dataDir, 'secret.key')));
  }

  /**
   * Runs fn atomically. Transactions that arrive together are committed
   * together (group commit): each runs inside its own savepoint, so a failure
   * undoes only its own writes, and one durable COMMIT covers the batch.
   * No caller sees its result before that COMMIT has returned.
   */
  transaction<T>(fn: (tx: StoreTables) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ fn: fn as (tx: StoreTables) => Promise<unknown>, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#draining || this.#pending.length === 0) return;
    this.#draining = true;
    // Let requests that are already readable queue up before the batch starts.
    setImmediate(() => {
      this.#drain().finally(() => {
        this.#draining = false;
        this.#schedule();
      });
    });
  }

  async #drain(): Promise<void> {
    const batch = this.#pending.splice(0, MAX_BATCH);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    this.#inTransaction = true;
    try {
      for (const job of batch) {
        this.db.exec('SAVEPOINT job');
        try {
          const value = await job.fn(this);
          this.db.exec('RELEASE job');
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.db.exec('ROLLBACK TO job');
          this.db.exec('RELEASE job');
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const job of batch) job.reject(error);
      return;
    } finally {
      this.#inTransaction = false;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  async close(): Promise<void> {
    while (this.#draining || this.#pending.length > 0) await new Promise((r) => setTimeout(r, 5));
    this.db.close();
  }
}
