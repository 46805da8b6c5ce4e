-- The network-access policy: every object (policy set, rule, library and
-- time condition, authorization profile, DACL, allowed-protocols service,
-- security group, user dictionary) as one JSON document keyed by kind and
-- id. Rules name their policy set in parent_id.
CREATE TABLE policy_objects (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  parent_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
