// The narrow interface services use to keep data. Implementations: sqlite/
// (embedded default) and, later, postgres/. Everything is asynchronous so a
// networked database fits behind the same calls.
import type { Entity, FieldFilter, SearchQuery, SearchResult } from '../domain/entity.ts';
import type { InternalUser, UserSecrets } from '../domain/internal-user.ts';
import type { IdentityGroup } from '../domain/identity-group.ts';
import type { AdminUser } from '../domain/admin-user.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { BulkItem, BulkJob } from '../domain/bulk.ts';
import type { Endpoint } from '../domain/endpoint.ts';
import type { EndpointGroup } from '../domain/endpoint-group.ts';
import type { NetworkDevice } from '../domain/network-device.ts';
import type { NetworkDeviceGroup } from '../domain/ndg.ts';
import type { CertificateTemplate, IssuedCertificate, IssuedStatus, RevocationReason, RevokedEntry } from '../domain/certificate.ts';
import type { AncEndpoint, AncPolicy } from '../domain/anc.ts';

/** A collection of named configuration objects with ERS-style search. */
export interface EntityTable<T extends Entity> {
  get(id: string): Promise<T | undefined>;
  getByName(name: string): Promise<T | undefined>;
  /** Throws StoreConflict when the name is taken. */
  insert(entity: T): Promise<void>;
  /** Throws StoreConflict when the new name is taken. */
  update(entity: T): Promise<void>;
  delete(id: string): Promise<boolean>;
  search(query: SearchQuery): Promise<SearchResult<T>>;
  count(filters?: FieldFilter[]): Promise<number>;
}

export interface UserTable extends EntityTable<InternalUser> {
  getSecrets(id: string): Promise<UserSecrets>;
  /** Fields left undefined keep their stored value. */
  setSecrets(id: string, secrets: UserSecrets): Promise<void>;
  /** Users that name this identity group. */
  countInGroup(groupId: string): Promise<number>;
}

export interface NetworkDeviceTable extends EntityTable<NetworkDevice> {
  /** Every device (the RADIUS client index is built from them at start). */
  all(): Promise<NetworkDevice[]>;
  /** Devices that belong to this network device group or to a group beneath it. */
  countInGroup(ndgName: string): Promise<number>;
}

export interface AdminTable {
  get(name: string): Promise<(AdminUser & { passwordHash: string }) | undefined>;
  getById(id: string): Promise<AdminUser | undefined>;
  list(): Promise<AdminUser[]>;
  search(query: SearchQuery): Promise<SearchResult<AdminUser>>;
  upsert(admin: AdminUser, passwordHash: string): Promise<void>;
  remove(name: string): Promise<boolean>;
}

export interface AuditTable {
  append(entry: AuditEntry): Promise<void>;
  since(from: string, limit: number): Promise<AuditEntry[]>;
}

/** Which issued certificates a listing returns; every given field must match. */
export interface IssuedCertificateFilter {
  mac?: string;
  cn?: string;
  status?: IssuedStatus;
}

/** Certificates the internal CA issued, keyed by (issuer DN, serial). */
export interface IssuedCertificateTable {
  /** Throws StoreConflict when the serial exists. */
  insert(cert: IssuedCertificate): Promise<void>;
  get(issuer: string, serial: string): Promise<IssuedCertificate | undefined>;
  /** Certificates issued to a MAC (`AA:BB:CC:DD:EE:FF`) and/or CN, newest first. */
  find(by: { mac?: string; cn?: string }, limit?: number): Promise<IssuedCertificate[]>;
  /** One page of the issuer's certificates matching `by` (MAC `AA:BB:CC:DD:EE:FF`, CN case-insensitively, status), newest first, and how many match. */
  list(issuer: string, by: IssuedCertificateFilter, offset: number, limit: number): Promise<{ items: IssuedCertificate[]; total: number }>;
  /** Marks a certificate revoked; false when unknown or already revoked. */
  revoke(issuer: string, serial: string, at: string, reason: RevocationReason): Promise<boolean>;
  /** The issuer's revoked certificates (CRL entries). */
  revoked(issuer: string): Promise<RevokedEntry[]>;
}

/** A table a service loads whole into memory at start. */
export interface LoadableTable<T extends Entity> extends EntityTable<T> {
  all(): Promise<T[]>;
}

/** One stored object of the network-access policy (policy set, rule, condition, profile …). */
export interface PolicyRow {
  kind: string;
  id: string;
  /** The policy set of a rule; '' otherwise. */
  parentId: string;
  name: string;
  doc: unknown;
}

/** The network-access policy, loaded whole by the policy service. */
export interface PolicyTable {
  all(): Promise<PolicyRow[]>;
  /** Inserts the row, or replaces the one with the same kind and id. */
  put(row: PolicyRow): Promise<void>;
  delete(kind: string, id: string): Promise<boolean>;
}

/** The tables as seen inside one transaction. */
/** ERS bulk jobs and items (payloads sealed at rest). */
export interface BulkTable {
  create(job: BulkJob, items: readonly BulkItem[]): Promise<void>;
  /** The job and its items; item payloads only when asked for (they are unsealed on reading). */
  get(id: string, withPayloads?: boolean): Promise<{ job: BulkJob; items: BulkItem[] } | undefined>;
  /** Records an item's outcome and forgets its payload. */
  finishItem(jobId: string, item: BulkItem): Promise<void>;
  updateJob(job: BulkJob): Promise<void>;
  unfinished(): Promise<BulkJob[]>;
  deleteFinishedBefore(iso: string): Promise<number>;
}

export interface StoreTables {
  users: UserTable;
  identityGroups: EntityTable<IdentityGroup>;
  endpoints: EntityTable<Endpoint>;
  endpointGroups: EntityTable<EndpointGroup>;
  networkDevices: NetworkDeviceTable;
  networkDeviceGroups: EntityTable<NetworkDeviceGroup>;
  admins: AdminTable;
  audit: AuditTable;
  ancPolicies: LoadableTable<AncPolicy>;
  ancEndpoints: LoadableTable<AncEndpoint>;
  certificateTemplates: EntityTable<CertificateTemplate>;
  issuedCertificates: IssuedCertificateTable;
  policy: PolicyTable;
  bulk: BulkTable;
}

export interface Store extends StoreTables {
  /** Runs fn atomically: all its writes commit together or none do. */
  transaction<T>(fn: (tx: StoreTables) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A unique-name violation detected by the store. */
export class StoreConflict extends Error {
  readonly field: string;
  constructor(field: string) {
    super(`duplicate ${field}`);
    this.name = 'StoreConflict';
    this.field = field;
  }
}
