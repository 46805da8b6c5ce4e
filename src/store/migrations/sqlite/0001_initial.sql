-- Identity groups, internal users, administrators and the audit trail.
CREATE TABLE identity_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX identity_groups_name_nocase ON identity_groups (name COLLATE NOCASE);

CREATE TABLE internal_users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL,
  doc TEXT NOT NULL,
  password_enc TEXT,
  enable_password_enc TEXT
);
CREATE INDEX internal_users_name_nocase ON internal_users (name COLLATE NOCASE);
CREATE INDEX internal_users_description ON internal_users (description, id);

CREATE TABLE internal_user_groups (
  user_id TEXT NOT NULL REFERENCES internal_users (id) ON DELETE CASCADE,
  group_id TEXT NOT NULL,
  PRIMARY KEY (user_id, group_id)
) WITHOUT ROWID;
CREATE INDEX internal_user_groups_group ON internal_user_groups (group_id, user_id);

CREATE TABLE admin_users (
  id TEXT NOT NULL UNIQUE,
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  email TEXT NOT NULL DEFAULT '',
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  source TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  object_name TEXT NOT NULL,
  before TEXT,
  after TEXT,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
