// What every service call that changes something carries.
export interface Actor {
  /** Admin name, or 'system' for work the node does itself. */
  name: string;
  /** Client address, or 'local' for the CLI. */
  source: string;
}

export const SYSTEM_ACTOR: Actor = { name: 'system', source: 'local' };

/** A read-only clock, injectable for tests. */
export type Clock = () => Date;

/** Field-level difference reported by updates, with secrets already masked. */
export interface FieldChange {
  field: string;
  oldValue?: string;
  newValue: string;
}

/** Outcome of an update. */
export interface Updated<T> {
  before: T;
  after: T;
  /** Secret fields that were given a new value. */
  secretsChanged: string[];
}
