-- RADIUS sessions and the live log: written in batches by the write-behind
-- queue, read by MnT. Kept in their own database file so hot writes never
-- contend with configuration writes.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  mac TEXT NOT NULL DEFAULT '',
  user_name TEXT NOT NULL DEFAULT '',
  framed_ip TEXT NOT NULL DEFAULT '',
  nas_ip TEXT NOT NULL DEFAULT '',
  acct_session_id TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX sessions_state ON sessions (state);
CREATE INDEX sessions_mac ON sessions (mac);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE INDEX sessions_framed_ip ON sessions (framed_ip);
CREATE INDEX sessions_updated ON sessions (updated_at);

CREATE TABLE live_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  message_code INTEGER NOT NULL,
  session_id TEXT NOT NULL DEFAULT '',
  mac TEXT NOT NULL DEFAULT '',
  user_name TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX live_log_at ON live_log (at);
CREATE INDEX live_log_mac ON live_log (mac, at);
CREATE INDEX live_log_user ON live_log (user_name, at);
