// One import run: CSV rows → create / update / unchanged / invalid /
// failed, with bounded concurrency, resume state, errors.csv, progress
// and the closing summary. Every row gets exactly one outcome.
import { countRecords, openCsv, validateHeader, type CsvRecord } from './csv-input.ts';
import { TransportError, type ErsHttp } from './ers-http.ts';
import { ErrorReport } from './error-report.ts';
import type { Cells, ImportKind, Wanted } from './import-kind.ts';
import { loadGroupNames, type GroupNames } from './listing.ts';
import { chooseLookup, type Lookup, type LookupMode } from './lookup.ts';
import { detectExtension, type GatehouseExtension } from './gatehouse-ext.ts';
import { runPool } from './pool.ts';
import { Progress } from './progress.ts';
import { ResumeState, rowHash } from './resume-state.ts';
import { perSecond, seconds, table } from './summary.ts';
import { directWriter, type WriteResult, type Writer } from './writer.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'invalid' | 'failed';
const OUTCOMES: Outcome[] = ['created', 'updated', 'unchanged', 'skipped', 'invalid', 'failed'];

export interface ImportOptions {
  file: string;
  kind: ImportKind;
  errorsFile: string;
  stateFile: string;
  dryRun: boolean;
  resume: boolean;
  verbose: boolean;
  updatePasswords: boolean;
  lookup: LookupMode;
  concurrency: number;
  rate: number;
  /** Look for the Gatehouse extension and take its fast paths when the server offers them. */
  extension: boolean;
  /** Chooses the writer once connected (bulk when offered, else direct). */
  writer?: (http: ErsHttp, ext: GatehouseExtension | undefined) => Promise<Writer>;
}

export interface ImportResult {
  counts: Record<Outcome, number>;
  rows: number;
  ms: number;
}

/** Reads and checks the header; throws HeaderError before any call. */
export async function checkHeader(file: string, kind: ImportKind): Promise<string[]> {
  const { header, records } = await openCsv(file);
  await records.return(undefined);
  return validateHeader(header, kind.columns);
}

