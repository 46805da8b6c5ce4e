// ERS bulk (conventions §14) as a writer: creates and updates are queued,
// sent as XML bulk requests of up to 500 items (one bulk at a time, as ISE
// allows), and each row learns its result when the bulk's status says
// COMPLETED. Used for resources ISE offers bulk for (endpoint), and only
// when the server answers the probe like a server that has the bulk path.
//
// Probe: PUT /ers/config/{resource}/bulk/submit with a body that is not a
// bulk request. A server with bulk validates the body and refuses it
// (400/415/422), or is busy with another bulk (503); a server without it
// answers 404 (unknown path) or 405. Nothing can be created by the probe.
import { ersMessage, jsonOf, TransportError, type ErsHttp } from './ers-http.ts';
import type { ImportKind } from './import-kind.ts';
import { normaliseMac } from './row-values.ts';
import { directWriter, type WriteResult, type Writer } from './writer.ts';

/** Resources ISE serves bulk for (of those the importer handles), with their XML names. */
const BULK_RESOURCES: Record<string, { namespace: string; root: string; element: string; mediaType: string }> = {
  endpoint: {
    namespace: 'identity.ers.ise.cisco.com', root: 'endpointBulkRequest', element: 'endpoint',
    mediaType: 'vnd.com.cisco.ise.identity.endpoint.1.0+xml',
  },
};

export const BULK_LIMIT = 500;

export interface BulkItemStatus {
  id?: string;
  name?: string;
  ok: boolean;
  message?: string;
}

