// Internal users: entity table plus encrypted secrets and group membership.
import type { DatabaseSync } from 'node:sqlite';
import type { InternalUser, UserSecrets } from '../../domain/internal-user.ts';
import type { UserTable } from '../store.ts';
import type { SecretBox } from '../secret-box.ts';
import { SqliteEntityTable, filterSql } from './entity-table.ts';

export class SqliteUserTable extends SqliteEntityTable<InternalUser> implements UserTable {
  readonly #box: SecretBox;

  constructor(db: DatabaseSync, box: SecretBox) {
    super(db, {
      table: 'internal_users',
      columns: [
        { field: 'name', column: 'name', value: (u) => u.name, nocase: true },
        { field: 'description', column: 'description', value: (u) => u.description, nocase: true },
        { field: 'firstName', column: 'first_name', value: (u) => u.firstName, nocase: true },
        { field: 'lastName', column: 'last_name', value: (u) => u.lastName, nocase: true },
        { field: 'email', column: 'email', value: (u) => u.email, nocase: true },
        { field: 'enabled', column: 'enabled', value: (u) => (u.enabled ? 1 : 0) },
      ],
      special: {
        // Membership: the value is a group id.
        identityGroups: (f) => {
          const inner = filterSql('group_id', f.op.startsWith('N') ? { ...f, op: positive(f.op) } : f, false);
          return {
            sql: `id ${f.op.startsWith('N') ? 'NOT ' : ''}IN (SELECT user_id FROM internal_user_groups WHERE ${inner.sql})`,
            params: inner.params,
          };
        },
      },
      afterWrite: (_d, u) => {
        this.stmt('DELETE FROM internal_user_groups WHERE user_id = ?').run(u.id);
        const add = this.stmt('INSERT OR IGNORE INTO internal_user_groups (user_id, group_id) VALUES (?, ?)');
        for (const g of u.identityGroups) add.run(u.id, g);
      },
    });
    this.#box = box;
  }

  async getSecrets(id: string): Promise<UserSecrets> {
    const row = this.stmt('SELECT password_enc, enable_password_enc FROM internal_users WHERE id = ?').get(id) as
      | { password_enc: string | null; enable_password_enc: string | null }
      | undefined;
    if (!row) return {};
    return {
      password: row.password_enc ? this.#box.open(row.password_enc) : undefined,
      enablePassword: row.enable_password_enc ? this.#box.open(row.enable_password_enc) : undefined,
    };
  }

  async setSecrets(id: string, secrets: UserSecrets): Promise<void> {
    if (secrets.password !== undefined) {
      this.stmt('UPDATE internal_users SET password_enc = ? WHERE id = ?').run(this.#box.seal(secrets.password), id);
    }
    if (secrets.enablePassword !== undefined) {
      this.stmt('UPDATE internal_users SET enable_password_enc = ? WHERE id = ?').run(this.#box.seal(secrets.enablePassword), id);
    }
  }

  async countInGroup(groupId: string): Promise<number> {
    return Number((this.stmt('SELECT COUNT(*) AS n FROM internal_user_groups WHERE group_id = ?').get(groupId) as { n: number }).n);
  }
}

const positive = (op: string) => op.slice(1) as 'EQ';
