// ERS bulk requests (ers-conventions.md §14): one resource type, one
// operation, many items, each committed on its own; status kept for a while.

export type BulkItemStatus = 'PENDING' | 'SUCCESS' | 'FAIL';
export type BulkExecutionStatus = 'IN_PROGRESS' | 'COMPLETED';

/** Operations that carry whole resources (limit 500) and those that carry ids or names (limit 5000). */
export const FULL_RESOURCE_OPERATIONS = new Set(['create', 'update', 'updatebyname', 'register']);
export const DEFAULT_BULK_LIMITS = { fullResource: 500, idOnly: 5000 };
/** How long a finished bulk's status is kept (ISE: at least 2 hours). */
export const BULK_RETENTION_MS = 2 * 3600 * 1000;

export interface BulkItem {
  index: number;
  status: BulkItemStatus;
  /** Id of the resource the item created or changed. */
  resourceId: string;
  name: string;
  description: string;
  /** Why the item failed. */
  detail: string;
  /** What to execute: a resource draft, or `{id}` / `{name}` for id-only operations. */
  payload: Record<string, unknown> | undefined;
}

export interface BulkJob {
  /** Epoch milliseconds as a digit string, as ISE's bulk ids are. */
  id: string;
  resource: string;
  /** Lower-case canonical operation (`create`, `update`, `updatebyname`, `delete`, `deletebyname`). */
  operation: string;
  /** The operationType as the client spelled it (echoed in the status). */
  operationType: string;
  mediaType: string;
  status: BulkExecutionStatus;
  startedAt: string;
  finishedAt: string;
  actor: string;
  source: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Java's Date.toString() in UTC: `Wed Mar 10 07:12:37 UTC 2021`. */
export function javaDateString(iso: string): string {
  const d = new Date(iso);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
