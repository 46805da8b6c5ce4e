-- Sessions and the live log's MAC and user keys are indexed in memory by the
-- node; the store is written in large batches and read by id, so the
-- secondary indexes (a random page write each per row) go.
DROP INDEX IF EXISTS sessions_state;
DROP INDEX IF EXISTS sessions_mac;
DROP INDEX IF EXISTS sessions_user;
DROP INDEX IF EXISTS sessions_framed_ip;
DROP INDEX IF EXISTS sessions_updated;
DROP INDEX IF EXISTS sessions_nas_ip;
DROP INDEX IF EXISTS live_log_at;
DROP INDEX IF EXISTS live_log_mac;
DROP INDEX IF EXISTS live_log_user;
