// One export run: every object of a resource, written as CSV in the import
// format (round-trip safe) or as JSON (the objects as GET returns them, in
// their wrapper, without links). Against a Gatehouse node that offers it,
// the objects come from one NDJSON export stream (the fast path, and the run
// says so); otherwise through standard ERS paging (size=100, following
// nextPage to the end) and one GET per object, as real ISE serves them.
import { createWriteStream, type WriteStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { ATTR_PREFIX } from './csv-input.ts';
import { ersMessage, jsonOf, type ErsHttp } from './ers-http.ts';
import type { ExportKind } from './import-kind.ts';
import { EXT_PREFIX, detectExtension, exportStream } from './gatehouse-ext.ts';
import { loadGroupNames, pages, PAGE_SIZE, type GroupNames } from './listing.ts';
import { runPool } from './pool.ts';
import { Progress } from './progress.ts';
import { perSecond, seconds, table } from './summary.ts';

export interface ExportOptions {
  kind: ExportKind;
  format: 'csv' | 'json';
  /** undefined = standard output. */
  outFile?: string;
  concurrency: number;
  /** Look for the Gatehouse extension and use its export stream when offered. */
  extension: boolean;
}

export interface ExportResult {
  objects: number;
  vanished: number;
  ms: number;
}

function open(outFile: string | undefined): { write(s: string): void; close(): Promise<void> } {
  if (!outFile) return { write: (s) => { process.stdout.write(s); }, close: async () => {} };
  const ws: WriteStream = createWriteStream(outFile);
  return {
    write: (s) => { ws.write(s); },
    close: () => new Promise((resolve, reject) => ws.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

export async function runExport(http: ErsHttp, o: ExportOptions, out: (line: string) => void): Promise<ExportResult> {
  const started = performance.now();
  const { kind } = o;
  await http.login(kind.resource);
  const ext = o.extension ? await detectExtension(http) : undefined;
  const fast = ext?.exports.has(kind.resource) ?? false;
  const groups: GroupNames | undefined = kind.groupResource && o.format === 'csv' ? await loadGroupNames(http, kind.groupResource) : undefined;
  out(`export ${kind.name} from ${http.origin} as ${o.format}: ${fast
    ? `Gatehouse fast path, one NDJSON stream of every object (${EXT_PREFIX}/export/${kind.resource})`
    : `standard ERS paging (size=${PAGE_SIZE}, following nextPage) and one GET per object, concurrency ${o.concurrency}`}`);

  const objects: (Record<string, unknown> | undefined)[] = [];
  let total = 0;
  let fetched = 0;
  let vanished = 0;
  const progress = new Progress(`export ${kind.name}`, 0, () => ({ done: fetched, detail: fast ? 'streamed' : `of ${total}` }));
  async function* entries(): AsyncGenerator<{ index: number; id: string }> {
    let index = 0;
    for await (const page of pages(http, kind.resource)) {
      total = page.total;
      for (const e of page.resources) yield { index: index++, id: e.id };
    }
  }
  try {
    if (fast) {
      await exportStream(http, kind.resource, (line) => {
        objects.push(JSON.parse(line) as Record<string, unknown>);
        fetched++;
      });
    } else {
      await runPool(entries(), o.concurrency, async ({ index, id }) => {
        const r = await http.request('GET', `/ers/config/${kind.resource}/${encodeURIComponent(id)}`);
        fetched++;
        if (r.status === 404) { vanished++; return; }
        if (r.status !== 200) throw new Error(`GET ${kind.resource}/${id}: ${r.status} ${ersMessage(r)}`);
        const obj = jsonOf<Record<string, Record<string, unknown>>>(r)?.[kind.wrapper];
        if (!obj) throw new Error(`GET ${kind.resource}/${id}: the answer is not a ${kind.wrapper}`);
        delete obj.link;
        objects[index] = obj;
      });
    }
  } finally {
    progress.stop();
  }

  const sink = open(o.outFile);
  const kept = objects.filter((x): x is Record<string, unknown> => x !== undefined);
  if (o.format === 'json') {
    sink.write('[');
    kept.forEach((obj, i) => sink.write(`${i === 0 ? '' : ','}\n${JSON.stringify({ [kind.wrapper]: obj })}`));
    sink.write(kept.length ? '\n]\n' : ']\n');
  } else {
    const attrNames = new Set<string>();
    if (kind.attributesOf) for (const obj of kept) for (const k of Object.keys(kind.attributesOf(obj))) attrNames.add(k);
    const attrs = [...attrNames].sort();
    const header = [...kind.columns, ...attrs.map((a) => ATTR_PREFIX + a)];
    sink.write(stringify([header]));
    for (let i = 0; i < kept.length; i += 1000) {
      const chunk = kept.slice(i, i + 1000).map((obj) => {
        const row = kind.row(obj, groups);
        const a = kind.attributesOf?.(obj) ?? {};
        return [...kind.columns.map((c) => row[c] ?? ''), ...attrs.map((k) => a[k] ?? '')];
      });
      sink.write(stringify(chunk));
    }
  }
  await sink.close();
  const ms = performance.now() - started;
  out(table(`export ${kind.name}:`, [
    ['objects', kept.length],
    ...(vanished ? [['deleted while exporting', vanished] as [string, number]] : []),
    ['HTTP calls', http.requests],
    ['retries', http.retries],
    ['time', seconds(ms)],
    ['objects/s', perSecond(kept.length, ms)],
  ]).trimEnd());
  return { objects: kept.length, vanished, ms };
}
