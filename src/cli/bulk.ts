// Bulk requests as a writer: creates and updates are queued, sent as bulk
// requests of up to 500 items (one bulk at a time, as ISE allows; the
// Gatehouse extension takes a second one in line meanwhile), and each row
// learns its result when the bulk's status says COMPLETED. Two routes:
// - ERS bulk (conventions §14), XML as ISE takes it, for the resources ISE
//   offers it for (endpoint), used only when the server answers the probe
//   like a server that has the bulk path; the status is polled, or, on a
//   Gatehouse node, read through the extension's status call that waits for
//   the job;
// - the Gatehouse extension's JSON bulk for internal users (ISE has no ERS
//   bulk for them), used when the extension offers it.
//
// Probe: PUT /ers/config/{resource}/bulk/submit with a body that is not a
// bulk request. A server with bulk validates the body and refuses it
// (400/415/422), or is busy with another bulk (503); a server without it
// answers 404 (unknown path) or 405. Nothing can be created by the probe.
import { ersMessage, jsonOf, TransportError, type ErsHttp } from './ers-http.ts';
import { EXT_PREFIX, type GatehouseExtension } from './gatehouse-ext.ts';
import type { ImportKind } from './import-kind.ts';
import { directWriter, type WriteResult, type Writer } from './writer.ts';

/** Resources ISE serves ERS bulk for (of those the importer handles), with their XML names. */
const BULK_RESOURCES: Record<string, { namespace: string; root: string; element: string; mediaType: string }> = {
  endpoint: {
    namespace: 'identity.ers.ise.cisco.com', root: 'endpointBulkRequest', element: 'endpoint',
    mediaType: 'vnd.com.cisco.ise.identity.endpoint.1.0+xml',
  },
};

