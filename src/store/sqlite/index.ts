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
import { ancEndpointTable, ancPolicyTable } from './anc.ts';

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
  #queue: Promise<unknown> = Promise.resolve();
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
  }

  /** Opens `<dataDir>/gatehouse.db` with the data directory's secret key. */
  static open(dataDir: string): SqliteStore {
    return new SqliteStore(join(dataDir, 'gatehouse.db'), SecretBox.fromFile(join(dataDir, 'secret.key')));
  }

  async transaction<T>(fn: (tx: StoreTables) => Promise<T>): Promise<T> {
    // One connection: run transactions one after another.
    const run = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      this.#inTransaction = true;
      try {
        const result = await fn(this);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        this.db.exec('ROLLBACK');
        throw e;
      } finally {
        this.#inTransaction = false;
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  async close(): Promise<void> {
    await this.#queue;
    this.db.close();
  }
}
