// The hot store's writer thread: applies the batches and retention deletes
// the node posts, in order, on its own SQLite connection, so commits (page
// writes, WAL checkpoints) use another core than the RADIUS path.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteHotStore, type HotRow } from './hot.ts';

export type WriterRequest =
  | { seq: number; op: 'apply'; rows: HotRow[] }
  | { seq: number; op: 'prune'; minId: number; maxRows: number }
  | { seq: number; op: 'close' };

export type WriterReply = { seq: number; ok: true; value?: number } | { seq: number; ok: false; error: string };

const port = parentPort!;
const store = new SqliteHotStore((workerData as { path: string }).path);

port.on('message', (m: WriterRequest) => {
  try {
    if (m.op === 'apply') {
      store.applyRows(m.rows);
      port.postMessage({ seq: m.seq, ok: true } satisfies WriterReply);
    } else if (m.op === 'prune') {
      port.postMessage({ seq: m.seq, ok: true, value: store.pruneLiveLog(m.minId, m.maxRows) } satisfies WriterReply);
    } else {
      store.close();
      port.postMessage({ seq: m.seq, ok: true } satisfies WriterReply);
      port.close();
    }
  } catch (e) {
    port.postMessage({ seq: m.seq, ok: false, error: (e as Error).message } satisfies WriterReply);
  }
});
