// How planned changes reach the server. The direct writer sends one POST or
// PUT per row; a bulk writer (bulk.ts) batches them into ERS bulk requests
// and reports each row when its batch has finished (deferred).
import { ersMessage, jsonOf, type ErsHttp } from './ers-http.ts';
import type { ImportKind } from './import-kind.ts';

export type WriteResult =
  | { ok: true; fields?: string[] }
  /** `status`: the HTTP status of the row's own call (none for a bulk item); `unreachable`: the server was not reached. */
  | { ok: false; status?: number; message: string; unreachable?: boolean };

export interface Writer {
  /** True when results arrive after the row's task has moved on (batched). */
  readonly deferred: boolean;
  readonly description: string;
  create(key: string, body: Record<string, unknown>): Promise<WriteResult>;
  update(key: string, id: string, changes: Record<string, unknown>): Promise<WriteResult>;
  /** Sends what is still queued and waits for every result. */
  finish(): Promise<void>;
  /** Resolves when the writer may take another row without holding more than its window of rows. */
  room?(): Promise<void>;
}

export function directWriter(http: ErsHttp, kind: ImportKind): Writer {
  const base = `/ers/config/${kind.resource}`;
  return {
    deferred: false,
    description: 'one call per row',
    async create(_key, body) {
      const r = await http.request('POST', base, { [kind.wrapper]: body });
      return r.status === 201 || r.status === 200 ? { ok: true } : { ok: false, status: r.status, message: ersMessage(r) };
    },
    async update(_key, id, changes) {
      const r = await http.request('PUT', `${base}/${encodeURIComponent(id)}`, { [kind.wrapper]: changes });
      if (r.status !== 200) return { ok: false, status: r.status, message: ersMessage(r) };
      const list = jsonOf<{ UpdatedFieldsList?: { updatedField?: { field: string }[] | { field: string } } }>(r)?.UpdatedFieldsList?.updatedField;
      const fields = (Array.isArray(list) ? list : list ? [list] : []).map((f) => f.field);
      return { ok: true, fields };
    },
    async finish() {},
  };
}