export interface BulkStatus {
  completed: boolean;
  items: BulkItemStatus[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function elements(obj: Record<string, unknown>): string {
  return Object.keys(obj).sort().map((k) => {
    const v = obj[k];
    if (v === undefined || v === null) return '';
    if (typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      // customAttributes: {customAttributes: {k: v}} → entry/key/value, as ISE writes it.
      if (k === 'customAttributes' && typeof o.customAttributes === 'object') {
        const entries = Object.entries(o.customAttributes as Record<string, string>)
          .map(([ek, ev]) => `<entry><key>${escapeXml(ek)}</key><value>${escapeXml(String(ev))}</value></entry>`).join('');
        return `<customAttributes><customAttributes>${entries}</customAttributes></customAttributes>`;
      }
      return `<${k}>${elements(o)}</${k}>`;
    }
    return `<${k}>${escapeXml(String(v))}</${k}>`;
  }).join('');
}

/** The XML body of one bulk request (§14.2), items as ERS objects without wrapper. */
export function bulkRequestXml(resource: string, operation: 'create' | 'update', items: Record<string, unknown>[]): string {
  const r = BULK_RESOURCES[resource];
  if (!r) throw new Error(`no bulk for ${resource}`);
  const body = items.map((item) => {
    const { id, name, description, ...rest } = item;
    const attrs = [['id', id], ['name', name], ['description', description]]
      .filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
    return `<ns4:${r.element}${attrs}>${elements(rest)}</ns4:${r.element}>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<ns4:${r.root} operationType="${operation}" resourceMediaType="${r.mediaType}" xmlns:ns4="${r.namespace}" xmlns:ers="ers.ise.cisco.com">` +
    `<ns4:resourcesList>${body}</ns4:resourcesList></ns4:${r.root}>`;
}

/** Reads a BulkStatus (JSON form, §14.4). */
export function parseBulkStatus(json: unknown): BulkStatus | undefined {
  const s = (json as { BulkStatus?: Record<string, unknown> } | undefined)?.BulkStatus;
  if (!s) return undefined;
  const list = Array.isArray(s.resourcesStatus) ? (s.resourcesStatus as Record<string, unknown>[]) : [];
  const items = list.map((i): BulkItemStatus => {
    const status = String(i.status ?? '').toUpperCase();
    const reason = [i.errorMessage, i.reason, i.message].find((x) => typeof x === 'string' && x !== '') as string | undefined;
    return {
      id: typeof i.id === 'string' ? i.id : undefined,
      name: typeof i.name === 'string' ? i.name : undefined,
      ok: status === 'SUCCESS',
      ...(status !== 'SUCCESS' && { message: reason ?? `bulk item ${status || 'not reported'} (ERS bulk status gives no reason; re-run with --bulk off to see it)` }),
    };
  });
  const pendingItems = list.some((i) => String(i.status ?? '').toUpperCase() === 'PENDING');
  return { completed: String(s.executionStatus ?? '').toUpperCase() === 'COMPLETED' && !pendingItems, items };
}

/** True when the server answers the probe like one that serves bulk for `resource`. */
export async function bulkOffered(http: ErsHttp, resource: string): Promise<boolean> {
  if (!BULK_RESOURCES[resource]) return false;
  const r = await http.request('PUT', `/ers/config/${resource}/bulk/submit`, '<probe/>', { 'content-type': 'application/xml' });
  return r.status === 400 || r.status === 415 || r.status === 422 || r.status === 503;
}

interface Queued {
  key: string;
  item: Record<string, unknown>;
  resolve: (r: WriteResult) => void;
}

export interface BulkWriterOptions {
  /** Items per bulk request (at most BULK_LIMIT). */
  batch?: number;
  /** Wait between status polls, ms. */
  pollMs?: number;
  /** How long a 503 "another bulk is running" is waited out, ms. */
  busyWaitMs?: number;
}

export class BulkWriter implements Writer {
  readonly deferred = true;
  readonly description: string;
  readonly #http: ErsHttp;
  readonly #resource: string;
  readonly #batch: number;
  readonly #pollMs: number;
  readonly #busyWaitMs: number;
  readonly #queues: Record<'create' | 'update', Queued[]> = { create: [], update: [] };
  /** Bulk requests run one after the other. */
  #chain: Promise<void> = Promise.resolve();
  bulks = 0;

  constructor(http: ErsHttp, resource: string, o: BulkWriterOptions = {}) {
    this.#http = http;
    this.#resource = resource;
    this.#batch = Math.min(BULK_LIMIT, o.batch ?? BULK_LIMIT);
    this.#pollMs = o.pollMs ?? 1000;
    this.#busyWaitMs = o.busyWaitMs ?? 10 * 60_000;
    this.description = `ERS bulk requests of up to ${this.#batch} rows`;
  }

  create(key: string, body: Record<string, unknown>): Promise<WriteResult> {
    return this.#add('create', key, body);
  }

  update(key: string, id: string, changes: Record<string, unknown>): Promise<WriteResult> {
    // The MAC travels along so the item is named in the status.
    return this.#add('update', key, { ...changes, id, name: key, mac: key });
  }

  async finish(): Promise<void> {
    this.#flush('create');
    this.#flush('update');
    await this.#chain;
  }

  #add(op: 'create' | 'update', key: string, item: Record<string, unknown>): Promise<WriteResult> {
    return new Promise((resolve) => {
      this.#queues[op].push({ key, item, resolve });
      if (this.#queues[op].length >= this.#batch) this.#flush(op);
    });
  }

  #flush(op: 'create' | 'update'): void {
    const batch = this.#queues[op].splice(0);
    if (batch.length === 0) return;
    this.#chain = this.#chain.then(() => this.#send(op, batch));
  }

  async #send(op: 'create' | 'update', batch: Queued[]): Promise<void> {
    const failAll = (status: number | undefined, message: string) => { for (const q of batch) q.resolve({ ok: false, status, message }); };
    try {
      const body = bulkRequestXml(this.#resource, op, batch.map((q) => q.item));
      const deadline = Date.now() + this.#busyWaitMs;
      let location: string | undefined;
      for (let wait = this.#pollMs; ; wait = Math.min(wait * 2, 30_000)) {
        const r = await this.#http.request('PUT', `/ers/config/${this.#resource}/bulk/submit`, body, { 'content-type': 'application/xml' });
        if (r.status === 202 && typeof r.headers.location === 'string') { location = r.headers.location; break; }
        if (r.status === 503 && Date.now() < deadline) { await sleep(wait); continue; }
        return failAll(r.status, `bulk ${op} refused: ${ersMessage(r)}`);
      }
      this.bulks++;
      const status = await this.#wait(location);
      if ('error' in status) return failAll(undefined, status.error);
      const byKey = new Map<string, BulkItemStatus>();
      for (const s of status.items) {
        if (s.name) byKey.set(normaliseMac(s.name) ?? s.name, s);
        if (s.id) byKey.set(s.id, s);
      }
      for (const q of batch) {
        const s = byKey.get(q.key) ?? (typeof q.item.id === 'string' ? byKey.get(q.item.id) : undefined);
        if (!s) q.resolve({ ok: false, message: `not reported in the status of bulk ${location}` });
        else q.resolve(s.ok ? { ok: true } : { ok: false, message: s.message ?? 'bulk item failed' });
      }
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      failAll(undefined, `server unreachable: ${e.message}`);
    }
  }

  async #wait(location: string): Promise<BulkStatus | { error: string }> {
    for (let wait = this.#pollMs; ; wait = Math.min(wait * 2, 5000)) {
      const r = await this.#http.request('GET', location);
      if (r.status !== 200) return { error: `status of bulk ${location}: ${r.status} ${ersMessage(r)}` };
      const status = parseBulkStatus(jsonOf(r));
      if (!status) return { error: `status of bulk ${location}: the answer is not a BulkStatus` };
      if (status.completed) return status;
      await sleep(wait);
    }
  }
}

/** The bulk writer when the server offers bulk for the kind's resource, else one call per row. */
export async function bulkWriterIfOffered(http: ErsHttp, kind: ImportKind): Promise<Writer> {
  if (BULK_RESOURCES[kind.resource] && (await bulkOffered(http, kind.resource))) return new BulkWriter(http, kind.resource);
  return directWriter(http, kind);
}
