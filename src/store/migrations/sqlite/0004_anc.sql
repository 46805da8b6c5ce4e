-- Adaptive Network Control: policies (id = name) and the policy assigned to
-- each endpoint MAC (one per MAC).
CREATE TABLE anc_policies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX anc_policies_description ON anc_policies (description, id);

-- name is the MAC in AA:BB:CC:DD:EE:FF form.
CREATE TABLE anc_endpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  policy_name TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX anc_endpoints_policy ON anc_endpoints (policy_name COLLATE NOCASE, name, id);