export async function runImport(http: ErsHttp, o: ImportOptions, out: (line: string) => void): Promise<ImportResult> {
  const started = performance.now();
  const { kind } = o;
  const { header, records } = await openCsv(o.file);
  const columns = validateHeader(header, kind.columns);
  const rows = await countRecords(o.file);

  await http.login(kind.resource);
  const groups: GroupNames | undefined = columns.includes(kind.groupColumn) ? await loadGroupNames(http, kind.groupResource) : undefined;
  const ext = o.extension ? await detectExtension(http) : undefined;
  const lookup: Lookup = await chooseLookup(http, kind, o.lookup, rows, o.concurrency, ext);
  const writer: Writer = o.dryRun ? directWriter(http, kind) : o.writer ? await o.writer(http, ext) : directWriter(http, kind);
  const state = o.dryRun ? undefined : ResumeState.open(o.stateFile, kind.name, o.resume);
  const errors = new ErrorReport(o.errorsFile, header, kind.secretColumns);

  const mode = o.dryRun ? 'dry run, nothing is changed' : `${writer.description}, concurrency ${o.concurrency}, rate ${o.rate === 0 ? 'unlimited' : `${o.rate}/s`}`;
  const lookupText = { list: 'one list read', name: 'name per row', export: 'one Gatehouse export stream (fast path)' }[lookup.mode];
  out(`import ${kind.name} from ${o.file} (${rows} rows) into ${http.origin}: ${mode}; lookup by ${lookupText}`);
  if (state && state.resumed > 0) out(`resuming: ${state.resumed} rows were done in an earlier run (${state.path})`);

  const counts = Object.fromEntries(OUTCOMES.map((k) => [k, 0])) as Record<Outcome, number>;
  let done = 0;
  const progress = new Progress(`import ${kind.name}`, rows, () => ({
    done, detail: `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.invalid + counts.failed} failed`,
  }));
  const seen = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const opts = { updatePasswords: o.updatePasswords };
  const plan = o.dryRun || o.verbose;

  const record = (rec: CsvRecord, hash: string, outcome: Outcome, key: string, info: { status?: number; message?: string; fields?: string[] } = {}) => {
    counts[outcome]++;
    done++;
    if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') state?.markDone(rec.row, hash);
    if (outcome === 'invalid' || outcome === 'failed') errors.add(rec.row, rec.values, info.status, info.message ?? '');
    if (!plan || outcome === 'unchanged' || outcome === 'skipped') return;
    const verb = o.dryRun ? ({ created: 'create', updated: 'update' } as Record<string, string>)[outcome] ?? outcome : outcome;
    const detail = info.fields ? ` (${info.fields.join(', ')})` : info.message ? `: ${info.status ? `${info.status} ` : ''}${info.message}` : '';
    out(`${verb.padEnd(8)} row ${rec.row} ${key}${detail}`);
  };

  const finishWrite = (rec: CsvRecord, hash: string, key: string, ok: Outcome, r: WriteResult) => {
    if (r.ok) record(rec, hash, ok, key, r.fields ? { fields: r.fields } : {});
    else record(rec, hash, 'failed', key, { status: r.status, message: r.message });
  };

  const unreachable = (rec: CsvRecord, hash: string, key: string, e: unknown) => {
    if (!(e instanceof TransportError)) throw e;
    record(rec, hash, 'failed', key, { message: `server unreachable: ${e.message}` });
  };

  const update = async (rec: CsvRecord, hash: string, wanted: Wanted, id: string, current: Record<string, unknown>) => {
    const changes = wanted.changes(current);
    const fields = Object.keys(changes);
    if (fields.length === 0) return record(rec, hash, 'unchanged', wanted.key);
    if (o.dryRun) return record(rec, hash, 'updated', wanted.key, { fields });
    const p = writer.update(wanted.key, id, changes).then((r) => finishWrite(rec, hash, wanted.key, 'updated', r));
    if (writer.deferred) pending.push(p);
    else await p;
  };

  const handleRow = async (rec: CsvRecord, wanted: Wanted, hash: string) => {
    // A batching writer holds a bounded window of rows; the file is read no further ahead.
    if (!o.dryRun) await writer.room?.();
    const found = await lookup.find(wanted.key);
    if (found.state === 'error') return record(rec, hash, 'failed', wanted.key, { status: found.status, message: found.message });
    if (found.state === 'found') return update(rec, hash, wanted, found.id, found.current);
    if (o.dryRun) return record(rec, hash, 'created', wanted.key);
    const created = writer.create(wanted.key, wanted.create);
    const handle = async (r: WriteResult) => {
      // Created meanwhile by someone else (not in the list or stream read at the start): update it instead.
      if (!r.ok && !found.certain && !r.unreachable && (r.status === undefined || r.status < 500)) {
        const again = await lookup.recheck(wanted.key);
        if (again.state === 'found') return update(rec, hash, wanted, again.id, again.current);
      }
      finishWrite(rec, hash, wanted.key, 'created', r);
    };
    if (writer.deferred) pending.push(created.then(handle).catch((e: unknown) => unreachable(rec, hash, wanted.key, e)));
    else await handle(await created);
  };

  const task = async (rec: CsvRecord) => {
    const hash = rowHash(rec.values);
    const cells: Cells = new Map(columns.map((c, i) => [c, rec.values[i] ?? '']));
    const shown = cells.get(kind.keyColumn)?.trim() ?? '';
    if (rec.problem) return record(rec, hash, 'invalid', shown, { message: rec.problem });
    const wanted = kind.parse(cells, groups, opts);
    if ('error' in wanted) return record(rec, hash, 'invalid', shown, { message: wanted.error });
    const first = seen.get(wanted.key);
    if (first !== undefined) return record(rec, hash, 'invalid', wanted.key, { message: `duplicate of row ${first} (${wanted.key})` });
    seen.set(wanted.key, rec.row);
    if (state?.isDone(rec.row, hash)) return record(rec, hash, 'skipped', wanted.key);
    try {
      await handleRow(rec, wanted, hash);
    } catch (e) {
      unreachable(rec, hash, wanted.key, e);
    }
  };

  try {
    await runPool(records, o.concurrency, task);
    // A row's result may queue another write (created meanwhile → update): send until nothing is left.
    do {
      await writer.finish();
      await Promise.all(pending.splice(0));
    } while (pending.length > 0);
  } finally {
    progress.stop();
    errors.close();
    state?.close(counts.invalid + counts.failed === 0);
  }
  const ms = performance.now() - started;
  const summary: [string, string | number][] = [
    ['rows', rows],
    [o.dryRun ? 'to create' : 'created', counts.created],
    [o.dryRun ? 'to update' : 'updated', counts.updated],
    ['unchanged', counts.unchanged],
    ...(o.resume ? [['skipped (done before)', counts.skipped] as [string, number]] : []),
    ['invalid', counts.invalid],
    ['failed', counts.failed],
    ['HTTP calls', http.requests],
    ['retries', http.retries],
    ['time', seconds(ms)],
    ['rows/s', perSecond(rows, ms)],
  ];
  out(table(`import ${kind.name}${o.dryRun ? ' (dry run)' : ''}:`, summary).trimEnd());
  if (errors.count > 0) out(`${errors.count} rows did not succeed: see ${errors.path}`);
  return { counts, rows, ms };
}
