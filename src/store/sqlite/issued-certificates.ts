// Records of certificates the internal CA issued, and their revocation.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { IssuedCertificate, IssuedStatus, KeyType, RevocationReason, RevokedEntry } from '../../domain/certificate.ts';
import { StoreConflict, type IssuedCertificateFilter, type IssuedCertificateTable } from '../store.ts';

interface Row {
  issuer: string; serial: string; subject: string; cn: string; san: string; mac: string; template: string; requested_by: string;
  key_type: string; key_size: number; issued_at: string; not_before: string; not_after: string; status: string;
  revoked_at: string | null; revocation_reason: string | null;
}

const toRecord = (r: Row): IssuedCertificate => ({
  issuer: r.issuer, serial: r.serial, subject: r.subject, cn: r.cn, san: r.san, mac: r.mac, template: r.template,
  requestedBy: r.requested_by, keyType: r.key_type as KeyType, keySize: r.key_size, issuedAt: r.issued_at,
  notBefore: r.not_before, notAfter: r.not_after, status: r.status as IssuedStatus,
  ...(r.revoked_at !== null && { revokedAt: r.revoked_at }),
  ...(r.revocation_reason !== null && { revocationReason: r.revocation_reason as RevocationReason }),
});

export class SqliteIssuedCertificateTable implements IssuedCertificateTable {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #get: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO issued_certificates (issuer, serial, subject, cn, san, mac, template, requested_by, key_type, key_size,
         issued_at, not_before, not_after, status, revoked_at, revocation_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#get = db.prepare('SELECT * FROM issued_certificates WHERE issuer = ? AND serial = ?');
  }

  async insert(c: IssuedCertificate): Promise<void> {
    try {
      this.#insert.run(c.issuer, c.serial, c.subject, c.cn, c.san, c.mac, c.template, c.requestedBy, c.keyType, c.keySize,
        c.issuedAt, c.notBefore, c.notAfter, c.status, c.revokedAt ?? null, c.revocationReason ?? null);
    } catch (e) {
      if (/UNIQUE constraint|PRIMARY KEY/.test((e as Error).message)) throw new StoreConflict('serial');
      throw e;
    }
  }

  async get(issuer: string, serial: string): Promise<IssuedCertificate | undefined> {
    const r = this.#get.get(issuer, serial) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  async find(by: { mac?: string; cn?: string }, limit = 100): Promise<IssuedCertificate[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (by.mac !== undefined) { where.push('mac = ?'); params.push(by.mac); }
    if (by.cn !== undefined) { where.push('cn = ? COLLATE NOCASE'); params.push(by.cn); }
    const sql = `SELECT * FROM issued_certificates${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY issued_at DESC, serial LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, limit) as unknown as Row[]).map(toRecord);
  }

  async list(issuer: string, by: IssuedCertificateFilter, offset: number, limit: number): Promise<{ items: IssuedCertificate[]; total: number }> {
    const where = ['issuer = ?'];
    const params: string[] = [issuer];
    if (by.mac !== undefined) { where.push('mac = ?'); params.push(by.mac); }
    if (by.cn !== undefined) { where.push('cn = ? COLLATE NOCASE'); params.push(by.cn); }
    if (by.status !== undefined) { where.push('status = ?'); params.push(by.status); }
    const cond = where.join(' AND ');
    const { n } = this.#db.prepare(`SELECT count(*) AS n FROM issued_certificates WHERE ${cond}`).get(...params) as { n: number };
    const rows = this.#db.prepare(`SELECT * FROM issued_certificates WHERE ${cond} ORDER BY issued_at DESC, serial LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as unknown as Row[];
    return { items: rows.map(toRecord), total: Number(n) };
  }

  async revoke(issuer: string, serial: string, at: string, reason: RevocationReason): Promise<boolean> {
    const r = this.#db.prepare(
      `UPDATE issued_certificates SET status = 'revoked', revoked_at = ?, revocation_reason = ?
       WHERE issuer = ? AND serial = ? AND status <> 'revoked'`,
    ).run(at, reason, issuer, serial);
    return Number(r.changes) > 0;
  }

  async revoked(issuer: string): Promise<RevokedEntry[]> {
    const rows = this.#db.prepare(
      `SELECT serial, revoked_at, revocation_reason FROM issued_certificates WHERE issuer = ? AND status = 'revoked' ORDER BY revoked_at, serial`,
    ).all(issuer) as { serial: string; revoked_at: string; revocation_reason: string }[];
    return rows.map((r) => ({ serial: r.serial, revokedAt: r.revoked_at, reason: r.revocation_reason as RevocationReason }));
  }
}