/** Resources the Gatehouse extension takes JSON bulk for, with the request's wrapper. */
const EXT_BULK_RESOURCES: Record<string, { jsonWrapper: string }> = {
  internaluser: { jsonWrapper: 'InternalUserBulkRequest' },
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

/** How a writer's bulk requests travel and how their status is read. */
export interface BulkRoute {
  description: string;
  submitPath: string;
  contentType: string;
  body(operation: 'create' | 'update', items: Record<string, unknown>[]): string;
  /** The status call of a submitted bulk, from the submit's Location. */
  statusPath(location: string): string;
  /** True when the status call answers once the job has completed (no polling schedule). */
  waits: boolean;
  /** True when the server takes the next bulk while one runs (it waits in line), so two can be in flight. */
  queues: boolean;
  /** Items per request. */
  batch: number;
}

const bulkIdOf = (location: string): string => location.split('?')[0].split('/').pop() ?? '';
const pathOfUrl = (url: string): string => (/^https?:\/\//.test(url) ? new URL(url).pathname : url);

/** ERS bulk (XML) for `resource`; on a Gatehouse node the status is read through the waiting status call. */
export function ersBulkRoute(resource: string, ext?: GatehouseExtension): BulkRoute {
  const waits = !!ext && ext.maxWaitSeconds > 0 && ext.bulkStatus.has(resource);
  return {
    description: `ERS bulk requests of up to ${BULK_LIMIT} rows${waits ? ', status through the Gatehouse waiting status call' : ''}`,
    submitPath: `/ers/config/${resource}/bulk/submit`,
    contentType: 'application/xml',
    body: (op, items) => bulkRequestXml(resource, op, items),
    statusPath: (location) => (waits ? `${EXT_PREFIX}/bulk/${resource}/${bulkIdOf(location)}?wait=${ext!.maxWaitSeconds}` : location),
    waits,
    queues: false,
    batch: BULK_LIMIT,
  };
}

/** The Gatehouse extension's JSON bulk for `resource`, status through its waiting status call. */
export function extBulkRoute(resource: string, ext: GatehouseExtension): BulkRoute {
  const r = EXT_BULK_RESOURCES[resource];
  if (!r) throw new Error(`no Gatehouse bulk for ${resource}`);
  const batch = ext.bulkLimit;
  const waits = ext.maxWaitSeconds > 0;
  return {
    description: `Gatehouse fast path: bulk requests of up to ${batch} rows (${EXT_PREFIX}/bulk/${resource})`,
    submitPath: `${EXT_PREFIX}/bulk/${resource}`,
    contentType: 'application/json',
    body: (operationType, resourcesList) => JSON.stringify({ [r.jsonWrapper]: { operationType, resourcesList } }),
    statusPath: (location) => `${pathOfUrl(location)}${waits ? `?wait=${ext.maxWaitSeconds}` : ''}`,
    waits,
    queues: true,
    batch,
  };
}

interface Queued {
  key: string;
  item: Record<string, unknown>;
  /** Fields an update changes (reported for the row). */
  fields?: string[];
  resolve: (r: WriteResult) => void;
}

export interface BulkWriterOptions {
  /** Items per bulk request (at most the route's batch). */
  batch?: number;
  /** Wait between status polls, ms (routes whose status call does not wait). */
  pollMs?: number;
  /** How long a 503 "another bulk is running" is waited out, ms. */
  busyWaitMs?: number;
}

export class BulkWriter implements Writer {
  readonly deferred = true;
  readonly description: string;
  readonly #http: ErsHttp;
  readonly #kind: ImportKind;
  readonly #route: BulkRoute;
  readonly #batch: number;
  readonly #pollMs: number;
  readonly #busyWaitMs: number;
  readonly #queues: Record<'create' | 'update', Queued[]> = { create: [], update: [] };
  /** Settles when the last bulk sent has been accepted or refused. */
  #accepted: Promise<void> = Promise.resolve();
  /** Each bulk sent, settling when its rows know their results. */
  readonly #sent: Promise<void>[] = [];
  /**
   * Rows taken and not yet answered, and the most before room() waits: the
   * bulks in flight and two part-filled queues, so a full window always has
   * a bulk in flight whose end frees room.
   */
  #held = 0;
  readonly #window: number;
  #roomWaiters: (() => void)[] = [];
  bulks = 0;

  constructor(http: ErsHttp, kind: ImportKind, route: BulkRoute, o: BulkWriterOptions = {}) {
    this.#http = http;
    this.#kind = kind;
    this.#route = route;
    this.#batch = Math.max(1, Math.min(route.batch, o.batch ?? route.batch));
    this.#pollMs = o.pollMs ?? 1000;
    this.#busyWaitMs = o.busyWaitMs ?? 10 * 60_000;
    this.description = o.batch === undefined ? route.description : route.description.replace(/up to \d+ rows/, `up to ${this.#batch} rows`);
    this.#window = this.#batch * ((route.queues ? 2 : 1) + 2);
  }

  room(): Promise<void> {
    if (this.#held < this.#window) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  create(key: string, body: Record<string, unknown>): Promise<WriteResult> {
    return this.#add('create', { key, item: body });
  }

  update(key: string, id: string, changes: Record<string, unknown>): Promise<WriteResult> {
    // The key travels along as the name (and an endpoint's MAC) so the item is named in the status.
    const naming = this.#kind.resource === 'endpoint' ? { name: key, mac: key } : { name: key };
    return this.#add('update', { key, item: { ...changes, id, ...naming }, fields: Object.keys(changes) });
  }

  async finish(): Promise<void> {
    this.#flush('create');
    this.#flush('update');
    await Promise.all(this.#sent);
  }

  #add(op: 'create' | 'update', q: Omit<Queued, 'resolve'>): Promise<WriteResult> {
    this.#held++;
    return new Promise((resolve) => {
      this.#queues[op].push({ ...q, resolve: (r) => { this.#answered(); resolve(r); } });
      if (this.#queues[op].length >= this.#batch) this.#flush(op);
    });
  }

  #answered(): void {
    this.#held--;
    while (this.#held < this.#window && this.#roomWaiters.length > 0) this.#roomWaiters.shift()!();
  }

  /**
   * Sends a batch once the bulk before it has been accepted and, when the
   * server queues, the one before that has completed (one running, one in
   * line); otherwise once the bulk before it has completed.
   */
  #flush(op: 'create' | 'update'): void {
    const batch = this.#queues[op].splice(0);
    if (batch.length === 0) return;
    const inFlight = this.#route.queues ? 2 : 1;
    const gate = this.#sent.length >= inFlight ? this.#sent[this.#sent.length - inFlight] : Promise.resolve();
    const previous = this.#accepted;
    let accepted!: () => void;
    this.#accepted = new Promise((resolve) => { accepted = resolve; });
    const sent = Promise.all([previous, gate]).then(() => this.#send(op, batch, accepted));
    // Failures surface from finish(); until then they must not count as unhandled.
    sent.catch(() => {});
    this.#sent.push(sent);
  }

  async #send(op: 'create' | 'update', batch: Queued[], accepted: () => void): Promise<void> {
    const failAll = (status: number | undefined, message: string, unreachable = false) => {
      for (const q of batch) q.resolve({ ok: false, status, message, ...(unreachable && { unreachable }) });
    };
    try {
      const body = this.#route.body(op, batch.map((q) => q.item));
      const deadline = Date.now() + this.#busyWaitMs;
      let location: string | undefined;
      for (let wait = this.#pollMs; ; wait = Math.min(wait * 2, 30_000)) {
        const r = await this.#http.request('PUT', this.#route.submitPath, body, { 'content-type': this.#route.contentType });
        if (r.status === 202 && typeof r.headers.location === 'string') { location = r.headers.location; break; }
        if (r.status === 503 && Date.now() < deadline) { await sleep(wait); continue; }
        return failAll(r.status, `bulk ${op} refused: ${ersMessage(r)}`);
      }
      accepted();
      this.bulks++;
      const status = await this.#wait(location);
      if ('error' in status) return failAll(undefined, status.error);
      const byKey = new Map<string, BulkItemStatus>();
      for (const s of status.items) {
        if (s.name) byKey.set(this.#kind.keyOfEntry(s.name), s);
        if (s.id) byKey.set(s.id, s);
      }
      for (const q of batch) {
        const s = byKey.get(q.key) ?? (typeof q.item.id === 'string' ? byKey.get(q.item.id) : undefined);
        if (!s) q.resolve({ ok: false, message: `not reported in the status of bulk ${location}` });
        else q.resolve(s.ok ? { ok: true, ...(q.fields && { fields: q.fields }) } : { ok: false, message: s.message ?? 'bulk item failed' });
      }
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      failAll(undefined, `server unreachable: ${e.message}`, true);
    } finally {
      accepted();
    }
  }

  async #wait(location: string): Promise<BulkStatus | { error: string }> {
    const path = this.#route.statusPath(location);
    for (let wait = this.#pollMs; ; wait = Math.min(wait * 2, 5000)) {
      const r = await this.#http.request('GET', path);
      if (r.status !== 200) return { error: `status of bulk ${location}: ${r.status} ${ersMessage(r)}` };
      const status = parseBulkStatus(jsonOf(r));
      if (!status) return { error: `status of bulk ${location}: the answer is not a BulkStatus` };
      if (status.completed) return status;
      if (!this.#route.waits) await sleep(wait);
    }
  }
}

/**
 * The writer for a run: the Gatehouse extension's bulk when it offers the
 * kind's resource, else ERS bulk when the server answers the probe for it,
 * else one call per row.
 */
export async function bulkWriterIfOffered(http: ErsHttp, kind: ImportKind, ext?: GatehouseExtension): Promise<Writer> {
  const ops = ext?.bulk.get(kind.resource);
  if (ext && ops?.has('create') && ops.has('update') && EXT_BULK_RESOURCES[kind.resource]) {
    return new BulkWriter(http, kind, extBulkRoute(kind.resource, ext));
  }
  if (BULK_RESOURCES[kind.resource] && (await bulkOffered(http, kind.resource))) return new BulkWriter(http, kind, ersBulkRoute(kind.resource, ext));
  return directWriter(http, kind);
}
