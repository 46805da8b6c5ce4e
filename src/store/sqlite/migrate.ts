// Applies the numbered migrations of one database (../migrations/<set>) in
// order, once each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

export function migrate(db: DatabaseSync, set = 'sqlite'): number[] {
  const DIR = join(import.meta.dirname, '..', 'migrations', set);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const file of readdirSync(DIR).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = Number.parseInt(file, 10);
    if (done.has(version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(readFileSync(join(DIR, file), 'utf8'));
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      db.exec('COMMIT');
      applied.push(version);
    } catch (e) {
      db.exec('ROLLBACK');
      throw new Error(`migration ${file} failed: ${(e as Error).message}`);
    }
  }
  return applied;
}
