-- Internal CA: certificate templates and the certificates the CA issued.
CREATE TABLE certificate_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX certificate_templates_name_nocase ON certificate_templates (name COLLATE NOCASE);

CREATE TABLE issued_certificates (
  issuer TEXT NOT NULL,
  serial TEXT NOT NULL,
  subject TEXT NOT NULL,
  cn TEXT NOT NULL,
  san TEXT NOT NULL,
  mac TEXT NOT NULL,
  template TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  key_type TEXT NOT NULL,
  key_size INTEGER NOT NULL,
  issued_at TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  status TEXT NOT NULL,
  revoked_at TEXT,
  revocation_reason TEXT,
  PRIMARY KEY (issuer, serial)
) WITHOUT ROWID;
CREATE INDEX issued_certificates_mac ON issued_certificates (mac, issued_at);
CREATE INDEX issued_certificates_cn ON issued_certificates (cn COLLATE NOCASE, issued_at);
CREATE INDEX issued_certificates_revoked ON issued_certificates (issuer, revoked_at) WHERE status = 'revoked';
