-- MnT Session/IPAddress looks sessions up by NAS IP.
CREATE INDEX sessions_nas_ip ON sessions (nas_ip, updated_at);
