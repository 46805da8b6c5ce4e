-- ERS bulk jobs and their items; item payloads are sealed (they may carry secrets).
CREATE TABLE bulk_jobs (
  id TEXT PRIMARY KEY,
  resource TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE TABLE bulk_items (
  job_id TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  status TEXT NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  payload TEXT,
  PRIMARY KEY (job_id, idx)
) WITHOUT ROWID;
