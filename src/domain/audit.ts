// One durable record of a configuration write, successful or not.
export interface AuditEntry {
  seq?: number;
  at: string;
  actor: string;
  source: string;
  action: string;
  objectType: string;
  objectId: string;
  objectName: string;
  /** Object before and after the change, secrets already removed. */
  before: unknown;
  after: unknown;
  result: 'success' | 'failure';
  detail: string;
}
