// errors.csv: one line per failed or invalid row — its row number, the
// original cells (secret columns left empty), the HTTP status (empty when
// no call was made) and ISE's message.
import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export class ErrorReport {
  readonly path: string;
  readonly #fd: number;
  readonly #secret: boolean[];
  readonly #width: number;
  count = 0;

  constructor(path: string, header: readonly string[], secretColumns: readonly string[]) {
    this.path = path;
    this.#width = header.length;
    this.#secret = header.map((h) => secretColumns.includes(h));
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, stringify([['row', ...header, 'status', 'message']]));
  }

  add(row: number, values: readonly string[], status: number | undefined, message: string): void {
    const cells = Array.from({ length: this.#width }, (_, i) => (this.#secret[i] ? '' : (values[i] ?? '')));
    writeSync(this.#fd, stringify([[String(row), ...cells, status === undefined ? '' : String(status), message]]));
    this.count++;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
